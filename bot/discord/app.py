"""The Discord client: slash commands, mentions and DMs over one engine loaded at start."""

from __future__ import annotations

import asyncio
import logging
import re
import time
from typing import Any, Protocol

import discord
from discord import app_commands
from reelqa.bot.discord.guard import Guard, SyncState, commands_hash
from reelqa.bot.discord.render import Reply, render_answer, render_films, render_notice
from reelqa.config.errors import ReelqaError
from reelqa.config.settings import DiscordSettings
from reelqa.index.records import Answer, FilmInfo
from reelqa.index.retrieve.films import normalize_title

log = logging.getLogger("reelqa.discord")

QUESTION_MAX = 300
GENERIC_ERROR = "Sorry, something went wrong while answering. It has been logged; please try again."
HELP = "Ask me about a film: mention me with a question, DM me, or use /ask."


class AnswersQuestions(Protocol):
    """The part of `index.engine.Engine` the bot uses."""

    def ask(self, question: str, film: str | None = None, top_k: int | None = None) -> Answer: ...

    def films(self) -> list[FilmInfo]: ...

    def resolve_film(self, name: str) -> str | None: ...


class ReelBot(discord.Client):
    """Answers `/ask`, `/films`, mentions and DMs; never pings anyone."""

    def __init__(self, engine: AnswersQuestions, settings: DiscordSettings, sync: bool = False):
        intents = discord.Intents.none()
        intents.guilds = intents.guild_messages = intents.dm_messages = True
        super().__init__(intents=intents, allowed_mentions=discord.AllowedMentions.none())
        self.engine = engine
        self.settings = settings
        self.force_sync = sync
        self.guard = Guard(settings.cooldown_seconds, settings.max_in_flight)
        self.films = engine.films()
        self.tree = app_commands.CommandTree(self)
        self.tree.on_error = self._on_tree_error  # type: ignore[method-assign]
        _add_commands(self)

    async def setup_hook(self) -> None:
        # Runs once after login and before the gateway connects: never on a reconnect.
        await self.sync_commands()

    async def sync_commands(self) -> bool:
        """Sync slash commands if their definitions changed since the last sync, or if forced."""
        assert self.application_id is not None
        guilds = sorted(self.settings.guild_ids)
        payload = {"commands": [c.to_dict(self.tree) for c in self.tree.get_commands()],
                   "guilds": guilds}
        digest = commands_hash(payload)
        state = SyncState(self.settings.state_file)
        if not self.force_sync and state.is_current(self.application_id, digest):
            log.info("slash commands unchanged since the last sync; not syncing")
            return False
        if guilds:
            for guild_id in guilds:
                guild = discord.Object(guild_id)
                self.tree.copy_global_to(guild=guild)
                await self.tree.sync(guild=guild)
        else:
            await self.tree.sync()
        state.remember(self.application_id, digest)
        log.info("synced slash commands %s", f"to guilds {guilds}" if guilds else "globally")
        return True

    async def on_ready(self) -> None:
        log.info("connected as %s (id %s)", self.user, self.user.id if self.user else "?")

    async def on_message(self, message: discord.Message) -> None:
        me = self.user
        if me is None or message.author.bot or message.author.id == me.id:
            return
        if message.guild is not None and me.id not in message.raw_mentions:
            return
        question = re.sub(rf"<@!?{me.id}>", " ", message.content).strip()
        if not question:
            await self._reply(message, render_notice(HELP))
            return
        if len(question) > QUESTION_MAX:
            await self._reply(message, render_notice(f"Questions are at most {QUESTION_MAX} "
                                                     "characters; please shorten it."))
            return
        refusal = self.guard.admit(message.author.id)
        if refusal is not None:
            await self._reply(message, render_notice(refusal.message()))
            return
        started = time.monotonic()
        try:
            answer = await asyncio.to_thread(self.engine.ask, question)
            await self._reply(message, render_answer(answer))
        except ReelqaError as exc:
            await self._reply(message, render_notice(str(exc)))
        except Exception as exc:
            log_failure("answering a message", exc)
            await self._reply(message, render_notice(GENERIC_ERROR))
        finally:
            self.guard.release(time.monotonic() - started)

    async def answer_interaction(
        self, interaction: discord.Interaction, question: str, film: str | None, private: bool
    ) -> None:
        """Defer at once, answer in a worker thread, then edit the deferred response."""
        if film and self.engine.resolve_film(film) is None:
            notice = render_notice(f"No film called \u201c{film}\u201d is indexed; "
                                   "/films lists them.")
            await interaction.response.send_message(notice.content, ephemeral=True)
            return
        refusal = self.guard.admit(interaction.user.id)
        if refusal is not None:
            await interaction.response.send_message(refusal.message(), ephemeral=True)
            return
        started = time.monotonic()
        try:
            await interaction.response.defer(ephemeral=private, thinking=True)
            answer = await asyncio.to_thread(self.engine.ask, question, film or None)
            reply = render_answer(answer)
            await interaction.edit_original_response(content=reply.content,
                                                     embeds=_embeds(reply))
        except ReelqaError as exc:
            await self._fail(interaction, str(exc), private)
        except Exception as exc:
            log_failure("answering /ask", exc)
            await self._fail(interaction, GENERIC_ERROR, private)
        finally:
            self.guard.release(time.monotonic() - started)

    def complete_film(self, current: str) -> list[app_commands.Choice[str]]:
        """Indexed titles containing what was typed, those starting with it first."""
        typed = normalize_title(current)
        titles = [f.film for f in self.films]
        found = [t for t in titles if typed in normalize_title(t)]
        found.sort(key=lambda t: (not normalize_title(t).startswith(typed), t.lower()))
        return [app_commands.Choice(name=t[:100], value=t[:100]) for t in found[:25]]

    async def shutdown(self, grace: float) -> None:
        """Refuse new questions, give those in flight up to `grace` seconds, then disconnect."""
        self.guard.stopping = True
        deadline = time.monotonic() + grace
        while self.guard.in_flight and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        if self.guard.in_flight:
            log.warning("stopping with %d question(s) unanswered", self.guard.in_flight)
        await self.close()

    async def on_error(self, event_method: str, /, *args: Any, **kwargs: Any) -> None:
        log_failure(f"handling {event_method}", _current_exception())

    async def _on_tree_error(
        self, interaction: discord.Interaction, error: app_commands.AppCommandError
    ) -> None:
        log_failure(f"command {interaction.command.name if interaction.command else '?'}", error)
        await self._fail(interaction, GENERIC_ERROR, True)

    async def _fail(self, interaction: discord.Interaction, text: str, private: bool) -> None:
        """Tell only the asker; a public deferred response is removed first."""
        notice = render_notice(text).content
        try:
            if not interaction.response.is_done():
                await interaction.response.send_message(notice, ephemeral=True)
            elif private:
                await interaction.edit_original_response(content=notice, embeds=[])
            else:
                await interaction.delete_original_response()
                await interaction.followup.send(notice, ephemeral=True)
        except discord.HTTPException as exc:
            log.warning("could not send the error notice (HTTP %s)", exc.status)

    async def _reply(self, message: discord.Message, reply: Reply) -> None:
        try:
            await message.reply(reply.content, embeds=_embeds(reply), mention_author=False)
        except discord.HTTPException as exc:
            log.warning("could not reply to a message (HTTP %s)", exc.status)


def _add_commands(bot: ReelBot) -> None:
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

    @ask.autocomplete("film")
    async def ask_film(
        interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return bot.complete_film(current)

    @app_commands.command(name="films", description="List the films whose reviews I can quote")
    @app_commands.describe(page="Page of the list")
    async def films(
        interaction: discord.Interaction, page: app_commands.Range[int, 1, 10_000] = 1
    ) -> None:
        reply = render_films(bot.films, page)
        await interaction.response.send_message(reply.content, embeds=_embeds(reply))

    bot.tree.add_command(ask)
    bot.tree.add_command(films)


def _embeds(reply: Reply) -> list[discord.Embed]:
    return [discord.Embed.from_dict(e) for e in reply.embeds]


def _current_exception() -> BaseException:
    import sys

    return sys.exc_info()[1] or RuntimeError("unknown error")


def log_failure(what: str, exc: BaseException) -> None:
    """Log where `exc` happened (type and stack), never its message: it may hold user text or
    secrets."""
    import traceback

    original = exc.original if isinstance(exc, app_commands.CommandInvokeError) else exc
    stack = "".join(traceback.format_tb(original.__traceback__))
    log.error("error %s: %s\n%s", what, type(original).__name__, stack.rstrip())
