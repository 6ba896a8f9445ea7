"""One question's life in the bot, from arrival to reply: where it came from (guild, shard),
the film a follow-up keeps, the answer stored for its buttons and rendered, its outcome and
kind counted in the metrics and logged once, in one line per question."""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from reelqa.bot.discord.answers import render_answer
from reelqa.bot.discord.feedback import FeedbackError
from reelqa.bot.discord.render import Reply
from reelqa.index.query import Query
from reelqa.index.records import Answer

if TYPE_CHECKING:
    from reelqa.bot.discord.app import ReelBot

log = logging.getLogger("reelqa.discord")


@dataclass(frozen=True)
class Where:
    """Where a question came from: its guild (None in DMs) and the shard that received it."""

    guild: int | None
    shard: int


class Asked:
    """A question admitted by the bot's guard: `done(answer)` once its reply is sent (None when
    it could not be), `rejected()` when the engine refused it with a reason for the asker, and
    `finish()` always, which frees its in-flight slot, counts it and logs it."""

    def __init__(self, bot: ReelBot, where: Where, question: str) -> None:
        self.bot = bot
        self.where = where
        self.question = question
        self.started = time.monotonic()
        self.outcome = "failed"  # until told otherwise: an exception skips `done`
        self.answer: Answer | None = None

    def done(self, answer: Answer | None) -> None:
        self.answer = answer
        self.outcome = "failed" if answer is None else outcome_of(answer)

    def rejected(self) -> None:
        self.outcome = "rejected"

    def finish(self) -> None:
        seconds = time.monotonic() - self.started
        self.bot.guard.release(seconds)
        kind = kind_of(self.answer) if self.answer is not None else "none"
        self.bot.metrics.question(self.outcome, kind, seconds)
        answer = self.answer
        fields: dict[str, Any] = {
            "event": "question", "outcome": self.outcome, "kind": kind,
            "guild": self.where.guild, "shard": self.where.shard,
            "film": answer_film(answer) if answer is not None else None,
            "latency_ms": round(seconds * 1000, 1),
            "passages": [h.passage.id for h in answer.hits] if answer is not None else [],
        }
        if self.bot.settings.log_questions:  # the operator opted in: questions are user text
            fields["question"] = self.question
        text = " ".join(f"{k}={_plain(v)}" for k, v in fields.items() if k != "event")
        log.info("question: %s", text, extra={"fields": fields})


def outcome_of(answer: Answer) -> str:
    """answered: a short answer, the reviews' verdicts, or who the reviews say when they
    disagree; not_found: the reviews don't say."""
    if answer.short is not None:
        return "answered"
    if answer.credit is not None and len(answer.credit.rivals) > 1:
        return "answered"
    return "not_found"


def kind_of(answer: Answer) -> str:
    """The answer kind that replied, as the engine names it (credits, opinion, span)."""
    if answer.kind:
        return answer.kind
    return "credits" if answer.credit is not None else (
        "opinion" if answer.opinion is not None else "span")


def answer_film(answer: Answer) -> str | None:
    """The film an answer is about: the one searched, else the one its answer was found in,
    else the one all its passages are from."""
    if answer.film:
        return answer.film
    if answer.short is not None and answer.hits:
        return answer.hits[answer.short.passage - 1].passage.review.film
    films = {h.passage.review.film for h in answer.hits}
    return next(iter(films)) if len(films) == 1 else None


def _plain(value: Any) -> str:
    if value is None or value == []:
        return "-"
    if isinstance(value, list):
        return ",".join(map(str, value))
    if isinstance(value, float):
        return f"{value:.0f}"
    return repr(value) if isinstance(value, str) and " " in value else str(value)


async def prepare(bot: ReelBot, answer: Answer, threadable: bool) -> tuple[Reply, str | None]:
    """Store the answer for its buttons, and render it."""
    film = answer_film(answer)
    ids = tuple(h.passage.id for h in answer.hits)
    text = answer.short.text if answer.short else None
    usable = bot.feedback.usable
    try:
        key: str | None = await asyncio.to_thread(
            bot.feedback.remember, answer.question, film, text, ids, quoted_ranks(answer))
    except FeedbackError as exc:  # answer without buttons rather than not at all
        if usable or exc.problem == "locked":  # a broken store is logged once, not always
            log.warning("%s; answering without buttons", exc)
        key = None
    return render_answer(answer, key, thread=threadable and film is not None), key

async def remember_sent(bot: ReelBot, key: str | None, message: Any) -> None:
    """Note which message carries the answer `key`, so that replies to it keep its film."""
    if key is not None and message is not None:
        try:
            await asyncio.to_thread(bot.feedback.sent, key, message.id)
        except FeedbackError as exc:
            log.warning("%s; follow-ups to this answer will not keep its film", exc)

async def followed(bot: ReelBot, message: Any, query: Query) -> Query:
    """The query with the film a follow-up keeps: a film the question names wins; else the
    film of the answer it replies to, or of the answer whose thread it is in. `message` is a
    discord.Message (this module imports no discord: only the client's modules do)."""
    if query.film is not None:
        return query
    anchors = []
    if message.reference is not None and message.reference.message_id is not None:
        anchors.append(message.reference.message_id)
    anchors.append(message.channel.id)  # a thread opened on an answer has its id
    for anchor in anchors:
        try:
            film = await asyncio.to_thread(bot.feedback.film_of_message, anchor)
        except FeedbackError:
            return query  # asked afresh, rather than not answered
        title = bot.engine.resolve_film(film) if film is not None else None
        if title is not None:
            return query.following(title)
    return query


def quoted_ranks(answer: Answer) -> tuple[int, ...]:
    """The ranks of the passages the answer message quotes."""
    if answer.short is not None and answer.short.parts:
        return tuple(sorted({v.passage for v in answer.short.parts}))
    if answer.opinion is not None and answer.opinion.verdicts and answer.short is not None:
        return tuple(sorted({v.passage for v in answer.opinion.verdicts}))
    if answer.closest_is_answer():
        return (1,)  # the passage the message quotes
    return (answer.short.passage,) if answer.short is not None else ()
