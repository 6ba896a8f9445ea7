"""Buttons: built from `render.Button`s, matched by custom id (so they outlive a restart), and
what each press does. Every reply to a press is private and comes well within Discord's 3 s."""

from __future__ import annotations

import asyncio
import logging
import re
from typing import TYPE_CHECKING, Any

import discord
from reelqa.bot.discord.answers import render_passages
from reelqa.bot.discord.credits import film_key, parse_page, render_credits
from reelqa.bot.discord.render import ID_PATTERN, Reply, parse_id, render_films, render_notice
from reelqa.bot.discord.text import clean
from reelqa.index.records import Hit

if TYPE_CHECKING:
    from reelqa.bot.discord.app import ReelBot

log = logging.getLogger("reelqa.discord")
GONE = "That answer is no longer on record; ask again to get a fresh one."
THREAD_ALREADY_EXISTS = 160004
_VOTES = {"up": "\U0001f44d", "down": "\U0001f44e"}


class Action(discord.ui.DynamicItem[discord.ui.Button[Any]], template=ID_PATTERN):
    """Any of our buttons, found again from its custom id `rq:<action>:<arg>`."""

    def __init__(self, button: discord.ui.Button[Any], action: str, arg: str) -> None:
        super().__init__(button)
        self.action, self.arg = action, arg

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any],
        match: re.Match[str],
    ) -> Action:
        assert isinstance(item, discord.ui.Button)
        return cls(item, match.group("action"), match.group("arg"))

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        bot: ReelBot = interaction.client  # type: ignore[assignment]
        try:
            await press(bot, interaction, self.action, self.arg)
        except Exception as exc:
            from reelqa.bot.discord.app import GENERIC_ERROR, log_failure

            log_failure(f"handling the {self.action} button", exc)
            await bot.fail(interaction, GENERIC_ERROR, True)


def view_of(reply: Reply) -> discord.ui.View:
    """The reply's buttons, in one row."""
    view = discord.ui.View(timeout=None)
    for b in reply.buttons[:5]:
        parsed = parse_id(b.id)
        assert parsed is not None, b.id
        button: discord.ui.Button[Any] = discord.ui.Button(
            label=b.label, emoji=b.emoji, custom_id=b.id, disabled=b.disabled,
            style=discord.ButtonStyle.secondary)
        view.add_item(Action(button, *parsed))
    return view


async def press(bot: ReelBot, interaction: discord.Interaction[Any], action: str,
                arg: str) -> None:
    """Do what a pressed button asks."""
    if action == "films":
        reply = render_films(bot.films, int(arg))
        await interaction.response.edit_message(content=reply.content, view=view_of(reply))
        return
    if action in ("credits", "post"):
        await _credits_page(bot, interaction, action, arg)
        return
    context = await asyncio.to_thread(bot.feedback.context, arg)
    if context is None:
        await _private(interaction, GONE)
    elif action in _VOTES:
        before = await asyncio.to_thread(bot.feedback.vote, arg, interaction.user.id, action)
        thanks = ("Thanks: your {} is recorded." if before is None or before == action
                  else "Changed your vote to {}.")
        await _private(interaction, thanks.format(_VOTES[action]))
    elif action in ("more", "closest"):
        hits = []
        for rank, pid in enumerate(context.passages, start=1):
            passage = bot.engine.passage(pid)
            if passage is not None and (action == "closest" or rank not in context.quoted):
                hits.append(Hit(passage, 0.0, rank))
        question = clean(context.question, flatten=True)
        heading = ("Other passages" if action == "more" else "Closest passages")
        reply = render_passages(hits, f"{heading} for \u201c{question}\u201d")
        await interaction.response.send_message(reply.content, embeds=_embeds(reply),
                                                ephemeral=True)
    elif action == "thread":
        await _open_thread(interaction, context.film)


async def _credits_page(bot: ReelBot, interaction: discord.Interaction[Any], action: str,
                        arg: str) -> None:
    """Turn a private /credits page, or post it for the channel to see."""
    parsed = parse_page(arg)
    titles = {film_key(f.film): f.film for f in bot.films}
    if parsed is None or parsed[0] not in titles:
        await _private(interaction, "That film is no longer indexed; /films lists them.")
        return
    found = bot.engine.credits(titles[parsed[0]])
    reply = render_credits(found, parsed[1], public=action == "post")
    if action == "post":
        await interaction.response.send_message(reply.content)
    else:
        await interaction.response.edit_message(content=reply.content, view=view_of(reply))


async def _open_thread(interaction: discord.Interaction[Any], film: str | None) -> None:
    """A thread on the answer, where questions keep its film."""
    message = interaction.message
    if film is None or message is None or message.guild is None:
        await _private(interaction, "This answer is about no single film, so there is no "
                       "thread to open.")
        return
    try:
        thread = await message.create_thread(name=clean(film, flatten=True)[:100] or "Film",
                                             auto_archive_duration=1440)
    except discord.HTTPException as exc:
        if exc.code != THREAD_ALREADY_EXISTS:
            raise
        await _private(interaction, f"The thread on this answer is <#{message.id}>.", raw=True)
        return
    await _private(interaction, f"Opened <#{thread.id}>: ask there (mention me) and I search "
                   "this film's reviews.", raw=True)
    try:
        await thread.send(render_notice(f"Questions here are about {film}: mention me with "
                                        "one.").content)
    except discord.HTTPException as exc:
        log.warning("could not post in the new thread (HTTP %s)", exc.status)


async def _private(interaction: discord.Interaction[Any], text: str, raw: bool = False) -> None:
    """Reply to the presser only; `raw` text is our own Markdown (a channel link)."""
    await interaction.response.send_message(text if raw else render_notice(text).content,
                                            ephemeral=True)


def _embeds(reply: Reply) -> list[discord.Embed]:
    return [discord.Embed.from_dict(e) for e in reply.embeds]

