"""Web primitives shared by server-rendered pages (client dashboard, admin console).

Signed session cookies backed by revocable server-side sessions, CSRF tokens, password
hashing, a login throttle, flash messages and the base template. Nothing here knows about
tenants or admins beyond whose session a row is.

Using them for a new web area (see bot/dashboard for a complete example):

- `SessionManager(secret, cookie_name="mb_admin", path="/admin", max_age=..., idle=...,
  secure=production)`, one per app (keep it on app.state); `.load(request)` gives the
  `Session`, `.commit(request, response)` writes it back when it changed. Signing in is
  `.sign_in(conn, request, admin_id=... | client_id=...)`, and who is signed in is
  `.live(conn, request)` (None once logged out, revoked, expired or idle); `.sign_out`
  ends it; `bot.store.sessions.revoke_account` ends an account's sessions.
- `csrf.csrf_token(session)` for the hidden `csrf_token` field (macro `csrf` in
  macros.html); check every POST with `csrf.csrf_valid(session, submitted)`; call
  `csrf.rotate(session)` after signing in.
- `passwords.hash_password` / `verify_password` (argon2id; a missing hash costs the
  same time) / `needs_rehash`.
- `LoginThrottle(free_attempts=5, account_free_attempts=50, max_delay=300)`:
  `wait_seconds(account, ip)` before checking a password, then `failure(...)` or
  `success(...)`; slows the address first, the account only much later.
- `flash.flash(session, text, level)` and `flash.pop_flashes(session)` for the page.
- `templating.make_templates(folder)`: templates extending "base.html" (blocks title,
  brand, nav, content; variables lang, flashes) with /web-static/style.css.
- Templates carry no inline script, style attribute or event handler: `headers.SecurityHeaders`
  serves the console and the dashboard under a Content-Security-Policy that forbids them
  (put behaviour in a static .js file, looks in a CSS class).
- `text_guard.refuse_unstorable_text` (app-wide) answers 422 for a NUL or lone surrogate in
  any path, query, form or JSON field; mark a field holding a member's own words with
  `text_guard.member_words(...)` and clean it where it is stored instead.
"""
