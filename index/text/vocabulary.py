"""The one role vocabulary: every word that credits a person, or asks for one, by role.

Both readers of credits use it: the index-time credits extractor (`reelqa.index.credits`)
and the answer stage's span extractor (`reelqa.index.answer`), which reads the views at
the end of this module. It sits beside `records` and `lexicon`, below every stage.
"""

from __future__ import annotations

from dataclasses import dataclass

ACTOR, VOICE, DIRECTOR, WRITER = "actor", "voice", "director", "writer"
COMPOSER, CINEMATOGRAPHER, EDITOR, PRODUCER = "composer", "cinematographer", "editor", "producer"
ANIMATOR = "animator"  # asked about and credited by the span extractor, not stored as a credit
ROLES = (ACTOR, VOICE, DIRECTOR, WRITER, COMPOSER, CINEMATOGRAPHER, EDITOR, PRODUCER)
CAST = frozenset({ACTOR, VOICE})  # roles tied to a character


def _w(text: str) -> frozenset[str]:
    return frozenset(text.split())


@dataclass(frozen=True)
class RoleWords:
    """How reviews and questions name one role; each field is a set of lower-case words.

    titles:  nouns that stand before or after a name: "director X", "X, the director"
    active:  verbs with the person as subject: "X directs", "X plays Y"
    passive: participles before "by X": "directed by X", "voiced by X"
    works:   nouns for the person's work: "X's direction", "the score by X"
    asks:    question words for the role: "who composed", "who was the cinematographer"
    """

    titles: frozenset[str]
    active: frozenset[str]
    passive: frozenset[str]
    works: frozenset[str]
    asks: frozenset[str]


VOCAB: dict[str, RoleWords] = {
    ACTOR: RoleWords(
        titles=_w("actor actress actors actresses star stars co-star costar lead"),
        active=_w("plays played playing portrays portrayed portraying stars starred starring "
                  "essays essayed embodies embodied"),
        passive=_w("played portrayed performed essayed"),
        works=_w("performance portrayal turn acting role"),
        asks=_w("play plays played playing portray portrays portrayed star stars starred "
                "actor actress cast lead"),
    ),
    VOICE: RoleWords(
        titles=_w("voice"),
        active=_w("voices voiced voicing narrates narrated"),
        passive=_w("voiced narrated"),
        works=_w("voice voicework voice-work narration"),
        asks=_w("voice voices voiced narrate narrates narrated narrator"),
    ),
    DIRECTOR: RoleWords(
        # "writer-director" credits both roles; the writer entry repeats it
        titles=_w("director directors filmmaker film-maker helmer auteur writer-director "
                  "writer/director director/writer co-director"),
        active=_w("directs directed directing helms helmed helming"),
        passive=_w("directed helmed co-directed"),
        works=_w("direction directing helming"),
        asks=_w("direct directs directed director filmmaker helm helmed helmer made"),
    ),
    WRITER: RoleWords(
        titles=_w("writer writers screenwriter screenwriters scriptwriter scenarist co-writer "
                  "writer-director writer/director director/writer"),
        active=_w("wrote writes penned pens scripted"),
        passive=_w("written co-written penned scripted"),
        works=_w("screenplay script writing scripts"),
        asks=_w("write wrote written writer screenplay script scripted screenwriter penned"),
    ),
    COMPOSER: RoleWords(
        titles=_w("composer"),
        active=_w("composed composes scored scores"),
        passive=_w("composed scored"),
        works=_w("score music soundtrack"),
        asks=_w("compose composed composer score scored music soundtrack"),
    ),
    CINEMATOGRAPHER: RoleWords(
        titles=_w("cinematographer dp dop"),
        # "X shot it in cold blues": only with the film as object (the extractors check)
        active=_w("photographed lensed shot shoots"),
        # not "shot": "shot by X" in a review is more often a killing than a camera credit
        passive=_w("photographed lensed"),
        works=_w("cinematography photography camerawork camera-work"),
        asks=_w("cinematographer cinematography photographed shot lensed"),
    ),
    EDITOR: RoleWords(
        titles=_w("editor"),
        active=_w("edited edits"),
        passive=_w("edited"),
        works=_w("editing"),
        asks=_w("edit edited editor editing"),
    ),
    PRODUCER: RoleWords(
        titles=_w("producer producers co-producer"),
        active=_w("produced produces"),
        passive=_w("produced co-produced"),
        works=_w("production"),
        asks=_w("produce produced producer"),
    ),
    ANIMATOR: RoleWords(
        titles=_w("animator"),
        active=frozenset(),
        passive=_w("animated"),
        works=_w("animation"),
        asks=_w("animate animated animator animation"),
    ),
}
_ALL = (*ROLES, ANIMATOR)


def _index(field: str, roles: tuple[str, ...] = ROLES) -> dict[str, tuple[str, ...]]:
    """word -> the roles it names in one field ("writer-director" names two)."""
    out: dict[str, tuple[str, ...]] = {}
    for role in roles:
        for word in sorted(getattr(VOCAB[role], field)):
            out[word] = out.get(word, ()) + (role,)
    return out


TITLE_OF = _index("titles")
ACTIVE_OF = _index("active")
PASSIVE_OF = _index("passive")
WORK_OF = _index("works")
ASK_OF = _index("asks")  # the span extractor also asks for animators: ROLE_WORDS

# Nouns that name the film itself: "a film by X" credits its director.
FILM_NOUNS = _w("film movie picture feature documentary debut effort")
# Words that introduce a cast list: "starring X, Y and Z".
STARRING = _w("starring co-starring featuring")
# Relations between two people named in a row: "directed by John Cusack pal Steve Pink".
RELATIONS = _w("pal buddy friend colleague protege protégé collaborator partner regular "
               "alum cohort")
# Words between "by" and a name that describe the person: "directed by veteran X".
DESCRIPTORS = _w("vet veteran newcomer famed legendary great acclaimed talented young old "
                 "late noted master prolific former first-time cult") | frozenset(TITLE_OF)
# Titles before a person's name that are not part of it ("Mr. Pacino").
# Ranks written short ("Col. Kurtz", "Lt. Dan") stand before a name the same way.
HONORIFICS = _w("mr mrs ms miss dr sir dame lord lady col lt sgt capt gen maj cpl pvt cmdr adm "
                "det insp prof rev")
# Describing words that open a name run at a sentence's start and are never part of it.
NEVER_NAMES = _w("newcomer newcomers veteran vet famed legendary acclaimed talented prolific "
                 "first-time relative relatively")
# Every word that stands before a name without being part of it ("Director Han Ji-won"):
# the role titles, honorifics, and titles of people who are not film crew.
NAME_TITLES = (
    frozenset(w for r in _ALL for w in VOCAB[r].titles) | HONORIFICS | STARRING
    | _w("narrator creator professor prof newcomer veteran critic comedian legend icon singer "
         "rapper musician author novelist playwright showrunner")
)

# --- Views for the span extractor (reelqa.index.answer), which reads one sentence at a time
# with no corpus behind it. Its role names group the credit roles: actor and voice are both
# "perform". Words that credit only in a context it does not check ("Jay's music", "X stars
# in", "the man playing cards") stay out of its possessive, active and title tables; the
# credits extractor reads them with their context.
SPAN_ROLE = {ACTOR: "perform", VOICE: "perform", DIRECTOR: "direct", WRITER: "write",
             COMPOSER: "compose", CINEMATOGRAPHER: "shoot", EDITOR: "edit", PRODUCER: "produce",
             ANIMATOR: "animate"}
CONTEXTUAL = _w("music soundtrack turn role acting voice voicework voice-work narration "
                "production writing scripts photography lead stars starred starring playing "
                "portraying voicing directing helming shoots")


def _span_view(field: str, skip: frozenset[str] = frozenset()) -> dict[str, str]:
    """word -> span role, from one field of every role, the first role listed winning."""
    out: dict[str, str] = {}
    for role in _ALL:
        for word in sorted(getattr(VOCAB[role], field) - skip):
            out.setdefault(word, SPAN_ROLE[role])
    return out


# "<cue> (...) by X": "voiced by", "written and directed by", "the score by", "a film by".
PASSIVE_ROLES = {**_span_view("passive"), **_span_view("works"),
                 **dict.fromkeys(FILM_NOUNS, "direct"), "shot": "shoot"}
# "the score from X": the work nouns that may take "from" instead of "by"
WORK_CUES = frozenset(w for r in _ALL if r not in CAST for w in VOCAB[r].works)
# "X voices Y", "X directed": the person as subject
ACTIVE_ROLES = _span_view("active", CONTEXTUAL)
# "director X", "starring X"
TITLE_ROLES = {**_span_view("titles", CONTEXTUAL), **dict.fromkeys(STARRING, "perform"),
               "stars": "perform"}
# "X's direction", "X's performance"
POSSESSIVE_ROLES = _span_view("works", CONTEXTUAL)
# Question words -> the span role a "who" question asks about.
ROLE_WORDS: dict[str, tuple[str, ...]] = {}
for _role in _ALL:
    _span = SPAN_ROLE[_role]
    ROLE_WORDS[_span] = tuple(sorted(set(ROLE_WORDS.get(_span, ())) | VOCAB[_role].asks))
# The work named wins over the verb in a question: "who wrote the music?" asks the composer.
ASKED_WORKS = WORK_CUES
