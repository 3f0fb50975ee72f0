"""Numbered SQL migrations, the migration runner and row models."""
