"""Write endpoints, behind a bearer token: code a text, or code and store documents."""

from __future__ import annotations

import hmac
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from tacitus.ingest import InputProblem, read_records
from tacitus.records import Document
from tacitus.serve import models
from tacitus.serve.state import Backend, backend
from tacitus.store import Entry
from tacitus.store.base import FAILED, NEW, REPLACED, UNCHANGED
from tacitus.store.rows import text_hash

router = APIRouter(prefix="/api", tags=["write"])
bearer = HTTPBearer(auto_error=False, description="The server's TACITUS_API_TOKEN.")

REFUSED = {400: {"model": models.Problem, "description": "The body is not JSON."},
           401: {"model": models.Problem, "description": "Missing or wrong bearer token."},
           422: {"model": models.Problem, "description": "No readable document in the body."}}


def require_token(
    b: Annotated[Backend, Depends(backend)],
    given: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Backend:
    """Let the request through only with `Authorization: Bearer <TACITUS_API_TOKEN>`."""
    challenge = {"WWW-Authenticate": "Bearer"}
    if not b.token:
        raise HTTPException(401, "writes are disabled on this server: start `tacitus serve` "
                                 "with TACITUS_API_TOKEN set", headers=challenge)
    if given is None:
        raise HTTPException(401, "missing token: send the header 'Authorization: Bearer "
                                 "<TACITUS_API_TOKEN>'", headers=challenge)
    if not hmac.compare_digest(given.credentials.encode(), b.token.encode()):
        raise HTTPException(401, "wrong token: send the server's TACITUS_API_TOKEN as "
                                 "'Authorization: Bearer <token>'", headers=challenge)
    return b


Writer = Annotated[Backend, Depends(require_token)]


def _documents(b: Backend, items: list[models.CodeIn],
               ) -> tuple[list[Document], list[models.ProblemOut]]:
    problems: list[InputProblem] = []
    records = [item.model_dump(exclude_none=True) for item in items]
    docs = list(read_records(records, problems.append, max_chars=b.settings.max_chars))
    out = [models.ProblemOut(record=p.record, problem=p.problem, skipped=p.fatal)
           for p in problems]
    if not docs:
        raise HTTPException(422, "no readable document: " + "; ".join(
            f"{p.record}: {p.problem}" for p in out))
    return docs, out


def _code(b: Backend, docs: list[Document]) -> list[Any]:
    """Pipeline results, in order, coded with the stored actor corrections applied."""
    from tacitus.coding.dictionaries import ActorDictionary
    from tacitus.pipeline import run

    overrides = b.read(lambda s: s.overrides())
    dictionary = ActorDictionary().merge(ActorDictionary.from_overrides(overrides))
    with b.code_lock:
        return list(run(docs, b.settings, dictionary=dictionary))


@router.post("/code", response_model=models.CodeOut, responses=REFUSED)
def code(body: models.CodeIn, b: Writer) -> Any:
    """Code one text and return its events; nothing is stored."""
    docs, problems = _documents(b, [body])
    result = _code(b, docs)[0]
    if result.error:
        raise HTTPException(422, f"the text could not be coded: {result.error}")
    events = []
    for e in result.events:
        d = e.to_dict()
        d["url"] = result.document.url
        events.append(d)
    return models.CodeOut(events=events, problems=problems)


def _unseen(b: Backend, docs: list[Document]) -> tuple[list[Document], dict[int, str | None]]:
    """The documents to code, and the positions of those stored already with the same text
    (with the id they are stored under) or sent earlier in the request (None), as `tacitus
    ingest` skips them before parsing."""
    known = b.read(lambda s: s.known(docs))
    todo: list[Document] = []
    unchanged: dict[int, str | None] = {}
    seen: set[tuple[str, str]] = set()
    for i, (doc, stored_as) in enumerate(zip(docs, known, strict=True)):
        key = (doc.id, text_hash(doc.text))
        if stored_as or key in seen:
            unchanged[i] = stored_as
        else:
            seen.add(key)
            todo.append(doc)
    return todo, unchanged


@router.post("/ingest", response_model=models.IngestOut, responses=REFUSED)
def ingest(body: models.IngestIn, b: Writer) -> Any:
    """Code documents and store them, with the checks and document identity of `tacitus
    ingest`: bad records are reported in `problems` and skipped; a document stored already with
    the same text is not coded again (unchanged); one this API stored under the same id with
    other text is replaced; one whose id was stored from a file with other text is kept under
    `ID@api`. A document without `id` gets one derived from its text."""
    docs, problems = _documents(b, body.documents)
    unreadable = sum(1 for p in problems if p.skipped)
    todo, skipped = _unseen(b, docs)
    results: dict[int, models.IngestedDocument] = {
        i: models.IngestedDocument(id=docs[i].id, stored_as=stored_as, status=UNCHANGED,
                                   events=0, note=None if stored_as else "sent twice")
        for i, stored_as in skipped.items()}
    coded = iter(_code(b, todo)) if todo else iter(())
    entries = []
    positions = [i for i in range(len(docs)) if i not in skipped]
    for i, res in zip(positions, coded, strict=True):
        if res.error:
            problems.append(models.ProblemOut(record=res.document.id, problem=res.error,
                                              skipped=True))
            results[i] = models.IngestedDocument(id=res.document.id, stored_as=None,
                                                 status=FAILED, events=0, note=None)
            continue
        entries.append((i, Entry(res.document, res.events, res.n_sentences, res.tone,
                                 res.quotes)))
    with b.lock:
        outcomes = list(b.store.add_many(e for _, e in entries))
    for (i, entry), o in zip(entries, outcomes, strict=True):
        if o.error is not None:
            problems.append(models.ProblemOut(record=entry.document.id,
                                              problem=f"could not store: {o.error}",
                                              skipped=True))
        results[i] = models.IngestedDocument(
            id=entry.document.id, stored_as=o.doc_id if o.error is None else None,
            status=o.status, events=len(entry.events) if o.added else 0, note=o.note)
    documents = [results[i] for i in range(len(docs))]
    for i, stored_as in skipped.items():
        if stored_as is None:  # sent earlier in this request: stored where that one was
            first = next(j for j, d in enumerate(docs) if (d.id, d.text) == (docs[i].id,
                                                                             docs[i].text))
            documents[i].stored_as = documents[first].stored_as
    counts = {s: sum(d.status == s for d in documents) for s in (NEW, UNCHANGED, REPLACED)}
    failed = unreadable + sum(d.status == FAILED for d in documents)
    return models.IngestOut(received=len(body.documents), stored=counts[NEW] + counts[REPLACED],
                            failed=failed, events=sum(d.events for d in documents),
                            documents=documents, problems=problems, **counts)
