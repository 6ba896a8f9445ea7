"""Word lists: generic film words, time cues, occupations, places and related question words."""

from __future__ import annotations

from reelqa.index.text.tokens import fold, stem, wordset

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
    # qualities asked about with a yes or no ("is it scary?", "is it suitable for kids?")
    "scary": "scary scarier scariest scare scares scared frightening frightened fright frights "
    "terrifying terrified terror creepy creepiest horrifying chilling chills spooky eerie "
    "suspense suspenseful dread frightful",
    "violence": "violent violence gore gory bloody blood brutal brutality gruesome carnage",
    "kids": "kids kid children child family families parents suitable appropriate",
}
# The aspects a question asks about with a yes or no: does the film have the quality?
QUALITIES = frozenset({"scary", "humour", "violence", "kids"})
ASPECT_OF = {stem(w): name for name, ws in ASPECTS.items() for w in ws.split()}
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
VERDICT_CUES = wordset(
    """recommend recommended worth overall verdict rating rate rated stars masterpiece
    must-see must highly definitely watchable skip avoid"""
)
EVALUATIVE_STEMS = frozenset(stem(w) for w in EVALUATIVE | VERDICT_CUES)

