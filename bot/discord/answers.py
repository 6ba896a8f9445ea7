"""Pure rendering of answers: one compact message, its buttons, and the passages shown on demand.

An answer is the short answer (or the reviews' verdicts, or a plain "the reviews don't say"),
one embed quoting the answering passage around its answering sentence, and the sources as one
numbered list. The other passages are shown privately by a button (`render_passages`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from urllib.parse import quote

from reelqa.bot.discord.facts import FACTS, not_said
from reelqa.bot.discord.quoting import QUOTE_CHARS, quoted
from reelqa.bot.discord.render import (
    SAFE_URL,
    Button,
    EmbedDraft,
    Reply,
    custom_id,
    fit_reply,
)
from reelqa.bot.discord.text import Segment, clean, escape
from reelqa.index.ingest.spoilers import spoiler_start
from reelqa.index.records import Answer, Hit, Review

VERDICT_CHARS = 220
SOURCES_SHOWN = 5
PASSAGES_PER_PAGE = 2  # "More sources" and "Closest passages": a page reads at a glance
CITATION_CHARS = 160
_QUOTES = "\"'\u201c\u201d\u2018\u2019"
_AUX = ("is", "are", "was", "were")
_OTHER_AUX = ("do", "does", "did", "can", "could", "will", "would", "should", "has", "have",
              "had", "may", "might", "must", "shall")
_PRONOUNS = ("it", "this", "that", "he", "she", "they")


def render_answer(answer: Answer, key: str | None = None, thread: bool = False) -> Reply:
    """The compact answer message; `key` (the stored answer's) gives it buttons, `thread` the
    "Ask about this film" one (public answers in a server only)."""
    hits = answer.hits
    opinion = answer.opinion
    content: list[Segment]
    drafts: list[EmbedDraft] = []
    if answer.short is not None and answer.kind in FACTS:
        content, drafts = FACTS[answer.kind](answer, answer.short, sources(hits))
    elif opinion is not None and opinion.verdicts and answer.short is not None:
        content = [Segment(_leanings(answer), "raw")]
        quote: list[Segment] = []
        for v in opinion.verdicts:
            review = hits[v.passage - 1].passage.review
            quote += [Segment("\n> " if quote else "> ", "raw"),
                      *quoted(review, v.start, v.end, (v.start, v.end), VERDICT_CHARS),
                      Segment(f" [{v.passage}]", "raw")]
        drafts.append(EmbedDraft(title=(), description=tuple(quote), tail=sources(hits)))
    elif answer.short is not None:
        short = answer.short
        hit = hits[short.passage - 1]
        warned = spoiler_start(hit.passage.review.text)
        content = [Segment(short.text, "bold", warned is not None and short.end > warned),
                   Segment(f" [{short.passage}]", "raw")]
        credit = answer.credit
        if credit is not None and credit.person is not None:
            who = "" if credit.person == short.text else f"{credit.person}, {credit.describe()}: "
            content.append(Segment(f" \u00b7 {who}{credit.summary()}"))
        focus = (short.start, short.end)
        at = hit.passage.text.find(short.sentence)
        if at >= 0:
            focus = (hit.passage.start + at, hit.passage.start + at + len(short.sentence))
        body = quoted(hit.passage.review, hit.passage.start, hit.passage.end, focus, QUOTE_CHARS)
        drafts.append(EmbedDraft(title=(), description=(Segment("> ", "raw"), *body),
                                 tail=sources(hits), url=_url(hit.passage.review)))
    elif answer.closest_is_answer():  # an open question: the closest passage is the reply
        hit = hits[0]
        content = [Segment("No review says it in so many words; this passage comes closest:")]
        body = quoted(hit.passage.review, hit.passage.start, hit.passage.end, None, QUOTE_CHARS)
        drafts.append(EmbedDraft(title=(), description=(Segment("> ", "raw"), *body),
                                 tail=sources(hits), url=_url(hit.passage.review)))
    elif answer.credit is not None and len(answer.credit.rivals) > 1:
        content = [Segment(f"{answer.credit.summary()}.")]  # the reviews disagree: say who
    else:
        content = [Segment(not_said(answer) or not_found(answer.question))]
    reply = fit_reply(content, drafts)
    if key is None:
        return reply
    found = answer.short is not None or answer.closest_is_answer()
    buttons = [Button(None, custom_id("up", key), "\U0001f44d"),
               Button(None, custom_id("down", key), "\U0001f44e")]
    if found and len(hits) > 1:
        buttons.append(Button("More sources", custom_id("more", key)))
    elif not found and hits:
        buttons.append(Button("Closest passages", custom_id("closest", key)))
    if thread:
        buttons.append(Button("Ask about this film", custom_id("thread", key), "\U0001f9f5"))
    return Reply(reply.content, reply.embeds, tuple(buttons))


def render_passages(hits: Sequence[Hit], heading: str, key: str | None = None,
                    action: str = "more", page: int = 1) -> Reply:
    """One page of passages in full (PASSAGES_PER_PAGE), one embed each with its numbered
    citation (shown privately); with the answer's `key`, Previous / Next buttons (`action`
    and the page in their custom ids) when there is more than one page."""
    if not hits:
        return fit_reply([Segment("No other passage matches this question.")])
    pages = math.ceil(len(hits) / PASSAGES_PER_PAGE)
    page = min(max(page, 1), pages)
    drafts = []
    for hit in hits[(page - 1) * PASSAGES_PER_PAGE : page * PASSAGES_PER_PAGE]:
        p = hit.passage
        body = quoted(p.review, p.start, p.end, None, len(p.text) + 1)
        drafts.append(EmbedDraft(
            title=(), description=(Segment("> ", "raw"), *body),
            tail=(Segment(f"\n[{hit.rank}] ", "raw"), *_citation(p.review)), url=_url(p.review)))
    head = [Segment(heading)]
    if pages > 1:
        head.append(Segment(f" \u00b7 page {page} of {pages}", "raw"))
    reply = fit_reply(head, drafts)
    if key is None or pages == 1:
        return reply
    return Reply(reply.content, reply.embeds, (
        Button("Previous", custom_id(action, key, page - 1), disabled=page == 1),
        Button("Next", custom_id(action, key, page + 1), disabled=page == pages)))


def not_found(question: str) -> str:
    """ "The reviews don't say who composed the music." for "who composed the music?"."""
    clause = indirect(question)
    if clause is None:
        return f"The reviews don't answer \u201c{clean(question, flatten=True)}\u201d."
    return f"The reviews don't say {clause}."


def indirect(question: str) -> str | None:
    """A question as the clause after "don't say": "who composed the music", "how the acting
    is", "whether it is worth watching"; None when it cannot be turned safely."""
    words = clean(question, flatten=True).rstrip(" ?!.").split()
    if len(words) < 2:
        return None
    first, rest = words[0].lower(), words[1:]
    wh = ("who", "what", "which", "when", "where", "why", "how", "whose")
    if first in _AUX and len(rest) >= 2 and rest[0].lower() in _PRONOUNS:
        return " ".join(["whether", rest[0].lower(), first, *rest[1:]])
    if first not in wh:
        return None
    lead = [first]
    if first in ("how", "what", "which", "whose") and rest[0].lower() not in _AUX:
        lead.append(rest[0])  # "how long", "what genre", "which film"
        rest = rest[1:]
    if rest and rest[0].lower() in _OTHER_AUX:
        return None  # "where does Luc want to go": the verb would need changing
    if not rest or rest[0].lower() not in _AUX:
        # "who composed the music": the wh-word is the subject, nothing to invert
        return " ".join([first, *words[1:]]) if lead == [first] else None
    aux, subject = rest[0].lower(), rest[1:]
    if not subject:
        return None
    if subject[-1].lower() in ("about", "for", "from", "of", "with", "like"):
        return " ".join([*lead, *subject[:-1], aux, subject[-1]])
    return " ".join([*lead, *subject, aux])


def _leanings(answer: Answer) -> str:
    opinion = answer.opinion
    assert opinion is not None
    counts = dict(opinion.leanings)
    if not counts:
        return "**What the reviews conclude**"
    total = sum(counts.values())
    film = escape(clean(opinion.film or "", flatten=True))
    parts = [f"{counts[k]} {k}" for k in ("favourable", "mixed", "unfavourable") if k in counts]
    return f"**{total} rated review{'s' * (total != 1)} of {film}:** " + ", ".join(parts)


def sources(hits: Sequence[Hit], shown: int = SOURCES_SHOWN) -> tuple[Segment, ...]:
    """One numbered line per review among the first hits: "[1][3] Film (year) — title — ..."."""
    ranks: dict[str, list[int]] = {}
    reviews: dict[str, Review] = {}
    for hit in hits[:shown]:
        ranks.setdefault(hit.passage.review.id, []).append(hit.rank)
        reviews[hit.passage.review.id] = hit.passage.review
    out: list[Segment] = [Segment("\n\n", "raw")]
    for n, (rid, numbers) in enumerate(ranks.items()):
        marks = "".join(f"[{k}]" for k in numbers)
        out += [Segment(("\n" if n else "") + marks + " ", "raw"), *_citation(reviews[rid])]
    return tuple(out)


def _citation(review: Review) -> list[Segment]:
    """Film (year) — review title (linked when there is a URL) — author, outlet — date."""
    film = f"{review.film} ({review.year})" if review.year else review.film
    out = [Segment(clean(film, flatten=True)[:CITATION_CHARS])]
    title = clean(review.title or "", flatten=True)[:CITATION_CHARS]
    url = _url(review)
    if title and url:
        out += [Segment(" \u2014 ", "raw"), Segment(f"[{escape(title)}]({url})", "raw")]
    elif title:  # a title that opens with a quote is not quoted again
        out.append(Segment(f" \u2014 {title}" if title[0] in _QUOTES else
                           f" \u2014 \u201c{title}\u201d"))
    by = ", ".join(clean(x, flatten=True)[:80] for x in (review.author, review.source) if x)
    if by:
        out.append(Segment(f" \u2014 {by}"))
    if review.date:
        out.append(Segment(f" \u2014 {clean(review.date, flatten=True)[:40]}"))
    if url and not title:
        out += [Segment(" \u2014 ", "raw"), Segment(f"[link]({url})", "raw")]
    return out


def _url(review: Review) -> str | None:
    """The review's link, with the characters that would end a Markdown link or break out of
    it (parentheses, quotes, spaces, ...) percent-encoded; None when it is not http(s)."""
    if not review.url:
        return None
    url = quote(review.url.strip(), safe=":/?#@!$&+,;=%~")
    return url if SAFE_URL.fullmatch(url) else None
