"""Black in process, one file after another: ``formatter = "black"``."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from black.mode import Mode


def format_texts(
    texts: dict[str, str], *, line_length: int, target: str
) -> dict[str, tuple[str, str | None]]:
    """Each text formatted, or the reason black refused it."""
    mode = _mode(line_length, target)
    return {path: _format_one(text, mode) for path, text in texts.items()}


def _format_one(text: str, mode: Mode) -> tuple[str, str | None]:
    """The formatted text, or the reason black refused it."""
    import black  # noqa: PLC0415
    from black.parsing import InvalidInput  # noqa: PLC0415

    try:
        return black.format_str(text, mode=mode), None
    except InvalidInput as exc:
        return "", str(exc).splitlines()[0]


def _mode(line_length: int, target: str) -> Mode:
    from black.mode import Mode, TargetVersion  # noqa: PLC0415

    return Mode(target_versions={TargetVersion[target.upper()]}, line_length=line_length)
