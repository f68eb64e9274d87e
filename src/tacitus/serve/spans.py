"""Where an event's trigger, source and target are in its document's text (for highlighting).

Events store the trigger's character offsets; actors store only their surface text, so each is
looked up in the event's sentence, taking the occurrence nearest the trigger.
"""

from __future__ import annotations

from typing import Any

Span = tuple[int, int]


def _sentence_start(text: str, sentence: str, trigger: Span | None) -> int | None:
    """Offset of the occurrence of `sentence` that holds the trigger (else the first)."""
    if not sentence:
        return None
    best: int | None = None
    at = text.find(sentence)
    while at >= 0:
        if trigger is None or at <= trigger[0] < at + len(sentence):
            return at
        best = at if best is None else best
        at = text.find(sentence, at + 1)
    return best


def _nearest(text: str, needle: str, lo: int, hi: int, anchor: int) -> Span | None:
    """The occurrence of `needle` within text[lo:hi] nearest `anchor`."""
    if not needle:
        return None
    found: list[int] = []
    at = text.find(needle, lo, hi)
    while at >= 0:
        found.append(at)
        at = text.find(needle, at + 1, hi)
    if not found:
        return None
    start = min(found, key=lambda s: abs(s - anchor))
    return start, start + len(needle)


def highlights(text: str | None, event: dict[str, Any]) -> dict[str, Span | None]:
    """{"trigger", "source", "target"}: character spans in `text`, None where not found."""
    out: dict[str, Span | None] = {"trigger": None, "source": None, "target": None}
    if not text:
        return out
    trig = event.get("trigger") or {}
    start, end = trig.get("start"), trig.get("end")
    if isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text):
        out["trigger"] = (start, end)
    sentence = event.get("sentence") or ""
    s0 = _sentence_start(text, sentence, out["trigger"])
    lo, hi = (s0, s0 + len(sentence)) if s0 is not None else (0, len(text))
    anchor = out["trigger"][0] if out["trigger"] else lo
    for side in ("source", "target"):
        actor = event.get(side) or {}
        out[side] = _nearest(text, str(actor.get("text") or ""), lo, hi, anchor)
    return out
