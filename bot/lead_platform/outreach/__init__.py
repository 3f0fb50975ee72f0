"""Outreach: campaigns, their e-mails, tracking and the addresses replies come back to."""
