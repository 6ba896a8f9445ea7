"""Plain-text renderers for the terminal: answers, films, build and eval reports (pure)."""
