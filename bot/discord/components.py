"""Buttons: built from `render.Button`s, matched by custom id (so they outlive a restart), and
what each press does. A press that needs the feedback database is acknowledged first (within
Discord's 3 s, whatever the database does), then looked up or recorded; a vote waits out a
locked database and the presser is told if it could not be kept. Every reply is private."""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import discord
from reelqa.bot.discord.answers import render_passages
from reelqa.bot.discord.credits import film_key, render_credits
from reelqa.bot.discord.feedback import AnswerContext, FeedbackError
from reelqa.bot.discord.films import take_suggestion
from reelqa.bot.discord.render import ID_PATTERN, Reply, parse_id, render_films, render_notice
from reelqa.bot.discord.text import clean
from reelqa.index.records import Hit

if TYPE_CHECKING:
    from reelqa.bot.discord.app import ReelBot

log = logging.getLogger("reelqa.discord")
GONE = "That answer is no longer on record; ask again to get a fresh one."
THREAD_ALREADY_EXISTS = 160004
# Why Discord may refuse to open a thread, by its JSON error code, as the presser is told.
NO_THREAD = {
    50001: "I can't see this channel well enough to open a thread in it (Missing Access)",
    50013: "I'm missing the Create Public Threads permission in this channel; a server admin "
           "can grant it",
    50024: "threads can't be opened in this kind of channel",
    160006: "this channel has reached Discord's limit of active threads; archive some first",
}
VOTE_PATIENCE = 60.0  # seconds a vote waits for a locked database before it is given up
_VOTES = {"up": "\U0001f44d", "down": "\U0001f44e"}
T = TypeVar("T")


class Action(discord.ui.DynamicItem[discord.ui.Button[Any]], template=ID_PATTERN):
    """Any of our buttons, found again from its custom id `rq:<action>:<arg>[:<page>]`."""

    def __init__(self, button: discord.ui.Button[Any], action: str, arg: str,
                 page: int | None = None) -> None:
        super().__init__(button)
        self.action, self.arg, self.page = action, arg, page

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any],
        match: re.Match[str],
    ) -> Action:
        assert isinstance(item, discord.ui.Button)
        page = match.group("page")
        return cls(item, match.group("action"), match.group("arg"), int(page) if page else None)

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        bot: ReelBot = interaction.client  # type: ignore[assignment]
        try:
            await press(bot, interaction, self.action, self.arg, self.page)
        except Exception as exc:
            from reelqa.bot.discord.app import GENERIC_ERROR
            from reelqa.bot.discord.replies import log_failure

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


async def press(bot: ReelBot, interaction: discord.Interaction[Any], action: str, arg: str,
                page: int | None = None) -> None:
    """Do what a pressed button asks."""
    if action == "mean":  # "did you mean ...?": the command again, with the film offered
        await take_suggestion(bot, interaction, arg)
        return
    if action == "films":
        reply = render_films(bot.films, int(arg))
        await interaction.response.edit_message(content=reply.content, view=view_of(reply))
        return
    if action in ("credits", "post"):
        await _credits_page(bot, interaction, action, arg, page or 1)
        return
    if page is not None:  # Previous / Next on a page of passages: that message is edited
        await interaction.response.defer()
    else:
        await interaction.response.defer(ephemeral=True, thinking=True)
    try:
        context = await asyncio.to_thread(bot.feedback.context, arg)
    except FeedbackError as exc:
        log.error("a %s button found no answer: %s", action, exc)
        await _tell(interaction, f"Sorry, I can't look that answer up now: {_why(exc)}.")
        return
    if context is None:
        await _tell(interaction, GONE)
    elif action in _VOTES:
        await _vote(bot, interaction, context, action)
    elif action in ("more", "closest"):
        await _passages(bot, interaction, context, action, page or 1)
    elif action == "thread":
        await _open_thread(interaction, context.film)


async def _vote(bot: ReelBot, interaction: discord.Interaction[Any], context: AnswerContext,
                action: str) -> None:
    emoji = _VOTES[action]
    try:
        before = await _patiently(
            interaction, f"The feedback database is busy; your {emoji} is kept and will be "
            "recorded as soon as it is free.",
            bot.feedback.vote, context.key, interaction.user.id, action)
    except FeedbackError as exc:
        bot.metrics.votes.labels(action, "lost").inc()
        log.error("a %s vote could not be recorded: %s", action, exc)
        await _tell(interaction, f"Sorry, your {emoji} could not be recorded: {_why(exc)}. "
                    "Please press it again later.")
        return
    bot.metrics.votes.labels(action, "recorded").inc()
    thanks = ("Thanks: your {} is recorded." if before is None or before == action
              else "Changed your vote to {}.")
    await _tell(interaction, thanks.format(emoji))


async def _patiently(interaction: discord.Interaction[Any], waiting: str,
                     call: Callable[..., T], *args: Any) -> T:
    """`call(*args)` in a worker thread, tried again while the database is locked, for up to
    VOTE_PATIENCE seconds; the presser is told `waiting` once if it takes a retry."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + VOTE_PATIENCE
    told = False
    while True:
        try:
            return await asyncio.to_thread(call, *args)
        except FeedbackError as exc:
            if exc.problem != "locked" or loop.time() >= deadline:
                raise
            if not told:
                told = True
                await _tell(interaction, waiting)
            await asyncio.sleep(0.5)


async def _passages(bot: ReelBot, interaction: discord.Interaction[Any], context: AnswerContext,
                    action: str, page: int) -> None:
    hits = []
    for rank, pid in enumerate(context.passages, start=1):
        passage = bot.engine.passage(pid)
        if passage is not None and (action == "closest" or rank not in context.quoted):
            hits.append(Hit(passage, 0.0, rank))
    question = clean(context.question, flatten=True)
    heading = "Other passages" if action == "more" else "Closest passages"
    reply = render_passages(hits, f"{heading} for \u201c{question}\u201d", context.key, action,
                            page)
    await interaction.edit_original_response(content=reply.content, embeds=_embeds(reply),
                                             view=view_of(reply))


async def _credits_page(bot: ReelBot, interaction: discord.Interaction[Any], action: str,
                        key: str, page: int) -> None:
    """Turn a private /credits page, or post it for the channel to see (no database: the
    credits are the index's, so the reply comes at once)."""
    titles = {film_key(f.film): f.film for f in bot.films}
    if key not in titles:
        notice = render_notice("That film is no longer indexed; /films lists them.")
        await interaction.response.send_message(notice.content, ephemeral=True)
        return
    reply = render_credits(bot.engine.credits(titles[key]), page, public=action == "post")
    if action == "post":
        await interaction.response.send_message(reply.content)
    else:
        await interaction.response.edit_message(content=reply.content, view=view_of(reply))


async def _open_thread(interaction: discord.Interaction[Any], film: str | None) -> None:
    """A thread on the answer, where questions keep its film; if Discord will not open one,
    the presser is told why."""
    message = interaction.message
    if film is None or message is None or message.guild is None:
        await _tell(interaction, "This answer is about no single film, so there is no thread "
                    "to open.")
        return
    if not interaction.app_permissions.create_public_threads:
        await _tell(interaction, f"I can't open a thread here: {NO_THREAD[50013]}.")
        return
    try:
        thread = await message.create_thread(name=clean(film, flatten=True)[:100] or "Film",
                                             auto_archive_duration=1440)
    except discord.HTTPException as exc:
        if exc.code == THREAD_ALREADY_EXISTS:
            await _tell(interaction, f"The thread on this answer is <#{message.id}>.", raw=True)
            return
        reason = NO_THREAD.get(exc.code, f"Discord refused (HTTP {exc.status}, code {exc.code})")
        log.warning("could not open a thread (HTTP %s, code %s)", exc.status, exc.code)
        await _tell(interaction, f"I can't open a thread here: {reason}.")
        return
    await _tell(interaction, f"Opened <#{thread.id}>: ask there (mention me) and I search "
                "this film's reviews.", raw=True)
    try:
        await thread.send(render_notice(f"Questions here are about {film}: mention me with "
                                        "one.").content)
    except discord.HTTPException as exc:
        log.warning("could not post in the new thread (HTTP %s)", exc.status)


async def _tell(interaction: discord.Interaction[Any], text: str, raw: bool = False) -> None:
    """Put `text` in the presser's deferred private reply; `raw` text is our own Markdown (a
    channel link)."""
    await interaction.edit_original_response(
        content=text if raw else render_notice(text).content, embeds=[], view=None)


def _why(exc: FeedbackError) -> str:
    """The part of a feedback database failure a user may read."""
    if exc.problem == "locked":
        return f"the bot's feedback database stayed busy for {VOTE_PATIENCE:.0f} s"
    if exc.problem == "damaged":
        return "the bot's feedback database is damaged; the operator has been told"
    return "the bot's feedback database cannot be opened; the operator has been told"


def _embeds(reply: Reply) -> list[discord.Embed]:
    return [discord.Embed.from_dict(e) for e in reply.embeds]
