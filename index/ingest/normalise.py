"""Review text as scraped pages deliver it, made plain once at ingest: HTML tags and entities,
cp1252 and mojibake leftovers, invisible characters, page furniture and sentences run together.

Only these are changed: every other character of a review stays as written, so a quote is the
reviewer's words. Markdown is read only in Markdown files (`markdown=True`); a plain-text review
(.txt, JSONL, CSV) keeps its backticks, asterisks and underscores.
"""

from __future__ import annotations

import re
import unicodedata

from ftfy import TextFixerConfig, fix_text
from reelqa.index.ingest.markup import clean_markdown, normalize_whitespace
from reelqa.index.text.sentences import is_abbreviation

# ftfy: cp1252 control characters ("\x96" a dash, "\x92" an apostrophe), mojibake ("donâ€™t"),
# HTML entities, NFC. Quotes stay curly and full-width letters stay wide: the review's own.
_FIXER = TextFixerConfig(unescape_html=True, uncurl_quotes=False, fix_character_width=False,
                         explain=False)
# Zero-width and bidirectional controls: invisible, they split a name in two ("Tom\u200bHanks")
# or make one title two; an override reaches Discord raw. A soft hyphen is invisible too.
_INVISIBLE = re.compile("[\u00ad\u200b\u200e\u200f\u2060\u2061-\u2064\ufeff\u061c"
                        "\u202a-\u202e\u2066-\u2069]")
# Joiners matter between letters of scripts that use them; beside Latin letters they are debris.
_JOINER = re.compile(r"(?<=[\x00-\u024f])[\u200c\u200d]|[\u200c\u200d](?=[\x00-\u024f])")
# HTML as scraped: the tags of the elements a review page is made of, not any "<word>".
_BLOCKS = "p|div|li|ul|ol|h[1-6]|blockquote|table|tr|td|th|section|article|header|footer|dl|dt|dd"
_INLINE = ("a|b|i|u|s|em|strong|span|font|small|big|sup|sub|cite|q|abbr|mark|del|ins|strike|"
           "tt|code|nobr|wbr|img|center")
_HIDDEN = re.compile(r"<(script|style)\b[^>]*>.*?</\1\s*>|<!--.*?-->", re.I | re.S)
_BREAK = re.compile(r"<br\s*/?\s*>", re.I)
_BLOCK = re.compile(rf"</?(?:{_BLOCKS})\b[^<>]*>", re.I)
_TAG = re.compile(rf"</?(?:{_INLINE})\b[^<>]*>", re.I)
# Page furniture left in scraped text: a line of its own, or glued to a sentence's start.
_FURNITURE = ("advertisement|advertisements|skip advertisement|continue reading the main story|"
              "story continues below advertisement|article continues below advertisement")
_FURNITURE_LINE = re.compile(rf"^[ \t]*(?:{_FURNITURE})[ \t]*(?:\n|$)", re.I | re.M)
_FURNITURE_OPENER = re.compile(r"(?:^|(?<=[.!?\u2026\"\u201d)]\s))(?:Advertisement|ADVERTISEMENT)"
                               r"\s+(?=[\"\u201c]?[A-Z])", re.M)
# "great.The cast", "Deliverance\".Director", "boring...I": a sentence end with no space after
# it. A word of two or more letters ends the sentence (not initials, "U.S.A.", "3.5"); the next
# starts with a capital and a small letter, or is "I" or "A".
_RUN_ON = re.compile(
    r"(?:(?<=[a-z\u00df-\u00ff]{2})|(?<=[a-z\u00df-\u00ff][\"'\u201d\u2019)\]]))"
    r"([.!?\u2026]+[\"'\u201d\u2019)\]]*)"
    r"(?=[\"\u201c(]?(?:[A-Z\u00c0-\u00de][a-z\u00df-\u00ff']|[IA]\b))"
)
# "boring.in the first hour", "Kathy Baker.but": a period with no space before a small letter,
# after a word of two or more letters that is no abbreviation ("etc.and"); "!" is left alone
# ("sh!t"), and so are web addresses ("imdb.com": only outside them are words separated).
_SMALL_RUN_ON = re.compile(r"(?<![\w.])([^\W\d_]{2,})\.(?=[a-z\u00df-\u00ff])")
# "Jane RoeStarring Tom Hill", "boringI": a sentence opener glued to the word before it.
_OPENERS = ("The|This|That|These|Those|It|Its|I|In|On|At|As|And|But|So|Then|There|They|We|You|"
            "He|She|His|Her|My|Our|What|When|While|If|Also|Overall|However|Starring|Directed|"
            "Written|Featuring|Produced|Cast|Director|Music|Plot|Rating|Verdict|Pros|Cons")
_GLUED_OPENER = re.compile(rf"(?<=[a-z\u00df-\u00ff]{{2}})(?=(?:{_OPENERS})\b)")
# "byTom Hanks", "withMeg Ryan": a linked name glued to the small word before it.
_GLUED_LINK = re.compile(r"(?<![\w'\u2019-])(by|and|with|as|of|from|starring|featuring|stars|"
                         r"plays|director)(?=[A-Z\u00c0-\u00de][a-z\u00df-\u00ff])")
_ADDRESS = re.compile(r"\S*(?:://|www\.|@)\S*|\S+\.(?:com|org|net|co|uk|html?)\b\S*", re.I)


def clean_review(text: str, markdown: bool = False) -> str:
    """A review's text as readers see it: markup and debris gone, everything else as written.

    `markdown`: the review is a Markdown file, whose markup is read as Markdown; any other
    review is plain text, where `*`, `_` and backticks are the reviewer's own characters.
    """
    if markdown:
        text = clean_markdown(text)
    else:
        text = _HIDDEN.sub("", text)
        text = _BREAK.sub("\n", text)
        text = _BLOCK.sub("\n\n", text)
        text = _TAG.sub("", text)
    text = plain_characters(text)
    text = _FURNITURE_LINE.sub("", text)
    text = _FURNITURE_OPENER.sub("", text)
    text = _separate(text)
    return normalize_whitespace(text)


def plain_characters(text: str) -> str:
    """cp1252 leftovers, mojibake and HTML entities decoded, invisible controls removed, NFC."""
    if not text.isascii() or "&" in text:
        text = fix_text(text, _FIXER)
        text = _JOINER.sub("", _INVISIBLE.sub("", text))
    return text


def clean_field(value: str) -> str:
    """A metadata field (film, title, author) on one line, with the review's character fixes:
    a title written with an invisible character is the same film as the one without."""
    return " ".join(unicodedata.normalize("NFC", plain_characters(value)).split())


def _separate(text: str) -> str:
    """Spaces where sentences or a linked name were run together, outside web addresses."""
    out: list[str] = []
    last = 0
    for m in _ADDRESS.finditer(text):
        out.append(_separate_words(text[last : m.start()]))
        out.append(m.group())
        last = m.end()
    out.append(_separate_words(text[last:]))
    return "".join(out)


def _separate_words(text: str) -> str:
    text = _RUN_ON.sub(r"\1 ", text)
    text = _SMALL_RUN_ON.sub(lambda m: m.group() if is_abbreviation(m.group(1))
                             else m.group() + " ", text)
    text = _GLUED_OPENER.sub(" ", text)
    return _GLUED_LINK.sub(r"\1 ", text)
