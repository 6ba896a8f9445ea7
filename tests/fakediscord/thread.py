"""Run the fake Discord on its own thread and event loop, apart from the bot under test.

With the server on the bot's loop, a bot that blocks its loop would also stall the server and
the clock it records by, hiding the very delay the tests look for.
"""

from __future__ import annotations

import asyncio
import inspect
import threading
from typing import Any

from tests.fakediscord.gateway import Gateway
from tests.fakediscord.server import FakeDiscord


class Remote:
    """Calls into an object living on another loop: its coroutine methods become awaitables
    of the caller's loop; other attributes are read directly."""

    def __init__(self, target: Any, loop: asyncio.AbstractEventLoop) -> None:
        self._target = target
        self._loop = loop

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._target, name)
        if isinstance(attr, Gateway):
            return Remote(attr, self._loop)
        if inspect.iscoroutinefunction(attr):
            async def call(*args: Any, **kwargs: Any) -> Any:
                future = asyncio.run_coroutine_threadsafe(attr(*args, **kwargs), self._loop)
                return await asyncio.wrap_future(future)

            return call
        return attr


class FakeDiscordThread:
    """`start()` the fake on a daemon thread; use `.fake` (a Remote) from the test's loop."""

    def __init__(self, **kwargs: Any) -> None:
        self._server = FakeDiscord(**kwargs)
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="fakediscord",
                                        daemon=True)
        self.fake: Any = Remote(self._server, self._loop)

    def start(self) -> Any:
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._server.start(), self._loop).result(10)
        return self.fake

    def stop(self) -> None:
        asyncio.run_coroutine_threadsafe(self._server.stop(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)
        self._loop.close()
