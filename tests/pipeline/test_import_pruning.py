"""The format stage drops the imports a rendered module does not use (ruff F401, TC005, I)."""

from __future__ import annotations

from pathlib import Path

import pytest

from oapigen.format import TARGET, Formatting, format_files
from oapigen.format.ruff import fix_texts


def test_a_name_used_only_in_a_docstring_or_comment_is_dropped() -> None:
    text = (
        "from dataclasses import dataclass, field\n"
        "from typing import Any, Literal\n"
        "import json\n\n"
        "__all__ = ['f']\n\n\n"
        "@dataclass\n"
        "class A:\n"
        "    # every field is set one by one\n"
        "    x: int = 0\n\n\n"
        'def f() -> Literal[\'"""\']:\n'
        '    """Any json."""\n'
        "    return json\n"
    )
    fixed = fix_texts({"m.py": text}, target=TARGET)["m.py"]
    assert fixed.startswith(
        "import json\nfrom dataclasses import dataclass\nfrom typing import Literal\n"
    )


def test_an_emptied_type_checking_block_goes_with_its_import() -> None:
    text = (
        "from typing import TYPE_CHECKING, Any\n\n"
        "if TYPE_CHECKING:\n"
        "    from .other import Other\n\n"
        "__all__ = ['x']\n\n"
        "x: Any = 1\n"
    )
    fixed = fix_texts({"m.py": text}, target=TARGET)["m.py"]
    assert fixed == "from typing import Any\n\n__all__ = ['x']\n\nx: Any = 1\n"


def test_the_generated_package_sorts_after_pytest_and_urllib3() -> None:
    # Named nowhere: anything but the standard library, pytest and urllib3 is the package.
    text = "import pytest\nimport urllib3\n\nfrom pet_store import Api\n\nprint(pytest, Api)\n"
    fixed = fix_texts({"t.py": text}, target=TARGET)["t.py"]
    assert fixed == text.replace("import urllib3\n", "")


@pytest.mark.parametrize("formatter", ["ruff", "black"])
def test_every_formatter_prunes_in_a_batch(formatter: str) -> None:
    text = "import os\nimport sys\n\nv = sys.argv\n"
    assert format_files({"a.py": text}, cache_dir=None, formatter=formatter) == {
        "a.py": "import sys\n\nv = sys.argv\n"
    }


def test_a_file_formatted_on_its_own_is_pruned_as_in_a_batch(tmp_path: Path) -> None:
    text = "import os\nimport sys\n\nif True:\n  v = sys.argv\n"
    with Formatting(cache_dir=tmp_path, formatter="ruff") as formatting:
        formatting.submit("a.py", text)
        piped = formatting.finish({"a.py": text})
    assert piped == format_files({"a.py": text}, cache_dir=None)
    assert piped["a.py"] == "import sys\n\nif True:\n    v = sys.argv\n"
