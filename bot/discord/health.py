"""What an operator's tools ask a running bot: /metrics (Prometheus), /healthz (the process is
alive) and /readyz (the index is loaded, every shard of this process is connected and the
feedback database can be used), on one port, served on the bot's own event loop."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from reelqa.bot.discord.metrics import Metrics
from reelqa.config.errors import ReelqaError


@dataclass
class Health:
    """The process's state as it comes up: the engine once loaded, the bot once made."""

    metrics: Metrics = field(default_factory=Metrics)
    engine: Any = None
    bot: Any = None  # a ReelBot

    def __post_init__(self) -> None:
        self.metrics.watch(self.live)

    def problems(self) -> list[str]:
        """Why the process is not ready; empty when it is."""
        found = []
        if self.engine is None:
            found.append("index not loaded")
        if self.bot is None:
            found.append("gateway not connected")
        else:
            found += self.bot.connection_problems()
            if not self.bot.feedback.usable:
                found.append(f"feedback database {self.bot.feedback.path} cannot be used")
        return found

    def live(self) -> dict[str, Any]:
        """What the scrape-time metrics read."""
        bot = self.bot
        return {"engine": self.engine,
                "shards": bot.shard_states() if bot is not None else [],
                "store_usable": bool(bot is not None and bot.feedback.usable),
                "ready": not self.problems()}


async def serve_health(health: Health, host: str, port: int) -> web.AppRunner:
    """Start serving /metrics, /healthz and /readyz; ReelqaError when the port is taken."""
    async def metrics(_: web.Request) -> web.Response:
        return web.Response(body=generate_latest(health.metrics.registry),
                            headers={"Content-Type": CONTENT_TYPE_LATEST})

    async def healthz(_: web.Request) -> web.Response:
        return _json({"alive": True}, 200)

    async def readyz(_: web.Request) -> web.Response:
        problems = health.problems()
        return _json({"ready": not problems, "problems": problems}, 503 if problems else 200)

    app = web.Application()
    app.router.add_get("/metrics", metrics)
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/readyz", readyz)
    runner = web.AppRunner(app, access_log=None, handle_signals=False)
    await runner.setup()
    try:
        await web.TCPSite(runner, host, port).start()
    except OSError as exc:
        await runner.cleanup()
        raise ReelqaError(f"cannot serve metrics on {host}:{port} ({exc.strerror}); set "
                          "REELQA_METRICS_PORT to a free port") from None
    return runner


def _json(data: dict[str, Any], status: int) -> web.Response:
    return web.Response(text=json.dumps(data), status=status, content_type="application/json")
