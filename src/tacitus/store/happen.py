"""Happenings in a store (schema 4): kept up to date inside every write transaction, rebuilt
on demand, and read back with their mentions. Works on any `SQLStore` through its hooks.

Why recompute groups rather than assign incrementally: a happening is a function of the set
of events in its group (`happenings.cluster`), so after each write the groups it touched (the
keys of the events it added, and of the events it removed by replacing a document) are
clustered again from what is stored. The result does not depend on the order documents came
in, a replaced document takes its old mentions out of every happening they were in, and
writers, which take turns (PostgreSQL's write lock, DuckDB's one writer), each see the groups
as the last one left them: two stores fed the same documents hold the same happenings.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from tacitus.happening_rules import Rules
from tacitus.happenings import SINGLE, Mention, cluster, mention_of
from tacitus.records import Document
from tacitus.store import schema
from tacitus.store.rows import load_json

if TYPE_CHECKING:
    from tacitus.store.sql import SQLStore

RULES_KEY = "happening_rules"  # the store's rules, as JSON, in `meta`
_CHUNK = 200  # keys or documents per statement
_PAGE = 5000  # events read at a time by a rebuild


def _chunks(items: Sequence[Any]) -> Iterator[Sequence[Any]]:
    for i in range(0, len(items), _CHUNK):
        yield items[i:i + _CHUNK]


def _marks(n: int) -> str:
    return ", ".join(["?"] * n)


def rules(store: SQLStore) -> Rules:
    """The rules the store's happenings follow (the bundled ones until it saved any)."""
    rows = store._fetch("SELECT value FROM meta WHERE key = ?", [RULES_KEY])
    if not rows:
        return Rules.defaults()
    return Rules.from_json(str(rows[0][0]), f"{store.where} (meta {RULES_KEY})")


def save_rules(store: SQLStore, new: Rules) -> None:
    store._exec("DELETE FROM meta WHERE key = ?", [RULES_KEY])
    store._exec("INSERT INTO meta (key, value) VALUES (?, ?)", [RULES_KEY, new.to_json()])


def keys_of(store: SQLStore, doc_ids: Sequence[str]) -> set[str]:
    """The groups the stored events of `doc_ids` are in (before they are dropped)."""
    out: set[str] = set()
    for part in _chunks(doc_ids):
        out.update(r[0] for r in store._fetch(
            f"SELECT DISTINCT hkey FROM happening_mentions WHERE doc_id IN ({_marks(len(part))})",
            list(part)))
    return out


def _row(m: Mention, happening: int | None = None) -> list[Any]:
    """A mention as `schema.MENTION_COLUMNS` values."""
    place = json.dumps(m.place, ensure_ascii=False) if m.place is not None else None
    return [happening, m.seq, m.doc_id, m.ordinal, m.key, m.date, m.report, m.source, place,
            m.num_mentions, m.root, " ".join(sorted(m.words))]


def _mention(row: Sequence[Any]) -> tuple[int | None, Mention]:
    """(its happening id, the mention) of a `schema.MENTION_COLUMNS` row."""
    hid, seq, doc_id, ordinal, key, day, report, source, place, n, root, words = row
    return hid, Mention(int(seq), doc_id, int(ordinal), key, day, load_json(place),
                        int(n or 1), report, source, frozenset((words or "").split()), root or "")


def add(store: SQLStore, docs: Sequence[tuple[str, list[dict[str, Any]], Document]],
        old_keys: set[str]) -> None:
    """Inside a write transaction, after the events of `docs` (id, records in stored order,
    document) were inserted: cluster again every group their mentions or a removed event
    (`old_keys`) are in, with their mentions."""
    current = rules(store)
    fresh: list[Mention] = []
    for part in _chunks(docs):
        seqs: dict[str, list[int]] = {}
        for doc_id, seq in store._fetch(
                f"SELECT doc_id, seq FROM events WHERE doc_id IN ({_marks(len(part))}) "
                "ORDER BY doc_id, seq", [d for d, _, _ in part]):
            seqs.setdefault(doc_id, []).append(seq)
        for doc_id, records, document in part:
            for ordinal, (seq, record) in enumerate(zip(seqs.get(doc_id, []), records,
                                                        strict=True)):
                fresh.append(mention_of(record, seq, doc_id, ordinal, document.date,
                                        document.url, document.publisher, current))
    # An event that merges with nothing has a group of its own, stored nowhere yet unless its
    # document's earlier version had it.
    singles = {m.key for m in fresh if m.key.startswith(SINGLE)} - old_keys
    recompute(store, {m.key for m in fresh} | old_keys, current, fresh, singles)


def recompute(store: SQLStore, keys: Iterable[str], current: Rules,
              fresh: Sequence[Mention] = (), unseen: Iterable[str] = ()) -> None:
    """Cluster the groups `keys` again from their stored mentions and `fresh` ones (not
    stored yet), and write what changed: happenings that are new or differ, and mentions that
    are new or moved to another happening. A group with no mentions left has no happening.
    Groups in `unseen` have nothing stored yet, so they are not looked up."""
    by_key: dict[str, list[Mention]] = {}
    for m in fresh:
        by_key.setdefault(m.key, []).append(m)
    skip = set(unseen)
    for part in _chunks(sorted(keys)):
        stored, old = _stored(store, [k for k in part if k not in skip])
        was = {m.seq: hid for hid, m in stored}
        found = cluster([*(m for _, m in stored), *(m for k in part for m in by_key.get(k, []))],
                        current)
        new = {r["id"]: tuple(r[c] for c in schema.HAPPENING_COLUMNS)
               for r in (h.row() for h in found)}
        # By id within these groups: an id can move to a group of a later chunk (a replaced
        # document's first event with other sides), whose new row must stay.
        _delete(store, "happenings", "id", [i for i, row in old.items() if new.get(i) != row],
                f"hkey IN ({_marks(len(part))})", list(part))
        store._insert_rows("happenings", list(schema.HAPPENING_COLUMNS),
                           [list(row) for i, row in new.items() if old.get(i) != row])
        moved = [(hid, m) for hid, h in zip(new, found, strict=True) for m in h.mentions
                 if was.get(m.seq, 0) != hid]
        _delete(store, "happening_mentions", "event_seq",
                [m.seq for _, m in moved if m.seq in was])
        store._insert_rows("happening_mentions", list(schema.MENTION_COLUMNS),
                           [_row(m, hid) for hid, m in moved])


def _stored(store: SQLStore, keys: Sequence[str],
            ) -> tuple[list[tuple[int | None, Mention]], dict[int, tuple[Any, ...]]]:
    """The stored mentions (with their happening ids) and happening rows of groups `keys`."""
    if not keys:
        return [], {}
    marks = _marks(len(keys))
    mentions = [_mention(r) for r in store._fetch(
        f"SELECT {', '.join(schema.MENTION_COLUMNS)} FROM happening_mentions "
        f"WHERE hkey IN ({marks})", list(keys))]
    rows = {r[0]: tuple(r) for r in store._fetch(
        f"SELECT {', '.join(schema.HAPPENING_COLUMNS)} FROM happenings WHERE hkey IN ({marks})",
        list(keys))}
    return mentions, rows


def _delete(store: SQLStore, table: str, column: str, values: Sequence[Any],
            also: str = "", params: Sequence[Any] = ()) -> None:
    """Delete the rows whose `column` is in `values` (and that meet `also`)."""
    for part in _chunks(values):
        store._exec(f"DELETE FROM {table} WHERE {column} IN ({_marks(len(part))})"
                    + (f" AND {also}" if also else ""), [*part, *params])


def rebuild(store: SQLStore, new: Rules) -> None:
    """Inside a write transaction: every event's mention under `new` rules (saved in the
    store) and every happening, from the stored events and documents alone."""
    save_rules(store, new)
    for table in ("happenings", "happening_mentions"):
        store._exec(f"DELETE FROM {table}")
    last: tuple[str, int] | None = None
    ordinal = 0
    while True:  # pages in (doc_id, seq) order; an event's ordinal is its place in its document
        after = "" if last is None else " WHERE e.doc_id > ? OR (e.doc_id = ? AND e.seq > ?)"
        page = store._fetch(
            "SELECT e.doc_id, e.seq, e.record, d.date, d.url, d.publisher FROM events e "
            f"JOIN documents d ON d.id = e.doc_id{after} ORDER BY e.doc_id, e.seq LIMIT ?",
            [*([] if last is None else [last[0], last[0], last[1]]), _PAGE])
        if not page:
            break
        fresh = []
        for doc_id, seq, record, report, url, publisher in page:
            ordinal = ordinal + 1 if last is not None and doc_id == last[0] else 0
            fresh.append(mention_of(load_json(record), seq, doc_id, ordinal, report, url,
                                    publisher, new))
            last = (doc_id, seq)
        store._insert_rows("happening_mentions", list(schema.MENTION_COLUMNS),
                           [_row(m) for m in fresh])
    keys = [r[0] for r in store._fetch("SELECT DISTINCT hkey FROM happening_mentions")]
    recompute(store, keys, new)


# -- reading -----------------------------------------------------------------------------------

# A happening's values, then its first mention's record, URL and document date.
_LIST = ("SELECT h.id, h.num_mentions, h.num_articles, h.num_sources, h.first_date, "
         "h.last_date, h.first_report, h.last_report, r.record, rd.url, rd.date "
         "FROM happenings h JOIN events r ON r.seq = h.event_seq "
         "JOIN documents rd ON rd.id = r.doc_id")
_MENTIONS = ("SELECT m.happening_id, e.doc_id, e.sentence_index, e.date, e.cameo, "
             "e.trigger_text, e.num_mentions, d.url, d.date FROM happening_mentions m "
             "JOIN events e ON e.seq = m.event_seq JOIN documents d ON d.id = m.doc_id "
             "WHERE m.happening_id IN ({marks})")


def listing(store: SQLStore, where: list[str], params: list[Any], limit: int | None,
            min_articles: int = 1) -> Iterator[dict[str, Any]]:
    """Happenings told by at least `min_articles` documents with a mention that matches
    `where` (clauses on `events e`), ordered by their first event date: each is its first
    mention's record with the happening's counts, dates and every mention (`mentions`)."""
    clauses, params = ["h.num_articles >= ?"], [int(min_articles), *params]
    if where:
        clauses.append("h.id IN (SELECT m.happening_id FROM happening_mentions m "
                       "JOIN events e ON e.seq = m.event_seq WHERE " + " AND ".join(where) + ")")
    sql = f"{_LIST} WHERE {' AND '.join(clauses)} ORDER BY h.first_date NULLS LAST, h.id"
    if limit is not None:
        sql += " LIMIT ?"
        params.append(int(limit))
    batch: list[tuple[Any, ...]] = []
    for row in store._stream(sql, params):
        batch.append(row)
        if len(batch) >= _CHUNK:
            yield from _with_mentions(store, batch)
            batch = []
    yield from _with_mentions(store, batch)


def _with_mentions(store: SQLStore, rows: list[tuple[Any, ...]]) -> Iterator[dict[str, Any]]:
    if not rows:
        return
    ids = [r[0] for r in rows]
    mentions: dict[int, list[dict[str, Any]]] = {}
    for hid, doc_id, index, day, cameo, trigger, n, url, doc_date in store._fetch(
            _MENTIONS.format(marks=_marks(len(ids))), ids):
        mentions.setdefault(hid, []).append(
            {"doc_id": doc_id, "sentence_index": index, "date": day, "cameo": cameo,
             "trigger": trigger, "num_mentions": n, "url": url, "doc_date": doc_date})
    for found in mentions.values():  # sorted here: the databases collate ids differently
        found.sort(key=lambda m: (m["date"] or "", m["doc_date"] or "", m["doc_id"],
                                  m["sentence_index"]))
    for (hid, n_mentions, n_articles, n_sources, first, last, first_report, last_report,
         record, url, doc_date) in rows:
        d = load_json(record)
        d.update({"happening_id": hid, "num_mentions": n_mentions, "num_articles": n_articles,
                  "num_sources": n_sources, "first_date": first, "last_date": last,
                  "first_report": first_report, "last_report": last_report, "url": url,
                  "doc_date": doc_date, "mentions": mentions.get(hid, [])})
        yield d


def stats(store: SQLStore) -> dict[str, Any]:
    """Happening counts: how many, how many events are in one told by several articles, the
    number of happenings by articles, and the rules."""
    by_articles = store._fetch("SELECT num_articles, count(*) FROM happenings "
                               "GROUP BY num_articles ORDER BY num_articles")
    return {"count": sum(int(n) for _, n in by_articles),
            "merged_events": sum(int(k) * int(n) for k, n in by_articles if k > 1),
            "by_articles": [{"articles": int(k), "happenings": int(n)} for k, n in by_articles],
            "rules": load_json(rules(store).to_json())}
