"""The Growth Brain: each client's weekly analysis of its active leads, and the agency's own
over its members.

- `analysis.py`: `analyse_client` (figures from SQL aggregates, insights, one upserted
  `growth_brain` row) and `read_brain`; `scores.py` the documented formulas (sentiment,
  engagement, trends, forecast); `brain.py` what a Brain holds;
- `rules.py` (offline) and `writer.py` (the model, through the `growth_insights` prompt and
  the translation service) write the insights; `figures.py` checks that every figure
  quoted is a computed one;
- `jobs.py`: the weekly `intelligence_analysis` job, one per active client, and the
  dashboard's "Analyse now";
- `agency.py`: what the agency's members ask, where qualification stalls, which profiles
  draw interest (the console's page); `charts.py`: the pages' bars and columns.
"""

from bot.lead_platform.intelligence.analysis import UnknownClient, analyse_client, read_brain
from bot.lead_platform.intelligence.brain import Brain

__all__ = ["Brain", "UnknownClient", "analyse_client", "read_brain"]
