"""The lead-capture agent: enrich form leads (offline rules or one structured LLM call) and
write the personalised auto-reply. The jobs that run it are in `bot/lead_platform/jobs.py`."""
