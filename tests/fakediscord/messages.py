"""The fake's memory of messages the bot sent (with their buttons), threads and DM channels."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from tests.fakediscord import payloads as p

THREAD_EXISTS = {"message": "A thread has already been created for this message",
                 "code": 160004}


@dataclass
class Messages:
    """Messages by id; interaction responses by token (their id stays the same when edited)."""

    by_id: dict[str, dict[str, Any]] = field(default_factory=dict)
    by_token: dict[str, str] = field(default_factory=dict)
    threads: dict[str, dict[str, Any]] = field(default_factory=dict)
    typing: list[str] = field(default_factory=list)  # channel ids, in order

    def store(self, channel_id: int, body: dict[str, Any], *, message_id: str | None = None,
              flags: int = 0, extra: dict[str, Any] | None = None) -> dict[str, Any]:
        """Record a message the bot sent (or edited, when `message_id` is known)."""
        old = self.by_id.get(message_id or "", {})
        fields = {"embeds": body.get("embeds", old.get("embeds", [])),
                  "components": body.get("components", old.get("components", [])),
                  "flags": flags or body.get("flags") or old.get("flags", 0)}
        if "message_reference" in body:
            fields["message_reference"] = body["message_reference"]
        content = body.get("content", old.get("content", "")) or ""
        thread = self.threads.get(str(channel_id))
        guild = int(thread["guild_id"]) if thread else p.guild_of_channel(channel_id)
        msg = p.message(channel_id, p.BOT_USER, content, guild_id=guild,
                        extra={**fields, **(extra or {})})
        if message_id:
            msg["id"] = message_id
        self.by_id[msg["id"]] = msg
        return msg

    def for_token(self, token: str, channel_id: int, body: dict[str, Any],
                  flags: int = 0) -> dict[str, Any]:
        """The interaction's response message, made on first use and edited after."""
        msg = self.store(channel_id, body, message_id=self.by_token.get(token), flags=flags)
        self.by_token[token] = msg["id"]
        return msg

    def thread(self, channel_id: str, message_id: str, body: dict[str, Any]) -> dict[str, Any]:
        """A public thread started on a message; its id is the message's, as on Discord."""
        guild = p.guild_of_channel(int(channel_id)) or p.GUILD_ID
        data = {"id": message_id, "type": 11, "guild_id": str(guild),
                "parent_id": channel_id, "name": body.get("name", ""), "owner_id": str(p.BOT_ID),
                "last_message_id": None, "rate_limit_per_user": 0, "message_count": 0,
                "member_count": 1, "flags": 0, "total_message_sent": 0,
                "thread_metadata": {"archived": False, "locked": False,
                                    "auto_archive_duration": body.get("auto_archive_duration",
                                                                      1440),
                                    "archive_timestamp": p.now()}}
        self.threads[message_id] = data
        return data

    def buttons(self, message_id: str) -> list[dict[str, Any]]:
        """The buttons on a message, in order."""
        rows = self.by_id[message_id].get("components") or []
        return [c for row in rows for c in row.get("components", [])]


def channel_of(path: str) -> int:
    match = re.match(r"/channels/(\d+)", path)
    return int(match.group(1)) if match else p.CHANNEL_ID
