"""The learning loop end to end: leads enriched (rules and a real SDK against the scripted LLM),
clients correct some in the dashboard and through the API, the `learning_feedback` job scores and
applies them, and the accuracy the activity page shows is the expected one; run again, nothing
changes; an outcome undone after it was applied is counted once, as it now is. Then the whole
loop: outcomes decide an A/B test of the analysis prompt and change the Growth Brain."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest
from fastapi.testclient import TestClient
from langchain_core.embeddings import FakeEmbeddings
from psycopg_pool import ConnectionPool

from bot.core.chat_model import make_chat_model
from bot.core.db import open_pool, service_transaction
from bot.core.services import Services
from bot.core.settings import Settings
from bot.core.worker import Worker
from bot.lead_platform.enrichment.prompts import LEAD_ANALYSIS
from bot.lead_platform.intelligence import analyse_client
from bot.lead_platform.jobs import job_handlers
from bot.lead_platform.learning import JOB
from bot.prompts import abtests, registry
from bot.prompts.jobs import check_tests
from tests.bot.lead_platform.dashboard.test_dashboard import csrf_of, sign_in
from tests.bot.lead_platform.leadkit import Tenant, post_lead
from tests.support.llm_server import LLMServer, ScriptedLLM

# Messages whose offline reading is known (tests/bot/lead_platform/enrichment/test_enrichment.py).
RULES_READ = {
    "relation": ("Bonjour, je cherche une relation sérieuse, quels sont vos tarifs ?", "Matchmaking inquiry", "Moyenne"),
    "booking": ("Hi, I'd like to book an appointment next week.", "Appointment booking", "Moyenne"),
    "refund": ("C'est inacceptable, je veux être remboursé tout de suite !", "Refund request", "Élevée"),
    "cancel": ("I want to cancel my membership and unsubscribe.", "Cancellation request", "Moyenne"),
    "seo": ("Nous proposons nos services SEO et backlinks pour votre site.", "Spam", "Faible"),
    "untouched": ("Je veux annuler mon abonnement", "Cancellation request", "Moyenne"),
}
LLM_READ = {"summary": "Wants a quote for a team event.", "intent": "Quote request", "tone": "Professional",
            "urgency": "Moyenne", "confidence": 0.7, "language": "en"}


@pytest.fixture
def pool(db_url: str) -> Iterator[ConnectionPool]:
    p = open_pool(db_url, max_size=4)
    yield p
    p.close()


def worker(pool: ConnectionPool, settings: Settings, db_url: str, chat_model: Any = None) -> Worker:
    services = Services(settings=settings, pool=pool, database_url=db_url, embedder=FakeEmbeddings(size=8),
                        chat_model=chat_model)
    return Worker(pool, job_handlers(services), database_url=db_url)


def run_learning_job(conn: psycopg.Connection, runner: Worker) -> list[dict[str, Any]]:
    """The periodic job, made due now, run from the queue; what each run returned."""
    conn.execute("UPDATE queue_jobs SET run_at = now() WHERE job_type = %s AND status = 'pending'", (JOB,))
    runner.drain(max_wait=0.5)
    done = conn.execute("SELECT result FROM queue_jobs WHERE job_type = %s AND status = 'completed' "
                        "ORDER BY completed_at", (JOB,)).fetchall()
    pending = conn.execute("SELECT run_at > now() + interval '10 minutes' AS later FROM queue_jobs "
                           "WHERE job_type = %s AND status = 'pending'", (JOB,)).fetchall()
    assert pending == [{"later": True}]  # the next run is scheduled, once
    return [r["result"] for r in done]


def prediction(conn: psycopg.Connection, lead_id: str) -> dict[str, Any]:
    row = conn.execute("SELECT * FROM feedback_tracking WHERE lead_id = %s AND action_type = 'system_performance'",
                       (lead_id,)).fetchone()
    assert row is not None
    return row


def accuracy_rows(conn: psycopg.Connection, client_id: uuid.UUID) -> dict[tuple[str, str, str], tuple[int, int]]:
    """(day, dimension, key) -> (correct, judged) of a client's accuracy rows."""
    rows = conn.execute("SELECT metadata, ai_accuracy FROM performance_metrics WHERE client_id = %s "
                        "AND source_component = 'learning_feedback'", (client_id,)).fetchall()
    found = {}
    for r in rows:
        m = r["metadata"]
        assert float(r["ai_accuracy"]) == round(m["correct"] / m["judged"], 3)
        found[(m["day"], m["dimension"], m["key"])] = (m["correct"], m["judged"])
    return found


def accuracy_table(page: str) -> str:
    start = page.index('id="accuracy"')
    return page[start:page.index("</table>", start)]


def test_clients_corrections_become_the_accuracy_they_read(
    api: TestClient, alpha: Tenant, beta: Tenant, pool: ConnectionPool, lead_settings: Settings, db_url: str,
    conn: psycopg.Connection,
) -> None:
    # 1. Predictions: six of alpha's leads read by the rules.
    leads = {key: post_lead(api, alpha, message=text).json()["lead_id"] for key, (text, _, _) in RULES_READ.items()}
    offline = worker(pool, lead_settings, db_url)
    offline.drain()
    for key, (_, intent, urgency) in RULES_READ.items():
        row = prediction(conn, leads[key])
        context = row["context_data"]
        assert (context["kind"], context["engine"], context["prediction"]["intent"],
                context["prediction"]["urgency"]) == ("lead_analysis", "rules", intent, urgency)
        assert (row["outcome"], row["learning_impact"], row["learning_applied"]) == ("neutral", None, False)
    # The spam lead was read eight days ago: it counts in last week's column.
    conn.execute("UPDATE feedback_tracking SET created_at = created_at - interval '8 days' WHERE lead_id = %s",
                 (leads["seo"],))

    # ...and one of beta's read by a model through the real OpenAI SDK (the registry's prompt).
    with LLMServer(ScriptedLLM(structured=[LLM_READ])) as server:
        llm_settings = Settings(_env_file=None, environment="test", database_url=db_url,  # type: ignore[call-arg]
                                chat_provider="openai", embedding_provider="offline", openai_api_key="sk-test",
                                openai_base_url=server.base_url)
        quote = post_lead(api, beta, message="We need a quote for a team event.", language="en").json()["lead_id"]
        worker(pool, lead_settings, db_url, make_chat_model(llm_settings)).drain()
    llm_row = prediction(conn, quote)
    assert (llm_row["context_data"]["engine"], llm_row["context_data"]["model"]) == ("llm", "gpt-4o-mini")
    assert llm_row["context_data"]["prompt"]["variant_id"] == "lead_analysis-v1"
    call = conn.execute("SELECT id, feedback_id FROM prompt_performance WHERE subject = %s",
                        (f"lead:{quote}",)).fetchone()
    assert call["feedback_id"] == llm_row["id"]

    # 2. Outcomes: alpha's client in the dashboard, its server through the API; beta's through the API.
    assert sign_in(api, alpha)[0] == 303
    page = api.get(f"/dashboard/leads/{leads['relation']}").text
    assert 'id="correct-analysis"' in page
    api.post(f"/dashboard/leads/{leads['relation']}/analysis",  # the intent was wrong, the urgency kept
             data={"csrf_token": csrf_of(page), "intent": "Pricing request", "urgency": "Moyenne"})
    api.post(f"/dashboard/leads/{leads['booking']}/convert", data={"csrf_token": csrf_of(page)})
    api.post(f"/dashboard/leads/{leads['seo']}/state", data={"csrf_token": csrf_of(page), "action": "archived"})
    h = alpha.secret_headers
    assert api.patch(f"/api/leads/{leads['refund']}", json={"urgency": "Moyenne", "performed_by": "marie"},
                     headers=h).json()["lead"]["urgency"] == "Moyenne"
    assert api.post(f"/api/leads/{leads['cancel']}/tag", json={"tag": "Lead Froid"}, headers=h).status_code == 200
    assert api.patch(f"/api/leads/{quote}", json={"urgency": "Élevée"}, headers=beta.secret_headers).status_code == 200
    # Bad input names the field; another client's lead is not there.
    refused = api.patch(f"/api/leads/{leads['cancel']}", json={"intent": "Buy now"}, headers=h)
    assert refused.status_code == 422 and refused.json()["detail"][0]["loc"] == ["body", "intent"]
    assert api.patch(f"/api/leads/{quote}", json={"urgency": "Faible"}, headers=h).status_code == 404
    bad_form = api.post(f"/dashboard/leads/{leads['cancel']}/analysis",
                        data={"csrf_token": csrf_of(page), "urgency": "Urgent!"})
    assert bad_form.status_code == 422 and "urgency" in bad_form.text

    scored = {key: prediction(conn, lead_id) for key, lead_id in leads.items()}
    assert {k: (r["outcome"], r["impact_score"]) for k, r in scored.items()} == {
        "relation": ("negative", -100), "booking": ("positive", 50), "refund": ("negative", 0),
        "cancel": ("negative", 0), "seo": ("positive", 50), "untouched": ("neutral", None)}
    relation = scored["relation"]
    assert relation["context_data"]["evidence"]["intent"]["actual"] == "Pricing request"
    assert float(relation["learning_impact"]) == float(relation["confidence_score"])  # sure and wrong
    assert "Intention fausse : prédit Matchmaking inquiry, en réalité Pricing request" in relation["notes_fr"]
    journal = conn.execute("SELECT action_type FROM lead_actions WHERE lead_id = %s ORDER BY timestamp",
                           (leads["relation"],)).fetchall()
    assert [a["action_type"] for a in journal] == ["created", "intent_corrected"]

    # 3. The job applies them, each client under its own tenant.
    runner = worker(pool, lead_settings, db_url)
    first = run_learning_job(conn, runner)
    assert first[-1]["clients"][str(alpha.client_id)]["predictions"] == 5
    assert first[-1]["clients"][str(beta.client_id)] == {"predictions": 1, "days": 1, "metric_rows": 2,
                                                          "prompt_calls": 1}
    today, eight_days_ago = (str(d["d"]) for d in conn.execute(
        "SELECT (now() AT TIME ZONE 'UTC')::date AS d UNION ALL "
        "SELECT ((now() - interval '8 days') AT TIME ZONE 'UTC')::date").fetchall())
    expected_alpha = {(today, "intent", "all"): (1, 2), (today, "urgency", "all"): (1, 3),
                      (eight_days_ago, "intent", "all"): (1, 1)}
    assert accuracy_rows(conn, alpha.client_id) == expected_alpha
    assert accuracy_rows(conn, beta.client_id) == {(today, "urgency", "all"): (0, 1),
                                                   (today, "prompt", "lead_analysis-v1"): (0, 1)}
    assert float(conn.execute("SELECT accuracy_score FROM prompt_performance WHERE id = %s",
                              (call["id"],)).fetchone()["accuracy_score"]) == 0.5
    applied = conn.execute("SELECT count(*) FILTER (WHERE learning_applied AND processed_at IS NOT NULL) AS done, "
                           "count(*) FILTER (WHERE NOT learning_applied) AS waiting FROM feedback_tracking "
                           "WHERE action_type = 'system_performance'").fetchone()
    assert (applied["done"], applied["waiting"]) == (6, 1)  # the untouched lead was never judged
    table = accuracy_table(api.get("/dashboard/activity").text)
    assert "50 % (2)" in table and "100 % (1)" in table and "33 % (3)" in table and "—" in table

    # 4. Run again: nothing to do, the same figures.
    assert run_learning_job(conn, runner)[-1]["clients"] == {}
    assert accuracy_rows(conn, alpha.client_id) == expected_alpha

    # 5. The conversion is reverted after it was applied: it no longer counts, and nothing twice.
    assert api.post(f"/api/leads/{leads['booking']}/revert", json={"reason": "Cancelled the visit"},
                    headers=h).status_code == 200
    booking = prediction(conn, leads["booking"])
    assert (booking["outcome"], float(booking["learning_impact"]), booking["learning_applied"]) == (
        "neutral", 0.0, False)
    run_learning_job(conn, runner)
    assert accuracy_rows(conn, alpha.client_id) == {(today, "intent", "all"): (0, 1),
                                                    (today, "urgency", "all"): (0, 2),
                                                    (eight_days_ago, "intent", "all"): (1, 1)}
    table = accuracy_table(api.get("/dashboard/activity").text)
    assert "0 % (1)" in table and "0 % (2)" in table


TREATMENT_MARK = "Quote requests ask for a price for a defined job."


def test_the_loop_closes_outcomes_promote_the_better_prompt_and_change_the_growth_brain(
    api: TestClient, alpha: Tenant, pool: ConnectionPool, lead_settings: Settings, db_url: str,
    conn: psycopg.Connection,
) -> None:
    """Predictions → the client's outcomes → scores → the weekly analysis reads the corrected
    leads → the A/B test between two versions of the analysis prompt promotes the one the
    outcomes proved right."""
    # A treatment version of the analysis prompt, tested against the active one on 20 leads a side.
    with service_transaction(conn):
        control = registry.get_active(conn, LEAD_ANALYSIS.name)
        assert control is not None
        registry.add_version(conn, name=LEAD_ANALYSIS.name, text=control.text + "\n- " + TREATMENT_MARK,
                             by="boss")
        test = abtests.start_test(conn, name=LEAD_ANALYSIS.name, version=control.version + 1, by="boss",
                                  min_sample_size=8)

    def model(body: dict[str, Any]) -> dict[str, Any]:
        """The control reads every quote request as a booking; the treatment reads it right."""
        right = any(TREATMENT_MARK in str(m.get("content")) for m in body["messages"])
        return {**LLM_READ, "intent": "Quote request" if right else "Appointment booking", "confidence": 0.8,
                "language": "fr"}

    script = ScriptedLLM(responder=model)
    with LLMServer(script) as server:
        llm_settings = Settings(_env_file=None, environment="test", database_url=db_url,  # type: ignore[call-arg]
                                chat_provider="openai", embedding_provider="offline", openai_api_key="sk-test",
                                openai_base_url=server.base_url)
        chat_model = make_chat_model(llm_settings)
        leads = [post_lead(api, alpha, message=f"Bonjour, il me faut un devis pour {n} invités.").json()["lead_id"]
                 for n in range(40)]
        runner = worker(pool, lead_settings, db_url, chat_model)
        runner.drain()
    arm_of = ("SELECT p.subject, p.accuracy_score, CASE WHEN r.variant_version = %s THEN 'control' "
              "ELSE 'treatment' END AS arm FROM prompt_performance p "
              "JOIN prompt_registry r ON r.id = p.prompt_registry_id WHERE r.prompt_name = 'lead_analysis'")
    arms = {r["subject"].removeprefix("lead:"): r["arm"] for r in conn.execute(arm_of, (control.version,))}
    assert sorted(arms) == sorted(leads) and min(list(arms.values()).count(a) for a in ("control", "treatment")) >= 8
    before = analyse_client(conn, alpha.client_id)
    assert {s.intent: s.leads for s in before.top_intents} == {
        "Appointment booking": list(arms.values()).count("control"),
        "Quote request": list(arms.values()).count("treatment")}

    # Outcomes: the client corrects each misread lead, and converts those read right.
    for lead_id, arm in arms.items():
        if arm == "control":
            assert api.patch(f"/api/leads/{lead_id}", json={"intent": "Quote request"},
                             headers=alpha.secret_headers).status_code == 200
        else:
            assert api.post(f"/api/leads/{lead_id}/convert", json={}, headers=alpha.secret_headers).status_code == 200
    run_learning_job(conn, worker(pool, lead_settings, db_url))
    scores: dict[str, set[float]] = {}
    for r in conn.execute(arm_of, (control.version,)):
        scores.setdefault(r["arm"], set()).add(float(r["accuracy_score"]))
    assert scores == {"control": {0.0}, "treatment": {1.0}}

    # The weekly analysis now reads the corrected leads.
    after = analyse_client(conn, alpha.client_id)
    assert [(s.intent, s.leads) for s in after.top_intents] == [("Quote request", 40)]

    # The A/B test concludes on those outcomes: the treatment wins and is promoted.
    services = Services(settings=lead_settings, pool=pool, database_url=db_url, embedder=FakeEmbeddings(size=8))
    decided = check_tests(services)["concluded"]
    assert decided == [{"test": str(test.id), "prompt": "lead_analysis", "outcome": "winner", "winner": "treatment"}]
    with service_transaction(conn):
        active = registry.get_active(conn, LEAD_ANALYSIS.name)
    assert active is not None and TREATMENT_MARK in active.text
