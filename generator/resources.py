"""Where the installed package keeps its own files: its code and its shipped templates."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

# The folder of the oapigen package (the checkout's generator/ folder in an editable install).
PACKAGE_DIR = Path(__file__).resolve().parent


def shipped_templates() -> Path:
    """The folder of the templates shipped as package data (the checkout's templates/ folder)."""
    return Path(str(resources.files("oapigen.templates")))
