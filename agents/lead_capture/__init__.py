"""Lead capture agent: enrich form leads (offline rules or a structured LLM call) and
write the personalised auto-reply. Job handlers: `job_handlers(services)`."""

from agents.lead_capture.jobs import job_handlers

__all__ = ["job_handlers"]
