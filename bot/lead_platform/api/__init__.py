"""The lead API: `intake` (POST /api/lead from web forms) and `manage` (/api/leads)."""
