"""Plain-text rendering of engine results for the terminal: pure functions, no I/O."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from reelqa.bot.phrasing import aspect_name
from reelqa.index.ingest.spoilers import spoiler_start
from reelqa.index.records import Answer, FilmInfo, Hit, ShortAnswer, Support, Verdict

if TYPE_CHECKING:  # the build module imports faiss and bm25s; a report needs neither
    from reelqa.index.credits.aggregate import FilmCredits
    from reelqa.index.store.build import BuildReport
    from reelqa.index.store.verify import IndexInfo

WIDTH = 88


def render_answer(answer: Answer) -> str:
    """The question, each passage with its [n] marker and citation line, and the time taken."""
    lines = [f"Question: {answer.question}"]
    if answer.film:
        how = " (named in the question)" if answer.film_from_question else ""
        lines.append(f"Film: {answer.film}{how}")
    lines.append("")
    films = {hit.passage.review.film for hit in answer.hits}
    short = answer.short
    credit = answer.credit
    if answer.kind == "opinion" and answer.opinion is not None and answer.opinion.leanings:
        counts = ", ".join(f"{n} {lean}" for lean, n in answer.opinion.leanings)
        lines += [f"Rated reviews of {answer.opinion.film}: {counts}", ""]
    if short is not None and answer.kind in FACTS:
        lines += [*FACTS[answer.kind](answer, short), ""]
    elif short is not None:
        source = answer.hits[short.passage - 1].passage.review.film if answer.hits else ""
        label = f" ({source})" if len(films) > 1 else ""
        lines.append(f"{short.text} [{short.passage}]{label}")
        if credit is not None and credit.person is not None:
            lines.append(support_line(credit, short.text))
        lines.append("")
    elif credit is not None and credit.summary():
        lines += [f"{credit.summary()}. Closest matches:", ""]
    elif answer.kind == "aspect" and answer.opinion is not None:
        said = aspect_name(answer).lower()
        lines += [f"No review of {answer.opinion.film} speaks of whether it is {said}."
                  if answer.opinion.aspect in ("scary", "humour", "violence", "kids") else
                  f"No review of {answer.opinion.film} speaks of {said}.", ""]
    elif answer.hits:
        lines += ["No review says it in so many words; the passages that come closest:"
                  if answer.closest_is_answer() else
                  "The reviews do not say. Closest matches:", ""]
    if not answer.hits:
        lines.append("No passage in the reviews matches this question.")
    for hit in answer.hits:
        mark = sentence_span(hit, short) if short and short.passage == hit.rank else None
        lines.extend(render_hit(hit, label_film=len(films) > 1, mark=mark))
        lines.append("")
    count = len(answer.hits)
    lines.append(f"{count} passage{'s' if count != 1 else ''} in {answer.took_ms:.0f} ms")
    return "\n".join(lines)


def _year(answer: Answer, short: ShortAnswer) -> list[str]:
    film = answer.film or (answer.hits[0].passage.review.film if answer.hits else "It")
    cites = "".join(f"[{h.rank}]" for h in answer.hits)
    return [f"{film} came out in {short.text}: the year its reviews give {cites}"]


def _cast(answer: Answer, short: ShortAnswer) -> list[str]:
    lines = ["Cast, as the reviews credit it:"]
    for p in short.people:
        what = f"{p.character} (voice)" if p.role == "voice" and p.character else (
            p.character or ("voice" if p.role == "voice" else ""))
        cites = "".join(f"[{n}]" for n in p.passages)
        said = f"{p.person} \u2014 {what}" if what else p.person
        lines.append(f"  {said}  {p.reviews} review{'s' * (p.reviews != 1)} {cites}".rstrip())
    return lines


def _quotes(answer: Answer, short: ShortAnswer, sides: bool = False) -> list[str]:
    return quote_lines(short.parts, answer.hits, sides)


def quote_lines(parts: Sequence[Verdict], hits: Sequence[Hit], sides: bool = False) -> list[str]:
    """Each quoted sentence on its own wrapped lines, with its passage number (and its lean
    when `sides`); one past its review's spoiler warning between || ||, as Discord shows it."""
    lines = []
    for v in parts:
        lead = f"  ({v.leaning}) " if sides and v.leaning else "  "
        said = f"\u201c{' '.join(v.sentence.split())}\u201d"
        text = hits[v.passage - 1].passage.review.text if hits else ""
        warned = spoiler_start(text) if text else None
        if warned is not None and warned < v.end:  # tagged from the warning on
            cut = max(warned, v.start)
            said = (f"\u201c{' '.join(text[v.start:cut].split())} "
                    f"||{' '.join(text[cut:v.end].split())}||\u201d").replace("\u201c ", "\u201c")
        lines += textwrap.wrap(f"{said} [{v.passage}]",
                               width=WIDTH, initial_indent=lead,
                               subsequent_indent=" " * len(lead))
    return lines


def _plot(answer: Answer, short: ShortAnswer) -> list[str]:
    film = answer.film or (answer.hits[0].passage.review.film if answer.hits else "The film")
    genre = [] if short.genre is None else textwrap.wrap(
        short.genre.text + " " + "".join(f"[{v.passage}]" for v in short.genre.quotes),
        width=WIDTH, initial_indent="  ", subsequent_indent="  ")
    return [f"What {film} is about, as its reviews tell it:", *genre, *_quotes(answer, short)]


def _verdict(answer: Answer, short: ShortAnswer) -> list[str]:
    return [f"{short.text}: {short.lean}", *_quotes(answer, short, sides=True)]


def _aspect(answer: Answer, short: ShortAnswer) -> list[str]:
    counts = ", ".join(f"{n} {lean}" for lean, n in short.counts)
    reviews = sum(n for _, n in short.counts)
    speak = "review speaks" if reviews == 1 else "reviews speak"
    return [f"{aspect_name(answer)}: {short.lean} ({counts}; {reviews} {speak} of it)",
            *_quotes(answer, short, sides=True)]


# How each kind that is not one span of one passage states its answer.
FACTS = {"year": _year, "cast": _cast, "plot": _plot, "verdict": _verdict, "aspect": _aspect}


def sentence_span(hit: Hit, short: ShortAnswer) -> tuple[int, int] | None:
    """Where the answering sentence sits in the hit's passage text (offsets), if it does."""
    if not short.sentence:
        return None  # an answer from the reviews' metadata quotes no sentence
    text, at = hit.passage.text, short.start - hit.passage.start
    start = text.rfind(short.sentence, 0, max(0, at) + len(short.sentence))
    while start >= 0 and start + len(short.sentence) < at:
        start = text.find(short.sentence, start + 1)
    return (start, start + len(short.sentence)) if start >= 0 else None


def render_hit(
    hit: Hit, label_film: bool = False, mark: tuple[int, int] | None = None
) -> list[str]:
    """One cited passage: `[n] text`, wrapped and indented, then its citation line.

    `mark` (offsets in the passage text) is the answering sentence, shown between ** **; text
    after the review's spoiler warning is shown between || ||, as Discord does.
    """
    marker = f"[{hit.rank}] "
    prefix = f"{hit.passage.review.film}: " if label_film else ""
    text = hit.passage.text
    inserts = []  # (offset, order, marker): closing markers inside out, opening outside in
    if mark is not None:
        inserts += [(mark[0], 1, "**"), (mark[1], 0, "**")]
    spoiler = spoiler_start(hit.passage.review.text)
    if spoiler is not None and spoiler < hit.passage.end:
        inserts += [(max(spoiler - hit.passage.start, 0), 0, "||"), (len(text), 1, "||")]
    for at, _, sign in sorted(inserts, reverse=True):
        text = text[:at] + sign + text[at:]
    body = textwrap.wrap(
        prefix + " ".join(text.split()),
        width=WIDTH,
        initial_indent=marker,
        subsequent_indent=" " * len(marker),
    )
    return [*body, " " * len(marker) + "\u2014 " + hit.passage.review.citation()]


def render_films(films: list[FilmInfo]) -> str:
    """One line per film: title (year), reviews and passages."""
    if not films:
        return "The index holds no films."
    rows = []
    for f in films:
        name = f"{f.film} ({f.year})" if f.year else f.film
        leans = ", ".join(f"{n} {k}" for k, n in f.leans)
        rows.append(f"{name}  \u2014  {f.reviews} review{'s' * (f.reviews != 1)}"
                    f"{f' ({leans})' if leans else ''}, "
                    f"{f.passages} passage{'s' * (f.passages != 1)}")
    return "\n".join(rows)


def render_votes(votes: list[dict[str, Any]]) -> str:
    """One block per stored vote: when, which way, the question, film, answer and passages."""
    blocks = []
    for v in votes:
        mark = "+1" if v["vote"] == "up" else "-1"
        answer = v["answer"] if v["answer"] is not None else "(the reviews did not say)"
        blocks.append(f"{v['voted_at']}  {mark}  user {v['user'][:12]}\n"
                      f"  question: {v['question']}\n  film: {v['film'] or '-'}\n"
                      f"  answer: {answer}\n  passages: {', '.join(v['passages']) or '-'}")
    return "\n".join(blocks) + f"\n{len(votes)} vote{'s' * (len(votes) != 1)}"


def render_build(report: BuildReport) -> str:
    """The closing summary of `reelqa index build`."""
    return (
        f"Indexed {report.reviews} review{'s' * (report.reviews != 1)} of "
        f"{report.films} film{'s' * (report.films != 1)} into {report.passages} passages "
        f"in {report.seconds:.1f} s ({report.passages_per_second:.1f} passages/s) "
        f"-> {report.folder}\n"
        f"embedded {report.encoded} text{'s' * (report.encoded != 1)}, reused {report.reused} "
        "from the previous index"
    )


def render_info(info: IndexInfo) -> str:
    """`reelqa index info`: one figure a line."""
    c = info.counts
    took = "?" if info.build_seconds is None else f"{info.build_seconds:g}"
    rows = [
        ("index", f"{info.folder} (version {info.version}, format {info.format})"),
        ("model", f"{info.model} ({info.dimension} dimensions)"),
        ("films", str(c.get("films", "?"))),
        ("reviews", str(c.get("reviews", "?"))),
        ("passages", str(c.get("passages", "?"))),
        ("credits", f"{c['credits']} from {c.get('claims', 0)} claims" if "credits" in c
         else "none (built before credits)"),
        ("last build", f"{info.built_at or '?'}, {took} s"
         + (f", embedded {c['encoded']}, reused {c.get('reused', 0)}" if "encoded" in c else "")),
        ("size on disk", _size(info.size_bytes)),
    ]
    return "\n".join(f"{name:<14}{value}" for name, value in rows)


def _size(n: int) -> str:
    if n < 1024:
        return f"{n} bytes"
    size, unit = n / 1024, "KB"
    for bigger in ("MB", "GB"):
        if size < 1024:
            break
        size, unit = size / 1024, bigger
    return f"{size:.1f} {unit}"


def support_line(credit: Support, answered: str) -> str:
    """ "4 reviews say so [1][2]"; for an answer that is not the person itself (a
    description), who the credit names first: "Kim Tae-ri, voice of Na-young: ..."."""
    cites = "".join(f"[{rank}]" for rank in credit.passages)
    who = f"{credit.person}, {credit.describe()}: " if credit.person != answered else ""
    return f"  {who}{credit.summary()}{' ' + cites if cites else ''}"


def render_credits(found: FilmCredits, everything: bool = False) -> str:
    """A film's credits as its reviews state them: role, person, character, support, and
    each quoted sentence with its review. Only the credits a reader may trust (their
    confidence reaches the listing threshold) unless `everything`; the rest are counted."""
    shown = found.credits if everything else found.listed()
    weaker = 0 if everything else len(found.left_out())
    if not shown:
        if weaker:
            return (f"The reviews of {found.film} credit nobody plainly enough to list: "
                    f"{_weaker(weaker)} (--all shows them).")
        return f"The reviews of {found.film} credit nobody by name."
    lines = [f"Credits of {found.film}, as its reviews state them:"]
    for c in shown:
        who = f"{c.person} as {c.character}" if c.character else c.person
        sure = "" if c.confidence is None else f", confidence {c.confidence:.2f}"
        lines.append(f"{c.role:<16}{who}  \u2014  {c.reviews} review{'s' * (c.reviews != 1)}"
                     f"{sure}")
        for e in c.evidence:
            quote = e.excerpt(WIDTH - 16)
            lines.append(f"{'':<16}\u201c{quote}\u201d ({e.review_id})")
    if weaker:
        lines.append(f"{_weaker(weaker)} left out (--all shows them).")
    return "\n".join(lines)


def _weaker(n: int) -> str:
    return f"{n} weaker claim{'s' * (n != 1)}"
