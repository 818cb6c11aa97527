"""Small closed word classes of English news prose used by the extractors.

These are general language facts (titles, calendar words, organisation heads), not facts about
any story; story knowledge lives in ``data/``.
"""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())

__all__ = [
    "ABBREVIATIONS",
    "ADMIN_FEATURE_WORDS",
    "BRAND_HEADS",
    "CONNECTORS",
    "FEATURE_WORDS",
    "LOCATIVE",
    "NEGATION_REACH",
    "NON_PLACE_WORDS",
    "ORG_HEADS",
    "PERSON_TITLES",
    "PLACE_MODIFIED",
    "PORTFOLIOS",
    "REPORTING_VERBS",
]

# Abbreviations whose period does not end a sentence.
ABBREVIATIONS = _words(
    """
    gen sen rep gov lt col capt sgt maj adm cmdr mr mrs ms dr st jr sr prof no inc corp co
    ltd vs etc jan feb mar apr jun jul aug sep sept oct nov dec mt ft u.s u.k d.c u.n e.u
    a.m p.m ave blvd dept gov't rev hon
    """
)

# Titles that put a person's name right after them ("Gen. Laura Richardson").
PERSON_TITLES = _words(
    """
    gen. general secretary president minister mr. mrs. ms. dr. sen. senator rep.
    representative gov. governor mayor judge justice sgt. capt. col. lt. maj. adm. admiral
    colonel captain lieutenant sergeant commander chief pope king queen prince princess
    sheriff prof. professor ambassador chancellor premier spokesperson spokesman spokeswoman
    adviser advisor director officer envoy deputy vice-president prime
    """
)

# Lowercase words that may stand inside a multi-word place name ("Rio de Janeiro").
CONNECTORS = _words(
    """
    de del da do dos das di la le les of the upon on sur au am im y el
    """
)

# Words that turn a preceding name into a larger named feature ("Panama Canal").
FEATURE_WORDS = _words(
    """
    river canal lake mountains mountain island islands valley bay coast province county
    state city region desert sea ocean gulf strait peninsula park forest jungle delta
    district parish municipality
    """
)

# Of those, the ones that name an administrative unit after its place ("Fargo City",
# "Laurel County"): the place's own point stands in. A physical feature ("Indian Ocean",
# "Fraser Valley") is somewhere else, and stays unresolved unless the gazetteer knows it.
ADMIN_FEATURE_WORDS = _words("canal province county state city region district parish municipality")

# Capitalised words that are far more often ordinary words than places in English news:
# function words (capitalised at the start of a sentence), calendar words, and common nouns
# and adjectives that happen to name some village somewhere.
NON_PLACE_WORDS = _words(
    """
    monday tuesday wednesday thursday friday saturday sunday january february march april may
    june july august september october november december jan feb mar apr jun jul aug sep sept
    oct nov dec today yesterday tomorrow tonight week month year police read
    said says most can will hope lead well of in on at by for with as an a the it its this
    that these those but and or not no yes new more best we they he she i you our their his
    her there here yet moreover however also among after before one two three four five six
    seven eight nine ten first second third last next to so from since many much just still
    none some any all each every both few other such only own same than too very now then
    when where while who whom whose which what why how if unless until because though
    although whether about above across against along around behind below beneath beside
    between beyond during except inside into near off onto out outside over past through
    throughout toward under underneath up upon within without man men woman women boy girl
    child children people person family friend god lord church chapel temple school college
    university academy council board committee court section pack hall lane road street
    avenue park center centre square market bank office city county state nation union
    commerce industry business company club team league cup olympic olympics games passover
    christmas easter ramadan thanksgiving halloween arab jewish christian muslim catholic
    baptist methodist black white red blue green gold silver brown orange rose grey gray
    home house field fields hill hills river lake valley spring summer fall autumn winter
    north south east west northern southern eastern western central upper lower middle
    great grand little big long high low old young good fair free liberty victory hope
    justice peace power energy service services support health care news press post times
    star sun moon day night morning evening noon mr mrs ms dr st mt ft superior leader is
    was are be been do does did has have had interior northeast northwest southeast southwest
    northeastern northwestern southeastern southwestern airport gulf continental supreme area
    congress senate parliament ministry government capital federal national international
    global world jesus christ bible
    """
)

# Head nouns of organisation names ("Colombian National Police", "Southern Command").
ORG_HEADS = _words(
    """
    police command department agency service administration ministry army navy force forces
    brigade council commission office enforcement protection investigations guard court
    committee corporation company bank university institute party union association
    organization organisation news times post herald journal house senate congress
    parliament government tribunal authority bureau pentagon kremlin bundestag knesset
    """
)

# Heads of names of papers, firms and buildings: a place before them is part of a brand
# ("Washington Post", "White House"), not a place the story is about.
BRAND_HEADS = _words(
    """
    post times herald journal news tribune gazette chronicle telegraph observer examiner
    house company corporation corp inc bank club team airlines hotel restaurant
    """
)

# Words after a place name that make it a modifier of a place-bound thing
# ("Fargo Mayor", "Memphis St.", "Cottonport Fire Station"): the place stays a place.
PLACE_MODIFIED = _words(
    """
    st. st street ave ave. avenue road rd rd. blvd blvd. boulevard highway hwy drive dr.
    lane way township parish borough village town fire station hospital airport area
    high middle elementary school schools library church cathedral memorial regional
    medical center centre mall metro harbor harbour port bridge dam zoo stadium arena
    """
)

REPORTING_VERBS = _words(
    """
    said says told added stated noted reported announced
    """
)

# Words naming a minister's portfolio, part of the title ("Interior Minister").
PORTFOLIOS = _words(
    """
    interior foreign defence defense home finance health justice security trade economy
    energy environment education labour labor transport agriculture commerce treasury
    """
)

# Words that may stand between a negation and what it negates: "are not currently
# considering sending", "has no plans to send". Any other word ends its reach ("did not
# give a number … for sending").
NEGATION_REACH = _words(
    """
    be is are was were been being do does did have has had will would could should can
    may might currently presently immediately yet now still any plans plan planning
    intention intend intends considering consider to of the a more further additional us
    u.s.
    """
)

# Before a country that acts ("Canada will not send", "signed … with Panama and Colombia"),
# never one of these: "troops to Haiti", "between Colombia and Panama".
LOCATIVE = _words(
    """
    in at to from near across into through of via between within inside outside on
    around toward towards over under along beyond throughout by for
    """
)
