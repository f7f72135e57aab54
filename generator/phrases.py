"""Noun phrases over tagged tokens, their merge keys, and their display form
in the nominative.

A phrase is ADJ* NOUN (ADJ* NOUN-in-genitive)*, inside one sentence, never
across punctuation and never half of a person's name. Its key is the folded
lemmas (ё = е), so «товарооборот», «товарооборота», «товарооборотом» are one
phrase. Its display form puts the head noun and the adjectives that agree with
it in the nominative and leaves the genitive tail as written:
«Организации тюркских государств» -> «Организация тюркских государств».
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import NamedTuple

from .morph import (
    NAME_TAGS,
    UD_CASE_TO_OC,
    UD_GENDER_TO_OC,
    analyzer,
    best_parse,
    common_nouns,
    dictionary_parses,
    fold,
    has_letter,
    indeclinable,
    inflected_word,
    lemmatize,
    match_case,
    parses,
)
from .records import Token

NOUNS = ("NOUN", "PROPN")
MODIFIERS = ("ADJ",)
_NAME_TAGS = ("Name", "Surn", "Patr")


@lru_cache(maxsize=100_000)  # asked of the same words again and again by the phrase rules
def is_acronym(word: str) -> bool:
    if word.islower():
        return False  # most words: no letter in it is a capital (see tests/test_phrases.py)
    letters = [ch for ch in word if ch.isalpha()]
    return len(letters) >= 2 and all(ch.isupper() for ch in letters)


_INFLECTED_ACRONYM = re.compile(r"^([А-ЯЁ]{2,})(а|у|ом|е|ой|ы)$")


def strip_case_ending(word: str) -> str:
    """«ЮКОСа» -> «ЮКОС», «МКАДе» -> «МКАД»: an acronym keeps no case ending."""
    match = _INFLECTED_ACRONYM.match(word)
    return match.group(1) if match else word


def shouted_word(word: str) -> bool:
    """«ВОЙСКА», «ПОЛИЦИИ»: a common dictionary word in capitals (no abbreviation,
    no name, nothing indeclinable: «ИМЭМО» reads as an indeclinable noun).
    «РФ–НАТО» is two acronyms."""
    if len(word) < 4 or not word.isupper() or not word.isalpha():
        return False
    found = dictionary_parses(word)
    return bool(found) and not any(NAME_TAGS & p.tag.grammemes or "Abbr" in p.tag or "Fixd" in p.tag for p in found)


def name_in_capitals(word: str) -> bool:
    """«КАЗАХСТАН»: a name the dictionary knows, written in capitals; no acronym."""
    found = dictionary_parses(word) if len(word) >= 4 and word.isupper() and word.isalpha() else []
    return any(NAME_TAGS & p.tag.grammemes and "Abbr" not in p.tag for p in found)


def running_case(text: str) -> str:
    """Each word in capitals as running text writes it: «ГЛАВНОГО» -> «главного»,
    «РОССИИ» -> «России»; an acronym stays («МВД»)."""
    return " ".join(_word_case(w) for w in text.split())


def _word_case(word: str) -> str:
    if shouted_word(word):
        return word.lower()
    return word[:1] + word[1:].lower() if name_in_capitals(word) else word


_ROMAN = frozenset("IVXLCDM")


class WordRules(NamedTuple):
    """What the rules below make of a word as tagged: the same for every token
    of one records.WordType, so worked out once for it (word_rules)."""

    pos: str  # word_pos
    word: bool  # is_word
    roles: tuple[bool, bool, bool]  # in a noun phrase: (modifier, noun, genitive)


def word_rules(token: Token) -> WordRules:
    """The rules' answers about the token's word: kept on its WordType."""
    kind = token.kind
    if kind is None:  # a token not made by the analysis: no type to keep the answers in
        return _rules_of(token.text, token.pos, token.feats, token.lemma)
    if kind.rules is None:
        kind.rules = _rules_of(kind.text, kind.pos, kind.feats, kind.lemma)
    return kind.rules


@lru_cache(maxsize=200_000)
def _rules_of(text: str, pos: str, feats: tuple[tuple[str, str], ...], lemma: str) -> WordRules:
    rule_pos = _pos_of(text, pos, feats)
    word = _is_word_text(text)
    # (modifier, noun, genitive) in a noun phrase. A short adjective is a predicate
    # («родители довольны школой»), never part of a noun phrase.
    wordlike = word and text[:1].isalpha()
    tags = dict(feats)
    modifier = wordlike and rule_pos in MODIFIERS and tags.get("Variant") != "Short"
    roles = (modifier, wordlike and rule_pos in NOUNS, tags.get("Case") == "Gen")
    return WordRules(rule_pos, word, roles)


def is_word(token: Token) -> bool:
    """Has letters and is no Roman numeral («XII саммит»)."""
    known = token.kind and token.kind.rules  # inline, as in word_pos
    return (known or word_rules(token)).word


@lru_cache(maxsize=100_000)
def _is_word_text(text: str) -> bool:
    return has_letter(text) and not set(text) <= _ROMAN


_PROPER_TAGS = ("Name", "Surn", "Patr", "Geox", "Orgn", "Trad", "Abbr")
_NOUN_ONLY_FIXES = ("VERB", "ADJ", "ADV", "X")
_OBLIQUE_NAME_ENDINGS = ("ом", "ем", "ым", "им", "ой", "ей", "ою", "ую", "ого", "ому", "ыми", "ами")


def word_pos(token: Token) -> str:
    """The tagger's POS, corrected where the dictionary leaves no doubt: a word
    pymorphy3 knows only as a noun is a noun («товарооборотом» tagged VERB), and
    a capitalised word it knows only as a common noun is no name («Объёмы» at a
    sentence start)."""
    known = token.kind and token.kind.rules  # inline: asked a few million times in a build
    return (known or word_rules(token)).pos


def _pos_of(text: str, pos: str, feats: tuple[tuple[str, str], ...]) -> str:
    if pos not in _NOUN_ONLY_FIXES and pos not in NOUNS:
        return pos
    return _corrected_pos(text, pos, feats)


# The answer depends only on (word, POS, features), and the same few thousand
# triples recur; the dictionary walk behind it is the costly part of keywords.
@lru_cache(maxsize=200_000)
def _corrected_pos(text: str, pos: str, feats: tuple[tuple[str, str], ...]) -> str:
    if not has_letter(text) or set(text) <= _ROMAN or is_acronym(text):
        return pos
    if "-" in text and pos == "PROPN":
        return pos
    word = text.lower()
    options = parses(word)
    if pos == "PROPN" and any(p.normal_form in common_nouns() for p in options[:1]):
        return "NOUN"  # «Аким области»: pymorphy3 knows «аким» only as a given name
    if not options or not _known(word):
        return pos
    if pos == "PROPN":
        proper = any(any(t in p.tag for t in _PROPER_TAGS) for p in options)
        if not proper and all(p.tag.POS in ("ADJF", "ADJS") for p in options):
            return "ADJ"  # «Кыргызской Республики»: the adjective of a name, not a name of its own
        return pos if proper or not any(_agrees(p, feats) for p in options) else "NOUN"
    if pos == "NOUN":
        # «транспортными» tagged NOUN is an adjective for the dictionary
        return "ADJ" if all(p.tag.POS in ("ADJF", "ADJS") for p in options) else pos
    return "NOUN" if all(p.tag.POS == "NOUN" for p in options) else pos


def _known(word: str) -> bool:
    return analyzer().word_is_known(word) or ("-" in word and all(analyzer().word_is_known(w) for w in word.split("-")))


def _agrees(parse, feats: tuple[tuple[str, str], ...]) -> bool:
    """A common-noun reading in the tagger's case and number («Токаев» is no
    genitive plural of «токай» when the tagger reads a nominative singular)."""
    if parse.tag.POS != "NOUN":
        return False
    found = dict(feats)
    case = UD_CASE_TO_OC.get(found.get("Case") or "")
    number = {"Sing": "sing", "Plur": "plur"}.get(found.get("Number") or "")
    return (case is None or case in parse.tag) and (number is None or number in parse.tag)


def word_key(token: Token) -> str:
    """The folded lemma a word merges on. A person's name merges on its
    nominative in its own gender («Токаева» -> «токаев», «Лавриной» -> «лаврина»),
    also where the tagger took an oblique form for a nominative («Кубанычбеком»)."""
    kind = token.kind
    if kind is None:
        return _word_key(token.text, token.pos, token.feats, token.lemma)
    if kind.key is None:  # kept apart from word_rules: only some words are ever asked for a key
        kind.key = _word_key(kind.text, kind.pos, kind.feats, kind.lemma)
    return kind.key


@lru_cache(maxsize=200_000)
def _word_key(text: str, tagged_pos: str, feats: tuple[tuple[str, str], ...], lemma: str) -> str:
    token = Token(text, 0, 0, lemma, tagged_pos, feats)  # the key depends on these four only
    pos = _pos_of(text, tagged_pos, feats)
    if pos != token.pos:
        parse = best_parse(token.text, pos, token.feats)  # «государствами-участниками»: pymorphy knows the whole word
        return fold(parse.normal_form if parse is not None else lemmatize(token.text, pos, token.feats))
    if pos == "PROPN" and not is_acronym(token.text) and _is_person_word(token) and not _written_nominative(token):
        return fold(_to_nominative(token, None, None))
    return fold(token.lemma)


def _written_nominative(token: Token) -> bool:
    """The tagger reads a nominative and the word can be one: «Бектенов» stays,
    «Кубанычбеком» (an instrumental by its ending) does not."""
    if token.feat("Case") != "Nom":
        return False
    word = token.text.lower()
    return any("nomn" in p.tag for p in parses(word)) or not word.endswith(_OBLIQUE_NAME_ENDINGS)


def _is_person_word(token: Token) -> bool:
    last = token.text.rpartition("-")[2].lower()
    return any(any(t in p.tag for t in _NAME_TAGS) for p in parses(last))


def term_key(term: str) -> str:
    """The key of a phrase written by hand (a topic's term, an editor's keyword):
    «Средний коридор» -> «средний коридор», «ТМТМ» -> «тмтм»."""
    return " ".join(fold(lemmatize(word)) for word in re.findall(r"[\w-]+", term))


# Amounts of money in a topic's lexicon («миллиард долларов») decide a topic but
# never name it: they are not keywords that define the topic.
_AMOUNT_WORDS = frozenset({"тысяча", "миллион", "миллиард", "триллион", "тыс", "млн", "млрд", "трлн"})


def defining_keys(terms: Sequence[str]) -> frozenset[str]:
    """Keys of a topic's lexicon terms that may lead its keywords (amounts excluded)."""
    keys = (term_key(term) for term in terms)
    return frozenset(key for key in keys if key and not _AMOUNT_WORDS.intersection(key.split()))


def phrase_key(tokens: Sequence[Token]) -> str:
    """The merge key of a phrase: its words' folded lemmas."""
    return " ".join(word_key(t) for t in tokens)


@dataclass(frozen=True)
class NameSpan:
    """A named-entity span in token indices of one sentence: [start, end)."""

    start: int
    end: int
    type: str


def _span_of(index: int, names: Sequence[NameSpan]) -> NameSpan | None:
    return next((n for n in names if n.start <= index < n.end), None)


@dataclass(frozen=True)
class _Roles:
    """Each token's part in a noun phrase, decided once per sentence: the
    phrase rules below ask about the same tokens again and again."""

    modifier: tuple[bool, ...]
    noun: tuple[bool, ...]
    genitive: tuple[bool, ...]

    @classmethod
    def of(cls, tokens: Sequence[Token]) -> _Roles:
        modifier, noun, genitive = zip(*(word_rules(t).roles for t in tokens), strict=True) if tokens else ((), (), ())
        return cls(modifier, noun, genitive)


def _joins_tail(roles: _Roles, end: int, names: Sequence[NameSpan]) -> bool:
    """Does the noun group starting at ``end`` continue the phrase before it?
    Yes for a genitive («рост товарооборота») and for the rest of one name
    («Республики Казахстан»); never into a person's name («президента Турции | Реджепа»)."""
    here = _span_of(end - 1, names)
    there = _span_of(end, names)
    if there is not None and here is there:
        return True
    if there is not None and there.type == "PER" and there.start == end:
        return False
    k, n = end, len(roles.noun)
    while k < n and roles.modifier[k]:
        k += 1
    return k < n and roles.noun[k] and roles.genitive[k]


def _chunks(roles: _Roles, names: Sequence[NameSpan]) -> list[tuple[int, int]]:
    """Maximal ADJ* NOUN (ADJ* NOUN-Gen)* runs (no length limit)."""
    found: list[tuple[int, int]] = []
    modifier, noun = roles.modifier, roles.noun
    i, n = 0, len(noun)
    while i < n:
        j = i
        while j < n and modifier[j]:
            j += 1
        if j >= n or not noun[j]:
            i = max(j, i + 1)
            continue
        end = j + 1
        while end < n and _joins_tail(roles, end, names):
            k = end
            while k < n and modifier[k]:
                k += 1
            if k >= n or not noun[k]:
                break
            end = k + 1
            here = _span_of(end - 1, names)
            while here is not None and end < here.end and noun[end]:
                end += 1  # a name is taken whole: «Реджепа Эрдогана»
        found.append((i, end))
        i = end
    return found


def _cuts_name(start: int, end: int, names: Sequence[NameSpan]) -> bool:
    """A person's name is never split («Реджеп» alone from «Реджеп Эрдоган»);
    no other name loses its end to a phrase that starts before it
    («премьер-министр Республики» from «премьер-министр Республики Казахстан»)."""
    for n in names:
        if n.type == "PER" and (n.start < start < n.end or n.start < end < n.end):
            return True
        if start < n.start < end < n.end or n.start < start < n.end < end:
            return True
    return False


def noun_phrases(
    tokens: Sequence[Token], max_words: int = 4, names: Sequence[NameSpan] = (), nested: bool = False
) -> list[tuple[int, int]]:
    """(start, end) token index ranges of noun phrases, in text order.

    Without ``nested``: the maximal chunks of at most ``max_words`` words.
    With it: also every shorter phrase inside a chunk that is a phrase itself
    («секретарь», «тюркские государства» inside «секретарем Организации тюркских
    государств»). A person's name counts as one word for ``max_words``."""
    roles = _Roles.of(tokens)
    found: list[tuple[int, int]] = []
    for start, end in _chunks(roles, names):
        if not nested:
            if _length(start, end, names) <= max_words:
                found.append((start, end))
            continue
        for i in range(start, end):
            if not (roles.modifier[i] or roles.noun[i]):
                continue
            for j in range(i + 1, end + 1):
                if _length(i, j, names) > max_words:
                    break
                if roles.noun[j - 1] and _valid_sub(roles, i, j, names) and not _cuts_name(i, j, names):
                    found.append((i, j))
    return found


def _length(start: int, end: int, names: Sequence[NameSpan]) -> int:
    words = end - start
    for n in names:
        if n.type == "PER" and start <= n.start and n.end <= end:
            words -= n.end - n.start - 1
    return words


def _valid_sub(roles: _Roles, start: int, end: int, names: Sequence[NameSpan]) -> bool:
    """Inside a chunk every noun group after the first joins as a genitive or a name part."""
    k = start
    while k < end and roles.modifier[k]:
        k += 1
    if k >= end:
        return False
    k += 1
    while k < end:
        here = _span_of(k - 1, names)
        if here is not None and here is _span_of(k, names):
            k += 1
            continue
        m = k
        while m < end and roles.modifier[m]:
            m += 1
        if m >= end or not roles.genitive[m]:
            return False
        k = m + 1
    return True


def _to_nominative(token: Token, number: str | None, gender: str | None) -> str:
    return _nominative_word(token.text, token.pos, token.feats, number, gender)


# pymorphy3 builds a word's whole paradigm (tens of forms) to inflect it, and
# the same words recur in phrase after phrase: each is put into a form once.
@lru_cache(maxsize=100_000)
def _nominative_word(
    text: str, pos: str, feats: tuple[tuple[str, str], ...], number: str | None, gender: str | None
) -> str:
    if "-" in text and pos == "PROPN":
        # «Касым-Жомарта» -> «Касым-Жомарт»: only the last part of a hyphenated name declines
        head, _, tail = text.rpartition("-")
        if head and tail:
            return f"{head}-{_nominative_word(tail, pos, feats, number, gender)}"
    grammemes = {"nomn"}
    if number == "Plur":
        grammemes.add("plur")
    elif pos in MODIFIERS and gender in UD_GENDER_TO_OC:
        grammemes.update({UD_GENDER_TO_OC[gender], "sing"})
    parse = best_parse(text, pos, feats)
    if parse is None:
        return text
    form = inflected_word(parse, grammemes)
    if form is None:
        return text
    word = form if "ё" in text.lower() else form.replace("ё", "е")  # the writer's spelling
    return match_case(text, word)


def _keeps_form(token: Token) -> bool:
    if is_acronym(token.text) or not is_word(token) or token.text.lower() in indeclinable():
        return True
    if token.pos == "PROPN" and word_key(token) != fold(token.lemma):
        return False  # a name the tagger took for a nominative: «Кубанычбеком»
    return token.feat("Case") == "Nom"


def _declines_with_head(token: Token, head_case: str | None) -> bool:
    """A name after the head in the head's case stands in apposition and declines
    with it: «городе Астане» -> «город Астана», «президента Реджепа Эрдогана» ->
    «президент Реджеп Эрдоган». After a genitive head the same case may instead be
    a genitive tail («президента Казахстана»): there only a person's name declines.
    Morphology alone decides, so a display never depends on whether the sentence
    was parsed for syntax (only sentences with figures are)."""
    if token.pos != "PROPN" or token.feat("Case") != head_case:
        return False
    return head_case != "Gen" or _is_person_word(token)


def nominative(tokens: Sequence[Token]) -> str:
    """Display form of a noun phrase: the head, its agreeing adjectives and the
    name parts after it in the nominative; acronyms and the genitive tail as written."""
    if not tokens:
        return ""
    tokens = [t if t.pos == word_pos(t) else replace(t, pos=word_pos(t)) for t in tokens]
    head = next((i for i, t in enumerate(tokens) if t.pos in NOUNS), None)
    if head is None:
        return " ".join(t.text for t in tokens)
    head_token = tokens[head]
    number = head_token.feat("Number")
    gender = head_token.feat("Gender")
    parse = best_parse(head_token.text, head_token.pos, head_token.feats)
    if parse is not None and parse.tag.gender:
        gender = {"masc": "Masc", "femn": "Fem", "neut": "Neut"}.get(parse.tag.gender, gender)
    head_case = head_token.feat("Case")
    words = []
    declines = True
    for i, token in enumerate(tokens):
        if i > head:
            declines = declines and _declines_with_head(token, head_case)
        if (i > head and not declines) or _keeps_form(token):
            words.append(token.text)
        elif _INFLECTED_ACRONYM.match(token.text):
            words.append(strip_case_ending(token.text))  # «ВЦИОМа» -> «ВЦИОМ», not «Вциом»
        else:
            words.append(_to_nominative(token, number, gender))
    return " ".join(words)
