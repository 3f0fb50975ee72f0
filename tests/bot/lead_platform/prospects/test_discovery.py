"""Discovery runs: at least the daily number of new prospects, never a known website, continuing where
the last run stopped; each client's prospects its own (RLS)."""

from __future__ import annotations

from bot.core.connections import Conn
from bot.core.db import tenant_transaction
from bot.lead_platform.prospects.discovery import SITE_FACTS_JOB, discover
from bot.lead_platform.prospects.pdl import PdlClient, PdlProvider
from bot.lead_platform.prospects.website_list import WebsiteListProvider
from bot.lead_platform.store import prospects as repo
from bot.lead_platform.store.prospects import NewProspect
from tests.bot.lead_platform.leadkit import make_tenant
from tests.support.pdl_server import PdlServer, company


def _websites(conn: Conn, client_id: object) -> list[str]:
    with tenant_transaction(conn, client_id):  # type: ignore[arg-type]
        return [r["website"] for r in conn.execute("SELECT website FROM prospect_candidates ORDER BY created_at")]


def test_pdl_discovery_adds_the_daily_number_without_duplicates(db_url: str, conn: Conn) -> None:
    alpha, beta = make_tenant(db_url, "alpha"), make_tenant(db_url, "beta")
    with tenant_transaction(conn, alpha.client_id):  # three of PDL's companies are already alpha's prospects
        for n in (0, 2, 4):
            repo.add_prospect(conn, client_id=alpha.client_id,
                              prospect=NewProspect(business_name=f"Known {n}", website=f"http://www.cabinet{n}.example"))
    with PdlServer([company(n) for n in range(40)]) as server:
        def provider(count: int) -> PdlProvider:
            return PdlProvider(PdlClient(api_key="pdl-test-key", base_url=server.base_url), count=count,
                               industries={"dental practice": 50}, countries=["france"], sizes=["1-10"])

        first = discover(conn, client_id=alpha.client_id, provider=provider(16), count=16)
        assert (len(first.added), first.duplicates, first.error) == (16, 3, None)
        second = discover(conn, client_id=alpha.client_id, provider=provider(16), count=16)
        assert (len(second.added), second.duplicates) == (16, 0)
        # The second run continued from the first one's scroll token instead of starting over.
        assert server.requests[-1]["params"].get("scroll_token")
        other = discover(conn, client_id=beta.client_id, provider=provider(5), count=5)
        assert len(other.added) == 5  # the same websites may be another client's prospects too

    websites = _websites(conn, alpha.client_id)
    assert len(websites) == 3 + 32 and len({w.replace("www.", "").split("//")[1] for w in websites}) == 35
    assert len(_websites(conn, beta.client_id)) == 5
    with tenant_transaction(conn, alpha.client_id):
        runs = conn.execute("SELECT provider, requested, added, duplicates, status, cursors "
                            "FROM prospect_discovery_runs ORDER BY started_at").fetchall()
        scores = {r["automation_need_score"] for r in conn.execute(
            "SELECT automation_need_score FROM prospect_candidates WHERE metadata ->> 'source' = 'pdl'")}
    assert [(r["added"], r["duplicates"], r["status"]) for r in runs] == [(16, 3, "completed"), (16, 0, "completed")]
    assert runs[1]["cursors"]["dental practice"]
    assert scores == {70}  # nothing known yet but the name: the middle of 45-95
    jobs = conn.execute("SELECT count(*) AS n FROM queue_jobs WHERE job_type = %s", (SITE_FACTS_JOB,)).fetchone()
    assert jobs["n"] == 16 + 16 + 5


def test_a_list_of_websites_is_worked_through_a_day_at_a_time(db_url: str, conn: Conn) -> None:
    alpha = make_tenant(db_url, "alpha")
    lines = ["https://www.boulangerie-durand.fr", "not a website", "boulangerie-durand.fr/"] + \
            [f"shop{n}.example" for n in range(8)]
    first = discover(conn, client_id=alpha.client_id, provider=WebsiteListProvider(lines), count=4)
    second = discover(conn, client_id=alpha.client_id, provider=WebsiteListProvider(lines), count=4)
    assert (len(first.added), first.duplicates) == (4, 1) and len(second.added) == 4
    assert sorted(_websites(conn, alpha.client_id)) == \
        ["https://shop0.example", "https://shop1.example", "https://shop2.example", "https://shop3.example",
         "https://shop4.example", "https://shop5.example", "https://shop6.example", "https://www.boulangerie-durand.fr"]
    with tenant_transaction(conn, alpha.client_id):
        named = conn.execute("SELECT business_name, metadata FROM prospect_candidates "
                             "WHERE website LIKE '%%durand%%'").fetchone()
    assert named["business_name"] == "Boulangerie Durand" and named["metadata"]["name_source"] == "domain"
    # The list read to its end is read again once: only what is new is added (nothing here).
    last = discover(conn, client_id=alpha.client_id, provider=WebsiteListProvider(lines), count=4)
    assert len(last.added) == 1 and len(_websites(conn, alpha.client_id)) == 9
