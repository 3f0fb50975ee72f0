"""Tests of the offline language understanding (agents/nlu)."""

# The demo catalogue's cities, as the graph passes them in.
CITIES = (
    "Yaoundé", "Douala", "Montréal", "Abidjan", "Paris", "Dakar", "Libreville", "Bruxelles",
    "Kinshasa", "Lomé", "Cotonou", "Québec", "Genève", "Lyon", "Bafoussam",
)
