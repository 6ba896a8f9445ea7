"""Cue words that credit a person with a cast or crew role, by the phrasing they appear in."""

from __future__ import annotations

from reelqa.index.lexicon import NAME_TITLES

# "<cue> (...) by X": "voiced by", "written and directed by", "the score by".
PASSIVE_ROLES = {
    # "a documentary by X", "the new film by X": the work's maker is its director
    "film": "direct",
    "documentary": "direct",
    "feature": "direct",
    "movie": "direct",
    "debut": "direct",
    "voiced": "perform",
    "played": "perform",
    "portrayed": "perform",
    "performed": "perform",
    "directed": "direct",
    "helmed": "direct",
    "written": "write",
    "co-written": "write",
    "penned": "write",
    "scripted": "write",
    "composed": "compose",
    "scored": "compose",
    "produced": "produce",
    "edited": "edit",
    "shot": "shoot",
    "photographed": "shoot",
    "lensed": "shoot",
    "animated": "animate",
    "narrated": "perform",
}
PASSIVE_ROLES.update(
    {
        "screenplay": "write",
        "script": "write",
        "score": "compose",
        "music": "compose",
        "soundtrack": "compose",
        "cinematography": "shoot",
        "photography": "shoot",
    }
)
# "by newcomer X", "by the veteran actor X": a description between "by" and the name
DESCRIPTORS = "|".join(sorted(NAME_TITLES | {"actor", "actress", "star", "newcomer", "veteran"}))
WORK_CUES = frozenset("score music soundtrack screenplay script cinematography".split())
ACTIVE_ROLES = {
    "voices": "perform",
    "plays": "perform",
    "played": "perform",
    "portrays": "perform",
    "portrayed": "perform",
    "voiced": "perform",
    "directs": "direct",
    "directed": "direct",
    "helms": "direct",
    "helmed": "direct",
    "wrote": "write",
    "writes": "write",
    "composed": "compose",
    "composes": "compose",
    "scored": "compose",
    "scores": "compose",
    "produced": "produce",
    "produces": "produce",
    "edited": "edit",
    "shot": "shoot",
}
TITLE_ROLES = {
    "director": "direct",
    "filmmaker": "direct",
    "writer": "write",
    "screenwriter": "write",
    "writer-director": "direct",
    "composer": "compose",
    "producer": "produce",
    "cinematographer": "shoot",
    "editor": "edit",
    "animator": "animate",
    "star": "perform",
    "actor": "perform",
    "actress": "perform",
    "actors": "perform",
    "stars": "perform",
    "directors": "direct",
    "writers": "write",
    "starring": "perform",
    "featuring": "perform",
}
POSSESSIVE_ROLES = {
    "direction": "direct",
    "screenplay": "write",
    "script": "write",
    "score": "compose",
    "performance": "perform",
    "portrayal": "perform",
    "cinematography": "shoot",
}
