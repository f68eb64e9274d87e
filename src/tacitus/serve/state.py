"""What the application holds while it runs: the store, the token and the coding settings."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from fastapi import HTTPException, Request

from tacitus.config import Settings
from tacitus.store import Store

T = TypeVar("T")


@dataclass
class Backend:
    """One store shared by all requests. Its connection is used by one request at a time
    (`lock`); coding runs one request at a time too (`code_lock`), the parser being the cost."""

    store: Store
    token: str | None = None
    settings: Settings = field(default_factory=Settings)
    lock: threading.Lock = field(default_factory=threading.Lock)
    code_lock: threading.Lock = field(default_factory=threading.Lock)

    def read(self, fn: Callable[[Store], T]) -> T:
        """Run `fn(store)` under the store lock; a ValueError (a bad filter) becomes a 400."""
        with self.lock:
            try:
                return fn(self.store)
            except ValueError as exc:
                raise HTTPException(400, str(exc)) from None


def backend(request: Request) -> Backend:
    """FastAPI dependency: the application's `Backend`."""
    return request.app.state.backend
