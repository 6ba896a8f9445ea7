"""Dates and quantities in a sentence: years, full dates, numbers with their units."""

from __future__ import annotations

import re

from reelqa.index.answer.span import Span
from reelqa.index.text.tokens import fold, wordset

_YEAR = re.compile(r"(?<![\d$.,])(1[89]\d\d|20\d\d|21\d\d)(?:s\b)?(?![\d,.]\d)")
_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|"
    "December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
)
_DATE = re.compile(
    rf"\b(?:(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTHS})\.?,?\s+\d{{4}}"
    rf"|(?:{_MONTHS})\.?,?\s+\d{{4}})\b"
)
CALENDAR = wordset(
    _MONTHS.replace("|", " ").lower() + " monday tuesday wednesday thursday friday saturday sunday"
)


def date_spans(sentence: str, want_year: bool) -> list[Span]:
    """Years ("2050", "the 1980s") and full dates; only years when the question asks the year."""
    years = [Span(m.start(), m.end(), m.group(), 1.0) for m in _YEAR.finditer(sentence)]
    if want_year:
        return years
    dates = [Span(m.start(), m.end(), m.group(), 1.0) for m in _DATE.finditer(sentence)]
    inside = [y for y in years if any(d.start <= y.start and y.end <= d.end for d in dates)]
    return dates + [y for y in years if y not in inside]  # "September 2021", not "2021"


_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_NUMBER_WORDS = (
    rf"(?:{_TENS})-(?:one|two|three|four|five|six|seven|eight|nine)|"
    "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    "sixteen|seventeen|eighteen|nineteen|" + _TENS + "|hundred|a hundred|a thousand|a dozen|"
    "dozens|hundreds"
)
_UNITS = {
    "distance": r"kilomet(?:er|re)s?|km|miles?|met(?:er|re)s?|feet|light[- ]years?|parsecs?",
    "runtime": r"minutes?|mins?|hours?|hrs?|h",
    "duration": r"minutes?|mins?|hours?|hrs?|seconds?|days?|weeks?|months?|years?",
    "money": r"dollars?|usd|euros?|pounds?|yen|won|yuan|rupees?",
    "percent": r"%|percent|per cent",
    "age": r"years?[- ]old|-year-old",
}
_QUANTITY = re.compile(
    r"(?P<cur>[$\u20ac\u00a3\u00a5])?\s?"
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\b(?:" + _NUMBER_WORDS + r")\b)"
    r"(?:[\s-]*(?P<scale>million|billion|thousand|trillion|bn|m|k)\b)?"
    r"(?:[\s-]*(?P<unit>[A-Za-z%][\w-]*(?: old| years?)?))?",
    re.I,
)


_CLOCK = re.compile(
    r"\b\d{1,2}\s?(?:h|hr|hrs|hours?)\s?\d{1,2}\s?(?:m|min|mins|minutes?)\b|\b\d{1,2}h\b", re.I
)


def quantity_spans(sentence: str, unit: str | None, noun_stem: str | None) -> list[Span]:
    """Numbers with their unit ("225 million kilometers", "$12 million"), kept when the
    unit fits the question's: distance, duration, money, percent, age or a counted noun."""
    out: list[Span] = []
    clocks = [(m.start(), m.end()) for m in _CLOCK.finditer(sentence)]
    if unit in ("runtime", "duration"):  # "1h 52m"
        out += [Span(a, b, sentence[a:b], 1.0) for a, b in clocks]
    for m in _QUANTITY.finditer(sentence):
        if _YEAR.fullmatch(m.group("num") or "") and not m.group("scale"):
            continue  # a bare year is a date, not a quantity
        if any(a <= m.start("num") < b for a, b in clocks):
            continue
        word = (m.group("unit") or "").lower()
        named = next((c for c, rx in _UNITS.items() if word and re.fullmatch(rx, word)), None)
        cls = named or ("money" if m.group("cur") else "count")
        counted = cls == "count" and noun_stem is not None and fold(word).startswith(noun_stem[:4])
        # the unit word belongs to the answer only when it is a unit ("miles") or the noun counted
        end = m.end() if named or counted else m.end("scale") if m.group("scale") else m.end("num")
        strength = 1.0 if cls == unit or (unit == "duration" and cls == "runtime") else 0.0
        if unit == "count" and noun_stem and word and fold(word).startswith(noun_stem[:4]):
            strength, end = 1.0, m.end()  # "how many months" -> "twelve months"
        if unit == "count" and cls == "count":
            strength = 1.0 if counted or not noun_stem else 0.3
        if unit == "money" and cls == "count" and m.group("scale"):
            strength = 0.5  # "made 40 million at the box office"
        if strength:
            start = m.start("cur") if m.group("cur") else m.start("num")
            out.append(Span(start, end, sentence[start:end], strength))
    return out
