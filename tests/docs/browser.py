"""A built docs site in a real browser: Debian's Chromium through Playwright, a loopback server.

Every wait is on a condition (a server's first line, a page's load event, a search result);
nothing sleeps.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlsplit

from playwright.sync_api import Browser, Page, Request, Response, sync_playwright

# Debian's browser: Playwright is never let download one (make setup installs it).
CHROMIUM = Path("/usr/bin/chromium")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WIDTHS = (1280, 390)
HEIGHTS = {1280: 800, 390: 844}
PAGE_TIMEOUT = 120_000  # milliseconds
# Milliseconds: a first search builds its index in the page from the whole site's text.
SEARCH_TIMEOUT = 180_000
_ID = re.compile(r"""\sid=["']?([^"'\s>]+)""")

# Elements of the article or the header that a reader sees past the window's right edge,
# unless a scrolling (or clipping) box inside them that itself fits holds them: what a reader
# would have to scroll the whole page for.
_OVERFLOW = """
() => {
  const width = document.documentElement.clientWidth;
  const fits = (el) => el.getBoundingClientRect().right <= width + 1;
  const seen = { opacityProperty: true, visibilityProperty: true };
  const found = [];
  if (document.documentElement.scrollWidth > width) {
    found.push(`the page is ${document.documentElement.scrollWidth}px wide`);
  }
  for (const root of document.querySelectorAll(".md-content, .md-header")) {
    for (const el of root.querySelectorAll("*")) {
      if (fits(el) || !el.checkVisibility(seen)) continue;
      let holder = el.parentElement;
      while (holder !== root) {
        if (/auto|scroll|hidden|clip/.test(getComputedStyle(holder).overflowX) && fits(holder)) {
          break;
        }
        holder = holder.parentElement;
      }
      if (holder !== root) continue;
      const box = el.getBoundingClientRect();
      found.push(`<${el.tagName.toLowerCase()} class="${el.className}"> ends at ${box.right}px`);
    }
  }
  return found.slice(0, 5);
}
"""
# Names in a table's first column (methods, properties, statuses) that run over two lines: on a
# wide window the column has room for each whole name.
_BROKEN_NAMES = """
() => {
  const found = [];
  for (const cell of document.querySelectorAll("article table td:first-child")) {
    const name = cell.textContent.trim();
    if (!name || /\\s/.test(name)) continue;
    const tops = [];
    const texts = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    while (texts.nextNode()) {
      const range = document.createRange();
      range.selectNodeContents(texts.currentNode);
      tops.push(...[...range.getClientRects()].map((box) => box.top));
    }
    if (Math.max(...tops) - Math.min(...tops) > 4) found.push(name);
  }
  return found.slice(0, 5);
}
"""
WIDE = 1000  # px: a window this wide shows every table's names whole
# Names in the navigation (sidebar, drawer, table of contents) and page titles that wrap inside
# a word or that the sidebar cuts off. A long name may wrap only where a reader would split it:
# before a word's capital (Create|Request, HTTP|Request), a digit (Item|2), after "_" or ".".
_NAMES_BROKEN_MID_WORD = """
() => {
  const wordStart = (text, at) => {
    const [before, here, next] = [text[at - 1], text[at], text[at + 1] || ""];
    if (!/[A-Za-z\\d]/.test(before) || !/[A-Za-z\\d]/.test(here)) return true;
    if (/[A-Z]/.test(here)) return /[a-z\\d]/.test(before) || /[a-z]/.test(next);
    return /\\d/.test(here) && /[A-Za-z]/.test(before);
  };
  const found = [];
  for (const el of document.querySelectorAll(".md-nav__link .md-ellipsis, .md-content h1")) {
    const name = el.textContent;
    if (el.scrollWidth > el.clientWidth + 1) found.push(`${name.trim()} is cut off`);
    const texts = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    let [offset, lastTop] = [0, null];
    while (texts.nextNode()) {
      const text = texts.currentNode;
      for (let i = 0; i < text.length; i++) {
        const range = document.createRange();
        range.setStart(text, i);
        range.setEnd(text, i + 1);
        const box = range.getClientRects()[0];
        if (!box || /\\s/.test(text.data[i])) continue;
        if (lastTop !== null && box.top > lastTop + 4 && !wordStart(name, offset + i)) {
          found.push(`${name.slice(0, offset + i).trim()} / ${name.slice(offset + i).trim()}`);
        }
        lastTop = box.top;
      }
      offset += text.length;
    }
  }
  return found.slice(0, 5);
}
"""
# The theme's script has run: every table sits in its scrolling wrapper.
_THEME_READY = """
() => [...document.querySelectorAll("article table")]
  .every((table) => table.closest(".md-typeset__scrollwrap"))
"""
_STYLESHEETS = "() => [...document.styleSheets].map((sheet) => sheet.href || '')"


@contextmanager
def served(site: Path) -> Iterator[str]:
    """The site on a real HTTP server on 127.0.0.1, stopped by its own pid."""
    process = subprocess.Popen(
        [sys.executable, "-u", "-m", "http.server", "--bind", "127.0.0.1", "0"],
        cwd=site,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()  # "Serving HTTP on 127.0.0.1 port N ..."
        port = re.search(r" port (\d+)", line)
        assert port, f"the server did not start: {line!r}"
        yield f"http://127.0.0.1:{port.group(1)}/"
    finally:
        os.kill(process.pid, signal.SIGTERM)
        process.wait(timeout=60)
        if process.stdout is not None:
            process.stdout.close()


@contextmanager
def chromium() -> Iterator[Browser]:
    """Headless Chromium from Debian, with the flags that work in this sandbox."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class Visitor:
    """One browser tab per window width; collects what went wrong on the pages it opens."""

    browser: Browser
    base: str
    problems: list[str] = field(default_factory=list)
    links: dict[str, set[str]] = field(default_factory=dict)  # target -> pages linking to it
    # Requests the browser gave up on (net::ERR_ABORTED) -> where: fetched again once the tour
    # is over, since leaving a page cancels what it still had in flight (the theme's search
    # worker loads in the background), which says nothing about the site.
    aborted: dict[str, str] = field(default_factory=dict)
    _current: str = ""

    def tab(self, width: int) -> Page:
        """A tab of ``width`` that reports every failed request and every error status."""
        page = self.browser.new_page(viewport={"width": width, "height": HEIGHTS[width]})
        # Generous: make test shares two cores between this and other tests. These bound the
        # waits for conditions; nothing waits for a time.
        page.set_default_timeout(PAGE_TIMEOUT)
        page.set_default_navigation_timeout(PAGE_TIMEOUT)
        page.on("requestfailed", self._failed)
        page.on("response", self._response)
        return page

    def check(self, page: Page, path: str) -> None:
        """Open ``path``: its resources load, it fits the window, its theme and links are there."""
        width = page.viewport_size["width"] if page.viewport_size else 0
        self._current = f"{path} at {width}px"
        page.goto(self.base + path, wait_until="load")
        page.wait_for_function(_THEME_READY)
        page.evaluate("document.fonts.ready")
        sheets = page.evaluate(_STYLESHEETS)
        if not any(re.search(r"/assets/stylesheets/main\.[^/]*\.css$", s) for s in sheets):
            self.problems.append(f"{self._current}: the theme's stylesheet is not applied")
        if not any(s.endswith("/docs/stylesheets/oapigen.css") for s in sheets):
            self.problems.append(f"{self._current}: the site's stylesheet is not applied")
        for found in page.evaluate(_OVERFLOW):
            self.problems.append(f"{self._current}: wider than the window: {found}")
        if width >= WIDE:
            for name in page.evaluate(_BROKEN_NAMES):
                self.problems.append(f"{self._current}: the name {name} breaks in its table")
        for found in page.evaluate(_NAMES_BROKEN_MID_WORD):
            self.problems.append(f"{self._current}: a long name wraps badly: {found}")
        for href in page.eval_on_selector_all("a[href]", "(links) => links.map((a) => a.href)"):
            self.links.setdefault(href, set()).add(path)

    def screenshot(self, page: Page, file: Path) -> None:
        """What a reader sees of the open page, for a person to look at."""
        file.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=file)

    def _failed(self, request: Request) -> None:
        where = f"{self._current}: {request.resource_type} {request.url}"
        if request.failure == "net::ERR_ABORTED":
            self.aborted.setdefault(request.url, where)
        else:
            self.problems.append(f"{where} failed ({request.failure})")

    def unloadable(self) -> list[str]:
        """The aborted requests whose resource does not load when asked for on its own."""
        return [f"{where} failed" for url, where in self.aborted.items() if _fetch(url) is None]

    def _response(self, response: Response) -> None:
        if response.status >= 400:
            kind = response.request.resource_type
            self.problems.append(f"{self._current}: {kind} {response.url}: {response.status}")


def broken_links(links: dict[str, set[str]], base: str) -> tuple[list[str], int]:
    """Links of the site that do not open (or whose #anchor is missing); and the external count.

    Links to other hosts cannot be followed from this sandbox: they are counted, not opened.
    """
    pages: dict[str, str | None] = {}
    broken = []
    external = 0
    for href, sources in sorted(links.items()):
        url, fragment = urldefrag(href)
        if not url.startswith(base):
            external += urlsplit(href).scheme in ("http", "https")
            continue
        if url not in pages:
            pages[url] = _fetch(url)
        text = pages[url]
        where = f"{href} (from {sorted(sources)[0]})"
        if text is None:
            broken.append(f"{where}: does not open")
        elif fragment and unquote(fragment) not in _ID.findall(text):
            broken.append(f"{where}: no such anchor")
    return broken, external


def search_finds(page: Page, base: str, query: str, page_path: str, anchor: str) -> bool:
    """Type ``query`` into the search box; True once a result links to ``page_path#anchor``.

    The theme's result links read ``page_path?h=query#anchor``; a page's further matches sit
    in a "more on this page" fold, so the link needs to be there, not to be unfolded.
    """
    page.goto(base, wait_until="load")
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially(query)
    found = f'.md-search-result a[href^="{base}{page_path}?"][href$="#{anchor}"]'
    page.locator(found).first.wait_for(state="attached", timeout=SEARCH_TIMEOUT)
    return page.locator(found).count() > 0


def _fetch(url: str) -> str | None:
    """The page's HTML, or None when the server does not answer 200."""
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return str(response.read().decode("utf-8", "replace"))
    except urllib.error.URLError:
        return None
