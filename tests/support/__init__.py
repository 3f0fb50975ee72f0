"""Test support: stand-ins for the outside world and shared helpers."""

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
