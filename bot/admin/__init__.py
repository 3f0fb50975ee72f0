"""The admin console under /admin: inbox and takeover, catalogue, knowledge base, contact
requests and payments, analytics, configuration and the WhatsApp simulator.

Entry points other packages use: `router` (bot/app.py), `job_handlers` (bot/jobs.py),
`ensure_first_admin` (the app's lifespan) and `admin_app` (bot/cli.py).
"""
