"""Opinion questions: the aspect asked about, its words in reviews, verdict cues, ratings."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from reelqa.index.lexicon import STOPWORDS, fold, stem, wordset

# An aspect of a film, by name, and the words reviews use when they judge it. A question's
# aspect word ("How is the score?") finds sentences in the review's own vocabulary ("the
# soundtrack soars"); "work" is the film as a whole.
ASPECTS: dict[str, str] = {
    "work": "movie movies film films show shows series episode episodes season sequel "
    "installment instalment flick feature it",
    "acting": "acting act acted actor actors actress actresses performance performances cast "
    "casting role roles portrayal portrays played plays star stars",
    "music": "music musical score soundtrack song songs composer tune tunes sing singing "
    "melody melodies",
    "sound": "sound audio mix dolby surround dts volume",
    "video": "video picture image images transfer resolution hd widescreen colour colours "
    "color colors print quality",
    "effects": "effects effect cgi fx visual visuals",
    "story": "story stories storyline plot plots script writing written narrative premise "
    "tale twist twists",
    "dialogue": "dialogue dialog dialogues lines conversation conversations",
    "character": "character characters characterization characterisation developed",
    "action": "action fight fights fighting stunt stunts chase chases sequences battle battles",
    "visuals": "cinematography camera photography photographed shot shots scenery landscape "
    "landscapes visually look looks",
    "humour": "humor humour funny comedy comedic jokes joke laugh laughs hilarious gags",
    "direction": "direction directed director directing helmed",
    "animation": "animation animated drawn",
    "ending": "ending end finale conclusion",
    "pace": "pace pacing paced length long slow",
    "edition": "dvd disc discs blu-ray bluray edition packaging package extras features "
    "bonus set box collection",
    "scenes": "scene scenes moment moments sequence",
}
_ASPECT_OF = {stem(w): name for name, ws in ASPECTS.items() for w in ws.split()}
ASPECT_TERMS = {name: frozenset(stem(w) for w in ws.split()) for name, ws in ASPECTS.items()}

# Words that judge: a sentence holding them is a verdict rather than a plot summary.
POSITIVE = wordset(
    """good great excellent amazing awesome wonderful brilliant superb outstanding terrific
    fantastic fabulous marvelous marvellous magnificent beautiful beautifully gorgeous stunning
    impressive perfect perfectly flawless masterpiece masterful best better fine nice solid
    strong powerful moving touching gripping compelling engaging entertaining enjoyable fun
    hilarious charming delightful lovely clever witty intelligent fascinating interesting
    intriguing exciting thrilling riveting captivating memorable remarkable incredible
    phenomenal spectacular breathtaking haunting convincing believable poignant heartfelt
    heartwarming uplifting inspiring refreshing original superior classic favorite favourite
    love loved loves lovable enjoy enjoyed enjoys like liked recommend recommended
    worth worthwhile must-see pleasant satisfying rewarding glorious sublime exquisite elegant
    stylish polished crisp clear sharp vivid gem treat wow superbly wonderfully brilliantly
    well-done well-made well-written well-acted well-developed top-notch first-rate cool neat
    sweet smart funny scary creepy chilling"""
)
NEGATIVE = wordset(
    """bad poor poorly terrible awful horrible dreadful atrocious abysmal lousy mediocre weak
    boring bored dull tedious bland flat lifeless predictable cliched clichéd cheesy corny
    silly stupid dumb ridiculous absurd laughable pointless senseless mess messy confusing
    incoherent disappointing disappointed disappointment forgettable overrated overlong
    bloated pretentious annoying irritating unwatchable unbearable painful waste wasted worst
    worse hate hated hates dislike disliked ugly cheap amateurish wooden stiff unconvincing
    shallow hollow lame sloppy clumsy awkward tiresome uninspired unfunny grating garbage
    trash crap junk rubbish blah meh cringe cringed cringeworthy fails failed failure flop
    disaster embarrassing insulting horrid pathetic inept dire"""
)
EVALUATIVE = POSITIVE | NEGATIVE
# Words that say the writer is giving a verdict, whatever its direction.
_VERDICT_CUES = wordset(
    """recommend recommended worth overall verdict rating rate rated stars masterpiece
    must-see must highly definitely watchable skip avoid"""
)
_EVALUATIVE_STEMS = frozenset(stem(w) for w in EVALUATIVE | _VERDICT_CUES)

Leaning = Literal["favourable", "mixed", "unfavourable"]
LEANINGS: tuple[Leaning, ...] = ("favourable", "mixed", "unfavourable")
_RATING = re.compile(r"\s*(\d+(?:\.\d+)?)\s*/\s*(\d+(?:\.\d+)?)\s*")


@dataclass(frozen=True)
class OpinionQuery:
    """An opinion question: the aspect it asks about and the word stems reviews use for it."""

    aspect: str  # a name in ASPECTS, or the question's own noun when no aspect lists it
    terms: frozenset[str]


# Questions that ask for facts, however they are worded after their first words.
_FACTUAL = re.compile(
    r"^\s*(?:who|whom|whose|when|where|which|how\s+(?:long|many|much|old|far|often|big|tall|"
    r"early|late|soon)|what\s+(?:year|time|day|genre|kind|type|is\s+\S+'s\s+(?:job|name)))\b",
    re.I,
)
_ASKS = re.compile(
    r"\b(?:what\s+(?:do|does|did)\s+\w+\s+think|what\s+is\s+(?:your|their|the\s+critics?')\s+"
    r"(?:opinion|take|view|verdict)|opinion|how\s+would\s+(?:you|they)\s+(?:rate|describe)|"
    r"how\s+(?:do|did)\s+(?:you|they|people|critics|reviewers)\s+like|how\s+(?:you|to)\s+rate|"
    r"rate\s+the|quality|worth\s+(?:it|watching|seeing|a\s+watch|buying|the)|any\s+good|"
    r"should\s+i\s+(?:watch|see|buy)|do\s+(?:you|critics|reviewers|people)\s+(?:like|recommend)|"
    r"what\s+about|how\s+(?:good|bad|fun|funny|scary|well))\b",
    re.I,
)
_HOW_IS = re.compile(r"^\s*how\s+(?:is|are|was|were)\s+(?P<rest>.+)$", re.I)
_PREPOSITIONS = wordset("in of on for about from at to with by during than")


def opinion_query(question: str) -> OpinionQuery | None:
    """The opinion a question asks for ("is it worth watching?", "how is the acting?"), or
    None for a question of fact ("who plays Jay?", "how long is it?", "how is Jay related
    to Na-young?")."""
    text = question.strip().rstrip("?!. ").strip()
    if not text or _FACTUAL.match(text):
        return None
    tokens = [fold(w) for w in re.findall(r"[\w'-]+", text)]
    evaluative = any(t in EVALUATIVE or t.removesuffix("est") in EVALUATIVE for t in tokens[1:])
    how = _HOW_IS.match(text)
    if not (evaluative or _ASKS.search(text) or (how and _noun_phrase(how.group("rest")))):
        return None
    return _aspect(tokens)


def _noun_phrase(rest: str) -> bool:
    """`rest` of "how is ..." names a thing ("the special effects in Heat"), not a state
    ("Jay related to Na-young", "the film received")."""
    head: list[str] = []
    for word in rest.split():
        if fold(word) in _PREPOSITIONS:
            break
        head.append(fold(word))
    return bool(head) and not any(
        w.endswith(("ed", "en")) and stem(w) not in _ASPECT_OF for w in head[1:]
    )


def _aspect(tokens: list[str]) -> OpinionQuery:
    content = [t for t in tokens if t not in STOPWORDS and t not in EVALUATIVE
               and t not in _VERDICT_CUES and t not in _QUESTION_WORDS]
    named = [_ASPECT_OF[stem(t)] for t in content if stem(t) in _ASPECT_OF]
    specific = [a for a in named if a != "work"]
    if specific:
        return OpinionQuery(specific[0], ASPECT_TERMS[specific[0]])
    if named or not content:
        return OpinionQuery("work", ASPECT_TERMS["work"])
    noun = content[-1]
    return OpinionQuery(noun, frozenset({stem(noun)}))


_QUESTION_WORDS = wordset("think like opinion quality watch watching see seeing buy describe "
                          "would you your i me we they people critics reviewers rate")


def verdict_strength(sentence: str, query: OpinionQuery) -> float:
    """How much `sentence` reads as a verdict on the asked aspect, 0 to 1.

    Strongest is the aspect judged in so many words ("the effects are cheesy", "this film was
    terrific"); then judging words beside the aspect's words; then judging words alone.
    """
    if sentence.rstrip().endswith("?"):
        return 0.0  # a review asking is not judging
    tokens = [fold(w) for w in re.findall(r"[\w'-]+", sentence)]
    stems = [stem(t) for t in tokens]
    judged = [i for i, s in enumerate(stems) if s in _EVALUATIVE_STEMS]
    if not judged:
        return 0.0
    about = [i for i, s in enumerate(stems) if s in query.terms]
    if query.aspect == "work":
        about += [i for i, t in enumerate(tokens) if t in ("it", "this")]
    if any(_judges(tokens, a, judged) for a in about):
        return 1.0
    if about:
        return min(0.8, 0.5 + 0.15 * len(judged))
    return min(0.5, 0.25 + 0.1 * len(judged)) * (1.0 if query.aspect == "work" else 0.5)


_COPULA = wordset("is are was were be been seems seemed looks looked sounds sounded feels "
                  "felt remains stays it's that's 's")


def _judges(tokens: list[str], at: int, judged: list[int]) -> bool:
    """tokens[at] is the subject of a judging word: "the music is (simply) magnificent"."""
    for k in range(at + 1, min(at + 4, len(tokens))):
        if tokens[k] in _COPULA:
            return any(k < j <= k + 4 for j in judged)
    return False


def parse_rating(text: str) -> tuple[float, float] | None:
    """(value, scale) of a rating written as a number and its scale ("7/10", "4.5 / 5"), or
    None when it is not one, or the value is outside 0..scale."""
    match = _RATING.fullmatch(text)
    if match is None:
        return None
    value, scale = float(match.group(1)), float(match.group(2))
    return (value, scale) if scale > 0 and 0 <= value <= scale else None


def leaning(rating: str | None) -> Leaning | None:
    """Which way a rating leans: 70% of its scale or more is favourable, 40% or less
    unfavourable, between is mixed."""
    parsed = parse_rating(rating) if rating else None
    if parsed is None:
        return None
    share = parsed[0] / parsed[1]
    return "favourable" if share >= 0.7 else "unfavourable" if share <= 0.4 else "mixed"
