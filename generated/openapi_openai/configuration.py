"""Client settings: where to send requests and how to authenticate."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence

__all__ = ["Configuration"]

DEFAULT_HOST = "https://api.openai.com/v1"
VERSION = "2.3.0"


class Configuration:
    """Settings shared by every call of one ApiClient."""

    def __init__(
        self,
        host: str | None = None,
        access_token: str | None = None,
        *,
        timeout: float | tuple[float, float] = (5.0, 600.0),
        connection_pool_maxsize: int = 10,
        user_agent: str | None = None,
        default_headers: Mapping[str, str] | None = None,
    ) -> None:
        self.host = (host or os.environ.get("OPENAI_BASE_URL") or DEFAULT_HOST).rstrip(
            "/"
        )
        self.access_token = (
            access_token
            if access_token is not None
            else os.environ.get("OPENAI_API_KEY")
        )
        self.timeout = timeout
        self.connection_pool_maxsize = connection_pool_maxsize
        self.user_agent = user_agent or "openapi-openai/python"
        self.default_headers = dict(default_headers or {})

    def apply_auth(self, headers: dict[str, str], schemes: Sequence[str]) -> None:
        """Add the credentials the named security schemes need."""
        if schemes and self.access_token:
            headers["Authorization"] = "Bearer " + self.access_token

    def __repr__(self) -> str:
        token = "set, redacted" if self.access_token else "not set"
        return f"Configuration(host={self.host!r}, access_token=<{token}>)"
