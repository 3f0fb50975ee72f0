"""Who the copilot works for in one request: the tenant, the signed-in session, the reader's language.

The graph gets it as its runtime context (LangGraph passes it to the model node and, through
`ToolRuntime`, to every tool), so tools never see a tenant the request did not sign in as:
every query of theirs runs in `tenant()`, under Row Level Security, whatever ids the model
passes.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Literal

from agents.privacy import MASK, PHONE, NameIndex, guard_text
from bot.core.connections import Conn
from bot.core.db import service_transaction, tenant_transaction
from bot.core.services import Services
from bot.lead_platform.store.copilot import Action

Scope = Literal["client", "agency"]  # a client's dashboard, or the agency's console (plus its members)
# How long a prepared change waits for its confirmation.
PENDING_LIFETIME = timedelta(minutes=10)


@dataclass
class Workspace:
    """One chat request's tenant and reader; `proposed` collects the changes its tools prepared."""

    services: Services
    client_id: uuid.UUID
    session_id: bytes
    actor: str  # who confirms: written as performed_by in lead_actions
    language: str
    scope: Scope
    name: str  # the business, as the prompt names it
    proposed: list[Action] = field(default_factory=list)
    # Every profile's surname, loaded by the first tool that reads members' conversations.
    names: NameIndex | None = None

    @contextmanager
    def tenant(self) -> Iterator[Conn]:
        """A transaction as this tenant (RLS)."""
        with self.services.pool.connection() as conn, tenant_transaction(conn, self.client_id):
            yield conn

    @contextmanager
    def service(self) -> Iterator[Conn]:
        """A transaction as the service (the agency's members, logs, shared translations)."""
        with self.services.pool.connection() as conn, service_transaction(conn):
            yield conn

    def now(self) -> datetime:
        return self.services.clock()

    def mask(self, text: str) -> str:
        """Text a tool or the model wrote, as the reader may see it: no phone number, and once
        members' conversations were read, no profile surname or e-mail address either."""
        if self.names is not None:
            return guard_text(text, names=self.names, allowed_numbers=set()).text
        return PHONE.sub(MASK, text)
