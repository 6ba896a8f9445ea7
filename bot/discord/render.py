"""Pure rendering of answers, film lists and notices into Discord messages within its limits."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from reelqa.bot.discord.text import Segment, clean, fit, utf16_len
from reelqa.index.lexicon import STOPWORDS, WORD
from reelqa.index.records import Answer, FilmInfo, Hit

# Discord's documented limits for one message.
CONTENT_MAX = 2000
EMBEDS_MAX = 10
TITLE_MAX = 256
DESCRIPTION_MAX = 4096
FIELDS_MAX = 25
FIELD_NAME_MAX = 256
FIELD_VALUE_MAX = 1024
EMBED_TOTAL_MAX = 6000

PASSAGES_SHOWN = 5
EXCERPT_CHARS = 700
FILMS_PER_PAGE = 15
COLOUR = 0xE3B341
_SAFE_URL = re.compile(r"https?://[^\s<>\"'`|\\]{1,1000}")
_SENTENCE = re.compile(r"[^.!?\u2026]+(?:[.!?\u2026]+[\"'\u201d\u2019)\]]*|$)")


@dataclass(frozen=True)
class EmbedDraft:
    """An embed before limits are applied: Markdown segments, cut by `fit_reply`."""

    title: tuple[Segment, ...]
    description: tuple[Segment, ...]  # cut to fit
    tail: tuple[Segment, ...] = ()  # kept whole after the description when it fits (citations)
    url: str | None = None
    fields: tuple[tuple[tuple[Segment, ...], tuple[Segment, ...]], ...] = ()


@dataclass(frozen=True)
class Reply:
    """A message ready to send: content and embed dicts (as `discord.Embed.from_dict` takes)."""

    content: str
    embeds: tuple[dict[str, Any], ...] = ()


def fit_reply(content: Sequence[Segment], embeds: Sequence[EmbedDraft] = ()) -> Reply:
    """The one place Discord's limits are enforced: content 2,000; at most 10 embeds; title
    256, description 4,096, 25 fields of 256/1,024; 6,000 across all embeds. Text is cut
    cleanly (see `discord_text.fit`); descriptions share what titles and fields leave."""
    drafts = list(embeds[:EMBEDS_MAX])
    heads = [
        (
            fit(d.title, TITLE_MAX),
            [(fit(n, FIELD_NAME_MAX), fit(v, FIELD_VALUE_MAX)) for n, v in d.fields[:FIELDS_MAX]],
        )
        for d in drafts
    ]
    sizes = [utf16_len(t) + sum(utf16_len(n) + utf16_len(v) for n, v in f) for t, f in heads]
    while sum(sizes) > EMBED_TOTAL_MAX:
        # Titles and fields alone overflow: drop whole embeds from the end.
        drafts.pop(), heads.pop(), sizes.pop()
    fixed = sum(sizes)
    left = EMBED_TOTAL_MAX - fixed
    descriptions: dict[int, str] = {}
    # Shortest first, so room a short description leaves goes to the longer ones.
    order = sorted(range(len(drafts)), key=lambda i: utf16_len(_plain(drafts[i].description)))
    for done, i in enumerate(order):
        budget = min(DESCRIPTION_MAX, left // (len(order) - done))
        tail = fit(drafts[i].tail, budget // 2)
        descriptions[i] = fit(drafts[i].description, budget - utf16_len(tail)) + tail
        left -= utf16_len(descriptions[i])
    out = []
    for i, d in enumerate(drafts):
        title, fields = heads[i]
        embed: dict[str, Any] = {"type": "rich", "title": title, "color": COLOUR}
        if descriptions[i]:
            embed["description"] = descriptions[i]
        if d.url and _SAFE_URL.fullmatch(d.url):
            embed["url"] = d.url
        if fields:
            embed["fields"] = [{"name": n, "value": v, "inline": False} for n, v in fields]
        out.append(embed)
    return Reply(fit(content, CONTENT_MAX), tuple(out))


def render_answer(answer: Answer, shown: int = PASSAGES_SHOWN) -> Reply:
    """The short answer (or a plain "the reviews do not say"), then the cited passages, one
    embed each, the answering or best-matching sentence in bold."""
    hits = answer.hits[:shown]
    many_films = len({h.passage.review.film for h in hits}) > 1
    content: list[Segment] = []
    if answer.short is not None:
        short = answer.short
        content += [Segment(short.text, "bold"), Segment(f" [{short.passage}]", "raw")]
    elif hits:
        content.append(Segment("The reviews do not say that directly. The closest passages:"))
    else:
        content.append(Segment("The reviews do not say. No passage matches this question."))
    about = f" \u00b7 {answer.film}" if answer.film else ""
    ms = answer.took_ms
    took = f"{ms / 1000:.1f} s" if ms >= 1000 else f"{ms:.0f} ms"
    content += [
        Segment("\n-# ", "raw"),
        Segment(f"\u201c{clean(answer.question, flatten=True)}\u201d{about} \u00b7 "
                f"{len(hits)} passage{'s' * (len(hits) != 1)} \u00b7 {took}"),
    ]
    drafts = [_hit_embed(h, answer, many_films) for h in hits]
    return fit_reply(content, drafts)


def render_films(films: Sequence[FilmInfo], page: int = 1, per_page: int = FILMS_PER_PAGE) -> Reply:
    """One page of the indexed films, with how to reach the next page."""
    if not films:
        return fit_reply([Segment("The index holds no films.")])
    pages = math.ceil(len(films) / per_page)
    page = min(max(page, 1), pages)
    rows: list[Segment] = [Segment(f"**Indexed films** ({len(films)})", "raw")]
    if pages > 1:
        rows.append(Segment(f" \u00b7 page {page} of {pages}", "raw"))
    for f in films[(page - 1) * per_page : page * per_page]:
        name = f"{f.film} ({f.year})" if f.year else f.film
        rows += [
            Segment("\n\u2022 ", "raw"),
            Segment(clean(name, flatten=True)),
            Segment(f" \u2014 {f.reviews} review{'s' * (f.reviews != 1)}, "
                    f"{f.passages} passage{'s' * (f.passages != 1)}"),
        ]
    if page < pages:
        rows.append(Segment(f"\n-# More: `/films page:{page + 1}`", "raw"))
    return fit_reply(rows)


def render_notice(text: str) -> Reply:
    """A short message of ours (busy, errors), escaped like any other text."""
    return fit_reply([Segment(text)])


def excerpt(text: str, focus: tuple[int, int] | None, limit: int = EXCERPT_CHARS) -> list[Segment]:
    """`text` trimmed around `focus` (a sentence span, shown in bold) to about `limit` chars."""
    if focus is None:
        focus = (0, 0)
    start, end = focus
    if end - start > limit:
        end = start + limit
    room = max(limit - (end - start), 0)
    before_room = min(start, room // 3) if len(text) > limit else start
    after_room = room - before_room if len(text) > limit else len(text) - end
    before = text[start - before_room : start]
    after = text[end : end + after_room]
    lead = tail = ""
    if before_room < start:
        before = before.split(" ", 1)[1] if " " in before else ""
        lead = "\u2026 "
    if end + after_room < len(text):
        after = after.rsplit(" ", 1)[0] if " " in after else ""
        tail = " \u2026"
    out: list[Segment] = []
    gap = False
    pieces = ((lead + before, "plain"), (text[start:end], "bold"), (after + tail, "plain"))
    for piece, style in pieces:
        flat = clean(piece, flatten=True)
        if not flat:
            gap = gap or piece[:1].isspace()
            continue
        if out and (gap or piece[:1].isspace()):
            out.append(Segment(" "))  # keep the space the pieces were cut on
        out.append(Segment(flat, style))  # type: ignore[arg-type]
        gap = piece[-1:].isspace()
    while out and out[-1].text == " ":
        out.pop()
    return out


def best_sentence(text: str, question: str) -> tuple[int, int] | None:
    """The span of the sentence in `text` sharing the most words with `question`, if any."""
    wanted = _terms(question)
    best: tuple[int, tuple[int, int]] | None = None
    for m in _SENTENCE.finditer(text):
        score = len(wanted & _terms(m.group()))
        if score and (best is None or score > best[0]):
            lead = len(m.group()) - len(m.group().lstrip())
            best = (score, (m.start() + lead, m.end()))
    return best[1] if best else None


def _hit_embed(hit: Hit, answer: Answer, many_films: bool) -> EmbedDraft:
    review = hit.passage.review
    text = hit.passage.text
    focus = None
    if answer.short is not None and answer.short.passage == hit.rank:
        at = text.find(answer.short.sentence)
        focus = (at, at + len(answer.short.sentence)) if at >= 0 else None
    focus = focus or best_sentence(text, answer.question)
    label = review.title or review.source or review.author or "Review"
    if many_films:
        label = f"{review.film} \u2014 {label}"
    url = review.url if review.url and _SAFE_URL.fullmatch(review.url) else None
    citation = [
        Segment(f"\n[{hit.rank}] ", "raw"),
        Segment(replace(review, url=None).citation()),
    ]
    if url:
        citation.append(Segment(f" <{url}>", "raw"))
    quote = [Segment("> ", "raw"), *excerpt(text, focus)]
    return EmbedDraft(
        title=(Segment(f"[{hit.rank}] ", "raw"), Segment(clean(label, flatten=True))),
        description=tuple(quote),
        tail=tuple(citation),
        url=url,
    )


def _terms(text: str) -> set[str]:
    return {w.lower() for w in WORD.findall(text) if w.lower() not in STOPWORDS}


def _plain(segments: Sequence[Segment]) -> str:
    return "".join(s.text for s in segments)
