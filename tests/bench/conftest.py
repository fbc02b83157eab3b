"""The benchmark package lives at the repository root, outside the installed ``generator``."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = str(Path(__file__).resolve().parents[2])
if ROOT not in sys.path:  # --import-mode=importlib leaves sys.path alone
    sys.path.insert(0, ROOT)
