"""The outreach agent: one e-mail for one recipient of a campaign, researched, drafted, checked.

research → draft → check → decide, a LangGraph graph (graph.py). Research turns the
recipient's row (a prospect's site facts and latest contact-form test, or a lead's
enquiry) into facts; draft fills the campaign's template in the recipient's language,
with a first paragraph written from those facts (by the chat model when one is
configured, from the facts' own sentences otherwise); check refuses invented facts,
links the campaign did not give, attachments, spam wording and excess length (a
model's paragraph that fails goes back to draft once, written from the facts); decide
leaves the draft for the client's approval, approves it when the campaign sends without
approval, or rejects it with the check's reasons. Each step is an agent_logs entry.
"""
