"""The slash commands, all registered here: /ask, /films, /credits, /film, /help, /about."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from reelqa.bot.discord.credits import render_credits
from reelqa.bot.discord.films import show_card
from reelqa.bot.discord.render import (
    render_about,
    render_films,
    render_help,
    render_notice,
)
from reelqa.bot.discord.text import utf16_len
from reelqa.bot.limits import QUESTION_MAX
from reelqa.config.errors import UnknownFilmError
from reelqa.index.query.films import normalize_title

if TYPE_CHECKING:
    from reelqa.bot.discord.app import ReelBot

CHOICE_MAX = 100  # Discord's limit on an autocomplete choice's name and value


def add_commands(bot: ReelBot) -> None:
    """Register every slash command on `bot.tree` (a new command is one more block here)."""
    from reelqa.bot.discord.replies import embeds_of, view_of

    @app_commands.command(name="ask", description="Ask about a film; the answer cites reviews")
    @app_commands.describe(
        question="Your question, e.g. who voices Jay?",
        film="Only search this film's reviews",
        private="Show the answer only to you",
    )
    async def ask(
        interaction: discord.Interaction,
        question: app_commands.Range[str, 1, QUESTION_MAX],
        film: str | None = None,
        private: bool = False,
    ) -> None:
        await bot.answer_interaction(interaction, question, film, private)

    @app_commands.command(name="films", description="List the films whose reviews I can quote")
    @app_commands.describe(page="Page of the list")
    async def films(
        interaction: discord.Interaction, page: app_commands.Range[int, 1, 10_000] = 1
    ) -> None:
        reply = render_films(bot.films, page)
        await interaction.response.send_message(reply.content, embeds=embeds_of(reply),
                                                view=view_of(reply))

    @app_commands.command(name="credits", description="Who the reviews credit in a film")
    @app_commands.describe(film="The film, e.g. Lost in Starlight")
    async def credits(interaction: discord.Interaction, film: str) -> None:
        # The credits were learned when the index was built: looking them up is no CPU work.
        try:
            found = bot.engine.credits(chosen_film(bot, film))
        except UnknownFilmError:
            notice = render_notice(f"No film called \u201c{film}\u201d is indexed; "
                                   "/films lists them.")
            await interaction.response.send_message(notice.content, ephemeral=True)
            return
        # private first: the asker reads it, turns its pages, and posts the page they want
        reply = render_credits(found)
        await interaction.response.send_message(reply.content, view=view_of(reply),
                                                ephemeral=True)

    @app_commands.command(name="film", description="One film at a glance: year, how its "
                          "reviews lean, cast, story, verdicts")
    @app_commands.describe(film="The film, e.g. Lost in Starlight",
                           private="Show the card only to you")
    async def film_card(interaction: discord.Interaction, film: str,
                        private: bool = False) -> None:
        await show_card(bot, interaction, film, private)

    async def film_choices(
        interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return complete_film(bot, current)

    with_film: list[app_commands.Command[Any, Any, None]] = [ask, credits, film_card]
    for command in with_film:  # one film parameter, one way to complete it
        command.autocomplete("film")(film_choices)

    @app_commands.command(name="help", description="How to ask me, with examples")
    async def help_(interaction: discord.Interaction) -> None:
        reply = render_help(bot.films)
        await interaction.response.send_message(reply.content, ephemeral=True)

    @app_commands.command(name="about", description="The films, reviews and index I answer from")
    async def about(interaction: discord.Interaction) -> None:
        reply = render_about(bot.films, dict(getattr(bot.engine.index, "manifest", {}) or {}))
        await interaction.response.send_message(reply.content, ephemeral=True)

    commands: list[app_commands.Command[Any, Any, None]] = [ask, films, credits, film_card,
                                                            help_, about]
    for command in commands:
        bot.tree.add_command(command)


def complete_film(bot: ReelBot, current: str) -> list[app_commands.Choice[str]]:
    """Indexed titles containing what was typed, those starting with it first."""
    typed = normalize_title(current)
    titles = [f.film for f in bot.films]
    found = [t for t in titles if typed in normalize_title(t)]
    found.sort(key=lambda t: (not normalize_title(t).startswith(typed), t.lower()))
    return [app_commands.Choice(name=_cut(t, CHOICE_MAX, "\u2026"), value=choice_value(t))
            for t in found[:25]]


def choice_value(title: str) -> str:
    """What an autocomplete choice sends back for a film: its title, or for a title over
    Discord's 100-character limit, its start and a hash of the whole, which `chosen_film`
    turns back into the title."""
    if utf16_len(title) <= CHOICE_MAX:
        return title
    digest = hashlib.sha256(title.encode("utf-8")).hexdigest()[:8]
    return _cut(title, CHOICE_MAX - 9, "") + "#" + digest


def chosen_film(bot: ReelBot, value: str) -> str:
    """What a `film` option names: the title behind a shortened choice of ours, else what the
    user typed (for the engine to resolve)."""
    if "#" in value:
        for info in bot.films:
            if choice_value(info.film) == value:
                return info.film
    return value


def _cut(text: str, limit: int, ellipsis: str) -> str:
    """`text` cut to `limit` UTF-16 units (Discord's count), with `ellipsis` when cut."""
    if utf16_len(text) <= limit:
        return text
    room = limit - utf16_len(ellipsis)
    out = ""
    for char in text:
        if utf16_len(out + char) > room:
            break
        out += char
    return (out.rstrip() if ellipsis else out) + ellipsis
