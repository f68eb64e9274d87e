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


@router.post("/ingest", response_model=models.IngestOut, responses=REFUSED)
def ingest(body: models.IngestIn, b: Writer) -> Any:
    """Code documents and store them, with the checks of `tacitus ingest`: bad records are
    reported in `problems` and skipped, the others are stored. A document already stored with
    the same text is left as it is; one with the same id and other text is replaced."""
    docs, problems = _documents(b, body.documents)
    counts = {"stored": 0, "unchanged": 0, "events": 0,
              "failed": sum(1 for p in problems if p.skipped)}
    entries = []
    for res in _code(b, docs):
        if res.error:
            counts["failed"] += 1
            problems.append(models.ProblemOut(record=res.document.id, problem=res.error,
                                              skipped=True))
            continue
        entries.append(Entry(res.document, res.events, res.n_sentences, res.tone, res.quotes))
    with b.lock:
        for o in b.store.add_many(entries):
            if o.error is not None:
                counts["failed"] += 1
                problems.append(models.ProblemOut(record=o.entry.document.id,
                                                  problem=f"could not store: {o.error}",
                                                  skipped=True))
            elif o.added:
                counts["stored"] += 1
                counts["events"] += len(o.entry.events)
            else:
                counts["unchanged"] += 1
    return models.IngestOut(received=len(body.documents), problems=problems, **counts)
