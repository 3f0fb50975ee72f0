"""The lead platform: business web forms post leads, AI enriches them, clients manage them.

Its own layers, top to bottom (an import-linter contract keeps them so):

- `api/` (`POST /api/lead`, the `/api/leads` management API), `dashboard/` (the
  client's pages under /dashboard), `cli.py` (`matchbot clients`), `jobs.py` (enrich,
  auto-reply, form lead into WhatsApp);
- `form_entry.py`: a form lead with a phone and consent enters the WhatsApp conversation;
- `enrichment/`: the lead-capture agent (offline rules or one structured LLM call, the
  auto-reply text);
- `intelligence/`: the Growth Brain (each client's weekly analysis of its leads, the
  agency's of its members), beside `enrichment/`, `outreach/` and `prospects/`;
- `store/`: the platform's SQL repositories (tenant transactions, RLS does isolation).
"""
