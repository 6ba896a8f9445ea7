"""JSON payloads of the fake Discord: users, guild, messages, interactions (API v10 shapes)."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime
from typing import Any

BOT_ID = 1_100_000_000_000_001
APP_ID = BOT_ID  # a bot's application id is its user id
GUILD_ID = 1_200_000_000_000_001
CHANNEL_ID = 1_300_000_000_000_001
OWNER_ID = 1_400_000_000_000_001
INTERACTION_VERSION = 1
_CHANNEL_STEP = 10_000_000  # guild k's channel is CHANNEL_ID + k * step (DM ids stay below)


def guild_id(k: int) -> int:
    """The id of the fake's guild number k: its shard is (id >> 22) % count, so consecutive
    guilds fall on consecutive shards, as Discord spreads them."""
    return GUILD_ID + (k << 22)


def channel_id(guild: int) -> int:
    """The text channel of a guild (its only one)."""
    return CHANNEL_ID + ((guild - GUILD_ID) >> 22) * _CHANNEL_STEP


def guild_of_channel(channel: int) -> int | None:
    """The guild a guild text channel belongs to; None for DMs and unknown channels."""
    k, rest = divmod(channel - CHANNEL_ID, _CHANNEL_STEP)
    return guild_id(k) if rest == 0 and k >= 0 else None


def shard_of(guild: int | None, count: int) -> int:
    """Discord's rule: (guild_id >> 22) % shard count; DMs go to shard 0."""
    return (guild >> 22) % count if guild is not None else 0

_ids = itertools.count(1_500_000_000_000_001)


def snowflake() -> str:
    """A fresh id."""
    return str(next(_ids))


def now() -> str:
    return datetime.now(UTC).isoformat()


def user(user_id: int, name: str, bot: bool = False) -> dict[str, Any]:
    return {"id": str(user_id), "username": name, "discriminator": "0", "global_name": name,
            "avatar": None, "bot": bot, "flags": 0, "public_flags": 0}


BOT_USER = {**user(BOT_ID, "reelqa", bot=True), "verified": True, "mfa_enabled": False}


def person(user_id: int) -> dict[str, Any]:
    return user(user_id, f"user{user_id % 10_000}")


def application() -> dict[str, Any]:
    return {"id": str(APP_ID), "name": "reelqa", "icon": None, "description": "",
            "rpc_origins": [], "bot_public": True, "bot_require_code_grant": False,
            "owner": user(OWNER_ID, "owner"), "team": None, "verify_key": "0" * 64,
            "flags": 0, "summary": "", "bot": BOT_USER, "tags": [], "approximate_guild_count": 1}


def member(user_id: int) -> dict[str, Any]:
    return {"user": person(user_id), "roles": [], "joined_at": now(), "deaf": False,
            "mute": False, "flags": 0, "nick": None, "avatar": None, "pending": False,
            "permissions": "2248473465835073"}


def text_channel(guild: int = GUILD_ID) -> dict[str, Any]:
    return {"id": str(channel_id(guild)), "type": 0, "guild_id": str(guild), "name": "films",
            "position": 0, "permission_overwrites": [], "nsfw": False, "parent_id": None,
            "topic": None, "last_message_id": None, "rate_limit_per_user": 0, "flags": 0}


def dm_channel(user_id: int) -> dict[str, Any]:
    return {"id": str(dm_channel_id(user_id)), "type": 1, "recipients": [person(user_id)],
            "last_message_id": None, "flags": 0}


def dm_channel_id(user_id: int) -> int:
    return CHANNEL_ID + 1 + user_id % 1_000_000


def guild(gid: int = GUILD_ID) -> dict[str, Any]:
    everyone = {"id": str(gid), "name": "@everyone", "permissions": "2248473465835073",
                "position": 0, "color": 0, "hoist": False, "managed": False,
                "mentionable": False, "flags": 0}
    k = (gid - GUILD_ID) >> 22
    return {"id": str(gid), "name": "Film Club" + (f" {k}" if k else ""), "icon": None,
            "owner_id": str(OWNER_ID),
            "unavailable": False, "member_count": 2, "large": False, "joined_at": now(),
            "roles": [everyone], "emojis": [], "stickers": [], "features": [],
            "channels": [text_channel(gid)], "threads": [], "members": [member(BOT_ID) | {
                "user": BOT_USER}], "voice_states": [], "presences": [],
            "stage_instances": [], "guild_scheduled_events": [], "soundboard_sounds": [],
            "verification_level": 0, "default_message_notifications": 0,
            "explicit_content_filter": 0, "mfa_level": 0, "nsfw_level": 0,
            "premium_tier": 0, "preferred_locale": "en-US", "system_channel_flags": 0,
            "afk_timeout": 300, "max_members": 500000}


def ready(session_id: str, resume_url: str, guilds: tuple[int, ...] = (GUILD_ID,),
          shard: tuple[int, int] = (0, 1)) -> dict[str, Any]:
    return {"v": 10, "user": BOT_USER, "guilds": [{"id": str(g), "unavailable": True}
                                                  for g in guilds], "shard": list(shard),
            "session_id": session_id, "resume_gateway_url": resume_url,
            "application": {"id": str(APP_ID), "flags": 0}, "private_channels": [],
            "relationships": [], "presences": [], "user_settings": {}, "session_type": "normal",
            "auth_session_id_hash": "", "geo_ordered_rtc_regions": []}


def interaction(
    kind: int, data: dict[str, Any], user_id: int, dm: bool, token: str, guild: int = GUILD_ID
) -> dict[str, Any]:
    """An INTERACTION_CREATE payload: kind 2 is a slash command, 4 an autocomplete."""
    payload: dict[str, Any] = {
        "id": snowflake(), "application_id": str(APP_ID), "type": kind, "data": data,
        "token": token, "version": INTERACTION_VERSION, "locale": "en-US",
        "app_permissions": "2248473465835073", "entitlements": [],
        "attachment_size_limit": 10_485_760,
    }
    if dm:
        payload |= {"channel_id": str(dm_channel_id(user_id)), "channel": dm_channel(user_id),
                    "user": person(user_id), "context": 1,
                    "authorizing_integration_owners": {"0": str(user_id)}}
    else:
        payload |= {"guild_id": str(guild), "channel_id": str(channel_id(guild)),
                    "channel": text_channel(guild), "member": member(user_id),
                    "guild_locale": "en-US", "context": 0,
                    "authorizing_integration_owners": {"0": str(guild)},
                    "guild": {"id": str(guild), "locale": "en-US", "features": []}}
    return payload


def message(
    channel_id: int, author: dict[str, Any], content: str, *, guild_id: int | None = None,
    mentions: list[dict[str, Any]] | None = None, extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """A message object as MESSAGE_CREATE and message endpoints carry it."""
    data: dict[str, Any] = {
        "id": snowflake(), "channel_id": str(channel_id), "author": author,
        "content": content, "timestamp": now(), "edited_timestamp": None, "tts": False,
        "mention_everyone": False, "mentions": mentions or [], "mention_roles": [],
        "attachments": [], "embeds": [], "pinned": False, "type": 0, "flags": 0,
        "components": [],
    }
    if guild_id is not None:
        data["guild_id"] = str(guild_id)
    return data | (extra or {})
