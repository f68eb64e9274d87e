"""Tables shared by the DuckDB and PostgreSQL stores; the SQL is valid in both."""

from __future__ import annotations

SCHEMA_VERSION = 4
# Versions this code can read without writing (a query opens the store read-only).
READABLE_VERSIONS = ("4",)

# Flat event columns in insert order, with their types.
EVENT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("doc_id", "VARCHAR NOT NULL"), ("sentence_index", "INTEGER"), ("sentence", "VARCHAR"),
    ("date", "VARCHAR"), ("date_precision", "VARCHAR"),
    ("source_code", "VARCHAR"), ("source_country", "VARCHAR"), ("source_name", "VARCHAR"),
    ("source_text", "VARCHAR"), ("source_sectors", "VARCHAR[]"),
    ("target_code", "VARCHAR"), ("target_country", "VARCHAR"), ("target_name", "VARCHAR"),
    ("target_text", "VARCHAR"), ("target_sectors", "VARCHAR[]"),
    ("cameo", "VARCHAR NOT NULL"), ("cameo_root", "VARCHAR"), ("cameo_name", "VARCHAR"),
    ("quad_class", "INTEGER"), ("goldstein", "DOUBLE PRECISION"),
    ("plover_event", "VARCHAR"), ("plover_mode", "VARCHAR"), ("plover_context", "VARCHAR"),
    ("negated", "BOOLEAN"), ("modality", "VARCHAR"),
    ("trigger_text", "VARCHAR"), ("trigger_start", "INTEGER"), ("trigger_end", "INTEGER"),
    ("location", "JSON"), ("quantities", "JSON"), ("confidence", "DOUBLE PRECISION"),
    ("rule", "VARCHAR"), ("num_mentions", "INTEGER"), ("tone", "DOUBLE PRECISION"),
    ("record", "JSON NOT NULL"),
)

DOC_COLUMNS = ("id", "title", "date", "url", "source", "text_hash", "n_sentences", "tone",
               "ingested_at", "publisher")

# One row per actor of an event; a compound actor ("X and Y") gives one row per member.
EVENT_ACTOR_COLUMNS = ("doc_id", "name", "code", "country", "sectors", "day")

QUOTE_COLUMNS = ("doc_id", "sentence_index", "text", "speaker_text", "speaker_name",
                 "speaker_code", "speaker_country", "speaker_sectors", "start_char", "end_char")

ACTOR_COLUMNS = ("name", "code", "country", "sectors", "count", "first_seen", "last_seen")

OVERRIDE_COLUMNS = ("name", "code", "country", "sectors", "set_at", "note")

# Schema 4: events of different documents that tell one happening (`tacitus.happenings`). A
# happening is named by its first mention (`event_seq`); `hkey` is the group it was found in.
HAPPENING_COLUMNS = ("id", "hkey", "event_seq", "first_date", "last_date", "first_report",
                     "last_report", "num_mentions", "num_articles", "num_sources")
# One row per stored event (a mention, as GDELT calls it): its happening, its place among its
# document's events, and what the clustering compares (`happenings.Mention`), so that a group
# is clustered from this table alone.
MENTION_COLUMNS = ("happening_id", "event_seq", "doc_id", "ordinal", "hkey", "date", "report",
                   "news_source", "place", "num_mentions", "cameo_root", "words")

# One statement per item, so that each backend can run them one by one.
SCHEMA: tuple[str, ...] = (
    "CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR)",
    "CREATE SEQUENCE IF NOT EXISTS doc_seq",
    "CREATE SEQUENCE IF NOT EXISTS event_seq",
    "CREATE SEQUENCE IF NOT EXISTS quote_seq",
    "CREATE TABLE IF NOT EXISTS documents (seq BIGINT DEFAULT nextval('doc_seq'), "
    "id VARCHAR NOT NULL, title VARCHAR, date VARCHAR, url VARCHAR, source VARCHAR, "
    "text_hash VARCHAR NOT NULL, n_sentences INTEGER, tone DOUBLE PRECISION, "
    "ingested_at TIMESTAMP, publisher VARCHAR, text VARCHAR)",
    "CREATE TABLE IF NOT EXISTS events (seq BIGINT DEFAULT nextval('event_seq'), "
    + ", ".join(f"{name} {kind}" for name, kind in EVENT_COLUMNS) + ")",
    "CREATE TABLE IF NOT EXISTS actors (name VARCHAR NOT NULL, code VARCHAR NOT NULL, "
    "country VARCHAR, sectors VARCHAR[], first_seen VARCHAR, last_seen VARCHAR, count BIGINT, "
    "PRIMARY KEY (name, code))",
    "CREATE TABLE IF NOT EXISTS actor_overrides (name VARCHAR PRIMARY KEY, "
    "code VARCHAR NOT NULL, country VARCHAR, sectors VARCHAR[], set_at TIMESTAMP, note VARCHAR)",
    "CREATE TABLE IF NOT EXISTS quotes (seq BIGINT DEFAULT nextval('quote_seq'), "
    "doc_id VARCHAR NOT NULL, sentence_index INTEGER, text VARCHAR NOT NULL, "
    "speaker_text VARCHAR, speaker_name VARCHAR, speaker_code VARCHAR, speaker_country VARCHAR, "
    "speaker_sectors VARCHAR[], start_char INTEGER, end_char INTEGER)",
    "CREATE TABLE IF NOT EXISTS event_actors (doc_id VARCHAR NOT NULL, name VARCHAR NOT NULL, "
    "code VARCHAR NOT NULL, country VARCHAR, sectors VARCHAR[], day VARCHAR)",
    "CREATE TABLE IF NOT EXISTS happenings (id BIGINT NOT NULL, hkey VARCHAR NOT NULL, "
    "event_seq BIGINT NOT NULL, first_date VARCHAR, last_date VARCHAR, first_report VARCHAR, "
    "last_report VARCHAR, num_mentions INTEGER, num_articles INTEGER, num_sources INTEGER)",
    "CREATE TABLE IF NOT EXISTS happening_mentions (happening_id BIGINT, "
    "event_seq BIGINT NOT NULL, doc_id VARCHAR NOT NULL, ordinal INTEGER NOT NULL, "
    "hkey VARCHAR NOT NULL, date VARCHAR, report VARCHAR, news_source VARCHAR, place JSON, "
    "num_mentions INTEGER, cameo_root VARCHAR, words VARCHAR)",
)

# Created after any migration: the unique key needs duplicate ids gone first.
INDEXES: tuple[str, ...] = (
    "CREATE UNIQUE INDEX IF NOT EXISTS documents_id_key ON documents (id)",
    "CREATE INDEX IF NOT EXISTS events_doc ON events (doc_id)",
    "CREATE INDEX IF NOT EXISTS quotes_doc ON quotes (doc_id)",
    "CREATE INDEX IF NOT EXISTS event_actors_doc ON event_actors (doc_id)",
    "CREATE INDEX IF NOT EXISTS happenings_id ON happenings (id)",
    "CREATE INDEX IF NOT EXISTS happenings_hkey ON happenings (hkey)",
    "CREATE INDEX IF NOT EXISTS happening_mentions_hkey ON happening_mentions (hkey)",
    "CREATE INDEX IF NOT EXISTS happening_mentions_doc ON happening_mentions (doc_id)",
    "CREATE INDEX IF NOT EXISTS happening_mentions_event ON happening_mentions (event_seq)",
    "CREATE INDEX IF NOT EXISTS happening_mentions_happening ON happening_mentions "
    "(happening_id)",
)

TABLES = ("meta", "documents", "events", "actors", "actor_overrides", "quotes", "event_actors",
          "happenings", "happening_mentions")

# Actor rows recomputed from the stored event actors; an actor is seen on the event date, or on
# the document date when the event has none. `{where}` narrows the (name, code) keys.
ACTOR_AGG = """
SELECT s.name, s.code, max(s.country), max(s.sectors), count(*), min(s.day), max(s.day)
FROM event_actors s WHERE s.code IS NOT NULL {where}
GROUP BY s.name, s.code
"""

ACTOR_UPSERT = (
    "INSERT INTO actors ({cols}) VALUES {values} ON CONFLICT (name, code) DO UPDATE SET "
    "country = coalesce(actors.country, excluded.country), "
    "sectors = coalesce(actors.sectors, excluded.sectors), "
    "count = actors.count + excluded.count, "
    "first_seen = least(actors.first_seen, excluded.first_seen), "
    "last_seen = greatest(actors.last_seen, excluded.last_seen)")

OVERRIDE_UPSERT = (
    "INSERT INTO actor_overrides ({cols}) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (name) "
    "DO UPDATE SET code = excluded.code, country = excluded.country, "
    "sectors = excluded.sectors, set_at = excluded.set_at, note = excluded.note")


def values(n_rows: int, n_cols: int) -> str:
    """`(?, ?), (?, ?)` placeholders for a multi-row insert."""
    row = "(" + ", ".join(["?"] * n_cols) + ")"
    return ", ".join([row] * n_rows)
