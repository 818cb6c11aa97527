"""Small closed word classes of English news prose used by the extractors.

These are general language facts (titles, calendar words, organisation heads), not facts about
any story; story knowledge lives in ``data/``.
"""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())

__all__ = [
    "ABBREVIATIONS",
    "CONNECTORS",
    "FEATURE_WORDS",
    "NON_PLACE_WORDS",
    "ORG_HEADS",
    "PERSON_TITLES",
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
    state city region desert sea ocean gulf strait peninsula park forest jungle
    """
)

# Capitalised words that are far more often ordinary words than places in English news.
NON_PLACE_WORDS = _words(
    """
    monday tuesday wednesday thursday friday saturday sunday january february march april
    may june july august september october november december today yesterday tomorrow police
    read mobile reading said most can will hope lead well of in on at by for with as an a
    the it its this that these those but and or not no yes new more best we they he she i
    you our their his her there here yet moreover however also among after before
    """
)

# Head nouns of organisation names ("Colombian National Police", "Southern Command").
ORG_HEADS = _words(
    """
    police command department agency service administration ministry army navy force forces
    brigade council commission office enforcement protection investigations guard court
    committee corporation company bank university institute party union association
    organization organisation news times post herald journal house senate congress
    parliament government tribunal authority bureau
    """
)

REPORTING_VERBS = _words(
    """
    said says told added stated noted reported announced
    """
)
