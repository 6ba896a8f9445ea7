"""/film and "did you mean ...?": a film card answered in a worker thread, and the buttons
that offer the closest titles when a film name matches none.

A suggestion button carries a short token; the question it would ask is kept in this
process's memory (the press comes back to the shard process that showed the button), for
the last SUGGESTIONS_KEPT suggestions."""

from __future__ import annotations

import asyncio
import secrets
from collections import OrderedDict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import discord
from reelqa.bot.discord.card import render_card
from reelqa.bot.discord.render import Button, Reply, custom_id, fit_reply, render_notice
from reelqa.bot.discord.text import Segment, clean
from reelqa.config.errors import ReelqaError, UnknownFilmError

if TYPE_CHECKING:
    from reelqa.bot.discord.app import ReelBot

SUGGESTIONS_KEPT = 1000


@dataclass(frozen=True)
class Suggested:
    """What pressing a suggestion does: the command again with the suggested film."""

    command: str  # "ask", "credits" or "film"
    film: str
    question: str = ""
    private: bool = True


class Suggestions:
    """The suggestion buttons shown lately, by token."""

    def __init__(self) -> None:
        self._kept: OrderedDict[str, Suggested] = OrderedDict()

    def keep(self, suggested: Suggested) -> str:
        token = secrets.token_urlsafe(9)
        self._kept[token] = suggested
        while len(self._kept) > SUGGESTIONS_KEPT:
            self._kept.popitem(last=False)
        return token

    def take(self, token: str) -> Suggested | None:
        return self._kept.get(token)


def did_you_mean(bot: ReelBot, name: str, error: UnknownFilmError, command: str,
                 question: str = "", private: bool = True) -> Reply:
    """ "No film called “X” is indexed." with a button for each close title (at most 4)."""
    text = f"No film called \u201c{clean(name, flatten=True)}\u201d is indexed"
    if not error.suggestions:
        return render_notice(f"{text}; /films lists them.")
    buttons = tuple(Button(clean(title, flatten=True)[:80], custom_id(
        "mean", bot.suggestions.keep(Suggested(command, title, question, private))))
        for title in error.suggestions[:4])
    reply = fit_reply([Segment(f"{text}. Did you mean:")])
    return Reply(reply.content, (), buttons)


async def show_card(bot: ReelBot, interaction: discord.Interaction[Any], film: str,
                    private: bool) -> None:
    """Defer, make the film card in a worker thread, then show it."""
    from reelqa.bot.discord.commands import chosen_film
    from reelqa.bot.discord.replies import embeds_of, fail, view_of

    try:  # an unknown film is said at once, before the "thinking" state
        name = bot.engine.require_film(chosen_film(bot, film))
    except UnknownFilmError as exc:
        reply = did_you_mean(bot, film, exc, "film", private=private)
        await interaction.response.send_message(reply.content, view=view_of(reply),
                                                ephemeral=True)
        return
    await interaction.response.defer(ephemeral=private, thinking=True)
    try:
        card = await asyncio.to_thread(bot.engine.card, name)
    except ReelqaError as exc:
        await fail(interaction, str(exc), private)
        return
    reply = render_card(card)
    await interaction.edit_original_response(content=reply.content, embeds=embeds_of(reply))


async def take_suggestion(bot: ReelBot, interaction: discord.Interaction[Any],
                          token: str) -> None:
    """A suggestion pressed: the command it offers, with its film."""
    from reelqa.bot.discord.credits import render_credits
    from reelqa.bot.discord.replies import embeds_of

    suggested = bot.suggestions.take(token)
    if suggested is None:
        await interaction.response.send_message(render_notice(
            "That suggestion has expired; please ask again.").content, ephemeral=True)
    elif suggested.command == "ask":
        await bot.answer_interaction(interaction, suggested.question, suggested.film,
                                     suggested.private)
    elif suggested.command == "film":
        await show_card(bot, interaction, suggested.film, suggested.private)
    else:
        reply = render_credits(bot.engine.credits(suggested.film))
        await interaction.response.send_message(reply.content, embeds=embeds_of(reply),
                                                ephemeral=True)
