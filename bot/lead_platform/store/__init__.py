"""The lead platform's repositories: clients, leads, actions, notes, learning records.

All SQL of the platform lives here as plain functions. Tenant functions expect to run
inside `bot.db.tenant_transaction` (RLS does the isolation); the few cross-tenant
lookups say so and expect `service_transaction`.
"""
