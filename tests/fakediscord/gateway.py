"""The fake gateway: HELLO, IDENTIFY -> READY + GUILD_CREATE, heartbeats, RESUME, op 7 and 9."""

from __future__ import annotations

import asyncio
import json
import logging
import uuid
from typing import Any

from aiohttp import WSMsgType, web

from tests.fakediscord import payloads as p

log = logging.getLogger("fakediscord")

HEARTBEAT_MS = 41_250


class Gateway:
    """One bot's gateway sessions; tests drive it with `dispatch`, `reconnect`, `invalidate`,
    `drop` and wait for `connected`."""

    def __init__(self, token: str) -> None:
        self.token = token
        self.url = ""  # set by the server once its port is known
        self.connected = asyncio.Event()
        self.identifies = 0
        self.resumes = 0
        self.intents: int | None = None
        self.closed_codes: list[int | None] = []
        self._ws: web.WebSocketResponse | None = None
        self._request: web.Request | None = None
        self._session: str | None = None
        self._seq = 0

    async def handle(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(autoping=True)
        await ws.prepare(request)
        await ws.send_str(json.dumps({"op": 10, "d": {"heartbeat_interval": HEARTBEAT_MS}}))
        try:
            async for msg in ws:
                if msg.type is not WSMsgType.TEXT:
                    continue
                await self._receive(ws, request, json.loads(msg.data))
        finally:
            if self._ws is ws:
                self._ws = None
                self.connected.clear()
            self.closed_codes.append(ws.close_code)
        return ws

    async def _receive(self, ws: web.WebSocketResponse, request: web.Request, msg: Any) -> None:
        op, data = msg.get("op"), msg.get("d")
        if op == 1:
            await ws.send_str(json.dumps({"op": 11}))
        elif op == 2:
            if data.get("token") != self.token:
                await ws.close(code=4004, message=b"Authentication failed.")
                return
            self.identifies += 1
            self.intents = data.get("intents")
            self._session, self._seq = uuid.uuid4().hex, 0
            self._ws, self._request = ws, request
            await self.dispatch("READY", p.ready(self._session, self.url))
            await self.dispatch("GUILD_CREATE", p.guild())
            self.connected.set()
        elif op == 6:
            if data.get("token") != self.token or data.get("session_id") != self._session:
                await ws.send_str(json.dumps({"op": 9, "d": False}))
                return
            self.resumes += 1
            self._ws, self._request = ws, request
            await self.dispatch("RESUMED", {})
            self.connected.set()
        else:
            log.info("fake gateway ignores op %s", op)

    async def dispatch(self, event: str, data: dict[str, Any]) -> None:
        """Send one DISPATCH event on the live connection."""
        if self._ws is None:
            raise RuntimeError("no live gateway connection")
        self._seq += 1
        await self._ws.send_str(json.dumps({"op": 0, "t": event, "s": self._seq, "d": data}))

    async def reconnect(self) -> None:
        """Op 7: the client should close and resume."""
        await self._send_op(7, None)

    async def invalidate(self) -> None:
        """Op 9, not resumable: the client must identify again."""
        self._session = None
        await self._send_op(9, False)

    async def drop(self) -> None:
        """Cut the TCP connection without a closing handshake."""
        request, self._ws = self._request, None
        self.connected.clear()
        if request is not None and request.transport is not None:
            request.transport.abort()

    async def _send_op(self, op: int, data: Any) -> None:
        if self._ws is None:
            raise RuntimeError("no live gateway connection")
        ws, self._ws = self._ws, None
        self.connected.clear()
        await ws.send_str(json.dumps({"op": op, "d": data}))
