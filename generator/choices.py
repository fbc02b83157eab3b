"""Values the command line offers, kept apart so parsing arguments imports no stage."""

from __future__ import annotations

DIFF_FORMATS = ("text", "markdown", "json")
DOCS_FLAVORS = ("python", "ruby")
