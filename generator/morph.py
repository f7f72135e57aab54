"""pymorphy3 adapter: lemmas chosen to agree with the tagger's POS and
features, inflection for display forms, and the ё/е fold used for matching.

The analyzer is heavy (≈ 0.3 s, 15 MB): built once per process.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache, lru_cache

import pymorphy3
from pymorphy3.units import DictionaryAnalyzer, KnownPrefixAnalyzer, KnownSuffixAnalyzer, UnknownPrefixAnalyzer

from . import wordlists

# OpenCorpora tag -> Universal POS (after kmike/russian-tagsets)
_OC_TO_UD_POS = {
    "ADJF": "ADJ",
    "ADJS": "ADJ",
    "ADVB": "ADV",
    "COMP": "ADV",
    "VERB": "VERB",
    "GRND": "VERB",
    "INFN": "VERB",
    "PRTF": "VERB",
    "PRTS": "VERB",
    "NOUN": "NOUN",
    "NPRO": "PRON",
    "NUMR": "NUM",
    "NUMB": "NUM",
    "Apro": "DET",
    "CONJ": "CCONJ",
    "INTJ": "INTJ",
    "PRCL": "PART",
    "PREP": "ADP",
}
_SAME_POS = {"PROPN": "NOUN", "AUX": "VERB", "SCONJ": "CCONJ", "DET": "ADJ"}
_OC_TO_UD_FEATS = {
    "nomn": ("Case", "Nom"),
    "gent": ("Case", "Gen"),
    "gen1": ("Case", "Gen"),
    "gen2": ("Case", "Gen"),
    "datv": ("Case", "Dat"),
    "accs": ("Case", "Acc"),
    "ablt": ("Case", "Ins"),
    "loct": ("Case", "Loc"),
    "loc2": ("Case", "Loc"),
    "voct": ("Case", "Nom"),
    "masc": ("Gender", "Masc"),
    "femn": ("Gender", "Fem"),
    "neut": ("Gender", "Neut"),
    "sing": ("Number", "Sing"),
    "plur": ("Number", "Plur"),
    "perf": ("Aspect", "Perf"),
    "impf": ("Aspect", "Imp"),
    "past": ("Tense", "Past"),
    "pres": ("Tense", "Pres"),
    "futr": ("Tense", "Fut"),
}
UD_CASE_TO_OC = {"Nom": "nomn", "Gen": "gent", "Dat": "datv", "Acc": "accs", "Ins": "ablt", "Loc": "loct"}
UD_GENDER_TO_OC = {"Masc": "masc", "Fem": "femn", "Neut": "neut"}


def has_letter(text: str) -> bool:
    """Any letter in it. str.isalpha() answers for most words at C speed."""
    return text.isalpha() or any(ch.isalpha() for ch in text)


def fold(text: str) -> str:
    """Lowercase and ё -> е: the form two words are compared in."""
    return text.lower().replace("ё", "е")


def fold_each(words: Sequence[str]) -> list[str]:
    """[fold(w) for w in words], folded in one call: a NUL between two words
    is neither a letter nor ignored by casing rules, so no word's lowercase
    (Greek final sigma included) depends on its neighbours. A seed's words
    hold no NUL (decoding drops control characters); words that do are
    folded one by one."""
    joined = "\0".join(words)
    if joined.count("\0") != len(words) - 1:
        return [fold(word) for word in words]
    return fold(joined).split("\0")


@cache
def analyzer() -> pymorphy3.MorphAnalyzer:
    return pymorphy3.MorphAnalyzer()


@lru_cache(maxsize=200_000)
def parses(word: str) -> tuple:
    return tuple(analyzer().parse(word))


# pymorphy3 tags of a proper name: a first name, surname, patronymic, place, organisation, trademark
NAME_TAGS = frozenset({"Name", "Surn", "Patr", "Geox", "Orgn", "Trad"})


def dictionary_parses(word: str) -> list:
    """The readings pymorphy3 has in its dictionary (not guessed from the ending)."""
    return [p for p in parses(word.lower()) if type(p.methods_stack[0][0]).__name__ == "DictionaryAnalyzer"]


def _ud(parse) -> tuple[str, dict[str, str]]:
    tag = parse.tag
    pos = _OC_TO_UD_POS.get(tag.POS or "", "X")
    feats = dict(_OC_TO_UD_FEATS[g] for g in tag.grammemes if g in _OC_TO_UD_FEATS)
    return pos, feats


def best_parse(word: str, pos: str | None = None, feats: tuple[tuple[str, str], ...] = ()):
    """The pymorphy3 parse that best agrees with the tagger's POS and features."""
    return _best_parse(word.lower(), pos, feats)


# The same (word, POS, features) triples recur across sentences and stages
# (lemmas, phrase keys, inflection): the walk over the parses is done once each.
@lru_cache(maxsize=200_000)
def _best_parse(word: str, pos: str | None, feats: tuple[tuple[str, str], ...]):
    options = parses(word)
    if not options:
        return None
    if pos is None:
        return options[0]
    want_pos = _SAME_POS.get(pos, pos)
    want = dict(feats)
    best, best_score = options[0], -1.0
    for rank, parse in enumerate(options):
        p_pos, p_feats = _ud(parse)
        score = 2.0 * (_SAME_POS.get(p_pos, p_pos) == want_pos)
        score += sum(p_feats.get(k) == v for k, v in want.items() if k in p_feats)
        score -= rank * 0.01  # ties go to pymorphy's own (frequency) order
        if score > best_score:
            best, best_score = parse, score
    return best


@cache
def indeclinable() -> frozenset[str]:
    """generator/data/indeclinable_ru.txt: words pymorphy3 would wrongly inflect."""
    return frozenset(wordlists.lines("indeclinable_ru.txt"))


@cache
def common_nouns() -> frozenset[str]:
    """generator/data/common_nouns_ru.txt: common nouns pymorphy3 knows only as names («аким»)."""
    return frozenset(wordlists.lines("common_nouns_ru.txt"))


def lemmatize(word: str, pos: str | None = None, feats: tuple[tuple[str, str], ...] = ()) -> str:
    """Lowercase lemma (ё kept as the dictionary spells it). Non-words return lowercased."""
    if not has_letter(word) or word.lower() in indeclinable() or _capitals_inside(word):
        return word.lower()
    if "-" in word and pos not in ("PROPN",):
        # «торгово-логистического»: only the last part inflects
        head, _, tail = word.rpartition("-")
        if tail and has_letter(tail):
            return f"{head.lower()}-{lemmatize(tail, pos, feats)}"
    if pos == "PROPN" and dict(feats).get("Case") == "Nom":
        return word.lower()  # «Токаев» is no form of «токай»: trust the nominative
    parse = best_parse(word, pos, feats)
    return parse.normal_form if parse is not None else word.lower()


def _capitals_inside(word: str) -> bool:
    """«ТюркПА», «ЕврАзЭС»: a word that ends in a capital after capitals inside
    it is an abbreviation, which does not inflect (pymorphy3 read «ТюркПА» as
    the genitive of «тюркп»)."""
    return len(word) > 2 and word[-1].isupper() and any(ch.isupper() for ch in word[1:-1]) and not word.isupper()


def inflected_word(parse, grammemes: set[str] | frozenset[str]) -> str | None:
    """``parse.inflect(grammemes).word``, or None when there is no such form.
    pymorphy3 builds a word's whole lexeme (tens of parse records) to inflect
    it; for a word read from a paradigm this takes the same form by the same
    rule, worked out once per (paradigm, form, grammemes), and builds only
    that form. Other parses (hyphenated words, unknown ones) go to pymorphy3.
    It reads pymorphy3's parse records (methods_stack) and dictionary as
    pymorphy3 2.x lays them out; tests/test_morph.py compares the two."""
    unit = parse.methods_stack[0][0]
    prefixes = _guessed_prefixes(parse.methods_stack) if type(unit) in _PARADIGM_UNITS else None
    if prefixes is None:
        form = parse.inflect(set(grammemes))
        return form.word if form is not None else None
    _, _, para_id, index = parse.methods_stack[0]
    affixes = _inflected_affixes(unit.dict, para_id, index, frozenset(grammemes))
    if affixes is None:
        return None
    prefix, suffix = affixes
    stem = unit.dict.build_stem(unit.dict.paradigms[para_id], index, parse.word[len(prefixes) :])
    return prefixes + prefix + stem + suffix


# A parse read from a paradigm: a dictionary word, or a word guessed by its
# ending (its lexeme is the paradigm's). Prefix guesses («псевдо» + a dictionary
# word) inflect the rest and keep the prefix.
_PARADIGM_UNITS = (DictionaryAnalyzer, KnownSuffixAnalyzer.FakeDictionary)
_PREFIX_UNITS = (KnownPrefixAnalyzer, UnknownPrefixAnalyzer)


def _guessed_prefixes(stack: tuple) -> str | None:
    """The prefixes the guessing steps after the paradigm put before the word
    (the last step's first), or None when a step is no prefix or ending guess."""
    prefixes = ""
    for method in stack[1:]:
        if type(method[0]) in _PREFIX_UNITS:
            prefixes = method[1] + prefixes
        elif type(method[0]) is not KnownSuffixAnalyzer:
            return None
    return prefixes


@lru_cache(maxsize=100_000)
def _inflected_affixes(dictionary, para_id: int, index: int, required: frozenset[str]) -> tuple[str, str] | None:
    """The prefix and suffix of the form pymorphy3's ``_inflect`` picks: among the
    paradigm's forms with every required grammeme (rare cases such as loc2 made
    common if none has them), the first most like this form with them added."""
    forms = dictionary.build_paradigm_info(para_id)  # (prefix, tag, suffix), in the paradigm's order
    tag = forms[index][1]
    found = [form for form in forms if required <= form[1].grammemes]
    if not found:
        required = tag.fix_rare_cases(required)
        found = [form for form in forms if required <= form[1].grammemes]
    if not found:
        return None
    wanted = tag.updated_grammemes(required)
    prefix, _, suffix = max(
        found, key=lambda form: len(wanted & form[1].grammemes) - 0.1 * len(wanted ^ form[1].grammemes)
    )
    return prefix, suffix


def match_case(source: str, target: str) -> str:
    """Give target the letter case of source (Title, UPPER or lower)."""
    if source.isupper() and len(source) > 1:
        return target.upper()
    if source[:1].isupper():
        return target[:1].upper() + target[1:]
    return target
