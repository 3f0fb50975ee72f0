"""The conversation page's shortlist embeds a member's search once, not at every visit."""

from __future__ import annotations

import psycopg

from bot.console import actions
from bot.core.db import open_pool
from bot.core.services import Services
from bot.core.settings import Settings
from bot.store import conversations as repo
from knowledge.embeddings import OfflineEmbeddings
from tests.bot.console.conftest import member


class CountingEmbeddings(OfflineEmbeddings):
    """The offline model, counting the texts it embeds."""

    texts: list[str]

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        self.texts = [*getattr(self, "texts", []), *texts]
        return super().embed_documents(texts)


def test_a_members_search_is_embedded_once(settings: Settings, db_url: str, conn: psycopg.Connection) -> None:
    lead_id = member(conn, "Je cherche une femme")
    conn.execute(
        """UPDATE leads SET looking_for_gender = 'female', preferred_age_min = 25, preferred_age_max = 40,
                  seeking_text = 'une femme douce et drôle, shortlist cache probe' WHERE id = %s""",
        (lead_id,),
    )
    embedder = CountingEmbeddings()
    services = Services(settings=settings, pool=open_pool(db_url, max_size=1), database_url=db_url,
                        embedder=embedder)
    try:
        lead = repo.get_lead(conn, lead_id)
        assert lead is not None
        first = actions.shortlist(conn, services, lead=lead)
        assert actions.shortlist(conn, services, lead=lead) == first
        assert len(embedder.texts) == 1
        conn.execute("UPDATE leads SET preferred_age_max = 45 WHERE id = %s", (lead_id,))
        changed = repo.get_lead(conn, lead_id)
        assert changed is not None
        actions.shortlist(conn, services, lead=changed)  # another search: embedded anew
        assert len(embedder.texts) == 2 and embedder.texts[0] != embedder.texts[1]
    finally:
        services.pool.close()
