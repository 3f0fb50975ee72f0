"""The admin console under /admin: inbox and takeover, catalogue, knowledge base, contact
requests and payments, analytics, configuration and the WhatsApp simulator.

Entry points other packages use: `routes.router` (bot/app.py), `jobs.job_handlers`
(bot/jobs.py), `users.ensure_first_admin` (the app's lifespan) and `cli.admin_app`
(bot/cli.py).

Decisions worth knowing:
- Take over sets `leads.assigned_admin_id` and `human_since` and leaves `status` alone
  (Lead.with_human is already true); an admin who replies takes the conversation too.
  Release clears both, ends a "waiting for a human" state and sets the status back to
  `prospect_qualifie` or `nouveau_lead`. `auto_release` (every minute) releases a
  conversation whose admin has neither taken it nor written for
  `configuration.auto_release_minutes` (0 = never).
- Admin messages are outbound rows (sender 'admin', purpose 'admin') delivered by the
  same `deliver_message` job as the bot's: the channel layer applies the 24-hour window
  and the 'admin' template, and records refusals on the row, which the thread shows.
- `analytics_daily` recomputes yesterday's and today's rows every hour (upserts); the
  analytics page can recompute the last 30 days.
- Teaching the bot (routes_understanding.py): every member message has "Mal compris ?",
  showing how the bot read it (`metadata.reading`, stored by its turn) and taking what it
  meant; that is a training example (`understanding_examples`, one per message, corrected
  in place) and schedules one `train_understanding` job (dedup key `console`, 30 s later,
  so a run of corrections trains once). A handoff for `not_understood` is recorded by a
  trigger (migration 0010) in `understanding_reviews`: the conversation is "À revoir"
  until an admin marks it reviewed, whatever happens to the lead meanwhile (a release
  clears `handoff_reason`, not the review).
- Accounts: argon2id hashes, a signed HttpOnly SameSite=Lax cookie scoped to /admin,
  CSRF on every POST, failures slowed per address (in process) and per account (in
  the database, so across processes). Role `agent` cannot open configuration or
  accounts. The embedded default's first start creates admin@matchbot.local with a
  one-time password printed on the console, to be changed at first login.
"""
