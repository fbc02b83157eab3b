"""The checkout root on ``sys.path`` in every folder, for ``bench`` and ``tests.commands``.

Being ``tests.conftest``, this loads the ``tests`` package before any test module does, so the
name stays this package even where a folder later puts ``generated/`` (whose ``tests`` is a
package too) first on the path.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = str(Path(__file__).resolve().parents[1])
if ROOT not in sys.path:  # --import-mode=importlib leaves sys.path alone
    sys.path.insert(0, ROOT)
