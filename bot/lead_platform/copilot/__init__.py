"""The Growth Copilot: the platform's tools as a LangGraph tool-calling agent, as a chat in the
client dashboard and, for the agency, in the console.

`tools` and `member_tools` wrap what the dashboard, the lead API and outreach already do
(LangChain tools, typed arguments, run as the request's tenant under RLS); `graph` binds
them to the configured chat model; `actions` keeps every change waiting for the user's
confirmation; `audit` logs every tool call in agent_logs; `chat` is what the pages call.
"""
