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

from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from tacitus.happening_rules import Rules
from tacitus.happenings import Mention, cluster, content_words, group_key, news_source
from tacitus.store import schema
from tacitus.store.rows import load_json

if TYPE_CHECKING:
    from tacitus.store.sql import SQLStore

RULES_KEY = "happening_rules"  # the store's rules, as JSON, in `meta`
_CHUNK = 200  # keys or documents per statement
_PAGE = 5000  # events read at a time by a rebuild


def _chunks(items: Sequence[Any], size: int = _CHUNK) -> Iterator[Sequence[Any]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


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


def add(store: SQLStore, docs: Sequence[tuple[str, list[dict[str, Any]]]],
        old_keys: set[str]) -> None:
    """Inside a write transaction, after the events of `docs` (id, records in stored order)
    were inserted: link each to its group and cluster again every group it or a removed event
    (`old_keys`) was in."""
    current = rules(store)
    rows: list[list[Any]] = []
    for part in _chunks(docs):
        seqs: dict[str, list[int]] = {}
        for doc_id, seq in store._fetch(
                f"SELECT doc_id, seq FROM events WHERE doc_id IN ({_marks(len(part))}) "
                "ORDER BY doc_id, seq", [d for d, _ in part]):
            seqs.setdefault(doc_id, []).append(seq)
        for doc_id, records in part:
            for ordinal, (seq, record) in enumerate(zip(seqs.get(doc_id, []), records,
                                                        strict=True)):
                rows.append([None, seq, doc_id, ordinal,
                             group_key(record, doc_id, ordinal, current)])
    store._insert_rows("happening_mentions", list(schema.MENTION_COLUMNS), rows)
    recompute(store, {r[4] for r in rows} | old_keys, current)


def _members(store: SQLStore, keys: Sequence[str]) -> list[Mention]:
    rows = store._fetch(
        "SELECT m.event_seq, m.doc_id, m.ordinal, m.hkey, e.date, e.location, e.num_mentions, "
        "d.date, d.url, d.publisher, e.sentence, e.cameo_root FROM happening_mentions m "
        "JOIN events e ON e.seq = m.event_seq JOIN documents d ON d.id = m.doc_id "
        f"WHERE m.hkey IN ({_marks(len(keys))})", list(keys))
    return [Mention(int(seq), doc_id, int(ordinal), key, day, load_json(place),
                    int(n or 1), report, news_source(url, publisher), content_words(sentence),
                    root or "")
            for seq, doc_id, ordinal, key, day, place, n, report, url, publisher, sentence, root
            in rows]


def recompute(store: SQLStore, keys: Iterable[str], current: Rules) -> None:
    """Cluster the groups `keys` again from their stored mentions and replace their
    happenings (a group with no mentions left loses its happenings)."""
    for part in _chunks(sorted(keys)):
        found = cluster(_members(store, part), current)
        marks = _marks(len(part))
        for table in ("happenings", "happening_mentions"):
            store._exec(f"DELETE FROM {table} WHERE hkey IN ({marks})", list(part))
        rows = [h.row() for h in found]
        store._insert_rows("happenings", list(schema.HAPPENING_COLUMNS),
                           [[r[c] for c in schema.HAPPENING_COLUMNS] for r in rows])
        store._insert_rows("happening_mentions", list(schema.MENTION_COLUMNS),
                           [[h.id, m.seq, m.doc_id, m.ordinal, m.key]
                            for h in found for m in h.mentions])


def rebuild(store: SQLStore, new: Rules) -> None:
    """Inside a write transaction: every event's group under `new` rules (saved in the store)
    and every happening, from the stored events alone."""
    save_rules(store, new)
    for table in ("happenings", "happening_mentions"):
        store._exec(f"DELETE FROM {table}")
    last: tuple[str, int] | None = None
    ordinal = 0
    while True:  # pages in (doc_id, seq) order; an event's ordinal is its place in its document
        after = "" if last is None else " WHERE doc_id > ? OR (doc_id = ? AND seq > ?)"
        page = store._fetch(f"SELECT doc_id, seq, record FROM events{after} "
                            "ORDER BY doc_id, seq LIMIT ?",
                            [*([] if last is None else [last[0], last[0], last[1]]), _PAGE])
        if not page:
            break
        rows = []
        for doc_id, seq, record in page:
            ordinal = ordinal + 1 if last is not None and doc_id == last[0] else 0
            rows.append([None, seq, doc_id, ordinal,
                         group_key(load_json(record), doc_id, ordinal, new)])
            last = (doc_id, seq)
        store._insert_rows("happening_mentions", list(schema.MENTION_COLUMNS), rows)
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
