"""The client dashboard: each client's users log in and manage their own leads (RLS-scoped)."""
