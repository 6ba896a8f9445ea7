"""How plainly a sentence judges an aspect of a film: the verdict strength that ranks opinion
passages and picks each review's verdict sentence."""

from __future__ import annotations

from reelqa.index.text.lexicon import EVALUATIVE_STEMS
from reelqa.index.text.tokens import TOKEN, fold, stem, wordset


def verdict_strength(sentence: str, aspect: str, terms: frozenset[str],
                     tokens: list[str] | None = None) -> float:
    """How much `sentence` reads as a verdict on the asked aspect (`aspect`, whose words have
    the stems `terms`), 0 to 1. `tokens` are the sentence's folded words, when known.

    Strongest is the aspect judged in so many words ("the effects are cheesy", "this film was
    terrific"); then judging words beside the aspect's words; then judging words alone.
    """
    if sentence.rstrip().endswith("?"):
        return 0.0  # a review asking is not judging
    if tokens is None:
        tokens = [fold(w) for w in TOKEN.findall(sentence)]
    stems = [stem(t) for t in tokens]
    judged = [i for i, s in enumerate(stems) if s in EVALUATIVE_STEMS]
    if not judged:
        return 0.0
    about = [i for i, s in enumerate(stems) if s in terms]
    if aspect == "work":
        about += [i for i, t in enumerate(tokens) if t in ("it", "this")]
    if any(_judges(tokens, a, judged) for a in about):
        return 1.0
    if about:
        return min(0.8, 0.5 + 0.15 * len(judged))
    return min(0.5, 0.25 + 0.1 * len(judged)) * (1.0 if aspect == "work" else 0.5)


_COPULA = wordset("is are was were be been seems seemed looks looked sounds sounded feels "
                  "felt remains stays it's that's 's")


def _judges(tokens: list[str], at: int, judged: list[int]) -> bool:
    """tokens[at] is the subject of a judging word: "the music is (simply) magnificent"."""
    for k in range(at + 1, min(at + 4, len(tokens))):
        if tokens[k] in _COPULA:
            return any(k < j <= k + 4 for j in judged)
    return False


