"""Web primitives shared by server-rendered pages (client dashboard, admin console).

Signed session cookies, CSRF tokens, password hashing, a login throttle, flash
messages and the base template. Nothing here knows about tenants or admins.

Using them for a new web area (see bot/dashboard for a complete example):

- `SessionManager(secret, cookie_name="mb_admin", path="/admin", secure=production)`,
  one per app (keep it on app.state); `.load(request)` gives the `Session`,
  `.commit(request, response)` writes it back when it changed.
- `csrf.csrf_token(session)` for the hidden `csrf_token` field (macro `csrf` in
  macros.html); check every POST with `csrf.csrf_valid(session, submitted)`; call
  `csrf.rotate(session)` after signing in.
- `passwords.hash_password` / `verify_password` (argon2id; a missing hash costs the
  same time) / `needs_rehash`.
- `LoginThrottle(free_attempts=5, max_delay=300)`: `wait_seconds(account, ip)` before
  checking a password, then `failure(...)` or `success(...)`.
- `flash.flash(session, text, level)` and `flash.pop_flashes(session)` for the page.
- `templating.make_templates(folder)`: templates extending "base.html" (blocks title,
  brand, nav, content; variables lang, flashes) with /web-static/style.css.
"""
