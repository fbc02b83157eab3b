"""Every item of a paged list, one page fetched at a time as the loop reaches it.

An API method's ``..._iter`` twin gives :func:`walk` its arguments and a ``fetch(args,
overrides)`` that calls the page method with ``args`` updated by ``overrides`` (the arguments
that select the next page) and returns the page's items with the overrides of the page after
it, or None after the last page. The helpers below
read the next page's arguments the ways APIs announce them: a cursor after the last item
(``has_more`` with ``after``) or before the first (``has_more`` with ``before`` alone), a
next-cursor field, a ``Link: <...>; rel="next"`` header, a
page number or an offset (which also end where a paging Link header names no next page). Where the cursor goes in a POST's JSON body, :func:`in_body`
turns those arguments into the body of the next page.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, TypeVar
from urllib.parse import parse_qsl, urlsplit

from .serde import to_data
from .types import Unset

__all__ = [
    "after_last",
    "before_first",
    "body_field",
    "from_field",
    "from_link",
    "in_body",
    "items_of",
    "next_number",
    "next_offset",
    "walk",
]

T = TypeVar("T")
Overrides = dict[str, Any]
Fetch = Callable[[Overrides, Overrides], tuple[Sequence[T], Overrides | None]]

# One link-value of a Link header (RFC 8288): <target> then its parameters.
_LINK = re.compile(r"<([^>]*)>([^<]*)")
_REL = re.compile(r"""(?:^|;)\s*rel\s*=\s*"?([^";]*)"?""", re.IGNORECASE)
# Relations that say a Link header is about paging (RFC 8288 registry, RFC 5005).
_PAGING_RELS = frozenset({"first", "prev", "previous", "last"})


def walk(fetch: Fetch[T], args: Overrides) -> Iterator[T]:
    """The items of every page in order; the next page is fetched when the last item is taken.

    Stops after a page without a next one, or when the next page would be one already asked
    for (a server repeating a cursor, a Link target naming only what was sent) instead of
    asking for it again forever.
    """
    overrides: Overrides = {}
    asked = [_key({**args, **overrides})]
    while True:
        items, following = fetch(args, overrides)
        yield from items
        if following is None:
            return
        key = _key({**args, **following})
        if key in asked:
            return
        asked.append(key)
        overrides = following


def _key(arguments: Overrides) -> str:
    return repr(sorted(arguments.items(), key=lambda item: item[0]))


def items_of(value: Sequence[T] | Unset | None) -> Sequence[T]:
    """A page's items: an absent or null list is an empty page."""
    return value if isinstance(value, Sequence) else ()


def after_last(
    has_more: Any, cursor: Any, items: Sequence[Any], *, param: str
) -> Overrides | None:
    """Cursor paging (``has_more`` and ``after``): the next page starts after ``cursor``.

    ``cursor`` is the page's ``last_id`` where it has one; otherwise the last item's ``id``.
    """
    if has_more is not True:
        return None
    if not isinstance(cursor, str | int) or isinstance(cursor, bool) or cursor == "":
        cursor = _item_id(items[-1]) if items else None
    return None if cursor is None else {param: cursor}


def before_first(
    has_more: Any, cursor: Any, items: Sequence[Any], *, param: str
) -> Overrides | None:
    """Cursor paging backwards (``has_more`` and ``before`` alone).

    The next page ends before ``cursor``: the page's ``first_id`` where it has one,
    otherwise the first item's ``id``.
    """
    if has_more is not True:
        return None
    if not isinstance(cursor, str | int) or isinstance(cursor, bool) or cursor == "":
        cursor = _item_id(items[0]) if items else None
    return None if cursor is None else {param: cursor}


def in_body(body: Any, following: Overrides | None, *, name: str) -> Overrides | None:
    """The next page's arguments when its cursor goes in the request body.

    That is the body sent (a model or a dict; absent is empty) with ``following``'s keys
    set, as argument ``name``.
    """
    if following is None:
        return None
    data = {} if isinstance(body, Unset) or body is None else to_data(body)
    if not isinstance(data, dict):
        return None  # not an object: there is nowhere to put the cursor
    return {name: {**data, **following}}


def body_field(body: Any, wire: str) -> Any:
    """The value of ``wire`` in the request body sent (a model or a dict), None when absent."""
    data = None if isinstance(body, Unset) or body is None else to_data(body)
    return data.get(wire) if isinstance(data, dict) else None


def from_field(value: Any, *, param: str, has_more: Any = True) -> Overrides | None:
    """A next-cursor field (``next_cursor``, ``next_page``): absent, null or empty ends the list."""
    if has_more is False or value is None or isinstance(value, Unset | bool) or value == "":
        return None
    return {param: value}


def from_link(
    headers: Mapping[str, str], params: Mapping[str, tuple[str, Callable[[str], Any]]]
) -> Overrides | None:
    """The arguments of the ``rel="next"`` target of a Link header, or None without one.

    ``params`` maps each query parameter's wire name to its argument and conversion; the
    target's other query parameters are the method's own (the API key, say) and are left out.
    """
    target = _links(headers).get("next")
    if target is None:
        return None
    found: Overrides = {}
    for name, value in parse_qsl(urlsplit(target).query, keep_blank_values=True):
        if name in params:
            argument, convert = params[name]
            try:
                found[argument] = convert(value)
            except ValueError:
                return None  # a page number that is not one: the walk stops
    return found or None


def _links(headers: Mapping[str, str] | None) -> dict[str, str]:
    """The targets of a Link header by relation (the first of each), empty without one."""
    header = (headers.get("link") or headers.get("Link")) if headers else None
    found: dict[str, str] = {}
    for target, attributes in _LINK.findall(header or ""):
        rel = _REL.search(attributes)
        for name in rel.group(1).lower().split() if rel else ():
            found.setdefault(name, target)
    return found


def _last_by_link(headers: Mapping[str, str] | None) -> bool:
    """Whether a Link header pages this list and names no next page: this page is the last.

    GitHub numbers its pages yet announces them in Link too, and stops announcing before a
    page it would refuse (its search answers page 11 of 100 with a 422).
    """
    links = _links(headers)
    return "next" not in links and not _PAGING_RELS.isdisjoint(links)


def next_number(
    current: Any,
    start: Any,
    items: Sequence[Any],
    *,
    param: str,
    headers: Mapping[str, str] | None = None,
) -> Overrides | None:
    """Page-number paging: the page after ``current`` (the first is ``start``, else 1).

    An empty page is the end, and so is a page whose paging Link header names no next one.
    """
    if not items or _last_by_link(headers):
        return None
    number = current if isinstance(current, int) else start if isinstance(start, int) else 1
    return {param: number + 1}


def next_offset(
    current: Any,
    start: Any,
    items: Sequence[Any],
    *,
    param: str,
    headers: Mapping[str, str] | None = None,
) -> Overrides | None:
    """Offset paging: the next page starts past the items seen so far.

    An empty page is the end, and so is a page whose paging Link header names no next one.
    """
    if not items or _last_by_link(headers):
        return None
    offset = current if isinstance(current, int) else start if isinstance(start, int) else 0
    return {param: offset + len(items)}


def _item_id(item: Any) -> Any:
    """The ``id`` of an item: a model's field as sent, or a plain object's key."""
    to_dict = getattr(item, "to_dict", None)
    data = to_dict() if callable(to_dict) else item
    return data.get("id") if isinstance(data, dict) else None
