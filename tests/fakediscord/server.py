"""A fake Discord (REST v10 + gateway) on 127.0.0.1 that records every request it gets."""

from __future__ import annotations

import asyncio
import json
import re
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from tests.fakediscord import payloads as p
from tests.fakediscord.gateway import Gateway
from tests.fakediscord.limits import invalid_form_body, message_errors
from tests.fakediscord.messages import THREAD_EXISTS, Messages, channel_of

TOKEN = "fake.bot-token.for-tests-only-3f9c1a"


@dataclass(frozen=True)
class Call:
    """One REST request as the fake received it, and what it answered."""

    method: str
    path: str
    query: dict[str, str]
    body: Any
    status: int
    at: float  # time.monotonic() when it arrived


@dataclass(frozen=True)
class Sent:
    """What the fake dispatched: the interaction or message id, its token, and when."""

    id: str
    token: str
    at: float


@dataclass
class Fault:
    method: str
    path: re.Pattern[str]
    status: int
    retry_after: float
    left: int = 1
    hits: list[float] = field(default_factory=list)
    code: int = 0  # Discord's JSON error code, e.g. 50013 Missing Permissions
    message: str = "Internal Server Error"


ACK_DEADLINE = 3.0  # seconds Discord gives the first response to an interaction
UNKNOWN_INTERACTION = {"message": "Unknown interaction", "code": 10062}


def _json(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
    # Exactly "application/json": with "; charset=utf-8" discord.py reads the body as text.
    return web.Response(body=json.dumps(data).encode(), status=status,
                        content_type="application/json", headers=headers)


class FakeDiscord:
    """Start with `await fake.start()`; point the bot at `api_base` and `gateway_url`."""

    def __init__(self, token: str = TOKEN, guilds: int = 1, shards: int = 1,
                 ack_deadline: float = ACK_DEADLINE) -> None:
        self.token = token
        self.ack_deadline = ack_deadline
        self.guild_ids = tuple(p.guild_id(k) for k in range(guilds))
        self.recommended_shards = shards  # what GET /gateway/bot recommends
        self.gateway = Gateway(token, self.guild_ids)
        self.calls: list[Call] = []
        self.commands: dict[str, list[dict[str, Any]]] = {}
        self.faults: list[Fault] = []
        self.messages = Messages()
        self._channel_of: dict[str, int] = {}  # interaction id -> channel id
        self._message_of: dict[str, str] = {}  # component interaction id -> message id
        self._token_channel: dict[str, int] = {}  # interaction token -> channel id
        self._dispatched: dict[str, float] = {}  # interaction id -> when it was dispatched
        self._later: list[asyncio.Future[Sent]] = []
        self._changed = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        self.port = 0

    @property
    def api_base(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/v10"

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/gateway"

    async def start(self, port: int = 0) -> None:
        """Serve on 127.0.0.1:`port` (0: any free port)."""
        app = web.Application(client_max_size=32 * 1024 * 1024)
        app.router.add_get("/gateway", self.gateway.handle)
        app.router.add_route("*", "/api/v10/{tail:.*}", self._rest)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", port)  # loopback only
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.gateway.url = self.gateway_url

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    def fail_next(self, method: str, path: str, status: int = 429, retry_after: float = 0.3,
                  times: int = 1, code: int = 0, message: str = "Internal Server Error") -> Fault:
        """Answer the next `times` requests matching `method` and regex `path` with `status`
        (and, but for a 429, Discord's error body with `code` and `message`)."""
        fault = Fault(method, re.compile(path), status, retry_after, times, code=code,
                      message=message)
        self.faults.append(fault)
        return fault

    async def wait_call(self, method: str, path: str, after: float = 0.0,
                        timeout: float = 15.0) -> Call:
        """The first successful call matching `method` and regex `path` that arrived after
        `after` (a time.monotonic() value), waiting for it if needed."""
        pattern = re.compile(path)

        def found() -> Call | None:
            for call in self.calls:
                if (call.method == method and pattern.search(call.path) and call.at >= after
                        and call.status < 300):
                    return call
            return None

        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(found), timeout)
        result = found()
        assert result is not None
        return result

    async def slash(self, name: str, user_id: int, dm: bool = False, focused: str | None = None,
                    guild: int = 0, **options: Any) -> Sent:
        """Dispatch INTERACTION_CREATE for `/name` (an autocomplete when `focused` names the
        option being typed), in guild number `guild` (on its shard) unless `dm`."""
        token = "itok-" + uuid.uuid4().hex
        opts = [{"name": k, "type": _option_type(v), "value": v} | ({"focused": True}
                if k == focused else {}) for k, v in options.items()]
        gid = self.guild_ids[guild]
        scope = self.commands.get(str(gid)) or self.commands.get("global") or []
        command_id = next((c["id"] for c in scope if c["name"] == name), p.snowflake())
        data = {"id": command_id, "name": name, "type": 1, "options": opts}
        payload = p.interaction(4 if focused else 2, data, user_id, dm, token, gid)
        return await self._interact(payload, token)

    async def press(self, message_id: str, custom_id: str, user_id: int,
                    dm: bool = False, app_permissions: int | None = None) -> Sent:
        """Dispatch INTERACTION_CREATE for a click on the button `custom_id` of a message the
        bot sent (type 3, a message component, carrying that message)."""
        token = "itok-" + uuid.uuid4().hex
        message = self.messages.by_id[message_id]
        data = {"custom_id": custom_id, "component_type": 2}
        guild = p.guild_of_channel(int(message["channel_id"])) or int(
            self.messages.threads.get(message["channel_id"], {}).get("guild_id") or p.GUILD_ID)
        payload = p.interaction(3, data, user_id, dm, token, guild) | {"message": message}
        if app_permissions is not None:  # what the bot may do in that channel
            payload["app_permissions"] = str(app_permissions)
        payload["channel_id"] = message["channel_id"]
        self._message_of[payload["id"]] = message_id
        return await self._interact(payload, token)

    async def _interact(self, payload: dict[str, Any], token: str) -> Sent:
        self._channel_of[payload["id"]] = int(payload["channel_id"])
        self._token_channel[token] = int(payload["channel_id"])
        at = time.monotonic()
        self._dispatched[payload["id"]] = at
        await self.gateway.dispatch("INTERACTION_CREATE", payload)
        return Sent(payload["id"], token, at)

    async def slash_later(self, delay: float, name: str, user_id: int, **kwargs: Any) -> None:
        """Dispatch `slash(...)` after `delay` seconds, on the fake's own clock and loop; the
        result comes from `later()`. Lets a test probe a bot whose loop may be blocked."""
        async def run() -> Sent:
            await asyncio.sleep(delay)
            return await self.slash(name, user_id, **kwargs)

        self._later.append(asyncio.ensure_future(run()))

    async def later(self) -> Sent:
        """The Sent of the oldest `slash_later` call, once dispatched."""
        return await self._later.pop(0)

    async def say(self, content: str, user_id: int, dm: bool = False,
                  reply_to: str | None = None, channel_id: int | None = None,
                  guild: int = 0) -> Sent:
        """Dispatch MESSAGE_CREATE from a user, in the channel of guild number `guild` (or
        `channel_id`, a thread) or in a DM; `reply_to` makes it a reply (pinging the bot, as
        Discord's client does by default) to a message the bot sent."""
        gid = self.guild_ids[guild]
        author = p.person(user_id)
        mentions = [p.BOT_USER] if f"<@{p.BOT_ID}>" in content or reply_to else []
        extra: dict[str, Any] = {}
        if reply_to is not None:
            replied = self.messages.by_id[reply_to]
            extra |= {"type": 19, "referenced_message": replied, "message_reference": {
                "type": 0, "message_id": reply_to, "channel_id": replied["channel_id"],
                **({"guild_id": str(gid)} if not dm else {})}}
        if dm:
            msg = p.message(p.dm_channel_id(user_id), author, content, mentions=mentions,
                            extra=extra)
        else:
            extra["member"] = {k: v for k, v in p.member(user_id).items() if k != "user"}
            msg = p.message(channel_id or p.channel_id(gid), author, content, guild_id=gid,
                            mentions=mentions, extra=extra)
        at = time.monotonic()
        await self.gateway.dispatch("MESSAGE_CREATE", msg)
        return Sent(msg["id"], "", at)

    async def wait_connected(self, timeout: float = 20.0) -> None:
        """Until the bot has a live, identified or resumed, gateway session."""
        await asyncio.wait_for(self.gateway.connected.wait(), timeout)

    async def wait_shards(self, shards: set[int], count: int, timeout: float = 30.0) -> None:
        """Until each of `shards` has a live session identified with `count` shards."""
        async def poll() -> None:
            while {s for s, v in self.gateway.live.items() if v.count == count} < shards:
                await asyncio.sleep(0.05)

        await asyncio.wait_for(poll(), timeout)

    async def wait_identified(self, count: int, timeout: float = 20.0) -> None:
        """Until the gateway has seen `count` IDENTIFYs in all and a session is live."""
        async def poll() -> None:
            while self.gateway.identifies < count or not self.gateway.connected.is_set():
                await asyncio.sleep(0.02)

        await asyncio.wait_for(poll(), timeout)

    def calls_to(self, method: str, path: str, after: float = 0.0) -> list[Call]:
        pattern = re.compile(path)
        return [c for c in self.calls if c.method == method and pattern.search(c.path)
                and c.at >= after]

    async def _record(self, call: Call) -> None:
        async with self._changed:
            self.calls.append(call)
            self._changed.notify_all()

    async def _rest(self, request: web.Request) -> web.Response:
        arrived = time.monotonic()
        path = "/" + request.match_info["tail"]
        body = await _body(request)
        response = self._answer(request.method, path, body, request)
        await self._record(Call(request.method, path, dict(request.query), body,
                                response.status, arrived))
        return response

    def _answer(self, method: str, path: str, body: Any, request: web.Request) -> web.Response:
        # Interaction webhooks are authorised by their token in the path, not the bot token.
        tokenless = "/webhooks/" in path or "/interactions/" in path
        if request.headers.get("Authorization") != f"Bot {self.token}" and not tokenless:
            return _json({"message": "401: Unauthorized", "code": 0}, 401)
        for fault in self.faults:
            if fault.left and fault.method == method and fault.path.search(path):
                fault.left -= 1
                fault.hits.append(time.monotonic())
                if fault.status == 429:
                    return _json({"message": "You are being rate limited.",
                                  "retry_after": fault.retry_after, "global": False}, 429,
                                 {"Via": "1.1 google", "Retry-After": str(fault.retry_after),
                                  "X-RateLimit-Scope": "user"})
                return _json({"message": fault.message, "code": fault.code}, fault.status)
        if isinstance(body, dict) and method in ("POST", "PATCH"):
            message = body.get("data") if "/callback" in path else body
            if isinstance(message, dict) and (errors := message_errors(message)):
                return _json(invalid_form_body(errors), 400)
        return self._route(method, path, body)

    def _route(self, method: str, path: str, body: Any) -> web.Response:
        if (method, path) == ("GET", "/users/@me"):
            return _json(p.BOT_USER)
        if (method, path) == ("GET", "/oauth2/applications/@me"):
            return _json(p.application())
        if path in ("/gateway", "/gateway/bot"):
            return _json({"url": self.gateway_url, "shards": self.recommended_shards,
                          "session_start_limit": {
                "total": 1000, "remaining": 999, "reset_after": 0, "max_concurrency": 1}})
        if m := re.fullmatch(r"/applications/(\d+)(?:/guilds/(\d+))?/commands", path):
            scope = m.group(2) or "global"
            if method == "PUT":
                self.commands[scope] = [_command(c, m.group(2)) for c in body]
            return _json(self.commands.get(scope, []))
        if m := re.fullmatch(r"/interactions/(\d+)/([^/]+)/callback", path):
            dispatched = self._dispatched.get(m.group(1))
            if dispatched is not None and time.monotonic() - dispatched > self.ack_deadline:
                return _json(UNKNOWN_INTERACTION, 404)  # too late: the token is gone
            return _json(self._callback(m.group(1), m.group(2), body))
        if m := re.fullmatch(r"/webhooks/(\d+)/([^/]+)(/messages/@original)?", path):
            if method == "DELETE":
                return web.Response(status=204)
            channel = self._token_channel.get(m.group(2), p.CHANNEL_ID)
            if m.group(3):
                msg = self.messages.for_token(m.group(2), channel, body)
            else:  # a followup: a message of its own
                msg = self.messages.store(channel, body)
            return _json(msg | {"webhook_id": m.group(1)})
        if (method, path) == ("POST", "/users/@me/channels"):
            return _json(p.dm_channel(int(body["recipient_id"])))
        if m := re.fullmatch(r"/channels/(\d+)/typing", path):
            self.messages.typing.append(m.group(1))
            return web.Response(status=204)
        if m := re.fullmatch(r"/channels/(\d+)/messages/(\d+)/threads", path):
            if m.group(2) in self.messages.threads:
                return _json(THREAD_EXISTS, 400)
            thread = self.messages.thread(m.group(1), m.group(2), body)
            asyncio.ensure_future(self.gateway.dispatch("THREAD_CREATE",
                                                        thread | {"newly_created": True}))
            return _json(thread, 201)
        if m := re.fullmatch(r"/channels/(\d+)/messages", path):
            return _json(self.messages.store(channel_of(path), body))
        return _json({"message": "404: Not Found", "code": 0}, 404)

    def _callback(self, interaction_id: str, token: str, body: dict[str, Any]) -> dict[str, Any]:
        kind = body.get("type")
        data = body.get("data") or {}
        flags = data.get("flags") or 0
        result: dict[str, Any] = {"interaction": {
            "id": interaction_id, "type": 2, "activity_instance_id": None,
            "response_message_loading": kind == 5,
            "response_message_ephemeral": bool(flags & 64)}}
        channel = self._channel_of.get(interaction_id, p.CHANNEL_ID)
        if kind == 6:  # deferred update: later edits of @original edit the pressed message
            self.messages.by_token[token] = self._message_of[interaction_id]
            return result
        if kind in (4, 5):
            msg = self.messages.for_token(token, channel, data, flags)
        elif kind == 7:  # update the message the pressed button is on
            msg = self.messages.store(channel, data,
                                      message_id=self._message_of[interaction_id])
        else:
            return result
        result["interaction"]["response_message_id"] = msg["id"]
        result["resource"] = {"type": kind, "message": msg}
        return result


def _command(sent: dict[str, Any], guild_id: str | None) -> dict[str, Any]:
    data = {"type": 1, "description": "", "options": [], "default_member_permissions": None,
            "dm_permission": True, "nsfw": False, **sent, "id": p.snowflake(),
            "application_id": str(p.APP_ID), "version": p.snowflake()}
    if guild_id:
        data["guild_id"] = guild_id
    return data


def _option_type(value: Any) -> int:
    return 5 if isinstance(value, bool) else 4 if isinstance(value, int) else 3


async def _body(request: web.Request) -> Any:
    if not request.can_read_body:
        return None
    if request.content_type.startswith("multipart/"):
        form = await request.post()
        raw = form.get("payload_json")
        return json.loads(str(raw)) if raw is not None else None
    text = await request.text()
    return json.loads(text) if text else None
