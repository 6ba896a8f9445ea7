"""The Discord client: answers slash commands, mentions, DMs and follow-ups over one engine, on
every shard this process runs."""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any, Protocol

import discord
from discord import app_commands
from reelqa.bot.discord.asking import Asked, Where, followed, prepare, remember_sent
from reelqa.bot.discord.feedback import FeedbackError, FeedbackStore
from reelqa.bot.discord.films import Suggestions, did_you_mean
from reelqa.bot.discord.guard import Guard, Refusal, SyncState, commands_hash
from reelqa.bot.discord.metrics import Metrics
from reelqa.bot.discord.render import Reply, render_notice
from reelqa.bot.discord.replies import (
    embeds_of,
    fail,
    log_failure,
    reply_to,
    tell_privately,
    view_of,
)
from reelqa.bot.discord.text import strip_mentions
from reelqa.bot.limits import QUESTION_MAX
from reelqa.config.errors import ReelqaError, UnknownFilmError
from reelqa.config.settings import DiscordSettings
from reelqa.index.credits.aggregate import FilmCredits
from reelqa.index.query import Query
from reelqa.index.records import Answer, FilmCard, FilmInfo, Passage

log = logging.getLogger("reelqa.discord")

GENERIC_ERROR = "Sorry, something went wrong while answering. It has been logged; please try again."
HELP = "Ask me about a film: mention me with a question, DM me, or use /ask (/help shows how)."
TOO_LONG = f"Questions are at most {QUESTION_MAX} characters; please shorten it."
SHARED_COOLDOWN_WAIT = 1.0  # seconds to ask the shared database; past it, admit


class AnswersQuestions(Protocol):
    """The part of `index.engine.Engine` the bot uses."""

    index: Any  # `.manifest` tells /about when and with which model the index was built

    def understand(self, question: str, film: str | None = None) -> Query: ...

    def ask(self, question: str | Query, film: str | None = None,
            top_k: int | None = None) -> Answer: ...

    def films(self) -> list[FilmInfo]: ...

    def resolve_film(self, name: str) -> str | None: ...

    def passage(self, passage_id: str) -> Passage | None: ...

    def credits(self, film: str) -> FilmCredits: ...

    def require_film(self, name: str) -> str: ...

    def card(self, film: str) -> FilmCard: ...


class ReelBot(discord.AutoShardedClient):
    """Answers `/ask`, the other commands (`commands.py`), buttons (`components.py`), mentions,
    DMs and replies to its answers on the shards it is given (all of them by default); never
    pings anyone. Cooldowns are kept in the feedback database too, so a user is paced across
    every process that shares it; the in-flight limit is this process's."""

    def __init__(self, engine: AnswersQuestions, settings: DiscordSettings, sync: bool = False,
                 metrics: Metrics | None = None) -> None:
        from reelqa.bot.discord.commands import add_commands

        intents = discord.Intents.none()
        intents.guilds = intents.guild_messages = intents.dm_messages = True
        # shard_ids None: every shard (of the count given, or the count Discord recommends)
        shards: dict[str, Any] = {"shard_count": settings.shard_count,
                                  "shard_ids": list(settings.shard_ids or ()) or None}
        super().__init__(intents=intents, allowed_mentions=discord.AllowedMentions.none(),
                         **shards)
        self.engine = engine
        self.settings = settings
        self.force_sync = sync
        self.guard = Guard(settings.cooldown_seconds, settings.max_in_flight)
        self.feedback = FeedbackStore(settings.feedback_db)
        self.pacing = FeedbackStore(settings.feedback_db, wait=SHARED_COOLDOWN_WAIT / 2)
        self.metrics = metrics or Metrics()
        self.suggestions = Suggestions()
        self.metrics.in_flight.set_function(lambda: self.guard.in_flight)
        self.tree = app_commands.CommandTree(self)
        self.tree.on_error = self._on_tree_error  # type: ignore[method-assign]
        add_commands(self)

    @property
    def films(self) -> list[FilmInfo]:
        """The indexed films, of the index version answering now (it may change: follow.py)."""
        return self.engine.films()

    async def setup_hook(self) -> None:
        from reelqa.bot.discord.components import Action

        # Buttons are matched by their custom id, so those on old messages work after a restart.
        self.add_dynamic_items(Action)
        try:
            await asyncio.to_thread(self.feedback.check)
        except FeedbackError as exc:
            log.error("%s: answers go without buttons and votes are not kept until it is "
                      "fixed; /readyz reports not ready", exc)
        # Runs once after login and before the gateway connects: never on a reconnect. Of
        # several shard processes, the one running shard 0 syncs.
        if self.settings.shard_ids is None or 0 in self.settings.shard_ids:
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

    def shard_states(self) -> list[tuple[int, bool, float]]:
        """(shard id, connected, heartbeat latency in seconds) of each shard launched here."""
        return [(i, not s.is_closed(), s.latency) for i, s in sorted(self.shards.items())]

    def connection_problems(self) -> list[str]:
        """Which of this process's shards are not connected; empty when all are."""
        if self.is_closed():
            return ["gateway closed"]
        expected = self.shard_ids or (range(self.shard_count) if self.shard_count else None)
        if expected is None or not self.is_ready():
            return ["gateway connecting"]
        up = {i for i, connected, _ in self.shard_states() if connected}
        return [f"gateway shard {i} not connected" for i in expected if i not in up]

    def where(self, guild_id: int | None) -> Where:
        """The guild and the shard (Discord's rule: (guild_id >> 22) % shard count) of an event."""
        count = self.shard_count or 1
        return Where(guild_id, (guild_id >> 22) % count if guild_id else 0)

    async def on_ready(self) -> None:
        log.info("connected as %s (id %s) on shard(s) %s", self.user,
                 self.user.id if self.user else "?", ",".join(map(str, sorted(self.shards))))

    async def on_shard_connect(self, shard_id: int) -> None:
        self.metrics.shard_connected(shard_id)

    async def on_shard_resumed(self, shard_id: int) -> None:
        self.metrics.shard_resumed(shard_id)

    async def on_message(self, message: discord.Message) -> None:
        me = self.user
        if me is None or message.author.bot or message.author.id == me.id:
            return
        mentioned = me.id in message.raw_mentions or any(u.id == me.id for u in message.mentions)
        if message.guild is not None and not mentioned:
            return
        question = strip_mentions(message.content)
        if not question:
            await self._reply(message, render_notice(HELP))
            return
        if len(question) > QUESTION_MAX:
            self.metrics.questions.labels("rejected", "none").inc()
            await self._reply(message, render_notice(TOO_LONG))
            return
        asked = Asked(self, self.where(message.guild.id if message.guild else None), question)
        refusal = await self.admit(message.author.id)
        if refusal is not None:
            if refusal.first:  # one notice per burst of questions
                await self._tell_privately(message, refusal.message())
            return
        try:
            query = await followed(self, message, self.engine.understand(question))
            async with message.channel.typing():
                answer = await asyncio.to_thread(self.engine.ask, query)
            threadable = message.guild is not None and not isinstance(message.channel,
                                                                      discord.Thread)
            reply, key = await prepare(self, answer, threadable)
            sent = await self._reply(message, reply)
            asked.done(answer if sent is not None else None)
            await remember_sent(self, key, sent)
        except ReelqaError as exc:
            asked.rejected()
            await self._reply(message, render_notice(str(exc)))
        except Exception as exc:
            log_failure("answering a message", exc)
            await self._reply(message, render_notice(GENERIC_ERROR))
        finally:
            asked.finish()

    async def answer_interaction(
        self, interaction: discord.Interaction, question: str, film: str | None, private: bool
    ) -> None:
        """Defer at once, answer in a worker thread, then edit the deferred response."""
        from reelqa.bot.discord.commands import chosen_film

        question = strip_mentions(question)
        if not question:
            await interaction.response.send_message(render_notice(HELP).content, ephemeral=True)
            return
        try:  # a shortened autocomplete choice of ours is turned back into its title first
            query = self.engine.understand(question, chosen_film(self, film) if film else None)
        except UnknownFilmError as exc:
            self.metrics.questions.labels("rejected", "none").inc()
            notice = did_you_mean(self, film or "", exc, "ask", question, private)
            await interaction.response.send_message(notice.content, view=view_of(notice),
                                                    ephemeral=True)
            return
        except ReelqaError as exc:
            self.metrics.questions.labels("rejected", "none").inc()
            await interaction.response.send_message(render_notice(str(exc)).content,
                                                    ephemeral=True)
            return
        asked = Asked(self, self.where(interaction.guild_id), question)
        refusal = await self.admit(interaction.user.id)
        if refusal is not None:
            await interaction.response.send_message(refusal.message(), ephemeral=True)
            return
        try:
            await interaction.response.defer(ephemeral=private, thinking=True)
            answer = await asyncio.to_thread(self.engine.ask, query)
            threadable = not private and interaction.guild is not None and not isinstance(
                interaction.channel, discord.Thread)
            reply, key = await prepare(self, answer, threadable)
            sent = await interaction.edit_original_response(
                content=reply.content, embeds=embeds_of(reply), view=view_of(reply))
            asked.done(answer)
            await remember_sent(self, key, sent)
        except ReelqaError as exc:
            asked.rejected()
            await self.fail(interaction, str(exc), private)
        except Exception as exc:
            log_failure("answering /ask", exc)
            await self.fail(interaction, GENERIC_ERROR, private)
        finally:
            asked.finish()

    async def admit(self, user_id: int) -> Refusal | None:
        """Take a question from this user now, or say why not: this process's cooldown and
        in-flight limit, then the cooldown shared with the other processes (fail-open: when
        the database does not answer in time the question is taken)."""
        refusal = self.guard.admit(user_id)
        if refusal is None and self.settings.cooldown_seconds > 0 and self.feedback.usable:
            try:
                left = await asyncio.wait_for(asyncio.to_thread(
                    self.pacing.claim_turn, user_id, self.settings.cooldown_seconds),
                    SHARED_COOLDOWN_WAIT)
            except (FeedbackError, TimeoutError) as exc:
                log.debug("shared cooldown not checked (%s)", type(exc).__name__)
                left = 0.0
            if left > 0:
                refusal = self.guard.asked_elsewhere(user_id, left)
        if refusal is not None:
            self.metrics.refused.labels(refusal.reason).inc()
        return refusal

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
        import sys

        log_failure(f"handling {event_method}", sys.exc_info()[1] or RuntimeError("unknown"))

    async def _on_tree_error(
        self, interaction: discord.Interaction, error: app_commands.AppCommandError
    ) -> None:
        log_failure(f"command {interaction.command.name if interaction.command else '?'}", error)
        await self.fail(interaction, GENERIC_ERROR, True)

    async def fail(self, interaction: discord.Interaction, text: str, private: bool) -> None:
        """Tell only the asker; a public deferred response is removed first."""
        await fail(interaction, text, private)

    async def _reply(self, message: discord.Message, reply: Reply) -> discord.Message | None:
        return await reply_to(message, reply)

    async def _tell_privately(self, message: discord.Message, text: str) -> None:
        await tell_privately(message, text)
