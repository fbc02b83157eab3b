"""The published docs site in a real browser, for the realtime client and the whole 2026 API.

On every page checked, at 1,280 and 390 px: every stylesheet, script and font loads, the theme's
and the site's stylesheets apply, nothing is wider than the window, no name in the navigation or
a title wraps inside a word or is cut off; every link of those pages opens (and its #anchor
exists); the search box finds an operation by its name. Each run leaves screenshots of the index,
an API page and a model page in tests/docs/screenshots/ (git-ignored) for a person to look at.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from oapigen.cli import main

from .browser import WIDTHS, Visitor, broken_links, chromium, search_finds, served
from .conftest import ROOT
from .test_mkdocs import build_site

SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
# CI has ../shared beside the clone; a worktree elsewhere names it with OAPIGEN_SHARED.
SHARED = Path(os.environ.get("OAPIGEN_SHARED") or ROOT.parent / "shared")
OPENAI_2026 = SHARED / "specs/openai-openapi/2026-08-21.yaml"
SAMPLE = 50


def _site(folder: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> Path:
    """`oapigen docs --mkdocs` then `mkdocs build --strict`: the folder of the built site."""
    monkeypatch.chdir(ROOT)
    assert main(["docs", "--out", str(folder / "pages"), "--mkdocs", *args]) == 0
    result = build_site(folder / "mkdocs.yml", folder / "site")
    assert result.returncode == 0, result.stderr
    return folder / "site"


def _pages(site: Path) -> list[str]:
    """Every page of the site, as URL paths ("" is the index)."""
    found = [p.parent.relative_to(site).as_posix() for p in site.rglob("index.html")]
    return sorted(f"{p}/" if p != "." else "" for p in found)


def _browse(site: Path, pages: list[str], shots: dict[str, str], operation: str) -> list[str]:
    """Visit ``pages`` at every width; the problems found, screenshots taken on the way."""
    with served(site) as base, chromium() as browser:
        visitor = Visitor(browser, base)
        for width in WIDTHS:
            tab = visitor.tab(width)
            for path in pages:
                visitor.check(tab, path)
                if path in shots:
                    visitor.screenshot(tab, SCREENSHOTS / f"{shots[path]}-{width}.png")
            tab.close()
        broken, external = broken_links(visitor.links, base)
        visitor.problems += broken + visitor.unloadable()
        assert len(visitor.links) > external  # the site's own links were followed
        api_page, _, anchor = operation.partition("#")
        if not search_finds(visitor.tab(WIDTHS[0]), base, anchor, f"docs/{api_page}/", anchor):
            visitor.problems.append(f"searching {anchor!r} does not find {operation}")
    return visitor.problems


def test_realtime_site_reads_well_in_a_browser(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = _site(tmp_path, monkeypatch)
    pages = _pages(site)
    assert len(pages) == 11  # README, the API class, nine models
    shots = {
        "": "realtime/index",
        "docs/RealtimeApi/": "realtime/api",
        "docs/RealtimeSessionCreateResponseInputAudioTranscription/": "realtime/model",
    }
    problems = _browse(site, pages, shots, "RealtimeApi#create_realtime_session")
    assert not problems, "\n".join(problems)


@pytest.mark.slow
def test_whole_2026_api_site_builds_strictly_and_reads_well(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not OPENAI_2026.is_file():
        pytest.skip(f"{OPENAI_2026} is absent: the whole API's spec is in CI's ../shared")
    site = _site(tmp_path, monkeypatch, "--spec", str(OPENAI_2026), "--lenient")
    pages = _pages(site)
    apis = [p for p in pages if p.endswith("Api/")]
    models = [p for p in pages if p and p not in apis]
    assert len(apis) > 30 and len(models) > 1_500
    shots = {
        "": "openai-2026/index",
        "docs/ChatApi/": "openai-2026/api",
        "docs/CreateChatCompletionRequest/": "openai-2026/model",
    }
    # Those, every third API class, and models spread over the alphabet: 50 pages.
    sample = list(dict.fromkeys([*shots, *apis[::3]]))
    step = len(models) / (SAMPLE - len(sample))
    sample += [models[int(i * step)] for i in range(SAMPLE - len(sample))]
    assert len(set(sample)) == SAMPLE
    problems = _browse(site, sample, shots, "ChatApi#create_chat_completion")
    assert not problems, "\n".join(problems)
