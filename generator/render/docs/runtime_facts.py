"""What the docs say about the shipped runtime: retries, timeout, the exception for a status.

The retry and timeout defaults are the IR's, which the configuration template writes too. The
status table is the one ``exceptions.exception_for_status`` holds in the static runtime
(``templates/static/exceptions.py``); ``tests/docs/test_runtime_facts.py`` keeps them equal.
"""

from __future__ import annotations

from dataclasses import dataclass

from oapigen import ir

EXCEPTION_BY_STATUS = {
    400: "BadRequestException",
    401: "UnauthorizedException",
    403: "ForbiddenException",
    404: "NotFoundException",
    409: "ConflictException",
    422: "UnprocessableEntityException",
    429: "RateLimitException",
}


@dataclass(frozen=True, slots=True, kw_only=True)
class RuntimeFacts:
    """What the docs say about failures, retries and timeouts."""

    retries: int
    timeout: str
    streams: bool = False  # some operation returns an event stream

    @staticmethod
    def exception_for(status: int) -> str:
        """The exception class name raised for ``status``."""
        if 500 <= status <= 599:
            return "ServiceException"
        return EXCEPTION_BY_STATUS.get(status, "ApiException")


def runtime_facts(client: ir.Client) -> RuntimeFacts:
    """The facts of ``client``'s runtime."""
    streams = any(op.stream for api in client.apis for op in api.operations)
    return RuntimeFacts(retries=client.retries, timeout=client.timeout_words, streams=streams)
