"""Running the bot: checks before connecting, the health endpoints, logs, signals, shutdown."""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import Callable
from pathlib import Path

import aiohttp
import discord
import yarl
from reelqa.bot.discord.app import AnswersQuestions, ReelBot
from reelqa.bot.discord.follow import FollowingEngine
from reelqa.bot.discord.health import Health, serve_health
from reelqa.bot.discord.replies import log_failure
from reelqa.bot.logs import setup_logging
from reelqa.config.errors import ReelqaError
from reelqa.config.settings import DiscordSettings, Settings

log = logging.getLogger("reelqa.discord")
HEALTH_INTERVAL = 5.0  # seconds; a health file's readers allow several missed touches
FOLLOW_INTERVAL = 2.0  # seconds between checks of the index pointer (one stat) when idle


def run_bot(settings: Settings, sync: bool = False) -> int:
    """`reelqa bot`: check the token, serve the health endpoints, load the engine, connect, and
    run until SIGTERM/SIGINT.

    Raises ReelqaError (one line for the CLI) before connecting when the token is missing, the
    metrics port is taken or the index cannot be used. Returns 0 after a clean stop.
    """
    discord_settings = settings.discord()
    token = discord_settings.token.get_secret_value().strip() if discord_settings.token else ""
    if not token:
        raise ReelqaError("no Discord bot token; set REELQA_DISCORD_TOKEN (see docs/discord.md)")
    return asyncio.run(start_bot(settings, sync=sync))


async def start_bot(settings: Settings, *, sync: bool = False,
                    load: Callable[[], AnswersQuestions] | None = None,
                    configure_logging: bool = True, stop: asyncio.Event | None = None,
                    handle_signals: bool = True) -> int:
    """Serve the health endpoints (if REELQA_METRICS_PORT is set), load the engine (`load`,
    by default the index in the settings, followed as new versions are published), then run
    the bot (`serve`). /readyz answers "index not loaded" until the load is done."""
    discord_settings = settings.discord()
    health = Health()
    runner = None
    if discord_settings.metrics_port is not None:
        runner = await serve_health(health, discord_settings.metrics_host,
                                    discord_settings.metrics_port)
    try:
        # Any problem is one ReelqaError line, before any log line; a load is CPU work, kept
        # off the loop so that /healthz and /metrics answer meanwhile.
        engine = await asyncio.to_thread(load or (lambda: _following(settings)))
        if configure_logging:
            token = discord_settings.token.get_secret_value() if discord_settings.token else ""
            setup_logging(settings.log_level, secrets=[token.strip()], fmt=settings.log_format)
        if runner is not None:
            _served(discord_settings)
        log.info("index %s loaded: %d film(s)", settings.index_dir, len(engine.films()))
        return await serve(engine, discord_settings, sync=sync, health=health, stop=stop,
                           handle_signals=handle_signals)
    finally:
        if runner is not None:
            await runner.cleanup()


def _following(settings: Settings) -> FollowingEngine:
    from reelqa.index.engine import open_engine  # imports the model's runtime: only now

    first = open_engine(settings)
    return FollowingEngine(lambda: open_engine(settings, first.retriever.embedder),
                           settings.index_dir, first)  # new versions, the same model


async def serve(
    engine: AnswersQuestions,
    settings: DiscordSettings,
    *,
    sync: bool = False,
    stop: asyncio.Event | None = None,
    handle_signals: bool = True,
    health: Health | None = None,
) -> int:
    """Run a ReelBot until `stop` is set (or SIGTERM/SIGINT), then shut down gracefully.
    Serves the health endpoints itself unless the caller's `health` is already served."""
    point_at(settings.api_base, settings.gateway_url)
    token = settings.token.get_secret_value().strip() if settings.token else ""
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    runner = None
    if health is None:
        health = Health()
        if settings.metrics_port is not None:
            runner = await serve_health(health, settings.metrics_host, settings.metrics_port)
            _served(settings)
    signals = (signal.SIGTERM, signal.SIGINT) if handle_signals else ()
    for sig in signals:
        loop.add_signal_handler(sig, stop.set)
    bot = ReelBot(engine, settings, sync=sync, metrics=health.metrics)
    health.engine, health.bot = engine, bot
    running = asyncio.create_task(bot.start(token, reconnect=True))
    stopping = asyncio.create_task(stop.wait())
    alive = asyncio.create_task(_keep_healthy(health, settings.health_file))
    follow = asyncio.create_task(_follow_index(engine))
    try:
        await asyncio.wait({running, stopping}, return_when=asyncio.FIRST_COMPLETED)
        if running.done():
            return _exit_code(running)
        log.info("stopping: finishing questions in flight (up to %.0f s)",
                 settings.shutdown_grace_seconds)
        await bot.shutdown(settings.shutdown_grace_seconds)
        await asyncio.wait_for(asyncio.shield(running), timeout=10)
        log.info("disconnected cleanly")
        return 0
    finally:
        for task in (stopping, alive, follow):
            task.cancel()
        await asyncio.gather(stopping, alive, follow, return_exceptions=True)
        for sig in signals:
            loop.remove_signal_handler(sig)
        if not bot.is_closed():
            await bot.close()
        if runner is not None:
            await runner.cleanup()


def _served(settings: DiscordSettings) -> None:
    log.info("metrics, /healthz and /readyz on http://%s:%d", settings.metrics_host,
             settings.metrics_port)


async def _follow_index(engine: AnswersQuestions) -> None:
    """Load a newly published index version in the background too, so /films, autocomplete
    and the film option see it without waiting for a question (see follow.py)."""
    refresh = getattr(engine, "refresh", None)
    if refresh is None:
        return
    while True:
        await asyncio.sleep(FOLLOW_INTERVAL)
        await asyncio.to_thread(refresh)  # a load is CPU work: never on the event loop


async def _keep_healthy(health: Health, path: Path | None) -> None:
    """Touch `path` every few seconds while ready (as /readyz says), for health checks that
    read a file."""
    if path is None:
        return
    while True:
        if not health.problems():
            try:
                path.touch()
            except OSError as exc:
                log.warning("cannot touch the health file %s: %s", path, exc.strerror)
                return
        await asyncio.sleep(HEALTH_INTERVAL)


def point_at(api_base: str | None, gateway_url: str | None) -> None:
    """Send REST calls to `api_base` and connect to `gateway_url` instead of Discord's."""
    if api_base:
        discord.http.Route.BASE = api_base.rstrip("/")
    if gateway_url:
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(gateway_url)


def _exit_code(running: asyncio.Task[None]) -> int:
    exc = running.exception()
    if exc is None:
        return 0
    if isinstance(exc, discord.LoginFailure) or (
        isinstance(exc, discord.ConnectionClosed) and exc.code == 4004  # bad token at IDENTIFY
    ):
        raise ReelqaError("Discord rejected the bot token (REELQA_DISCORD_TOKEN)") from None
    if isinstance(exc, discord.ConnectionClosed) and exc.code in (4010, 4011):
        raise ReelqaError("Discord refused the shard settings (REELQA_DISCORD_SHARD_COUNT, "
                          "REELQA_DISCORD_SHARD_IDS): "
                          + ("invalid shard" if exc.code == 4010 else "sharding required")
                          + "; see docs/discord.md") from None
    if isinstance(exc, discord.PrivilegedIntentsRequired):
        raise ReelqaError("Discord refused the gateway intents the bot asked for") from None
    if isinstance(exc, ReelqaError):
        raise exc
    if isinstance(exc, (OSError, aiohttp.ClientError, asyncio.TimeoutError)):
        # Unreachable (down, DNS, firewall): one line, not a stack of aiohttp internals.
        where = discord.http.Route.BASE
        reason = getattr(exc, "strerror", None) or type(exc).__name__
        log.error("cannot reach Discord at %s: %s", where, reason)
        raise ReelqaError(f"cannot reach Discord at {where} ({reason}); check the network "
                          "or REELQA_DISCORD_API_BASE") from None
    log_failure("connecting to Discord", exc)
    raise ReelqaError(f"the Discord connection failed ({type(exc).__name__})") from None
