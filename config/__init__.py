"""reelqa's settings, read once at the edge of the program."""

from config.settings import (
    BUNDLED_MODEL,
    DiscordSettings,
    IndexSettings,
    RetrievalSettings,
    Settings,
    load_settings,
)

__all__ = [
    "BUNDLED_MODEL",
    "DiscordSettings",
    "IndexSettings",
    "RetrievalSettings",
    "Settings",
    "load_settings",
]
