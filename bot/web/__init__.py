"""Web primitives shared by server-rendered pages (client dashboard, admin console).

Signed session cookies, CSRF tokens, password hashing, a login throttle, flash
messages and the base template. Nothing here knows about tenants or admins.
"""
