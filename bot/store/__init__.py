"""SQL repositories of the agency's records, returning typed rows.

`conversations` (members and their messages), `inbound` (the webhooks' one-statement
ingest), `contacts` (contact requests and payments), `configuration`, `logs` (logs and
agent_logs), `memory` (a lead's checkpoint thread and chat-memory session), `retention`
(pruning), `erasure` (`forget`: a member erased everywhere), `sessions` (the console's and
the dashboard's server-side sessions), `member_insights` (the members' aggregates the agency's
Growth Brain reads).
"""
