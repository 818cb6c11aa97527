"""Parts of speech, morphology and lemmas from the tagger's tags, by table lookups.

spaCy's English pipeline turns fine tags into parts of speech with an attribute ruler (a
token matcher over 179 one-token rules) and then lemmatises each token by rule. Both are
pure functions of a token's text, tag and (for one rule) dependency label, and together they
cost as much as the parser. Here the ruler's rules are read from the loaded model once and
applied per distinct (word, tag, label) by dictionary lookup, and each lemma is computed by
the model's own lemmatiser once per word, part of speech and morphology, then kept.

The ruler's eight two-token rules are colloquial spellings ("gonna", "y'all") but one,
"there is" → VERB, which is applied; news prose does not use the others.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

__all__ = ["TagAttributes", "undoubled"]

_KNOWN = frozenset({"TAG", "LOWER", "DEP"})
_BE = frozenset({"is", "are", "was", "were", "'s", "'re"})
_MAX_KEPT = 1_000_000  # answers kept; about 200 MB at most


_Cond = tuple[frozenset[str], bool] | None  # values, and whether the rule wants them absent


def _values(spec: Any) -> _Cond:
    if spec is None:
        return None
    if isinstance(spec, str):
        return frozenset({spec}), False
    if isinstance(spec, dict) and len(spec) == 1 and set(spec) <= {"IN", "NOT_IN"}:
        ((how, values),) = spec.items()
        return frozenset(values), how == "NOT_IN"
    raise ValueError(spec)


def _holds(cond: _Cond, value: str) -> bool:
    return cond is None or (value in cond[0]) != cond[1]


class _RuleLemmas:
    """The English lemmatiser's rule mode, with its word index as a set.

    spaCy keeps each part of speech's index of known lemmas as a list and scans it for every
    candidate form (57,528 nouns): the same algorithm over the same tables, with sets, gives
    the same lemma many times faster (the tests compare every token with the model's own).
    """

    def __init__(self, lemmatizer: Any) -> None:
        from spacy.parts_of_speech import IDS

        lookups = lemmatizer.lookups
        index, exc, rules = (lookups.get_table(t, {})
                             for t in ("lemma_index", "lemma_exc", "lemma_rules"))
        names = [p.lower() for p in IDS if p]
        self._index = {p: frozenset(index.get(p) or ()) for p in names}
        self._exc = {p: dict(exc.get(p) or {}) for p in names}
        self._rules = {p: [(old, new) for old, new in rules.get(p) or ()] for p in names}
        self._base = lemmatizer.is_base_form

    def __call__(self, token: Any) -> str:
        string: str = token.text
        univ_pos = token.pos_.lower()
        if univ_pos in ("", "eol", "space") or self._base(token):
            return string.lower()
        index = self._index.get(univ_pos, frozenset())
        exceptions = self._exc.get(univ_pos, {})
        rules = self._rules.get(univ_pos, [])
        if not (index or exceptions or rules):
            return string if univ_pos == "propn" else string.lower()
        lower = string.lower()
        forms: list[str] = []
        oov: list[str] = []
        for old, new in rules:
            if lower.endswith(old):
                form = lower[: len(lower) - len(old)] + new
                if not form:
                    continue
                if form in index:
                    forms.insert(0, form)
                elif not form.isalpha():
                    forms.append(form)
                else:
                    oov.append(form)
        forms = list(dict.fromkeys(forms))
        if len(forms) > 1 and undoubled(lower, forms[0]) and forms[0] + "e" in forms:
            # "hoped", "staged", "rated": a short verb ending consonant-vowel-consonant doubles
            # it before -ed and -ing (hop, hopped), so the form is of "hope", not "hop".
            forms.remove(forms[0] + "e")
            forms.insert(0, forms[0] + "e")
        for form in exceptions.get(lower, []):
            if form not in forms:
                forms.insert(0, form)
        return (forms or oov or [string])[0]


_VOWELS = frozenset("aeiou")


def undoubled(word: str, stem: str) -> bool:
    """Whether ``word`` is ``stem`` + -ed/-ing with a final consonant English would double.

    A one-syllable stem ending in one vowel and one consonant (not w, x or y) doubles it:
    "hop" gives "hopped", so "hoped" is no form of "hop".
    """
    if word not in (stem + "ed", stem + "ing") or len(stem) < 3:
        return False
    a, b, c = stem[-3], stem[-2], stem[-1]
    vowels = sum(ch in _VOWELS for ch in stem)
    return (vowels == 1 and a not in _VOWELS and b in _VOWELS and c not in _VOWELS
            and c not in "wxy")


class TagAttributes:
    """Set ``pos``, ``morph`` and ``lemma`` on parsed docs as the model's ruler would.

    Parameters
    ----------
    nlp
        The loaded pipeline, holding (disabled) ``attribute_ruler`` and ``lemmatizer``.
    """

    def __init__(self, nlp: Language) -> None:
        ruler: Any = nlp.get_pipe("attribute_ruler")  # spaCy types pipes as callables
        self._lemmatizer: Any = nlp.get_pipe("lemmatizer")
        self._strings = nlp.vocab.strings
        self._rules: list[tuple[_Cond, _Cond, _Cond, dict[str, str]]] = []
        for rule in ruler.patterns:
            for pattern in rule["patterns"]:
                if len(pattern) != 1 or not set(pattern[0]) <= _KNOWN:
                    continue  # the two-token colloquial rules; see the module's note
                spec = pattern[0]
                try:
                    tags, lowers = _values(spec.get("TAG")), _values(spec.get("LOWER"))
                    deps = _values(spec.get("DEP"))
                except ValueError:
                    continue
                self._rules.append((tags, lowers, deps, dict(rule["attrs"])))
        # (word, tag, label) → (pos id or None, morph hash or None, lemma hash or None)
        self._attrs: dict[tuple[int, int, int], tuple[int | None, int | None, int | None]] = {}
        self._lemmas: dict[tuple[int, int, int], int] = {}
        self._by_tag: dict[str, list[tuple[_Cond, _Cond, _Cond, dict[str, str]]]] = {}
        self._be = frozenset(self._strings.add(w) for w in _BE)
        self._rule_lemma = _RuleLemmas(self._lemmatizer)

    def _lookup(self, orth: int, tag: str, lower: str, dep: str
                ) -> tuple[int | None, int | None, int | None]:
        pos = morph = lemma = None
        rules = self._by_tag.get(tag)
        if rules is None:  # the rules a tag can meet, in order: a few of the 179
            rules = self._by_tag[tag] = [r for r in self._rules if _holds(r[0], tag)]
        for _, lowers, deps, attrs in rules:  # later rules win, as in the ruler
            if _holds(lowers, lower) and _holds(deps, dep):
                if "POS" in attrs:
                    pos = attrs["POS"]
                if "MORPH" in attrs:
                    morph = attrs["MORPH"]
                if "LEMMA" in attrs:
                    lemma = attrs["LEMMA"]
        from spacy.parts_of_speech import IDS

        return (IDS[pos] if pos is not None else None,
                self._strings.add(morph) if morph is not None else None,
                self._strings.add(lemma) if lemma is not None else None)

    def __call__(self, doc: Doc) -> Doc:
        """Annotate ``doc`` in place and return it."""
        if len(self._attrs) + len(self._lemmas) > _MAX_KEPT:
            self._attrs.clear()  # a corpus of made-up words must not grow them for ever
            self._lemmas.clear()
        attrs, lemmas, rule_lemma = self._attrs, self._lemmas, self._rule_lemma
        verb = None
        for token in doc:
            key = (token.orth, token.tag, token.dep)
            found = attrs.get(key)
            if found is None:
                found = attrs[key] = self._lookup(token.orth, token.tag_, token.lower_,
                                                  token.dep_)
            pos, morph, lemma = found
            if pos is not None:
                token.pos = pos
            if morph is not None:
                token.set_morph(morph)  # type: ignore[attr-defined]  # (not in spaCy's stubs)
            if token.i and token.lower in self._be and doc[token.i - 1].dep_ == "expl":
                if verb is None:
                    from spacy.parts_of_speech import IDS

                    verb = IDS["VERB"]
                token.pos = verb  # "there is"
            if lemma is None:
                lkey = (token.orth, token.pos, token.morph.key)  # type: ignore[attr-defined]
                lemma = lemmas.get(lkey)
                if lemma is None:
                    lemma = lemmas[lkey] = self._strings.add(rule_lemma(token))
            token.lemma = lemma
        return doc
