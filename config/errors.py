"""The one error type reelqa raises for expected failures, with a user-safe message."""

from __future__ import annotations


class ReelqaError(Exception):
    """An expected failure whose message is safe to show a user as is (no secrets, no traceback)."""


class CorpusError(ReelqaError):
    """The corpus cannot be loaded: empty, unreadable, or bad records under --strict."""


class IndexMissingError(ReelqaError):
    """No index exists where one was expected."""


class IndexMismatchError(ReelqaError):
    """The index on disk does not fit the configuration (model, format version, checksums)."""


class UnknownFilmError(ReelqaError):
    """A film was asked for by a name no indexed film has; `suggestions` are close titles."""

    def __init__(self, message: str, suggestions: list[str] | None = None) -> None:
        super().__init__(message)
        self.suggestions = suggestions or []
