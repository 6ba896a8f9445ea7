"""The fake gateway: HELLO, IDENTIFY -> READY + GUILD_CREATE, heartbeats, RESUME, op 7 and 9,
one session per shard ([id, count] in IDENTIFY), each given the guilds Discord's rule puts on
it: (guild_id >> 22) % count. Events for a guild go to its shard's session; DMs to shard 0."""

from __future__ import annotations

import asyncio
import json
import logging
import uuid
from collections import Counter
from dataclasses import dataclass
from typing import Any

from aiohttp import WSMsgType, web

from tests.fakediscord import payloads as p

log = logging.getLogger("fakediscord")

HEARTBEAT_MS = 41_250


@dataclass
class Session:
    """One identified gateway session: a shard of a bot."""

    id: str
    shard: int
    count: int
    ws: web.WebSocketResponse
    request: web.Request
    seq: int = 0


class Gateway:
    """The bot's gateway sessions; tests drive them with `dispatch`, `reconnect`, `invalidate`,
    `drop` (each for one shard, 0 unless told) and wait for `connected` (some shard is up)."""

    def __init__(self, token: str, guilds: tuple[int, ...] = (p.GUILD_ID,)) -> None:
        self.token = token
        self.guilds = guilds
        self.url = ""  # set by the server once its port is known
        self.connected = asyncio.Event()
        self.identifies = 0
        self.resumes = 0
        self.identified_as: Counter[tuple[int, int]] = Counter()  # (shard, count) -> IDENTIFYs
        self.intents: int | None = None
        self.closed_codes: list[int | None] = []
        self.live: dict[int, Session] = {}  # shard id -> its live session
        self._sessions: dict[str, Session] = {}  # every session that may be resumed

    @property
    def shard_count(self) -> int:
        """The shard count the bot identified with (1 before any IDENTIFY)."""
        return next((s.count for s in self.live.values()), 1)

    def shard_of(self, guild: int | None) -> int:
        return p.shard_of(guild, self.shard_count)

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
            for shard, session in list(self.live.items()):
                if session.ws is ws:
                    del self.live[shard]
            if not self.live:
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
            shard, count = data.get("shard") or (0, 1)
            if not 0 <= shard < count:
                await ws.close(code=4010, message=b"Invalid shard.")
                return
            self.identifies += 1
            self.identified_as[(shard, count)] += 1
            self.intents = data.get("intents")
            session = Session(uuid.uuid4().hex, shard, count, ws, request)
            self._sessions[session.id] = self.live[shard] = session
            mine = tuple(g for g in self.guilds if p.shard_of(g, count) == shard)
            await self._send(session, "READY", p.ready(session.id, self.url, mine, (shard, count)))
            for guild in mine:
                await self._send(session, "GUILD_CREATE", p.guild(guild))
            self.connected.set()
        elif op == 6:
            session = self._sessions.get(data.get("session_id", ""))
            if data.get("token") != self.token or session is None:
                await ws.send_str(json.dumps({"op": 9, "d": False}))
                return
            self.resumes += 1
            session.ws, session.request = ws, request
            self.live[session.shard] = session
            await self._send(session, "RESUMED", {})
            self.connected.set()
        else:
            log.info("fake gateway ignores op %s", op)

    async def dispatch(self, event: str, data: dict[str, Any], shard: int | None = None) -> None:
        """Send one DISPATCH event on the live session of `shard` (by default the shard of the
        event's guild, or 0)."""
        if shard is None:
            guild = data.get("guild_id")
            shard = self.shard_of(int(guild) if guild else None)
        session = self.live.get(shard)
        if session is None:
            raise RuntimeError(f"no live gateway connection for shard {shard}")
        await self._send(session, event, data)

    async def _send(self, session: Session, event: str, data: dict[str, Any]) -> None:
        session.seq += 1
        await session.ws.send_str(json.dumps({"op": 0, "t": event, "s": session.seq, "d": data}))

    async def reconnect(self, shard: int = 0) -> None:
        """Op 7: the client should close and resume."""
        await self._send_op(shard, 7, None)

    async def invalidate(self, shard: int = 0) -> None:
        """Op 9, not resumable: the client must identify again."""
        session = self.live.get(shard)
        if session is not None:
            self._sessions.pop(session.id, None)
        await self._send_op(shard, 9, False)

    async def drop(self, shard: int = 0) -> None:
        """Cut the TCP connection without a closing handshake."""
        session = self.live.pop(shard, None)
        if not self.live:
            self.connected.clear()
        if session is not None and session.request.transport is not None:
            session.request.transport.abort()

    async def _send_op(self, shard: int, op: int, data: Any) -> None:
        session = self.live.pop(shard, None)
        if session is None:
            raise RuntimeError(f"no live gateway connection for shard {shard}")
        if not self.live:
            self.connected.clear()
        await session.ws.send_str(json.dumps({"op": op, "d": data}))
