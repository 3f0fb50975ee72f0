"""The lead platform's commands: `matchbot clients`, `matchbot prospects`, `matchbot campaigns`."""

from bot.lead_platform.cli.campaigns import campaigns_app
from bot.lead_platform.cli.clients import clients_app, prospects_app

__all__ = ["campaigns_app", "clients_app", "prospects_app"]
