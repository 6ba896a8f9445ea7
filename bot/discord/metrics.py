"""Prometheus metrics of one bot process (prometheus-client), in a registry of its own.

Counted as things happen: questions by outcome and kind, their latency, refusals, votes,
gateway reconnects. Read when scraped: questions in flight, the index answering now (version,
age, passages), each shard's gateway latency and connection, the feedback store, readiness.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

# Outcomes of a question taken: answered (a short answer, verdicts or the reviews' split),
# not_found (the reviews don't say), rejected (a reason told to the asker: an unknown film, a
# question too long), failed (an unexpected error, or the reply could not be sent).
OUTCOMES = ("answered", "not_found", "rejected", "failed")
LATENCY_BUCKETS = (0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)


class Metrics:
    """The bot's metrics; `registry` is what /metrics serves."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        r = self.registry
        self.questions = Counter("reelqa_questions", "Questions taken, by outcome and answer "
                                 "kind (credits, opinion, span; none without an answer)",
                                 ["outcome", "kind"], registry=r)
        self.refused = Counter("reelqa_questions_refused", "Questions refused before answering, "
                               "by reason (cooldown, busy: over the in-flight limit, stopping)",
                               ["reason"], registry=r)
        self.latency = Histogram("reelqa_question_seconds", "From a question's arrival to its "
                                 "reply being sent", buckets=LATENCY_BUCKETS, registry=r)
        self.votes = Counter("reelqa_votes", "Votes on answers, by vote and outcome (recorded, "
                             "lost)", ["vote", "outcome"], registry=r)
        self.reconnects = Counter("reelqa_gateway_reconnects", "Gateway sessions re-established "
                                  "(resumed or identified again), per shard", ["shard"],
                                  registry=r)
        self.in_flight = Gauge("reelqa_questions_in_flight", "Questions being answered now",
                               registry=r)
        self._connected: set[int] = set()
        for outcome in OUTCOMES:  # every series exists from the start, so rates are defined
            self.questions.labels(outcome, "none")
        for reason in ("cooldown", "busy", "stopping"):
            self.refused.labels(reason)

    def question(self, outcome: str, kind: str, seconds: float) -> None:
        """One question taken, with its outcome and kind, after `seconds`."""
        self.questions.labels(outcome, kind).inc()
        self.latency.observe(seconds)

    def shard_connected(self, shard: int) -> None:
        """A shard identified: its first time is a connection, later ones reconnects."""
        if shard in self._connected:
            self.reconnects.labels(str(shard)).inc()
        self._connected.add(shard)

    def shard_resumed(self, shard: int) -> None:
        self.reconnects.labels(str(shard)).inc()

    def watch(self, live: Callable[[], dict[str, Any]]) -> None:
        """Read the live state (see `LiveCollector`) whenever the registry is scraped."""
        self.registry.register(LiveCollector(live))


class LiveCollector(Collector):
    """Gauges read at scrape time from `live()`: {"engine": the engine or None, "shards":
    [(id, connected, latency)], "in_flight": int, "store_usable": bool, "ready": bool}."""

    def __init__(self, live: Callable[[], dict[str, Any]]) -> None:
        self.live = live

    def collect(self) -> Iterator[Metric]:
        state = self.live()
        yield from _index_metrics(state.get("engine"))
        latency = GaugeMetricFamily("reelqa_gateway_latency_seconds", "Time between a "
                                    "heartbeat and its acknowledgement, per shard",
                                    labels=["shard"])
        connected = GaugeMetricFamily("reelqa_gateway_connected", "1 while the shard's "
                                      "gateway connection is open", labels=["shard"])
        for shard, up, seconds in state.get("shards", ()):
            if seconds == seconds and seconds != float("inf"):  # not NaN nor inf
                latency.add_metric([str(shard)], seconds)
            connected.add_metric([str(shard)], 1.0 if up else 0.0)
        yield latency
        yield connected
        yield GaugeMetricFamily("reelqa_feedback_store_usable", "1 while the feedback database "
                                "can be used", value=1.0 if state.get("store_usable") else 0.0)
        yield GaugeMetricFamily("reelqa_ready", "1 when /readyz answers 200",
                                value=1.0 if state.get("ready") else 0.0)


def _index_metrics(engine: Any) -> Iterator[Metric]:
    index = getattr(engine, "index", None) if engine is not None else None
    if index is None:
        yield GaugeMetricFamily("reelqa_index_loaded", "1 once an index is loaded", value=0.0)
        return
    manifest: dict[str, Any] = dict(getattr(index, "manifest", {}) or {})
    yield GaugeMetricFamily("reelqa_index_loaded", "1 once an index is loaded", value=1.0)
    info = GaugeMetricFamily("reelqa_index_info", "The index answering now: its version "
                             "folder and model", labels=["version", "model"])
    info.add_metric([getattr(getattr(index, "folder", None), "name", "?"),
                     str((manifest.get("model") or {}).get("name", "?"))], 1.0)
    yield info
    counts = manifest.get("counts") or {}
    yield GaugeMetricFamily("reelqa_index_passages", "Passages in the index answering now",
                            value=float(counts.get("passages") or 0))
    if isinstance(counts.get("films"), int):
        yield GaugeMetricFamily("reelqa_index_films", "Films in the index answering now",
                                value=float(counts["films"]))
    built = _timestamp(manifest.get("built_at"))
    if built is not None:
        yield GaugeMetricFamily("reelqa_index_built_timestamp_seconds", "When the index "
                                "answering now was built (Unix time)", value=built)
        yield GaugeMetricFamily("reelqa_index_age_seconds", "Seconds since the index answering "
                                "now was built", value=max(time.time() - built, 0.0))


def _timestamp(text: Any) -> float | None:
    try:
        return datetime.fromisoformat(str(text)).timestamp() if text else None
    except ValueError:
        return None
