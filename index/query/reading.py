"""A question's reading of passages: each sentence analysed once per question, however many
stages look at it.

The index stores every sentence's offsets (the units the dense index embeds); a `Reading` is
given them and hands each passage's sentences to retrieval's opinion ranking and to every
answer kind. What a stage derives from a sentence (its words, its names, how plainly it
judges an aspect) is computed on first use and kept on the `Sentence` for the rest of the
question, also when overlapping passages share the sentence. Nothing here splits text into
sentences at question time, except `Reading.splitting` for passages that are in no index.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from functools import cached_property
from typing import TypeVar

from reelqa.index.records import Passage
from reelqa.index.text.sentences import sentence_spans
from reelqa.index.text.tokens import TOKEN, fold, words
from reelqa.index.text.verdicts import verdict_strength

T = TypeVar("T")
# A passage's sentences as (start, end) offsets into its review's text.
SpansOf = Callable[[Passage], Sequence[tuple[int, int]]]


class Sentence:
    """One sentence of a review, with what the question's stages derive from it."""

    def __init__(self, start: int, end: int, text: str) -> None:
        self.start, self.end, self.text = start, end, text  # offsets into the review's text
        self._memo: dict[Hashable, object] = {}

    @cached_property
    def words(self) -> list[tuple[int, int, str]]:
        """(start, end, word) of each word, offsets into the sentence (`tokens.words`)."""
        return words(self.text)

    @cached_property
    def folded(self) -> list[str]:
        """The sentence's `TOKEN` words, folded."""
        return [fold(w) for w in TOKEN.findall(self.text)]

    def verdict(self, aspect: str, terms: frozenset[str]) -> float:
        """How plainly the sentence judges the aspect (`text.verdicts.verdict_strength`)."""
        return self.once(("verdict", aspect, terms),
                         lambda: verdict_strength(self.text, aspect, terms, self.folded))

    def once(self, key: Hashable, compute: Callable[[], T]) -> T:
        """`compute()` the first time `key` is asked of this sentence, the kept value after."""
        try:
            return self._memo[key]  # type: ignore[return-value]
        except KeyError:
            value = self._memo[key] = compute()
            return value


class Reading:
    """The sentences of the passages one question reads; one per question, not shared."""

    def __init__(self, spans_of: SpansOf) -> None:
        self._spans_of = spans_of
        self._sentences: dict[tuple[str, int], Sentence] = {}
        self._of: dict[str, list[tuple[int, int, Sentence]]] = {}

    @classmethod
    def splitting(cls) -> Reading:
        """A reading that splits each passage into sentences itself: for passages built by
        hand (tests) or read from no index."""
        return cls(lambda p: [(p.start + a, p.start + b) for a, b in sentence_spans(p.text)])

    def sentences(self, passage: Passage) -> list[tuple[int, int, Sentence]]:
        """The passage's sentences in order, each with its offsets in the passage's text."""
        found = self._of.get(passage.id)
        if found is None:
            review = passage.review
            found = []
            for start, end in self._spans_of(passage):
                key = (review.id, start)
                sentence = self._sentences.get(key)
                if sentence is None:
                    sentence = self._sentences[key] = Sentence(start, end,
                                                               review.text[start:end])
                found.append((start - passage.start, end - passage.start, sentence))
            self._of[passage.id] = found
        return found
