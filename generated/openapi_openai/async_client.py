"""The asyncio client: every call is the synchronous one, run in a worker thread.

``AsyncApiClient`` owns an ``ApiClient`` and a thread pool no larger than its connection
pool, so calls in flight never outnumber pooled connections (urllib3 would open and drop extra
ones). Models, errors, retries, timeouts and idempotency keys are the synchronous client's own.
Cancelling the task awaiting a call cuts it (see ``cancel``): the socket is shut down, the
worker's read ends at once and the connection is closed rather than pooled. A stream is read
the same way, one event per trip to a worker: ``async for event in stream``.
"""

from __future__ import annotations

import contextvars
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TYPE_CHECKING, Generic, TypeVar

from .api_client import ApiClient
from .cancel import CallScope, current_scope
from .configuration import Configuration
from .types import AsyncClosing

# asyncio is imported inside the methods that use it: each runs under asyncio's event loop,
# so by then it is loaded and the import is a lookup, while importing it here would make
# `import` of every client package, async or not, load the whole of asyncio.
if TYPE_CHECKING:
    import asyncio

__all__ = ["AsyncApiClient", "AsyncStream"]

T = TypeVar("T")
# What a streamed operation's *_with_http_info returns: the events (or the chunks of a binary
# body), status and headers.
StreamInfo = tuple[Iterable[T], int, Mapping[str, str]]


class AsyncApiClient(AsyncClosing):
    """Sends requests for the generated Async* API classes; use it with ``async with``.

    ``max_workers`` bounds the calls in flight (default: the configuration's
    ``connection_pool_maxsize``); more wait their turn without holding a thread.
    """

    def __init__(
        self,
        configuration: Configuration | None = None,
        *,
        max_workers: int | None = None,
    ) -> None:
        self.sync_client = ApiClient(configuration)
        self.configuration = self.sync_client.configuration
        workers = max_workers or self.configuration.connection_pool_maxsize
        self._workers = ThreadPoolExecutor(workers, thread_name_prefix="api-client")

    async def aclose(self) -> None:
        """Wait for the calls under way, then close every connection."""
        import asyncio

        # Waiting for the workers blocks: done in a thread of its own, off the event loop.
        await asyncio.get_running_loop().run_in_executor(None, self._workers.shutdown)
        self.sync_client.close()

    # The name the openai SDK's AsyncOpenAI and this README use; aclose is httpx's and the
    # stream's, and what ``async with`` calls.
    close = aclose

    def __repr__(self) -> str:
        return f"AsyncApiClient({self.configuration!r})"

    async def call(self, function: Callable[[], T]) -> T:
        """The result of ``function`` (one synchronous call) run in a worker thread.

        Cancelling the awaiting task cuts the call where it is: connecting, waiting for the
        response, reading it or pausing before a retry.
        """
        import asyncio

        scope = CallScope()
        try:
            return await self._run(scope, _finishing(scope, function))
        except asyncio.CancelledError:
            scope.cancel()
            raise

    async def stream(
        self, function: Callable[[], StreamInfo[T]]
    ) -> tuple[AsyncStream[T], int, Mapping[str, str]]:
        """A streamed call: ``function`` returns its events unread; they are read on demand."""
        import asyncio

        scope = CallScope()
        work = self._submit(scope, function)
        try:
            events, status, headers = await asyncio.wrap_future(work)
        except asyncio.CancelledError:
            scope.cancel()
            # The worker may be past the point a cut reaches: a stream it still hands over
            # is closed as soon as it does.
            work.add_done_callback(lambda done: self._close_handed_over(done, scope))
            raise
        except BaseException:
            scope.finish()
            raise
        return AsyncStream(iter(events), scope, self), status, headers

    def walk(self, items: Iterator[T]) -> AsyncStream[T]:
        """Items fetched lazily by synchronous calls (every page of a list), read in workers."""
        return AsyncStream(items, CallScope(), self, unread_body=False)

    def _close_handed_over(self, done: Future[StreamInfo[T]], scope: CallScope) -> None:
        if not done.cancelled() and done.exception() is None:
            AsyncStream(iter(done.result()[0]), scope, self).close_soon()
        else:
            scope.finish()

    def _submit(self, scope: CallScope, function: Callable[[], T]) -> Future[T]:
        """``function`` in a worker thread, in a copy of this context with ``scope`` set."""
        context = contextvars.copy_context()
        context.run(current_scope.set, scope)
        return self._workers.submit(context.run, function)

    def _run(self, scope: CallScope, function: Callable[[], T]) -> asyncio.Future[T]:
        """``function`` in a worker thread, awaitable from the event loop."""
        import asyncio

        return asyncio.wrap_future(self._submit(scope, function))


class AsyncStream(AsyncClosing, Generic[T]):
    """The events of a streamed call, in order: ``async for event in stream``.

    Leaving the loop early does not free the connection by itself: use ``async with stream``
    or call ``aclose()``, which closes it. A cancelled read closes it too.
    """

    def __init__(
        self,
        events: Iterator[T],
        scope: CallScope,
        client: AsyncApiClient,
        *,
        unread_body: bool = True,
    ) -> None:
        self._events = events
        # False: the events come from whole calls (pages), no response is left half read.
        self._unread_body = unread_body
        self._scope = scope
        self._client = client
        self._done = False
        # One worker at a time reads the events: a close waits for a read the cut is ending.
        self._reading = threading.Lock()
        self._closing: Future[None] | None = None

    def __aiter__(self) -> AsyncStream[T]:
        return self

    async def __anext__(self) -> T:
        import asyncio

        if self._done:
            raise StopAsyncIteration
        try:
            step = await self._client._run(self._scope, self._step)
        except asyncio.CancelledError:
            self.close_soon()
            raise
        except BaseException:
            self._done = True
            self._scope.finish()
            raise
        if not step:
            self._done = True
            self._scope.finish()
            raise StopAsyncIteration
        return step[0]

    async def aclose(self) -> None:
        """Stop reading: the connection is closed, not pooled (the rest is never read)."""
        import asyncio

        self.close_soon()
        if self._closing is not None:
            await asyncio.wrap_future(self._closing)

    def close_soon(self) -> None:
        """Cut the stream now and close its connection in a worker thread, without waiting."""
        if self._done:
            return
        self._done = True
        self._scope.cancel()
        self._scope.finish()
        # The cut makes the next read fail at once, and urllib3 then closes the connection.
        try:
            self._closing = self._client._submit(self._scope, self._drain)
        except (
            RuntimeError
        ):  # the client is closed, its workers gone: the reads fail at once
            self._drain()

    def _step(self) -> list[T]:
        """The next event as a one-item list, or an empty list at the end of the stream."""
        with self._reading:
            for event in self._events:
                return [event]
            return []

    def _drain(self) -> None:
        """Read a cut stream to its failure, which closes its connection."""
        with self._reading:
            if not self._unread_body:
                close = getattr(self._events, "close", None)
                if close is not None:
                    close()  # a generator of pages: stop it, asking for no other page
                return
            try:
                for _ in self._events:
                    pass  # events buffered before the cut; the next socket read fails
            except Exception:  # the failure is the cut itself, asked for
                pass
            close = getattr(self._events, "close", None)
            if close is not None:
                close()  # an event stream lets go of its response


def _finishing(scope: CallScope, function: Callable[[], T]) -> Callable[[], T]:
    """``function``, marking the call over when it returns (its connection is back)."""

    def run() -> T:
        try:
            return function()
        finally:
            scope.finish()

    return run
