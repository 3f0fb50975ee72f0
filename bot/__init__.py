"""Matchbot service shell: settings, database, app factory, CLI, channels and the job worker."""
