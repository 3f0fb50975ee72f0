"""Test support: stand-ins for the outside world and shared helpers."""

from __future__ import annotations

import os
import socket
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from agents.nlu.model import ModelFiles

REPO_ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def suite_model_files() -> ModelFiles:
    """The suite's shared folder of trained models and sentence vectors (tests/conftest.py):
    a test that retrains encodes only the texts no earlier training encoded."""
    from agents.nlu.model import ModelFiles

    return ModelFiles(Path(os.environ["MATCHBOT_MODEL_CACHE"]))
