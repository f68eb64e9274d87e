"""One event per happening: merge mentions of the same act within a document."""

from __future__ import annotations

from ..records import Actor, Event

NEARBY = 2  # sentences: a lead and its elaboration ("warned ...", "He cautioned ...")


def _key(a: Actor | None) -> str | None:
    return None if a is None else (a.country or a.code)


def _word(trigger: str) -> str:
    return trigger.split(" ", 1)[0].lower()


def _same_happening(first: Event, e: Event) -> bool:
    """Mentions of one act are close together or use the same trigger word; two acts of one
    kind far apart ("blocked the sale" ... "doubled tariffs") stay two events."""
    last = first.mentions[-1]
    return (e.sentence_index - last["sentence_index"] <= NEARBY
            or any(_word(m["trigger"]) == _word(e.trigger.text) for m in first.mentions))


def merge_mentions(events: list[Event]) -> list[Event]:
    """Merge events of one document with the same source, target, CAMEO base code and polarity
    that are mentions of one happening (see `_same_happening`).

    The first mention is kept as the event; every mention (sentence index and trigger) is listed
    in `mentions`, and `num_mentions` counts them.
    """
    kept: dict[tuple, Event] = {}
    out: list[Event] = []
    for e in events:
        mention = {"sentence_index": e.sentence_index, "trigger": e.trigger.text,
                   "start": e.trigger.start, "end": e.trigger.end, "cameo": e.cameo}
        if e.source is None or e.target is None:
            e.mentions = [mention]
            out.append(e)
            continue
        key = (_key(e.source), _key(e.target), e.cameo[:3], e.negated)
        first = kept.get(key)
        if first is None or not _same_happening(first, e):
            e.mentions = [mention]
            kept[key] = e
            out.append(e)
            continue
        _absorb(first, e, mention)
    return _without_targetless_twins(out)


def _absorb(first: Event, e: Event, mention: dict) -> None:
    first.mentions.append(mention)
    first.confidence = round(min(0.99, max(first.confidence, e.confidence) + 0.02), 3)
    for q in e.quantities:
        if q not in first.quantities:
            first.quantities.append(q)


def _without_targetless_twins(events: list[Event]) -> list[Event]:
    """A mention with no target next to one of the same act with a target, in the same
    sentence ("Sri Lanka recognized ... and recognized Iran's government"), is that event."""
    out: list[Event] = []
    for e in events:
        twin = None if e.target is not None or e.source is None else next(
            (f for f in events if f is not e and f.target is not None
             and f.sentence_index == e.sentence_index and _key(f.source) == _key(e.source)
             and f.cameo[:3] == e.cameo[:3] and f.negated == e.negated), None)
        if twin is None:
            out.append(e)
        else:
            _absorb(twin, e, e.mentions[0])
    return out
