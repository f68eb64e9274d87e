"""Ingest stage: read files, directories and stdin into `Document` records.

Bad input never stops a batch: each bad file or record becomes an `InputProblem` handed to the
caller's `on_problem`, and reading goes on with the next record or file.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from tacitus.records import Document

DATA = Path(__file__).parent / "data"
SUPPORTED = (".txt", ".jsonl", ".json", ".csv", ".html", ".htm")
STDIN = "stdin"
MIN_TOKENS_FOR_LANGUAGE = 12  # shorter texts are not judged
MIN_ENGLISH_SHARE = 0.12  # news English: 0.15-0.55; French, Spanish, German: under 0.1

ProblemHandler = Callable[["InputProblem"], None]


@dataclass
class InputProblem:
    """A bad file or record. `fatal` means it was skipped; otherwise it was kept with a change."""

    file: str
    record: str | None
    problem: str
    fatal: bool = True

    def __str__(self) -> str:
        where = f"{self.file} {self.record}" if self.record else self.file
        if self.fatal:
            outcome = "record skipped" if self.record else "file skipped"
        else:
            outcome = "record kept" if self.record else "file read"
        return f"{where}: {self.problem} — {outcome}"


# ---------------------------------------------------------------- data files


def _data_lines(name: str) -> list[str]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [ln.strip() for ln in lines if ln.strip() and not ln.lstrip().startswith("#")]


@lru_cache(maxsize=1)
def _boilerplate() -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in _data_lines("boilerplate.txt")), re.IGNORECASE)


@lru_cache(maxsize=2)
def _word_set(name: str) -> frozenset[str]:
    return frozenset(w.lower() for w in _data_lines(name))


# ---------------------------------------------------------------- text helpers


def clean_text(text: str) -> str:
    """Drop page-boilerplate lines (share prompts, cookie notices, ...) and tidy whitespace."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    pattern = _boilerplate()
    kept: list[str] = []
    for line in text.split("\n"):
        core = line.strip().strip("|•·*").strip()
        if line.strip() and pattern.fullmatch(core):
            continue
        kept.append(line.rstrip())
    return re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip()


def function_word_shares(text: str) -> tuple[float, float, int]:
    """Shares of word tokens that are English / other-language function words, and the count."""
    tokens = re.findall(r"[^\W\d_]+", text.lower())
    if not tokens:
        return 0.0, 0.0, 0
    english = _word_set("english_function_words.txt")
    other = _word_set("other_function_words.txt")
    n = len(tokens)
    return sum(t in english for t in tokens) / n, sum(t in other for t in tokens) / n, n


def _non_english_reason(text: str) -> str | None:
    letters = [c for c in text[:20_000] if c.isalpha()]
    if len(letters) >= 20:
        latin = sum(ord(c) < 0x250 for c in letters) / len(letters)
        if latin < 0.5:
            return f"text looks non-English (only {latin:.0%} of letters are Latin script)"
    english, other, n = function_word_shares(text[:20_000])
    if n >= MIN_TOKENS_FOR_LANGUAGE and (english < MIN_ENGLISH_SHARE or other > english):
        return (f"text looks non-English ({english:.0%} of {n} words are common English "
                f"function words, {other:.0%} are French/Spanish/German/... ones)")
    return None


def truncate(text: str, max_chars: int) -> tuple[str, str]:
    """Cut `text` to at most `max_chars` at a paragraph, sentence or word boundary."""
    head = text[:max_chars]
    floor = max_chars // 2
    cut = head.rfind("\n\n")
    if cut >= floor:
        return head[:cut].rstrip(), "paragraph"
    ends = [m.end() for m in re.finditer(r"[.!?][\"'”’)]*\s", head)]
    if ends and ends[-1] >= floor:
        return head[: ends[-1]].rstrip(), "sentence"
    cut = head.rfind(" ")
    if cut >= floor:
        return head[:cut].rstrip(), "word"
    return head, "character"


# ---------------------------------------------------------------- dates

_NUMERIC_DATE = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})")
_ISO_START = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:$|[T ]\d)")


def normalise_date(value: Any) -> str | None:
    """Return an ISO `YYYY-MM-DD` date for `value`, or None when it is not a full date.

    ISO dates and datetimes keep the date as written (no time-zone shift). Numeric dates such as
    `20/08/2018` or `20.08.2018` are read day first; `08/20/2018` is read month first only
    because 20 cannot be a month. Digits alone are `YYYYMMDD` or a Unix time (UTC). Written
    dates ("August 20, 2018", "20 Aug 2018") go through dateparser, relative ones ("yesterday")
    turned off.
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    s = str(value).strip()
    if not s:
        return None
    m = _ISO_START.match(s)
    if m:
        return _valid(int(m[1]), int(m[2]), int(m[3]))
    if s.isdigit():
        return _compact_or_epoch(s)
    m = _NUMERIC_DATE.fullmatch(s)
    if m:
        a, b, year = int(m[1]), int(m[2]), int(m[3])
        return _valid(year, b, a) or _valid(year, a, b)
    return _dateparser(s)


def _valid(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def _compact_or_epoch(s: str) -> str | None:
    """`YYYYMMDD`, or a Unix time in seconds (9-10 digits) or milliseconds (12-13 digits)."""
    if len(s) == 8:
        return _valid(int(s[:4]), int(s[4:6]), int(s[6:]))
    if len(s) in (9, 10, 12, 13):
        seconds = int(s) / (1000 if len(s) > 10 else 1)
        return datetime.fromtimestamp(seconds, tz=UTC).date().isoformat()
    return None


def _dateparser(s: str) -> str | None:
    import dateparser  # slow to import; only needed for written dates

    settings = {"DATE_ORDER": "DMY", "REQUIRE_PARTS": ["day", "month", "year"],
                "PARSERS": ["custom-formats", "absolute-time"]}
    parsed = dateparser.parse(s, languages=["en"], settings=settings)
    return parsed.date().isoformat() if parsed else None


# ---------------------------------------------------------------- bytes to text


def decode(data: bytes, file: str, on_problem: ProblemHandler) -> str | None:
    """Decode file bytes: UTF-8 (with or without BOM), UTF-16 with BOM, else cp1252/latin-1."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    if b"\x00" in data[:65536]:
        on_problem(InputProblem(file, None, "binary file (contains NUL bytes), not text"))
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        where = f"byte {e.start}"
    for encoding in ("cp1252", "latin-1"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        on_problem(InputProblem(file, None, f"not valid UTF-8 (at {where}); read as {encoding}, "
                                f"check accented characters or save the file as UTF-8",
                                fatal=False))
        return text
    return None  # latin-1 decodes any bytes; kept for type checkers


# ---------------------------------------------------------------- reader


def derived_id(source: str, text: str) -> str:
    """The id of a document whose input gives none: the file's name (or `stdin`) and the first
    12 hex digits of its text's SHA-256, e.g. `article.txt#3f2a9c1b04de`. The same text from
    the same file name gets the same id however the path is spelt; other text, another id."""
    name = Path(source).name if source != STDIN else STDIN
    return f"{name}#{hashlib.sha256(text.encode('utf-8')).hexdigest()[:12]}"


class _LineFeed:
    """Lines handed to `csv.reader` one by one, counting how many it took."""

    def __init__(self, lines: list[str], pos: int) -> None:
        self.lines, self.pos = lines, pos

    def __iter__(self) -> _LineFeed:
        return self

    def __next__(self) -> str:
        if self.pos >= len(self.lines):
            raise StopIteration
        self.pos += 1
        return self.lines[self.pos - 1]


class _Reader:
    def __init__(self, on_problem: ProblemHandler, max_chars: int, default_date: str | None,
                 input_format: str = "auto"):
        self.input_format = input_format
        self.on_problem = on_problem
        self.max_chars = max_chars
        self.default_date = normalise_date(default_date)
        if default_date and not self.default_date:
            on_problem(InputProblem("default_date", None,
                                    f"unparseable default date {default_date!r}; not used",
                                    fatal=False))

    def problem(self, file: str, record: str | None, text: str, fatal: bool = True) -> None:
        self.on_problem(InputProblem(file, record, text, fatal))

    # -- paths

    def path(self, given: str) -> Iterator[Document]:
        if given == "-":
            yield from self.stdin()
            return
        p = Path(given)
        if p.is_dir():
            yield from self.directory(p)
        elif not p.exists():
            self.problem(given, None, "no such file or directory")
        elif p.suffix.lower() not in SUPPORTED:
            self.problem(given, None, f"unknown file type {p.suffix or '(no extension)'!r}; "
                         f"supported: {', '.join(SUPPORTED)}")
        else:
            yield from self.file(given, p)

    def directory(self, root: Path) -> Iterator[Document]:
        files = sorted(
            f for f in root.rglob("*")
            if f.suffix.lower() in SUPPORTED and f.is_file()
            and not any(part.startswith(".") for part in f.relative_to(root).parts)
        )
        if not files:
            self.problem(str(root), None, f"directory has no {', '.join(SUPPORTED)} files")
        for f in files:
            yield from self.file(str(f), f)

    def file(self, name: str, p: Path) -> Iterator[Document]:
        try:
            data = p.read_bytes()
        except OSError as e:
            self.problem(name, None, f"cannot read file ({e.strerror or e})")
            return
        if not data.strip():
            self.problem(name, None, "empty file")
            return
        text = decode(data, name, self.on_problem)
        if text is None:
            return
        suffix = p.suffix.lower()
        if suffix == ".jsonl":
            yield from self.jsonl(name, text)
        elif suffix == ".json":
            yield from self.json(name, text)
        elif suffix == ".csv":
            yield from self.csv(name, text)
        elif suffix in (".html", ".htm"):
            yield from self.html(name, text)
        else:
            yield from self.document(name, None, {"text": clean_text(text)})

    def stdin(self) -> Iterator[Document]:
        stream = sys.stdin
        buffer = getattr(stream, "buffer", None)
        if buffer is not None:
            text = decode(buffer.read(), STDIN, self.on_problem)
            if text is None:
                return
        else:
            text = stream.read()
        if not text.strip():
            self.problem(STDIN, None, "empty input")
            return
        fmt = self.input_format if self.input_format != "auto" else detect_format(text)
        if self.input_format == "auto" and fmt == "csv":
            self.problem(STDIN, None, "looks like CSV with a 'text' column; read as CSV "
                         "records (pass --input-format text to code it as one article)",
                         fatal=False)
        elif self.input_format == "auto" and fmt == "text" and text.lstrip()[:1] in "{[":
            self.problem(STDIN, None, "starts like JSON but is not JSON records with a 'text' "
                         "field; coded as one article (pass --input-format json or jsonl to "
                         "see why it is not)", fatal=False)
        if fmt == "jsonl":
            yield from self.jsonl(STDIN, text)
        elif fmt == "json":
            yield from self.json(STDIN, text)
        elif fmt == "csv":
            yield from self.csv(STDIN, text)
        else:
            yield from self.document(STDIN, None, {"text": clean_text(text)})

    # -- formats

    def jsonl(self, name: str, text: str) -> Iterator[Document]:
        for n, line in enumerate(text.split("\n"), start=1):
            if not line.strip():
                continue
            where = f"line {n}"
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as e:
                self.problem(name, where, _json_error(e, line))
                continue
            yield from self.document(name, where, rec)

    def json(self, name: str, text: str) -> Iterator[Document]:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as e:
            if e.msg == "Extra data" and _looks_like_jsonl(text):
                self.problem(name, None, "holds one JSON object per line; read as JSON Lines "
                             "(rename it to .jsonl)", fatal=False)
                yield from self.jsonl(name, text)
            else:
                self.problem(name, None, f"invalid JSON ({e.msg} at line {e.lineno} "
                             f"column {e.colno})")
            return
        if isinstance(data, list):
            for i, rec in enumerate(data):
                yield from self.document(name, f"item {i}", rec)
        else:
            yield from self.document(name, None, data)

    def csv(self, name: str, text: str) -> Iterator[Document]:
        """CSV with a header naming a `text` column. A row that is not valid CSV (an unbalanced
        quote) or has another number of fields than the header is an error on that record;
        reading goes on at the line after the row's first line."""
        csv.field_size_limit(max(csv.field_size_limit(), 64 * 1024 * 1024))
        lines = text.splitlines(keepends=True)
        try:
            header = next(csv.reader(lines[:1], strict=True)) if lines else []
        except (csv.Error, StopIteration):
            header = []
        if "text" not in header:
            self.problem(name, None, f"no 'text' column (columns: {header})")
            return
        pos = 1  # index in `lines` of the next row's first line
        while pos < len(lines):
            if not lines[pos].strip():
                pos += 1
                continue
            start = pos
            feed = _LineFeed(lines, pos)
            where = f"line {start + 1}"
            try:
                row = next(csv.reader(feed, strict=True))
            except csv.Error as e:
                self.problem(name, where, f"malformed CSV row ({e}); an unbalanced quote? the "
                             "next lines are read as new rows")
                pos = start + 1
                continue
            if len(row) != len(header):
                self.problem(name, where, f"malformed CSV row: {len(row)} fields, the header "
                             f"has {len(header)}")
                pos = start + 1 if feed.pos - start > 1 else feed.pos
                continue
            pos = feed.pos
            rec = {k: v for k, v in zip(header, row, strict=True) if v != ""}
            yield from self.document(name, where, rec)

    def html(self, name: str, text: str) -> Iterator[Document]:
        import trafilatura  # heavy import; only needed for html input

        result = trafilatura.bare_extraction(text, with_metadata=True, include_comments=False,
                                             include_tables=False)
        body = getattr(result, "text", None) if result is not None else None
        if not body or not body.strip():
            self.problem(name, None, "no main text found in the HTML page")
            return
        title = getattr(result, "title", None)
        paragraphs = [ln.strip() for ln in clean_text(body).split("\n") if ln.strip()]
        if paragraphs and title and paragraphs[0] == title.strip():
            paragraphs = paragraphs[1:]  # the page heading repeats the title
        rec = {"text": "\n\n".join(paragraphs), "title": title,
               "date": getattr(result, "date", None), "url": getattr(result, "url", None)}
        yield from self.document(name, None, rec)

    # -- one record

    def document(self, name: str, where: str | None, rec: Any) -> Iterator[Document]:
        if not isinstance(rec, dict):
            self.problem(name, where, f"record is a JSON {type(rec).__name__}, not an object "
                         "with 'id' and 'text'")
            return
        raw_id = rec.get("id")
        doc_id = str(raw_id).strip() if raw_id not in (None, "") else ""
        label = where if where is None or not doc_id else f"{where} (id {doc_id})"
        text = rec.get("text")
        if text is None:
            self.problem(name, label, "no 'text' field")
            return
        if not isinstance(text, str):
            self.problem(name, label, f"'text' is a {type(text).__name__}, not a string")
            return
        text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
        if not text:
            self.problem(name, label, "empty text")
            return
        if len(text) > self.max_chars:
            size = len(text)
            text, boundary = truncate(text, self.max_chars)
            self.problem(name, label, f"text has {size:,} characters, over max_chars="
                         f"{self.max_chars:,}; truncated to {len(text):,} at a {boundary} "
                         "boundary", fatal=False)
        reason = _non_english_reason(text)
        if reason:
            self.problem(name, label, reason)
            return
        if not doc_id:
            doc_id = derived_id(name, text)
        yield Document(id=doc_id, text=text, title=_opt_str(rec.get("title")),
                       date=self._date(rec.get("date"), name, label),
                       url=_opt_str(rec.get("url")), source=name,
                       publisher=_opt_str(rec.get("publisher")))

    def _date(self, value: Any, name: str, label: str | None) -> str | None:
        if value in (None, ""):
            return self.default_date
        iso = normalise_date(value)
        if iso is None:
            self.problem(name, label, f"unparseable date {value!r}; date left empty "
                         "(use YYYY-MM-DD)", fatal=False)
        return iso


def _opt_str(value: Any) -> str | None:
    if value is None:
        return None
    s = str(value).strip()
    return s or None


def _json_error(e: json.JSONDecodeError, line: str) -> str:
    truncated = e.pos >= len(line.rstrip()) or e.msg.startswith("Unterminated string")
    at = e.msg if e.msg.endswith(" at") else f"{e.msg} at"
    return f"{'truncated' if truncated else 'invalid'} JSON ({at} column {e.colno})"


def _looks_like_jsonl(text: str) -> bool:
    """True when every non-empty line starts with `{` and at least one is an object with text."""
    lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
    if not lines or not all(ln.startswith("{") for ln in lines):
        return False
    for ln in lines:
        try:
            rec = json.loads(ln)
        except json.JSONDecodeError:
            continue
        if isinstance(rec, dict) and "text" in rec:
            return True
    return False


def detect_format(text: str) -> str:
    """The format of text read from stdin: jsonl, json, csv (a header line with a `text`
    column), or text (prose)."""
    if _looks_like_jsonl(text):
        return "jsonl"
    head = text.lstrip()[:1]
    if head in ("[", "{"):
        try:
            data = json.loads(text)
        except json.JSONDecodeError:
            return "text"
        items = data if isinstance(data, list) else [data]
        if any(isinstance(r, dict) and "text" in r for r in items):
            return "json"
        return "text"
    first = text.lstrip("\ufeff").split("\n", 1)[0]
    try:
        header = next(csv.reader([first]))
    except (csv.Error, StopIteration):
        return "text"
    names = [h.strip().lower() for h in header]
    if len(names) >= 2 and "text" in names and all(n and len(n) < 40 for n in names):
        return "csv"
    return "text"


INPUT_FORMATS = ("auto", "text", "jsonl", "json", "csv")


def read_inputs(paths: Iterable[str], on_problem: ProblemHandler, max_chars: int = 200_000,
                default_date: str | None = None, input_format: str = "auto",
                ) -> Iterator[Document]:
    """Yield a `Document` for every readable record in `paths` (files, directories or `-`).

    `input_format` says how to read stdin (`auto` detects JSON Lines, JSON and CSV, and says
    so). Every bad file or record is passed to `on_problem` as an `InputProblem`; the iterator
    never raises for bad input.
    """
    if input_format not in INPUT_FORMATS:
        raise ValueError(f"unknown input format {input_format!r}; use {', '.join(INPUT_FORMATS)}")
    reader = _Reader(on_problem, max_chars, default_date, input_format)
    for given in paths:
        yield from reader.path(str(given))


def read_records(records: Iterable[Any], on_problem: ProblemHandler, name: str = "api",
                 max_chars: int = 200_000, default_date: str | None = None) -> Iterator[Document]:
    """Documents from records already parsed (a JSON request body), with the checks, messages
    and ids of `read_inputs`: `name` is their source, a record without an id gets
    `derived_id(name, text)`, and record `i` is reported as `item i`."""
    reader = _Reader(on_problem, max_chars, default_date)
    for i, rec in enumerate(records):
        yield from reader.document(name, f"item {i}", rec)


def batches(docs: Iterable[Document], n: int, max_chars: int | None = None,
            ) -> Iterator[list[Document]]:
    """Documents in lists of `n` (the last may be shorter), read lazily; with `max_chars`,
    a list also ends before its texts would pass that many characters (a longer document
    is a list of its own)."""
    batch: list[Document] = []
    size = 0
    for d in docs:
        if batch and max_chars is not None and size + len(d.text) > max_chars:
            yield batch
            batch, size = [], 0
        batch.append(d)
        size += len(d.text)
        if len(batch) >= n:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch
