"""Terminal-safe output: control characters and escape sequences (from reviews, file names,
films, authors or questions) are written as visible `\\uXXXX` escapes, never to the terminal."""

from __future__ import annotations

import re
from typing import Any, TextIO

# C0 controls but tab and newline, DEL, C1 controls (U+009B alone starts a CSI sequence on
# some terminals), and the bidirectional overrides that reorder what is shown.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def clean(text: str, keep: str = "") -> str:
    """`text` with every unsafe character but those in `keep` written as `\\uXXXX`.

    Inside a JSON string the escape means the same character, so JSON output stays valid and
    decodes to the same value.
    """
    return _UNSAFE.sub(lambda m: m.group() if m.group() in keep else f"\\u{ord(m.group()):04x}",
                       text)


class SafeStream:
    """A text stream that cleans everything written to it; the rest is the wrapped stream's."""

    def __init__(self, inner: TextIO, keep: str = "") -> None:
        self.inner = inner
        self.keep = keep

    def write(self, text: str) -> int:
        self.inner.write(clean(text, self.keep))
        return len(text)

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:  # flush, isatty, fileno, encoding, buffer...
        return getattr(self.inner, name)
