"""Running the bot: checks before connecting, endpoints, redacted logs, signals, shutdown."""

from __future__ import annotations

import asyncio
import logging
import signal
import sys
from collections.abc import Iterable
from pathlib import Path

import aiohttp
import discord
import yarl
from reelqa.bot.discord.app import AnswersQuestions, ReelBot, log_failure
from reelqa.bot.discord.follow import FollowingEngine
from reelqa.config.errors import ReelqaError
from reelqa.config.settings import DiscordSettings, Settings

log = logging.getLogger("reelqa.discord")
HEALTH_INTERVAL = 5.0  # seconds; the Docker HEALTHCHECK allows several missed touches
FOLLOW_INTERVAL = 2.0  # seconds between checks of the index pointer (one stat) when idle


def run_bot(settings: Settings, sync: bool = False) -> int:
    """`reelqa bot`: check the token, load the engine, connect, and run until SIGTERM/SIGINT.

    Raises ReelqaError (one line for the CLI) before connecting when the token is missing or
    the index cannot be used. Returns 0 after a clean stop, 1 when Discord ends the session.
    """
    discord_settings = settings.discord()
    token = discord_settings.token.get_secret_value().strip() if discord_settings.token else ""
    if not token:
        raise ReelqaError("no Discord bot token; set REELQA_DISCORD_TOKEN (see docs/discord.md)")
    from reelqa.index.engine import open_engine  # imports torch: only once the cheap checks pass

    first = open_engine(settings)  # any problem is one ReelqaError line, before any log line
    engine = FollowingEngine(lambda: open_engine(settings, first.retriever.embedder),
                             settings.index_dir, first)  # new versions, the same model
    setup_logging(settings.log_level, secrets=[token])
    log.info("index %s loaded: %d film(s)", settings.index_dir, len(engine.films()))
    return asyncio.run(serve(engine, discord_settings, sync=sync))


async def serve(
    engine: AnswersQuestions,
    settings: DiscordSettings,
    *,
    sync: bool = False,
    stop: asyncio.Event | None = None,
    handle_signals: bool = True,
) -> int:
    """Run a ReelBot until `stop` is set (or SIGTERM/SIGINT), then shut down gracefully."""
    point_at(settings.api_base, settings.gateway_url)
    token = settings.token.get_secret_value().strip() if settings.token else ""
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    signals = (signal.SIGTERM, signal.SIGINT) if handle_signals else ()
    for sig in signals:
        loop.add_signal_handler(sig, stop.set)
    bot = ReelBot(engine, settings, sync=sync)
    running = asyncio.create_task(bot.start(token, reconnect=True))
    stopping = asyncio.create_task(stop.wait())
    health = asyncio.create_task(_keep_healthy(bot, settings.health_file))
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
        stopping.cancel()
        health.cancel()
        follow.cancel()
        for sig in signals:
            loop.remove_signal_handler(sig)
        if not bot.is_closed():
            await bot.close()


async def _follow_index(engine: AnswersQuestions) -> None:
    """Load a newly published index version in the background too, so /films, autocomplete
    and the film option see it without waiting for a question (see follow.py)."""
    refresh = getattr(engine, "refresh", None)
    if refresh is None:
        return
    while True:
        await asyncio.sleep(FOLLOW_INTERVAL)
        await asyncio.to_thread(refresh)  # a load is CPU work: never on the event loop


async def _keep_healthy(bot: ReelBot, path: Path | None) -> None:
    """Touch `path` every few seconds while the gateway connection is up (see HEALTHCHECK)."""
    if path is None:
        return
    while True:
        if bot.is_ready() and not bot.is_closed() and bot.ws is not None and bot.ws.open:
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


class RedactingFormatter(logging.Formatter):
    """A formatter that replaces every secret in the final text, tracebacks included."""

    def __init__(self, fmt: str, secrets: Iterable[str]) -> None:
        super().__init__(fmt)
        self.secrets = [s for s in secrets if s]

    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record)
        for secret in self.secrets:
            text = text.replace(secret, "[redacted]")
        return text


def setup_logging(level: str, secrets: Iterable[str]) -> None:
    """Log to stderr, with the token redacted from every line whoever logs it."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(RedactingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s",
                                            secrets))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    quiet = max(logging.WARNING, logging.getLevelName(level))
    for noisy in ("faiss", "sentence_transformers", "transformers", "urllib3", "asyncio"):
        logging.getLogger(noisy).setLevel(quiet)
    logging.getLogger("discord").setLevel(max(logging.INFO, logging.getLevelName(level)))
