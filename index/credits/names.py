"""People's and characters' names as the corpus writes them, learned from capitalisation."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from reelqa.index.text.lexicon import is_occupation
from reelqa.index.text.names import LETTER, PARTICLES, RUN, RUN_WORD
from reelqa.index.text.tokens import NOT_NAMES, fold
from reelqa.index.text.vocabulary import ACTIVE_OF, HONORIFICS, NEVER_NAMES, PASSIVE_OF, TITLE_OF

# A word capitalised in at least this share of its mid-sentence uses is a name word.
NAME_SHARE = 0.6
# A lower-case word is read as a name only when its capitalised uses dominate this strongly.
LOWER_SHARE = 0.9

_WORDS = re.compile(rf"[^\W\d_]{LETTER}*(?:['\u2019\-]{LETTER}+)*")
# Words just after a sentence end: their capital says nothing about them.
_INITIAL = re.compile(rf"(?:^|[.!?]\W*\s|\n)\W*([^\W\d_]{LETTER}*(?:['\u2019\-]{LETTER}+)*)")
_SUFFIX = frozenset({"jr", "jr.", "sr", "sr."})
# "Wesley Snipes Plays Blade", "Directed By": a credit verb in title case ends a name
_CUE_VERBS = frozenset(ACTIVE_OF) | frozenset(PASSIVE_OF)


@dataclass(frozen=True)
class Mention:
    """A name in the text: offsets into the review, the words as written, and folded words."""

    start: int
    end: int
    text: str
    key: tuple[str, ...]


@dataclass
class NameModel:
    """Capitalisation statistics over the corpus and the name runs seen in each film."""

    cap: Counter[str] = field(default_factory=Counter)  # mid-sentence capitalised uses
    low: Counter[str] = field(default_factory=Counter)  # lower-case uses
    runs: Counter[tuple[str, ...]] = field(default_factory=Counter)  # corpus-wide name runs
    film_runs: dict[str, Counter[tuple[str, ...]]] = field(default_factory=dict)
    lower: dict[str, frozenset[str]] = field(default_factory=dict)  # film -> lower-case names
    spelled: dict[str, dict[tuple[str, ...], Counter[str]]] = field(default_factory=dict)
    # (film, key, spelling) -> (review id, start, end) of its first use: a citable full name
    where: dict[tuple[str, tuple[str, ...], str], tuple[str, int, int]] = field(
        default_factory=dict
    )
    # split of each distinct capitalised run: most runs ("The", "Al Pacino") recur
    cache: dict[tuple[str, bool], list[tuple[int, int, tuple[str, ...]]]] = field(
        default_factory=dict, repr=False
    )

    def share(self, w: str) -> float | None:
        """Share of a word's mid-sentence uses that are capitalised; None when never seen."""
        n = self.cap[w] + self.low[w]
        return self.cap[w] / n if n else None

    def name_word(self, w: str) -> bool:
        """Capitalised in most of its uses (or never seen mid-sentence: no evidence against)."""
        s = self.share(w)
        return s is None or s >= NAME_SHARE


def learn(reviews: Iterable[tuple[str, str, str]]) -> NameModel:
    """Word capitalisation and each film's name runs, from (review id, film, text) triples.

    `reviews` is read twice: a list, or a source that reads the reviews again on each pass."""
    model = NameModel()
    surface: Counter[str] = Counter()
    initial: Counter[str] = Counter()
    for _, _, text in reviews:
        openers = _INITIAL.findall(text)
        if openers and sum(w[0].isupper() for w in openers) < 0.5 * len(openers):
            continue  # a review typed in lower case says nothing about which words are names
        surface.update(_WORDS.findall(text))
        initial.update(openers)
    surface.subtract(initial)
    for w, n in surface.items():
        if n <= 0 or (w.isupper() and len(w) > 1):
            continue
        low = fold(w)
        if low in NOT_NAMES:
            continue
        if w[0].isupper():
            model.cap[low] += n
        elif w[0].islower():
            model.low[low] += n
    film_runs: dict[str, Counter[tuple[str, ...]]] = defaultdict(Counter)
    spelled: dict[str, dict[tuple[str, ...], Counter[str]]] = defaultdict(
        lambda: defaultdict(Counter)
    )
    where: dict[tuple[str, tuple[str, ...], str], tuple[str, int, int]] = {}
    for rid, film, text in reviews:
        for m in capitalised(model, text):
            model.runs[m.key] += 1
            film_runs[film][m.key] += 1
            spelled[film][m.key][m.text] += 1
            where.setdefault((film, m.key, m.text), (rid, m.start, m.end))
    model.spelled = {f: dict(v) for f, v in spelled.items()}
    model.where = where
    model.film_runs = dict(film_runs)
    model.cache.clear()  # runs are known now: leading-word trimming may read them
    model.lower = {f: _lower_names(model, runs) for f, runs in film_runs.items()}
    return model


def _lower_names(model: NameModel, runs: Counter[tuple[str, ...]]) -> frozenset[str]:
    """Words of a film's names that are safe to read as names in lower case: almost always
    capitalised in the corpus ("pacino"), never an ordinary word ("long", "hands")."""
    out = set()
    for run in runs:
        for w in run:
            s = model.share(w)
            if s is not None and s >= LOWER_SHARE and model.cap[w] >= 3 and len(w) > 2:
                out.add(w)
    return frozenset(out)


def _good(model: NameModel, low: str, first: bool, shouted: bool) -> bool:
    """A capitalised word that may be part of a name."""
    if low in NOT_NAMES or low in TITLE_OF or low in _CUE_VERBS or low in NEVER_NAMES:
        return False
    if shouted:  # SHOUTED words: only known name words
        return (model.share(low) or 0.0) >= NAME_SHARE and model.cap[low] >= 2
    return not first or model.name_word(low)


def capitalised(model: NameModel, text: str) -> list[Mention]:
    """Runs of capitalised name words, without titles, function words or leading ordinary
    words ("Teen Idol Pat Boone" -> "Pat Boone", "Director Vincente Minnelli" -> the name)."""
    out: list[Mention] = []
    cache = model.cache
    for m in RUN.finditer(text):
        run = m.group()
        first = _opens(text, m.start())
        parts = cache.get((run, first))
        if parts is None:
            parts = cache[(run, first)] = _split_run(model, run, first)
        base = m.start()
        for a, b, key in parts:
            out.append(Mention(base + a, base + b, run[a:b], key))
    return out


def _split_run(model: NameModel, run: str, first: bool) -> list[tuple[int, int, tuple[str, ...]]]:
    """The names inside one capitalised run, as (start, end, key) relative to the run."""
    out: list[tuple[int, int, tuple[str, ...]]] = []
    group: list[tuple[int, int, str, str]] = []
    lead = first  # still in the sentence's opening words, where capitals say nothing
    for t in RUN_WORD.finditer(run):
        a, b, w = t.start(), t.end(), t.group()
        bare = w.rstrip(".")
        low = fold(bare)
        if low in _SUFFIX and group:
            group.append((a, b, w, ""))
            continue
        shouted = bare.isupper() and len(bare) > 1
        ok = bare[:1].isupper() or (low in PARTICLES and bool(group))
        if ok and (low in PARTICLES or _good(model, low, lead and not group, shouted)):
            group.append((a, b, w, low))
        else:
            _emit(model, run, group, out, lead)
            lead = lead and not group
            group = []
        if bare[-2:] in ("'s", "\u2019s") or w.endswith("'"):
            _emit(model, run, group, out, lead)  # "Priya Raman's The Salt Road": two names
            group, lead = [], False
    _emit(model, run, group, out, lead)
    return out


def _emit(
    model: NameModel,
    run: str,
    group: list[tuple[int, int, str, str]],
    out: list[tuple[int, int, tuple[str, ...]]],
    first: bool = False,
) -> None:
    while group and (group[0][3] in HONORIFICS or group[0][3] in PARTICLES):
        group = group[1:]
    while group and group[-1][3] in PARTICLES:
        group = group[:-1]
    key = tuple(g[3] for g in group if g[3])
    # "Teen Idol Pat Boone plays ...": at a sentence's start a capital says nothing, so
    # leading ordinary words go; mid-sentence ones stay ("(Candy Clark)")
    if first:
        while len(key) > 1 and model.runs[key] < 2 and (
                not model.name_word(key[0]) or is_occupation(key[0])):  # "Songwriter Ann Lee"
            group, key = group[1:], key[1:]
    if not key or (len(key) == 1 and len(key[0]) < 2):
        return
    start, end = group[0][0], group[-1][1]
    word = run[group[-1][0] : end]
    if word.endswith(("'s", "\u2019s")):
        end -= 2
    elif word.endswith(".") and fold(word) not in _SUFFIX or word.endswith("'"):
        end -= 1
    out.append((start, end, key))


def _opens(text: str, pos: int) -> bool:
    """`pos` is the first word of a sentence (only quotes, brackets or stars before it)."""
    i = pos - 1
    while i >= 0 and text[i] in " \"'*(\u201c\u2018[-":
        i -= 1
    return i < 0 or text[i] in ".!?\n:\u2026"


def mentions(model: NameModel, film: str, text: str) -> list[Mention]:
    """Every name in a review: capitalised runs, and the film's names written in lower case
    ("pacino", "al pacino", "Justin long")."""
    found = capitalised(model, text)
    lower = model.lower.get(film, frozenset())
    if not lower:
        return found
    words = set(re.findall(r"(?<![\w'])[a-z][a-z'\-]+", text))
    if not words & lower:
        return found
    runs = model.film_runs[film]
    extra: list[Mention] = []
    for m in re.finditer(r"(?<![\w'])[a-z][a-z'\-]+(?: [a-z][a-z'\-]+){0,2}", text):
        extra.extend(_lower_runs(m, runs, lower))
    merged = list(found)
    for e in extra:
        over = [m for m in merged if m.start < e.end and e.start < m.end]
        if not over:
            merged.append(e)
    # "Justin long", "Olliver platt": a capitalised run continued by a lower-case word of a
    # known run, or by a word the corpus writes only as a name
    out: list[Mention] = []
    for name in sorted(merged, key=lambda n: n.start):
        nxt = re.match(r" ([a-z][a-z'\-]+)", text[name.end : name.end + 30])
        if nxt and (runs[name.key + (fold(nxt.group(1)),)] >= 2 or fold(nxt.group(1)) in lower):
            end = name.end + nxt.end()
            name = Mention(name.start, end, text[name.start : end],
                           name.key + (fold(nxt.group(1)),))
        if out and name.start < out[-1].end:
            continue
        out.append(name)
    return out


def _lower_runs(
    m: re.Match[str], runs: Counter[tuple[str, ...]], lower: frozenset[str]
) -> list[Mention]:
    """Known runs inside a stretch of lower-case words, longest first, left to right."""
    words = [
        (w.start() + m.start(), w.end() + m.start(), fold(w.group()))
        for w in re.finditer(r"\S+", m.group())
    ]
    out: list[Mention] = []
    i = 0
    while i < len(words):
        for n in range(len(words) - i, 0, -1):
            key = tuple(w[2] for w in words[i : i + n])
            # a known full name whose surname is a name word, or a name word seen twice
            if key[-1] in lower and (runs[key] >= 2 or (n > 1 and runs[key] >= 1)):
                a, b = words[i][0], words[i + n - 1][1]
                text = m.string[a:b]
                if text.endswith("'s"):
                    b -= 2
                out.append(Mention(a, b, m.string[a:b], key))
                i += n
                break
        else:
            i += 1
    return out
