"""Clause structure around an event word, read from a dependency parse.

Pure functions over spaCy tokens (labels of the ClearNLP scheme that ``en_core_web_sm``
uses): which verb's clause tells the event a word names, who does it and to whom, what
governs a place or a date, and whether the clause says the event happened, is planned,
proposed, denied or uncertain. Word classes come from :mod:`geomap.extract.eventlex`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..model import Modality
from .eventlex import word_class

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = ["anchor", "arguments", "governs", "measured", "modality", "objects", "sanctioned_by",
           "subjects", "told_as_unreal"]

_VERBS = frozenset({"VERB", "AUX"})
_NOUNS = frozenset({"NOUN", "PROPN"})
# Dependencies that tie a noun event word to the verb whose clause tells it: "held talks",
# "an earthquake struck", "faces charges".
_NOUN_TO_VERB = frozenset({"dobj", "nsubj", "nsubjpass", "attr", "oprd"})
# Clauses whose missing subject is their head's: "pushing to send", "flew to Jakarta and
# signed", "arrived …, meeting".
_SHARES_SUBJECT = frozenset({"xcomp", "conj", "advcl", "pcomp", "acomp"})  # "is due to travel"
_SHARING_PREPS = frozenset({"after", "before", "while", "since", "upon", "on", "by", "without",
                            "during"})
_RELATIVE = frozenset({"who", "which", "that", "whom"})
# Prepositions after which a noun is a counterpart or target, not a place.
_PARTNER_PREPS = frozenset({"with", "against", "on", "between", "among"})
_MAX_HOPS = 6  # parses of real sentences are shallow; this bounds a pathological one


def anchor(word: Token) -> Token:
    """Return the verb whose clause tells the event ``word`` names (``word`` itself when none).

    A verb is its own anchor. A noun event word is anchored to the verb it is the object or
    subject of ("held *talks*", "an *earthquake* struck", "took part in *protests*").
    """
    if word.pos_ in _VERBS:
        return word
    # "three days of fighting ended", "held a round of talks": the measure stands where the
    # event would.
    at = word.head.head if measured(word) else word
    head = at.head
    if at.dep_ in _NOUN_TO_VERB and head.pos_ in _VERBS:
        return head
    if at.dep_ == "pobj" and head.dep_ == "prep" and head.head.pos_ in _VERBS:
        return head.head
    return word


def measured(word: Token) -> bool:
    """Whether an event noun is counted or timed by the noun it hangs on.

    "three days of fighting", "10 million dollars in assistance", "40 tonnes of aid".
    """
    head = word.head
    if word.dep_ != "pobj" or head.head.pos_ != "NOUN":
        return False
    owner = head.head.lemma_.lower()
    return (head.lower_ == "of" and owner in word_class("measure")) or (
        head.lower_ in ("of", "in") and owner in word_class("amount"))


def _with_conjuncts(tokens: list[Token]) -> list[Token]:
    out: list[Token] = []
    for t in tokens:
        out.append(t)
        out.extend(c for c in t.conjuncts if c.i > t.i and c.pos_ in _NOUNS | {"PRON"})
    return list(dict.fromkeys(out))


def subjects(verb: Token) -> tuple[list[Token], list[Token]]:
    """Return who does what ``verb`` tells, and who undergoes it (a passive's subject).

    A clause without a subject takes its head's ("officials are pushing to *send*", "flew
    to Jakarta and *signed*"); a relative clause's "who" is the noun it describes ("Wang,
    who is *visiting* Russia"); a participle describing a noun has that noun as its doer or,
    when passive, its undergoer ("troops *sent* to Haiti").
    """
    agents: list[Token] = []
    patients: list[Token] = []
    here = verb
    raised = False  # reached through "to": "Kenya and Tanzania are scheduled to hold talks"
    for _ in range(_MAX_HOPS):
        # A bare participle as the main verb is a headline's passive: "Mum jailed for fake
        # passport" (an active past participle needs "has").
        headline_passive = here.tag_ == "VBN" and here.dep_ == "ROOT" and not any(
            c.dep_ in ("aux", "auxpass") for c in here.children)
        for c in here.children:
            if c.dep_ == "nsubj" and headline_passive:
                patients.append(c)
            elif c.dep_ in ("nsubj", "csubj"):
                agents.append(here.head if (c.lower_ in _RELATIVE and here.dep_ == "relcl")
                              else c)
            elif c.dep_ == "nsubjpass":
                # The passive subject of "is expected to", "was asked to" does what follows.
                (agents if raised else patients).append(
                    here.head if (c.lower_ in _RELATIVE and here.dep_ == "relcl") else c)
            elif c.dep_ == "agent" and here.tag_ == "VBN":
                # (an active verb's "by" is a means the parser misread: "toured by helicopter")
                agents.extend(g for g in c.children if g.dep_ == "pobj")
        if agents or patients or here.dep_ not in _SHARES_SUBJECT | {"acl", "relcl"}:
            break
        if here.dep_ in ("acl", "relcl"):
            noun = here.head
            owner = _intent_owner(noun) if here.dep_ == "acl" else None
            if owner is not None:  # "the Pentagon has no plans to deploy": who plans
                here = owner
                continue
            passive = here.tag_ == "VBN" and not _main_verb_misread(here)
            (patients if passive else agents).append(_described(noun))
            break
        if here.head == here:
            break
        # "after crossing the Gap": a gerund under a preposition of time or means shares
        # its verb's subject (not "a plan for sending troops").
        if here.dep_ == "pcomp" and here.head.lower_ not in _SHARING_PREPS:
            break
        raised = here.dep_ == "xcomp" and (raised or here == verb)
        above = here.head.head if here.dep_ == "pcomp" else here.head
        if here.dep_ == "conj" and above.dep_ == "parataxis" and (
                above.lemma_.lower() in word_class("reporting")):
            above = above.head  # "held talks, the ministry said, and is due to travel"
        here = above
    return _with_conjuncts(agents), _with_conjuncts(patients)


def _main_verb_misread(verb: Token) -> bool:
    """Whether a participle "describing" the root noun is the sentence's main verb.

    "A Charleston man admitted in court that …" is parsed as a man who was admitted: a
    sentence of running text needs a finite verb, so a lone participle on a root noun with no
    "by" phrase and a clause or object of its own is the main verb in the past tense.
    """
    noun = verb.head
    return (noun.dep_ == "ROOT" and noun.pos_ in _NOUNS and verb.i > noun.i
            and not any(c.dep_ == "agent" for c in verb.children)
            and any(c.dep_ in ("ccomp", "dobj") for c in verb.children)
            and not any(c.pos_ in _VERBS for c in noun.children if c != verb))


def _intent(noun: Token) -> bool:
    lemma = noun.lemma_.lower()
    return lemma in word_class("plan") or lemma in word_class("propose") or \
        lemma in word_class("deny")


def _intent_owner(noun: Token) -> Token | None:
    """Return the verb whose subject holds an intent noun ("has plans", "announced a bid")."""
    if not _intent(noun):
        return None
    head = noun.head
    if noun.dep_ == "pobj" and head.dep_ == "prep":
        head = head.head
    return head if head.pos_ in _VERBS and head != noun else None


def _described(noun: Token) -> Token:
    """Return who a noun describes in "X is one of the officials (pushing …)", else itself."""
    of = noun.head
    if noun.dep_ == "pobj" and of.lower_ == "of" and of.head.dep_ == "attr":
        subject = [c for c in of.head.head.children if c.dep_ == "nsubj"]
        if subject:
            return subject[0]
    return noun


def objects(verb: Token, word: Token) -> list[Token]:
    """Return the counterparts and targets of the event: objects and partners of the clause."""
    out: list[Token] = []
    # The partners of a light verb's object count too: "signed an agreement with Panama".
    heads = [verb, word, *(c for c in verb.children if c.dep_ == "dobj" and c != word)]
    for head in dict.fromkeys(heads):
        for c in head.children:
            if c == word:
                continue
            if c.dep_ in ("dobj", "dative", "iobj") and head.pos_ in _VERBS:
                out.append(c)
            elif c.dep_ == "prep" and c.lower_ in _PARTNER_PREPS:
                out.extend(g for g in c.children if g.dep_ == "pobj")
    return _with_conjuncts(out)


_CARRY = frozenset({"carry", "transport", "ferry", "bring"})


def carried(vehicle: Token) -> Token | None:
    """Return what a boat, bus or plane is said to carry ("a boat carrying 214 people")."""
    return next((o for a in vehicle.children if a.dep_ == "acl" and a.lemma_.lower() in _CARRY
                 for o in a.children if o.dep_ == "dobj"), None)


def arguments(word: Token, verb: Token) -> Iterator[Token]:
    """Yield the words around an event word that say what kind of event it is.

    Its subject and objects, their own modifiers, and its modifiers (for a noun): "send
    2,000 *troops*", "*migrants* crossed", "an *air* strike", "*opened* fire".
    """
    seen = {word.i}
    doers, undergoers = subjects(verb)
    # A clause beside the verb is no argument of it, but its subject may be the cause:
    # "died when the SWAT team stormed" is no storm; "killed as diseases proliferated".
    beside = [c for c in verb.children if c.dep_ == "advcl"]
    near = [verb, *(c for c in verb.children if c.dep_ != "advcl"), *word.children,
            *doers, *undergoers,
            *(s for c in beside for s in c.children if s.dep_ in ("nsubj", "nsubjpass")),
            # Who a boat or bus carries moves with it: "a boat carrying 214 people reached".
            *(o for d in doers if (o := carried(d)) is not None)]
    # The noun a relative clause leaves out is the verb's object: "the brigade Germany plans
    # to station".
    here = verb
    for _ in range(3):
        if here.dep_ == "relcl":
            near.append(here.head)
            break
        if here.dep_ not in ("xcomp", "conj") or here.head == here:
            break
        here = here.head
    if here.dep_ != "relcl" and not any(c.dep_ == "dobj" for c in verb.children):
        # A relative clause without "that" the parser took for a complement: the noun
        # just before its subject is the object ("the brigade Germany plans to station").
        subject = next((c for c in here.children if c.dep_ == "nsubj"), None)
        if subject is not None and subject.left_edge.i > 0:
            before = verb.doc[subject.left_edge.i - 1]
            if before.pos_ == "NOUN":
                near.append(before)
    if word.dep_ in _NOUN_TO_VERB or word.dep_ == "pobj":
        near.append(verb)
    if word.dep_ == "conj":
        # "defamation and invasion of privacy": the parser may hang the phrase after the
        # last of two nouns on the first.
        near.extend(c for c in word.head.children if c.dep_ == "prep" and c.i > word.i)
    for t in near:
        if t.i in seen:
            continue
        seen.add(t.i)
        yield t
        for c in t.children:
            if c.dep_ in ("compound", "amod", "pobj", "prep", "nmod", "conj", "poss"):
                yield c
                if c.dep_ == "pobj":
                    # "contributing to the relief effort": the kind of the object; "charged
                    # with DUI, spokesman Sid Gaulden said": the parser may hang the object
                    # on a name after it, as a modifier of that name.
                    yield from (m for m in c.children if m.dep_ in ("compound", "nmod"))
                for prep, g in ((t, c), *((c, g) for g in c.children if g.dep_ == "pobj")):
                    if g is not c:
                        yield g
                    if g.dep_ == "pobj" and prep.lower_ == "as":
                        # "opened armories as warming stations": what a thing is used as
                        yield from (m for m in g.children if m.dep_ == "compound")


def _tells_its_head(verb: Token, anchors: set[int]) -> bool:
    """Whether a relative clause tells of the event noun it describes, as its doer.

    "A wildfire that broke out near Limni": where it broke out is where the wildfire is (not
    "the raid, which was condemned in Paris").
    """
    # ("who" stands for people, never an event: "returns of nationals who feel unwelcome in
    # the DRC", whatever noun the parser hangs it on)
    return verb.dep_ == "relcl" and verb.head.i in anchors and any(
        c.dep_ == "nsubj" and c.lower_ in _RELATIVE - {"who", "whom"} for c in verb.children)


def governs(token: Token, anchors: set[int]) -> int | None:
    """Return the index of the nearest anchor (event word or verb) governing ``token``.

    Walks up from the token until an anchor of ``anchors`` or any verb is met; returns that
    anchor's index, or ``None`` when a verb that is no anchor comes first.
    """
    here = token
    came = token
    for _ in range(_MAX_HOPS * 2):
        if here.i in anchors:
            return here.i
        if here.dep_ == "conj" and here.pos_ == "ADP" and (twin := _twin_prep(here)):
            here = twin  # "to evacuate people from Punjab, …, and from Sindh"
            continue
        if here.pos_ in _VERBS and here != token and here.dep_ != "prep" and not (
                here.dep_ == "conj" and here.head.pos_ in _NOUNS) and not (
                here.dep_ == "acl" and here.tag_ == "VBN" and not (
                    came.dep_ == "agent" or came.lower_ == "by")) and not _tells_its_head(
                here, anchors):
            # (a verb used as a preposition, "including", does not end it; nor a noun
            # misread as one in a list of nouns, "rice, lentils and cooking oil to families";
            # nor a participle describing who the event is done to, "to rescue people
            # stranded on rooftops near Buzi", unless through its doer: "a summit dominated
            # by the war in Sudan" is not in Sudan)
            return None
        if here.head == here:
            return None
        if before_its_mark(here):
            # "landed at Arrecife, on Sunday, after their boat was spotted", "got it Friday,
            # the day before the stop ended in gunfire": a phrase before a subordinate
            # clause's "after" or "before" is no part of that clause, whatever the parse.
            came, here = here, here.head.head
            continue
        came, here = here, here.head
    return None


def before_its_mark(token: Token) -> bool:
    """Whether a phrase hangs on a subordinate clause but stands before its marker.

    "landed on Sunday, after their boat was spotted": the phrase is no part of the clause,
    whatever the parse.
    """
    clause = token.head
    return token.dep_ in ("prep", "npadvmod", "tmod") and clause.dep_ == "advcl" and any(
        c.dep_ == "mark" and token.i < c.i for c in clause.children)


def _twin_prep(prep: Token) -> Token | None:
    """Return the preposition a coordinated one repeats, when the parse hangs it on a verb.

    "rushed to evacuate people from parts of Punjab, where …, and from Sindh": the second
    "from" is read as a conjunct of "rushed"; it repeats the "from" of "evacuate".
    """
    verbs = [prep.head, *(c for c in prep.head.children
                          if c.dep_ in ("xcomp", "ccomp", "advcl") and c.i < prep.i)]
    twins = [c for v in verbs for c in v.children
             if c.dep_ == "prep" and c.lower_ == prep.lower_ and c.i < prep.i]
    return max(twins, key=lambda c: c.i) if twins else None


def _ancestors(token: Token) -> dict[int, int]:
    out = {token.i: 0}
    here = token
    for hops in range(1, _MAX_HOPS * 2):
        if here.head == here:
            break
        here = here.head
        out[here.i] = hops
    return out


def nearest(token: Token, anchors: set[int], *, most: int) -> int | None:
    """Return the anchor closest to ``token`` through the tree, at most ``most`` arcs away.

    For a place no event's clause governs: "migrants line up to take a boat after crossing
    the Gap, in Bajo Chiquito" — the place stands on "take", next to the crossing.
    """
    mine = _ancestors(token)
    best: tuple[int, int] | None = None
    for a in sorted(anchors):
        theirs = _ancestors(token.doc[a])
        common = [mine[i] + d for i, d in theirs.items() if i in mine]
        if common and (best is None or min(common) < best[0]):
            best = (min(common), a)
    return best[1] if best is not None and best[0] <= most else None


def _chain(word: Token, verb: Token) -> Iterator[Token]:
    """Yield the event word, its verb and the clauses above, up to a reporting verb."""
    reporting = word_class("reporting")
    yield word
    if verb != word:
        yield verb
    here = verb
    for _ in range(_MAX_HOPS):
        # A relative clause tells its own event: "his wife, who was being detained" is not
        # negated or planned by the clause of the noun it describes.
        if here.head == here or here.dep_ in ("conj", "relcl") or (
                here.dep_ == "advcl" and any(c.dep_ == "mark" or c.lower_ in _WH_WHEN
                                             for c in here.children)) or (
                here.dep_ == "pcomp" and (here.head.lower_ == "by" or (
                    # "as a blizzard buried Kansas", parsed as a preposition's object: a
                    # finite clause with its own subject is an adverbial clause all the same
                    here.tag_ in ("VBD", "VBZ", "VBP")
                    and any(c.dep_ in ("nsubj", "nsubjpass") for c in here.children)))):
            # An adverbial clause of time or cause tells its own event: "she called
            # moments after the gunman stormed in" proposes nothing; nor is a means
            # stopped with what it did: "stopped the gunman by shooting him".
            return
        here = here.head
        if here.lemma_.lower() in reporting:
            if here.lemma_.lower() in word_class("uncertain"):
                yield here  # "claim they had been kidnapped": alleged, not told as fact
            return
        yield here


def _told_as_found(verb: Token) -> bool:
    """Whether a passive "were reported" states what was found ("deaths were reported").

    News reports a toll or damage as found; only "is reported to have …" hedges it.
    """
    return verb.lemma_.lower() == "report" and verb.tag_ == "VBN" and any(
        c.dep_ == "auxpass" for c in verb.children) and not any(
        c.dep_ == "xcomp" for c in verb.children)


def _finite_past(verb: Token) -> bool:
    """Whether a complement is a past tense, told as fact ("… fighting killed 26 people").

    A participle with an object and no auxiliary is one the parser misread: "killed at
    least 26 people" is active, so finite.
    """
    return verb.dep_ in ("ccomp", "xcomp") and (verb.tag_ == "VBD" or (
        verb.tag_ == "VBN" and any(c.dep_ == "dobj" for c in verb.children)
        and not any(c.dep_ in ("aux", "auxpass") for c in verb.children)))


def _for_purpose(verb: Token) -> bool:
    """Whether an event is what a thing or a light verb is for ("a time line for sending")."""
    prep = verb.head
    if verb.dep_ not in ("pcomp", "pobj") or prep.lower_ != "for":
        return False
    owner = prep.head
    return not _intent(owner) and (owner.pos_ in _NOUNS or
                                   owner.lemma_.lower() in word_class("light"))


def _reported(verb: Token) -> bool:
    """Whether a clause is what a reporting verb says ("he said he would visit")."""
    here = verb
    for _ in range(_MAX_HOPS):
        if here.dep_ == "acl" and any(c.dep_ == "mark" and c.lower_ == "that"
                                      for c in here.children):
            return True  # "insisted in a statement that the accord would be signed"
        if here.dep_ not in ("ccomp", "xcomp", "conj") or here.head == here:
            return False
        here = here.head
        if here.lemma_.lower() in word_class("reporting"):
            return True
    return False


# How a noun event hangs on a verb that only mentions it.
_MENTIONED = frozenset({"dobj", "pobj", "compound", "nmod", "poss"})
_DEFINITE = frozenset({"the", "this", "that", "these", "those", "such", "his", "her", "its",
                       "their", "our", "my", "your"})


_WH_WHEN = frozenset({"when", "where", "while", "whenever", "once"})
# Subordinators of a clause that tells no fact: "if", "whether"; with a modal, "before more
# people could be killed", "why he would shoot".
_UNREAL_MARKS = frozenset({"if", "unless", "whether"})
_MODAL_MARKS = frozenset({"before", "why", "how", "until", "lest", "so"})
_MODALS = frozenset({"would", "could", "might", "may", "should"})
# Subordinators after which a verb in the simple present tells a habit or a rule: "because
# Marburg kills more slowly", "when she visits him".
_HABIT_MARKS = frozenset({"because", "when", "whenever"})
_LONG_SPANS = frozenset({"year", "years", "decade", "decades", "century", "centuries"})


def sanctioned_by(word: Token) -> Token | None:
    """Return the word that approves an event still to come, if one does.

    "gave his go-ahead to signing the treaties" (the parser may hang "to" on "gave"),
    "approval for the deployment": the event is planned, and who gives the approval is who
    has it done.
    """
    if word.dep_ not in ("pobj", "pcomp") or word.head.lower_ not in ("to", "for"):
        return None
    owner = word.head.head
    for noun in (owner, *(c for c in owner.children if c.dep_ == "dobj")):
        if _written(noun) in word_class("approval"):
            return owner
    return None


def _written(noun: Token) -> str:
    """Return a noun as written with the words hyphened to it: "go-ahead", not "ahead"."""
    start = noun.i
    while start >= 2 and noun.doc[start - 1].text == "-" and not noun.doc[start - 2].whitespace_ \
            and not noun.doc[start - 1].whitespace_:
        start -= 2
    return noun.doc[start:noun.i + 1].text.lower()


def told_as_unreal(verb: Token) -> bool:
    """Whether a clause tells no happening: a condition, a question, a habit, a tally.

    "if the amendment passes", "whether he would run", "before more people could be
    killed", "feared he would be arrested", "so his organs could be donated", "because
    Marburg kills more slowly" (the simple present under "because" or "when" is a habit,
    not a report).
    """
    marks = {c.lower_ for c in verb.children if c.dep_ in ("mark", "advmod")}
    modal = any(c.dep_ == "aux" and c.lower_ in _MODALS for c in verb.children)
    if marks & _UNREAL_MARKS or (modal and marks & _MODAL_MARKS):
        return True
    if modal and verb.dep_ == "ccomp" and verb.head.lemma_.lower() in word_class("uncertain"):
        return True  # a fear, not a happening: "feared he would be arrested"
    # A tally, not a happening: "the insurgency has killed 40,000 and displaced two million
    # since 2009" (coordinated verbs share the perfect and the "since").
    # (Not "have displaced 3,000 since Monday": a tally runs over years.)
    joined = [verb, *verb.conjuncts]
    if any(c.dep_ == "aux" and c.lower_ in ("has", "have", "'ve")
           for v in joined for c in v.children) and any(
            c.dep_ == "prep" and c.lower_ == "since" and any(
                t.lower_ in _LONG_SPANS or (t.like_num and len(t.text) == 4)
                for t in c.subtree)
            for v in joined for c in v.children):
        return True
    # A headline tells news in the present ("Police fire tear gas when protesters march"):
    # only a sentence of running text has habits.
    bare_present = verb.tag_ in ("VBZ", "VBP") and not any(
        c.dep_ in ("aux", "auxpass") for c in verb.children) and not _headline(verb.doc)
    # "Americans who give so much aid to Israel": a relative clause in the simple present
    # tells what its noun does by habit, not a happening.
    return bare_present and (bool(marks & _HABIT_MARKS) or verb.dep_ == "relcl")


def _headline(doc: Doc) -> bool:
    """Whether a sentence is set as a headline: most of its words capitalised."""
    words = [t for t in doc if t.is_alpha]
    return sum(t.is_title for t in words) * 2 > len(words)


_AROUND = frozenset({"in", "at", "during", "over", "after", "following", "amid"})


def _once(verb: Token) -> bool:
    """Whether a clause is set after a time to come ("once here, he would …")."""
    frames = [t for t in verb.children if t.dep_ in ("advmod", "advcl", "prep")]
    return any(c.lower_ in ("once", "when") and c.dep_ in ("advmod", "mark")
               for t in (verb, *frames) for c in t.children)


def modality(word: Token, verb: Token, *, future: bool) -> Modality:
    """Return whether the clause tells the event as done, planned, proposed, denied or unsure.

    ``future`` says the event's date lies after the article's publication.
    """
    deny = word_class("deny")
    plan, propose, uncertain = word_class("plan"), word_class("propose"), word_class("uncertain")
    found: set[str] = set()
    if _for_purpose(verb):
        # "gave no time line for sending troops", "preparations for the deployment": an
        # event something is for is one in prospect; what is said of the time line is not.
        chain = [word, verb] if verb != word else [word]
        found.add("proposed")
    elif word != verb and word.dep_ == "nsubj" and verb.lemma_.lower() in word_class(
            "ongoing") and not any(c.dep_ == "dobj" for c in verb.children):
        # "the exodus will end", "fighting continued": it is under way (not "an agreement
        # may end the expulsions", which ends something else)
        chain = [word]
    elif word.dep_ == "amod" and word.tag_ == "VBN":
        chain = [word]  # "to meet displaced families": they were displaced
    elif word.dep_ == "pobj" and word.head.lower_ == "of" and (
            word.head.head.lemma_.lower() in word_class("event_part")):
        chain = [word]  # "warned that delays threaten …, at the end of a meeting": it was held
    elif word.dep_ == "pobj" and word.head.lower_ in ("after", "following", "since") and not any(
            a.dep_ == "aux" and a.lower_ in ("will", "shall", "'ll", "would")
            for a in word.head.head.children):
        # What a clause tells as after or since an event presupposes it: "urged sending
        # troops after tribal fighting killed 26", "was jailed following his arrest" (not
        # "after the ceremony on Wednesday, Peres will launch …").
        chain = [word]
    else:
        chain = list(_chain(word, verb))
    # An event told as known (a participle, a definite noun) is not negated with the verb
    # that mentions it: "his name was not listed among the arrested activists", "I have not
    # seen such flooding", "he didn't have to go on this deployment" (but "did not hold
    # talks", "there were no talks": the clause tells whether the event was).
    mentioned = word.dep_ == "amod" or (word.dep_ in _MENTIONED and any(
        (c.dep_ in ("det", "poss", "predet", "amod") and c.lower_ in _DEFINITE)
        or c.dep_ == "poss" for c in word.children)) or (
        # "dismissed all claims over an immigration raid": what a noun is about is not
        # what is denied of it.
        word.dep_ == "pobj" and word.head.head.pos_ in ("NOUN", "PROPN")) or (
        # "conditions for those displaced by the flood are not established"
        word.dep_ == "acl" and word.tag_ == "VBN")
    if verb.dep_ == "conj" and not any(c.dep_ in ("aux", "auxpass") for c in verb.children):
        # "He will travel to Gori and visit the brigade": the visit shares the "will".
        for c in verb.head.children:
            if c.dep_ == "aux" and c.lower_ in plan:
                found.add("planned")
            elif c.dep_ == "aux" and c.lower_ in propose:
                found.add("proposed")
    across = False  # above a "that" clause: "does not mean that the exodus will end"
    for i, x in enumerate(chain):
        lemma = x.lemma_.lower()
        particle = next((c.lower_ for c in x.children if c.dep_ == "prt"), None)
        if i and particle and f"{lemma} {particle}" in deny:
            found.add("denied")  # "ruled out sending", "called off the talks"
        if i and (lemma in deny or lemma in word_class("denial")) and not (
                # "denied an agreement was reached at Monday's talks": the talks were held.
                i >= 2 and mentioned and word.dep_ == "pobj") and not (
                # "Claims dismissed in immigration raid", "denied any politics behind the
                # arrest": what is denied is the claims, the motive; the raid, the arrest
                # is where they arose.
                word.dep_ == "pobj" and word.head.head == x and (
                    word.head.lower_ in _AROUND or any(
                        c.dep_ in ("det", "poss") and c.lower_ in _DEFINITE
                        for c in word.children))):
            found.add("denied")
        for c in x.children:
            low = c.lower_
            if c.dep_ == "neg" or (c.dep_ == "det" and low == "no") or \
                    (c.dep_ in ("advmod", "preconj") and low in ("never", "neither")):
                if across:
                    found.add("uncertain")  # "does not mean we have found a new case"
                elif not (i and mentioned):
                    found.add("denied")
            elif c.dep_ in ("aux", "auxpass") and across:
                continue  # "he will examine how Mixon was monitored after his release"
            elif c.dep_ in ("aux", "auxpass") and low in plan:
                found.add("planned")
            elif c.dep_ == "aux" and low == "would" and (_reported(x) or _once(x)):
                # "he said he would visit Libya", "once here, he would go to trial": the
                # future then, not a supposition
                found.add("planned")
            elif c.dep_ == "aux" and low in propose:
                # "may have been killed": a possibility about the past is uncertain.
                perfect = any(a.lower_ == "have" for a in x.children if a.dep_ == "aux")
                found.add("uncertain" if perfect else "proposed")
            elif c.dep_ == "acomp" and c.lemma_.lower() in word_class("denial"):
                found.add("denied")  # "a summit is unlikely to take place"
            elif c.dep_ in ("advmod", "amod") and low in uncertain:
                found.add("uncertain")
            elif c.dep_ == "amod" and low in plan:
                found.add("planned")
        if i and lemma in plan:
            found.add("planned")
        elif lemma in propose and (i or x.pos_ == "VERB") and not (
                # "called a cabinet meeting" convenes it; "called for talks" proposes them.
                i == 1 and word.dep_ == "dobj" and word.head == x
                and lemma in word_class("light")) and not (
                # A finite past clause under "urged" is told as fact, whatever the parse:
                # what is urged is an infinitive, a gerund or a subjunctive.
                any(_finite_past(y) for y in chain[:i])):
            found.add("proposed")  # also a trigger that itself urges: "pushing for troops"
        elif i and lemma in uncertain and not (
                x.pos_ == "NOUN" and lemma in word_class("uncertain_person")) and (
                x.tag_ == "VBN" or x.pos_ == "NOUN" or lemma not in word_class("reporting")
        ) and not _told_as_found(x):
            found.add("uncertain")  # "is believed to", "were reported", "reports of"
        if x.dep_ == "pobj" and x.head.lower_ == "without":
            found.add("denied")
        if x.dep_ in ("pcomp", "pobj") and x.head.lower_ == "of" and "instead" in (
                x.head.head.lower_, *(c.lower_ for c in x.head.children)):
            found.add("denied")  # "instead of sending the money, alerted the police"
        across = across or x.dep_ == "ccomp"
    if sanctioned_by(word) is not None:
        found.add("planned")  # "gave his go-ahead to signing the treaties"
    if verb.dep_ == "ROOT" and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        found.add("planned")  # a headline's "to": "LST-325 to travel to Jeffersonville"
    if any(x.lemma_.lower() == "have" and any(c.lower_ == "yet" for c in x.children)
           for x in chain):
        found.add("planned")  # "the treaty has yet to be signed"
    clause = verb.head if verb.dep_ == "conj" else verb  # "to deliver aid and meet NGOs"
    purpose = clause.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to"
                                             for c in clause.children)
    if purpose and clause.head.tag_ not in ("VBD", "VBN") and (
            clause.head.lemma_.lower() in word_class("motion")):
        # "women going to Gaza to deliver aid": what they go to do is ahead (not "paying
        # visits to protest", which they do as they visit).
        found.add("planned")
    if any(c.dep_ in ("det", "preconj") and c.lower_ in ("no", "neither")
           for s in verb.children if s.dep_ in ("nsubj", "nsubjpass") for c in s.children):
        found.add("denied")  # "neither the EU nor France paid money", "no troops were sent"
    order: tuple[Modality, ...] = ("denied", "uncertain", "planned", "proposed")
    for result in order:
        if result in found:
            return result
    return "planned" if future else "occurred"
