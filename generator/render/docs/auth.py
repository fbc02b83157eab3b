"""Security schemes as the docs name them (HTTP basic, bearer, API key in a header...)."""

from __future__ import annotations

from collections.abc import Sequence

from oapigen import ir

_PLACES = {"header": "header", "query": "query parameter", "cookie": "cookie"}
_KINDS = {"oauth2": "OAuth 2.0", "openIdConnect": "OpenID Connect", "mutualTLS": "mutual TLS"}


def scheme_label(scheme: ir.SecurityScheme, *, nested: bool = False) -> str:
    """What the scheme is, in words: ``HTTP basic``, ``HTTP bearer (JWT)``, ``API key in ...``.

    ``nested``: the label stands in parentheses itself, so a bearer format follows a comma.
    """
    if scheme.kind == "http":
        label = f"HTTP {scheme.scheme.lower() or 'authentication'}"
        token = bearer_format(scheme)
        if not token:
            return label
        # OpenAPI Generator's README layout ("Bearer authentication (JWT)").
        return f"{label}, {token}" if nested else f"{label} ({token})"
    if scheme.kind == "apiKey":
        place = _PLACES.get(scheme.location, scheme.location or "an unknown place")
        name = scheme.param_name.replace("`", "'")
        return f"API key in {place} `{name}`" if name else f"API key in {place}"
    return _KINDS.get(scheme.kind, scheme.kind or "unknown scheme")


def bearer_format(scheme: ir.SecurityScheme) -> str:
    """The token format an HTTP bearer scheme names (``JWT``) on one line, else ``""``."""
    if scheme.kind != "http" or scheme.scheme.lower() != "bearer":
        return ""  # OpenAPI gives bearerFormat a meaning for bearer schemes only
    # A lone backtick would pair with the next scheme's code span on the same line.
    return " ".join(scheme.bearer_format.replace("`", "'").split())


def setup_comments(
    names: Sequence[str], schemes: Sequence[ir.SecurityScheme], env_key: str
) -> tuple[str, ...]:
    """The comment lines an example starts with: one per scheme the operation accepts."""
    by_name = {s.name: s for s in schemes}
    lines = []
    for name in names:
        scheme = by_name.get(name)
        if scheme is None:
            lines.append(f"{name}: not declared in the spec, so the client cannot send it.")
            continue
        if scheme.placement is None:
            how = "the client cannot send it"
        elif scheme.placement[0] == "basic":
            how = "a user name and a password"
        else:
            how = f"the key comes from {env_key}"
        lines.append(f"{name} ({scheme_label(scheme, nested=True)}): {how}.")
    return tuple(lines)


def configuration_args(
    names: Sequence[str], schemes: Sequence[ir.SecurityScheme], env_key: str
) -> str:
    """The keywords an example passes to ``Configuration`` for the schemes it may use."""
    places = {s.placement[0] for s in schemes if s.name in names and s.placement is not None}
    args = []
    if places - {"basic"}:
        args.append(f'access_token=os.environ["{env_key}"]')
    if "basic" in places:
        args.append('username="YOUR_USERNAME", password="YOUR_PASSWORD"')
    return ", ".join(args)
