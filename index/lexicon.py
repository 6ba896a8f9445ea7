"""Word lists, a light stemmer and text normalisation shared by question analysis and spans."""

from __future__ import annotations

import re
import unicodedata


def wordset(text: str) -> frozenset[str]:
    """The set of whitespace-separated words in `text` (word lists read best as prose)."""
    return frozenset(text.split())


WORD = re.compile(r"[A-Za-z0-9\u00C0-\u024F]+(?:[-'\u2019][A-Za-z0-9\u00C0-\u024F]+)*")

STOPWORDS = wordset(
    """a an the and or but if of in on at to for from by with about as into onto over under
    is are was were be been being am do does did done doing has have had having will would
    shall should can could may might must it its it's this that these those there here
    i me my we our you your he him his she her they them their what which who whom whose
    when where why how not no so than then too very just also any some all each both such
    one ones up down out off again once own same other others during while whether behind
    above below between through across against among around without within toward towards
    upon via per near beyond inside outside along amid"""
)

# Words that name the work itself: present in nearly every review, so weak as focus words.
GENERIC = wordset("film films movie movies picture story feature it")

# Temporal cues: the question asks about the past ("before") or the text marks it ("former").
PAST_QUESTION = wordset("before previously formerly originally once earlier used past")
PAST_MODIFIERS = wordset("former ex once previously formerly retired erstwhile onetime")

# Nouns that name an occupation; suffixes below catch most others (guitarist, astronaut).
OCCUPATIONS = wordset(
    """chef cook nurse doctor spy cop detective soldier pilot artist singer actor actress
    writer teacher student lawyer judge priest monk nun farmer fisherman hunter thief
    journalist reporter photographer painter sculptor dancer musician drummer guitarist
    pianist violinist astronaut scientist engineer mechanic programmer hacker banker
    clerk waiter waitress barista bartender janitor maid butler driver assassin agent
    officer sheriff detective surgeon dentist therapist psychiatrist professor
    librarian architect carpenter plumber electrician boxer athlete wrestler
    nanny housekeeper mayor president king queen prince princess captain sailor
    courier postman mailman miner smuggler gangster mercenary bodyguard ranger
    veterinarian vet poet novelist composer producer director model designer
    tailor baker butcher shopkeeper salesman saleswoman merchant trader accountant
    secretary manager ceo entrepreneur inventor researcher archaeologist explorer
    astronomer physicist chemist biologist medic paramedic firefighter soldier
    marine guard warden prisoner inmate student intern apprentice auditor inspector
    investigator counselor sailor tutor governor senator surveyor conductor instructor
    translator interpreter collector contractor supervisor operator curator mentor pastor
    rabbi imam vicar bishop cardinal lieutenant sergeant colonel general admiral commander
    astronaut cosmonaut linguist teacher tycoon heiress mogul widow orphan nun courtesan
    geisha samurai ninja knight squire peasant slave servant chauffeur valet gardener
    shepherd rancher cowboy outlaw bandit pirate sheriff deputy marshal ranger trucker
    cabbie nurse midwife pharmacist chemist coroner mortician undertaker gravedigger
    florist jeweler jeweller locksmith blacksmith tailor seamstress dressmaker hairdresser
    barber stylist cashier clerk receptionist realtor broker lobbyist diplomat ambassador
    spy agent hitman bouncer bartender sommelier critic blogger influencer vlogger
    youtuber streamer gamer coach referee umpire jockey trainer caretaker babysitter
    housewife homemaker monarch emperor empress pharaoh chief warlord prophet priestess"""
)
_COMPOUND_HEADS = tuple(
    j
    for j in (
        "teacher",
        "fighter",
        "tender",
        "keeper",
        "maker",
        "worker",
        "driver",
        "seller",
        "trader",
        "dealer",
        "rider",
        "writer",
        "singer",
        "player",
        "dancer",
        "painter",
        "hunter",
        "man",
        "woman",
    )
)
OCCUPATION_SUFFIXES = ("ist", "naut", "ician", "grapher", "smith", "wright", "ologist")

# Gazetteer prior for places: planets, continents and large or well-known cities/countries.
PLACES = wordset(
    """mercury venus earth mars jupiter saturn uranus neptune pluto moon
    africa antarctica asia australia europe america arctic
    afghanistan argentina austria belgium bolivia brazil canada chile china colombia cuba
    denmark egypt england ethiopia finland france germany ghana greece hungary iceland india
    indonesia iran iraq ireland israel italy jamaica japan jordan kenya korea lebanon mexico
    mongolia morocco nepal netherlands nigeria norway pakistan peru philippines poland
    portugal romania russia scotland senegal serbia singapore spain sweden switzerland syria
    taiwan thailand turkey ukraine uganda vietnam wales
    amsterdam athens atlanta bangkok barcelona beijing berlin bogota boston brooklyn busan
    cairo chicago copenhagen dallas delhi detroit dubai dublin edinburgh florence
    glasgow hanoi havana helsinki hollywood houston incheon istanbul jakarta jerusalem
    kyoto lagos lisbon london madrid manchester manhattan manila marseille melbourne miami
    milan montreal moscow mumbai munich nairobi naples osaka oslo paris prague rio rome
    seattle seoul shanghai sydney taipei tehran tokyo toronto vancouver venice vienna
    warsaw washington yokohama"""
) | frozenset(
    [
        "los angeles",
        "new york",
        "san francisco",
        "hong kong",
        "new orleans",
        "las vegas",
        "mexico city",
        "rio de janeiro",
        "buenos aires",
        "tel aviv",
        "cape town",
        "new delhi",
        "kuala lumpur",
        "st petersburg",
        "saint petersburg",
        "south korea",
        "north korea",
        "new zealand",
        "south africa",
        "united states",
        "united kingdom",
        "new jersey",
        "san diego",
        "ho chi minh city",
        "abu dhabi",
        "sri lanka",
        "saudi arabia",
    ]
)
PLANETS = wordset("mercury venus earth mars jupiter saturn uranus neptune pluto moon")

_QUOTES = str.maketrans(
    {"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"}
)


def words(text: str) -> list[tuple[int, int, str]]:
    """(start, end, word) for each word of `text`; hyphens and apostrophes stay inside words."""
    return [(m.start(), m.end(), m.group()) for m in WORD.finditer(text)]


def fold(word: str) -> str:
    """Lower-case, straight apostrophes, no possessive `'s`."""
    w = word.translate(_QUOTES).lower()
    return w[:-2] if w.endswith("'s") else w


_IRREGULAR = {
    form: base
    for base, forms in (
        ("write", "wrote written"),
        ("make", "made"),
        ("shoot", "shot"),
        ("take", "took taken"),
        ("give", "gave given"),
        ("speak", "spoke spoken"),
        ("tell", "told"),
        ("say", "said"),
        ("think", "thought"),
        ("bring", "brought"),
        ("go", "went gone goes"),
        ("see", "saw seen"),
        ("begin", "began begun"),
        ("draw", "drew drawn"),
        ("sing", "sang sung"),
        ("lead", "led"),
        ("leave", "left"),
        ("meet", "met"),
        ("run", "ran"),
        ("win", "won"),
        ("fall", "fell fallen"),
        ("find", "found"),
        ("hold", "held"),
        ("keep", "kept"),
        ("know", "knew known"),
        ("lose", "lost"),
        ("feel", "felt"),
        ("become", "became"),
        ("choose", "chose chosen"),
        ("fly", "flew flown"),
        ("grow", "grew grown"),
        ("hide", "hid hidden"),
        ("steal", "stole stolen"),
        ("sell", "sold"),
        ("send", "sent"),
        ("spend", "spent"),
        ("stand", "stood"),
        ("teach", "taught"),
        ("wear", "wore worn"),
        ("die", "died dies dying"),
        ("live", "lived lives living"),
        ("buy", "bought"),
        ("fight", "fought"),
    )
    for form in forms.split()
}


def stem(word: str) -> str:
    """A light suffix-stripping stem, enough to match voices/voiced/voicing or sets/set."""
    w = fold(word)
    w = _IRREGULAR.get(w, w)
    if len(w) <= 3 or not w.isalpha():
        return w
    for suffix in ("ings", "ing", "edly", "ed", "ies", "es", "s", "ly"):
        if suffix == "s" and w.endswith(("ss", "us", "is")):
            continue  # gross, bonus, analysis: not plurals
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            w = w[: -len(suffix)] + ("y" if suffix == "ies" else "")
            break
    if w.endswith("e") and len(w) > 3:
        w = w[:-1]
    if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "ls":
        w = w[:-1]  # stopp(ed) -> stop
    return w


def normalise(text: str) -> str:
    """Compare form of answers and evidence: no markup, straight quotes, folded case and space."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    text = re.sub(r"[*_`]+", "", text)
    return " ".join(text.lower().split())


def is_occupation(word: str) -> bool:
    """True for a noun that names a job: listed, or with a job suffix (guitarist, astronaut)."""
    w = fold(word)
    if w in OCCUPATIONS or (w.endswith("s") and w[:-1] in OCCUPATIONS):
        return True
    if any(w.endswith(job) for job in _COMPOUND_HEADS):
        return True  # schoolteacher, firefighter, bartender
    return len(w) > 5 and w.endswith(OCCUPATION_SUFFIXES)


# Words a review uses for what a question asks in other words; matched at 0.8 of the word itself.
_RELATED = (
    "earn gross box office haul revenue make take",
    "cost budget spend",
    "runtime length run minute hour",
    "release premiere open debut",
    "set unfold located situated",
    "go leave travel head move journey return",
    "base adapt adaptation source inspire",
    "score music soundtrack compose composer",
    "job profession occupation career work",
    "voice voic play portray perform performance role act acting actor actress cast",
    "direct director helm",
    "write writer screenplay script",
    "say describe call praise",
)
RELATED: dict[str, frozenset[str]] = {}
for _group in _RELATED:
    _stems = frozenset(stem(w) for w in _group.split())
    for _s in _stems:
        RELATED[_s] = RELATED.get(_s, frozenset()) | _stems
