"""People, places and organisations: NER spans -> one Entity per real thing,
named in the nominative as a reader writes it.

1. each natasha span gets its display name (people via names.py, places and
   organisations via phrases.nominative, acronyms and quoted names as written);
2. spans natasha missed are added from the gazetteer (generator/data/gazetteer.yml);
3. «МИД Венгрии», «Совет глав государств СНГ»: an organisation followed by a
   place or organisation in the genitive is one name;
4. names are joined: one name read in two cases («Индианаполисе»), the
   gazetteer's aliases and former names («Тюркский совет» -> «Организация
   тюркских государств»), an acronym to its full name («ОТГ»), a surname alone
   to the full name that ends with it («Токаев»);
5. what is no name is dropped: a lone word that cannot be a noun («Северная»,
   «Ещё»), a common noun capitalised by a sentence start, «Су-30».
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib.resources import files

import yaml
from razdel import tokenize

from . import wordlists
from .errors import ConfigError
from .morph import (
    NAME_TAGS,
    UD_CASE_TO_OC,
    UD_GENDER_TO_OC,
    analyzer,
    common_nouns,
    dictionary_parses,
    fold,
    fold_each,
    has_letter,
    inflected_word,
    lemmatize,
    match_case,
    parses,
)
from .names import VOWELS, person_nominative, surname_forms
from .phrases import name_in_capitals, nominative, running_case, shouted_word, strip_case_ending
from .records import Analysis, Entity, Mention, NamedSpan, Sentence, Token

GAZETTEER = "gazetteer.yml"
_TYPES = {"organisations": "ORG", "places": "LOC", "people": "PER"}
# words of a full name that an acronym skips: «Организация Договора о коллективной безопасности» -> ОДКБ
_ACRONYM_SKIPS = frozenset({"и", "о", "по", "в", "для", "на", "с"})
_LEGAL_FORM = re.compile(
    r"(?:акционерное общество|АО|ТОО|ООО|ПАО|ОАО|ЗАО|национальная компания|НК|компания|корпорация)", re.I
)
_PAREN_TAIL = re.compile(r"\s*\(([^()]*)\)?\s*$")


@dataclass(frozen=True)
class Known:
    """A gazetteer entry: the name readers use, its type, every other name it goes by."""

    type: str
    name: str
    aliases: tuple[str, ...]
    former: tuple[str, ...] = ()

    def is_former(self, name: str) -> bool:
        return any(set(_keys(name)) & set(_keys(f)) for f in self.former)


@lru_cache(maxsize=50_000)  # the same names recur in article after article, and each is looked up often
def name_key(text: str) -> str:
    """Lemmas of a name, folded: «Тюркского совета» and «Тюркский совет» share it."""
    words = [t.text for t in tokenize(text) if any(ch.isalnum() for ch in t.text)]
    return " ".join(fold(lemmatize(w)) for w in words)


def _keys(text: str) -> tuple[str, ...]:
    return (fold(text), name_key(text))


@cache
def gazetteer() -> dict[str, Known]:
    """Every alias key (folded name and lemma key) -> its gazetteer entry. Loaded once."""
    path = files("generator.data").joinpath(GAZETTEER)
    try:
        data = yaml.safe_load(path.read_text("utf-8")) or {}
    except yaml.YAMLError as exc:
        raise ConfigError(str(path), f"invalid YAML ({getattr(exc, 'problem', exc)})") from None
    index: dict[str, Known] = {}
    for section, kind in _TYPES.items():
        for item in data.get(section) or ():
            if not isinstance(item, dict) or not isinstance(item.get("name"), str):
                raise ConfigError(str(path), f"{section}: every entry needs a 'name'")
            names = [item["name"], *(item.get("aliases") or ()), *(item.get("former") or ())]
            known = Known(
                kind, item["name"], tuple(n for n in names[1:] if n != item["name"]), tuple(item.get("former") or ())
            )
            for name in names:
                for key in _keys(name):
                    index.setdefault(key, known)
    return index


@cache
def not_names() -> frozenset[str]:
    """Words the tagger takes for names that are units or terms (TEU, ВВП): never entities."""
    data = yaml.safe_load(files("generator.data").joinpath(GAZETTEER).read_text("utf-8")) or {}
    return frozenset(fold(word) for word in data.get("not_names") or ())


def lookup(name: str) -> Known | None:
    table = gazetteer()
    return next((table[k] for k in _keys(name) if k in table), None)


def is_acronym(word: str) -> bool:
    """«ОТГ», «ТюркПА», «КазМунайГаз», «BAQ.KZ»: no space, and a capital inside a
    word part (not just at the start of each part, as in «Санкт-Петербург»)."""
    if " " in word:
        return False
    parts = re.split(r"[-.]", word)
    return any(ch.isupper() for part in parts for ch in part[1:])


def _span_tokens(analysis: Analysis, span: NamedSpan) -> list[Token]:
    sentence = analysis.sentences[span.sentence]
    return [t for t in sentence.tokens if t.start >= span.start and t.end <= span.end]


def _majority(tokens: Sequence[Token], feat: str) -> str | None:
    values = Counter(t.feat(feat) for t in tokens if t.feat(feat))
    return max(sorted(values), key=values.__getitem__) if values else None


def _person_name(tokens: Sequence[Token]) -> str:
    words = [t for t in tokens if has_letter(t.text)]
    return person_nominative([t.text for t in words], _majority(words, "Case"), _majority(words, "Gender"))


def _place_word(token: Token) -> str:
    """One-word place: pymorphy3's geographical reading beats the tagger's case
    («Туркменистана»); an unknown word that can be a nominative stays as written."""
    if is_acronym(token.text):
        return strip_case_ending(token.text)
    options = parses(token.text.lower())
    geo = [p for p in options if "Geox" in p.tag or "Orgn" in p.tag]
    if geo:  # pymorphy3's first geographical reading is its most frequent («Оше» -> «Ош»)
        return _restore_case(token.text, geo[0].normal_form)
    known_form = _in_vocabulary(token.text.lower())
    if token.feat("Case") not in (None, "Nom") or not known_form:
        guess = next((c for c in _place_candidates(token.text.lower()) if _in_vocabulary(c)), None)
        if guess is not None and not (known_form and token.feat("Case") == "Nom"):
            return _restore_case(token.text, guess)
    if token.feat("Case") not in (None, "Nom") and options and all(p.tag.POS == "ADJF" for p in options):
        alone = _adjective_alone(token, options)
        if alone is not None:
            return alone
    if "-" in token.text or any(p.tag.case == "nomn" and "sing" in p.tag for p in options):
        return token.text
    return nominative([token])


def _adjective_alone(token: Token, options: Sequence) -> str | None:
    """A lone adjective used as a place's name in the nominative of the
    tagger's gender and number: «на Мясницкой» -> «Мясницкая», «Поднебесную»
    -> «Поднебесная» (pymorphy3's masculine «мясницкой» is no help here)."""
    case = UD_CASE_TO_OC.get(token.feat("Case") or "")
    plural = token.feat("Number") == "Plur"
    gender = UD_GENDER_TO_OC.get(token.feat("Gender") or "")
    for parse in options:
        if parse.tag.POS != "ADJF" or parse.tag.case != case or ("plur" in parse.tag) != plural:
            continue
        if not plural and gender and parse.tag.gender != gender:
            continue
        wanted = {"nomn", "plur"} if plural else {"nomn", "sing", gender or parse.tag.gender or "masc"}
        form = inflected_word(parse, wanted)
        if form is not None:
            return _restore_case(token.text, form)
    return None


# oblique endings of place names and the nominative endings they come from, likeliest first
_PLACE_ENDINGS = (
    ("е", "а"),  # в Габале -> Габала
    ("е", ""),  # в Караколе -> Каракол
    ("ы", "а"),
    ("и", "а"),
    ("у", "а"),
    ("у", ""),
    ("ой", "а"),
    ("ом", ""),
    ("а", ""),
)


def _place_candidates(word: str, ending: str | None = None) -> list[str]:
    """Nominatives the word may come from, likeliest first; ``ending``: the
    nominative ending its gender wants ("" masculine, "а" feminine) goes first."""
    pairs = sorted(_PLACE_ENDINGS, key=lambda pair: ending is not None and pair[1] != ending)
    return [word[: -len(end)] + new for end, new in pairs if word.endswith(end) and len(word) > len(end) + 2]


def _in_vocabulary(word: str) -> bool:
    """Whether the gazetteer or natasha's news vectors know the word form (a place name read in the news)."""
    from .analyse import embedding

    return word in gazetteer() or word in embedding()


def _restore_case(written: str, form: str) -> str:
    """The form with the writer's capitals on every hyphenated part («санкт-петербург» -> «Санкт-Петербург»)."""
    parts = form.split("-")
    written_parts = written.split("-")
    if len(parts) == len(written_parts):
        return "-".join(match_case(w, p) for w, p in zip(written_parts, parts, strict=True))
    return match_case(written, form)


_OC_CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")


def _cases(token: Token, head: bool) -> set[tuple[str, str]]:
    """(case, number) pairs pymorphy3 allows for a word of a name phrase."""
    pos = ("NOUN",) if head else ("ADJF", "PRTF")
    found = set()
    for parse in parses(token.text.lower()):
        if parse.tag.POS in pos and parse.tag.case:
            case = {"gen1": "gent", "gen2": "gent", "loc2": "loct", "acc2": "accs"}.get(parse.tag.case, parse.tag.case)
            found.add((case, parse.tag.number or "sing"))
    return found


def _modifier(tokens: Sequence[Token], i: int) -> bool:
    """An adjective before the head noun, even when the tagger calls it PROPN («Туркестанской области»)."""
    if tokens[i].pos == "ADJ":
        return True
    return i + 1 < len(tokens) and tokens[i + 1].pos in ("NOUN", "PROPN") and bool(_cases(tokens[i], head=False))


def phrase_nominative(tokens: Sequence[Token]) -> str:
    """«Туркестанской области» -> «Туркестанская область»: the adjectives and
    the head noun read together (pymorphy3's cases they share), not the
    tagger's case word by word; the genitive tail stays as written."""
    head = next((i for i, t in enumerate(tokens) if t.pos in ("NOUN", "PROPN") and not _modifier(tokens, i)), None)
    if head is None or any(not _modifier(tokens, i) for i in range(head)) or "-" in tokens[head].text:
        return nominative(tokens)
    shared = _cases(tokens[head], head=True)
    for token in tokens[:head]:
        shared &= _cases(token, head=False)
    if not shared or any(case == "nomn" for case, _ in shared):
        return nominative(tokens)
    hint = UD_CASE_TO_OC.get(tokens[head].feat("Case") or "")
    case, number = min(shared, key=lambda cn: (cn[0] != hint, cn[1] != "sing", _OC_CASES.index(cn[0])))
    head_parse = next(
        p
        for p in parses(tokens[head].text.lower())
        if p.tag.POS == "NOUN"
        and ({"gen1": "gent", "gen2": "gent", "loc2": "loct", "acc2": "accs"}.get(p.tag.case, p.tag.case) == case)
    )
    gender = head_parse.tag.gender or "masc"
    words = []
    for i, token in enumerate(tokens):
        if i > head:
            words.append(token.text)
            continue
        grammemes = {"nomn", number} | ({gender} if i < head and number == "sing" else set())
        parse = next(
            (p for p in parses(token.text.lower()) if p.tag.case and (i == head) == (p.tag.POS == "NOUN")),
            None,
        )
        form = inflected_word(parse, grammemes) if parse is not None else None
        words.append(match_case(token.text, form) if form is not None else token.text)
    return " ".join(words)


def _quoted_name(text: str) -> str | None:
    """«АО «Национальная компания «Қазақстан темір жолы»» -> «Қазақстан темір жолы»:
    the innermost quoted name when everything before it is legal forms."""
    segments = re.split(r"[«\"„“]", text)
    if len(segments) < 2:
        return None
    lead = [seg.strip(' »”"') for seg in segments[:-1]]
    if not all(not seg or _LEGAL_FORM.fullmatch(seg) for seg in lead) or not any(lead):
        return None
    name = segments[-1].strip(' »”"')
    return name or None


def _plain_words(tokens: Sequence[Token]) -> bool:
    return all(t.pos not in ("X", "PUNCT", "SYM") and t.text.replace("-", "").isalpha() for t in tokens)


def display_name(span_type: str, text: str, tokens: Sequence[Token]) -> tuple[str, str | None]:
    """(name in the nominative, acronym given in parentheses or None)."""
    acronym = None
    paren = _PAREN_TAIL.search(text)
    if paren:
        inner = paren.group(1).strip()
        acronym = inner if is_acronym(inner) else None
        text = text[: paren.start()].rstrip()
        tokens = [t for t in tokens if t.end - tokens[0].start <= len(text)] if tokens else []
    quoted = _quoted_name(text)
    if quoted:
        return quoted, acronym
    words = [t for t in tokens if any(ch.isalnum() for ch in t.text)]
    if not words:
        return text.strip(), acronym
    if span_type == "PER":
        return _person_name(words), acronym
    if len(words) == 1 and (is_acronym(words[0].text) or not _plain_words(words)):
        return strip_case_ending(words[0].text), acronym
    if not _plain_words(tokens):
        return _balanced(_plain_prefix_nominative(text, tokens)), acronym
    if span_type == "LOC" and len(words) == 1:
        return _place_word(words[0]), acronym
    if span_type == "ORG" and len(words) == 1:
        return _organisation_word(words[0]), acronym
    return phrase_nominative(words), acronym


def _organisation_word(token: Token) -> str:
    """One-word organisation: its nominative. Where pymorphy3 only guessed it
    (the word is not in its dictionary) and natasha's news vectors never saw
    the guess, the word is read by the forms the vectors have seen, with the
    ending the tagger's gender wants: «Хезболлы» -> «Хезболла» (not «Хезболл»),
    «Ростехе» -> «Ростех» (not «Ростёха»)."""
    guess = phrase_nominative([token])
    word = token.text.lower()
    if analyzer().word_is_known(word):
        return guess
    # the vectors hold inflected forms too: a guess that left an oblique form as it was proves nothing
    nominative_case = token.feat("Case") in (None, "Nom")
    if _in_vocabulary(guess.lower()) and (nominative_case or guess.lower() != word):
        return guess
    if nominative_case:
        return token.text if _in_vocabulary(word) else guess
    ending = {"Masc": "", "Fem": "а"}.get(token.feat("Gender") or "")
    seen = next((c for c in _place_candidates(word, ending) if _in_vocabulary(c)), None)
    return _restore_case(token.text, seen) if seen else guess


def _plain_prefix_nominative(text: str, tokens: Sequence[Token]) -> str:
    """«Культурном центре им. Д. Лихачева» -> «Культурный центр им. Д. Лихачева»:
    the plain words before the first abbreviation or mark go to the nominative,
    the rest stays as written."""
    cut = next((i for i, t in enumerate(tokens) if not _plain_words([t])), len(tokens))
    if cut == 0 or not tokens:
        return text.strip()
    offset = tokens[0].start
    head = phrase_nominative(list(tokens[:cut]))
    return (head + text[tokens[cut - 1].end - offset :]).strip()


def _balanced(name: str) -> str:
    """Close an opened «, drop a stray »: «Молодежное «Яблоко» stays whole."""
    opened = name.count("«") - name.count("»")
    if opened > 0:
        return name + "»" * opened
    if opened < 0:
        return name.rstrip("»").strip()
    return name


@dataclass
class _Found:
    """One mention on its way to an entity."""

    type: str
    name: str
    mention: Mention
    acronym: str | None = None
    known: Known | None = None
    own: str = ""  # the name as this mention gives it, before the gazetteer's


def _typed(found: _Found) -> _Found:
    """The gazetteer's name and type win over the tagger's («Акорды» is no person)."""
    known = lookup(found.name)
    if known is None and found.type == "PER":
        known = lookup(found.mention.text)
    if known is None:
        return found
    return _Found(known.type, known.name, found.mention, found.acronym, known, found.name)


def _written_name(found: _Found) -> str:
    """The mention as written, for an acronym; otherwise its display name."""
    text = _PAREN_TAIL.sub("", found.mention.text).strip()
    capitals = any(map(name_in_capitals, text.split()))  # «КАЗАХСТАН» is a name in capitals, no acronym
    return strip_case_ending(text) if is_acronym(text) and not capitals else (found.own or found.name)


@cache
def _titles() -> frozenset[str]:
    return frozenset(fold(word) for word in wordlists.lines("titles.txt"))


def _common_word(word: str) -> bool:
    """A dictionary word that cannot be a noun, let alone a name («Похоронили»):
    the tagger took it into a person's span. Nouns stay: «Хакан», «Сердар» are names too."""
    readings = parses(word.lower())
    if not readings or any(p.tag.POS == "NOUN" for p in readings):
        return False
    return readings[0] in dictionary_parses(word) and "-" not in word


def _plain_noun(word: str) -> bool:
    """A dictionary word that is only ever a common noun: no reading of it is a
    name, a surname or a place («Взлёт», «Сейсмологи»; not «Запад», «Дон»)."""
    found = dictionary_parses(word)
    if found and found[0].normal_form in common_nouns():
        return True  # «Акиму доложили»: pymorphy3 knows «аким» only as a given name
    return bool(found) and all(p.tag.POS == "NOUN" and not (NAME_TAGS & p.tag.grammemes) for p in found)


def _noun_before_name(first: Token, second: Token) -> bool:
    """An inanimate common noun that cannot stand in the case of the name after it
    opens no name: «Взлёт Алиева» is Aliev's take-off (the tagger calls both
    genitive; the dictionary knows better). «Сердара Бердымухамедова» agrees."""
    found = dictionary_parses(first.text)
    inanimate = all("inan" in p.tag and "Fixd" not in p.tag for p in found)  # «Мариушу» reads as indeclinable
    case = UD_CASE_TO_OC.get(second.feat("Case") or "")
    if case is None or any("Name" in p.tag for p in parses(second.text.lower())):
        return False  # «Дискин Иосиф»: a surname before a first name, as lists write it
    return _plain_noun(first.text) and inanimate and all(p.tag.case != case for p in found)


def _trim(span: NamedSpan, tokens: list[Token], opening: int) -> list[tuple[str, list[Token]]]:
    """Cut what does not belong to the name off the front of a span: a job title
    («Аким Туркестанской области»), or a known body before a person
    («Мажилиса Ерлан Кошанов»), which becomes a span of its own."""
    while len(tokens) > 1 and fold(tokens[0].lemma) in _titles():
        tokens = tokens[1:]
    while span.type == "PER" and len(tokens) > 1 and _common_word(tokens[0].text):
        tokens = tokens[1:]  # «Похоронили Табакова», «Мастерская Григория Козлова»
    while span.type == "PER" and len(tokens) > 1 and tokens[0].start == opening and _noun_before_name(*tokens[:2]):
        tokens = tokens[1:]  # «Взлёт Алиева», «Помилованием Мэннинг»: capitalised by its place only
    parts: list[tuple[str, list[Token]]] = []
    if span.type == "PER" and len(tokens) > 2:
        known = lookup(tokens[0].text) or lookup(tokens[0].lemma)
        if known is not None and known.type != "PER":
            parts.append((known.type, tokens[:1]))
            tokens = tokens[1:]
    parts.append((span.type, tokens))
    return parts


def _shouted(name: str) -> bool:
    """A heading set in capitals, not an acronym: two common words in capitals
    («СУХОПУТНЫЕ ВОЙСКА») or a clause word («ДВИЖУТСЯ», «ОТ»). A lone word in
    capitals stays as written: pymorphy3 reads many acronyms as words («ЦАХАЛ»)."""
    words = name.split()
    if len(words) < 2 or not name.isupper():
        return False
    return sum(map(shouted_word, words)) >= 2 or any(map(_clause_word, words))


def _clause_word(word: str) -> bool:
    """A preposition, a conjunction or a present-tense verb: a name has none in capitals."""
    return word.isupper() and _never_a_name(word)


def _unshouted(name: str) -> str:
    """The name in sentence case («СУХОПУТНЫЕ ВОЙСКА» -> «Сухопутные войска»), or ""
    when the capitals set a clause («ВВС ДВИЖУТСЯ ВПЕРЕД», «МЕДИАЛОГИЯ ОТ
    НАТАЛИИ ЧЕРНЫХ»), which is no name."""
    words = name.split()
    if any(map(_clause_word, words)):
        return ""
    text = running_case(name)
    return text[:1].upper() + text[1:]  # «МВД» in «ГЛАВНОЕ УПРАВЛЕНИЕ МВД» stays an acronym


_LETTER_PREFIXED = re.compile(r"(?:^|\s)\w-[а-яёa-z]")


def _designation(kind: str, name: str) -> bool:
    """«Су-30», «МиГ-31»: a person or a place has no digits in its name; a
    model designation does (natasha has no type for products). Nor does it
    open a word with a lone letter and a hyphen: «Т-лимфоциты», «Х-хромосома»."""
    return kind in ("PER", "LOC") and (any(ch.isdigit() for ch in name) or _LETTER_PREFIXED.search(name) is not None)


def _first_word_start(sentence: Sentence) -> int:
    """Where the sentence's first word (a token with a letter or digit) starts; -1 when it has none."""
    return next((t.start for t in sentence.tokens if any(ch.isalnum() for ch in t.text)), -1)


def _from_spans(analysis: Analysis) -> list[_Found]:
    found = []
    text = analysis.article.text
    openings: dict[int, int] = {}  # sentence -> where its first word starts (-1: it has none)
    for span in analysis.spans:
        opening = openings.get(span.sentence)
        if opening is None:
            opening = openings[span.sentence] = _first_word_start(analysis.sentences[span.sentence])
        inside = _span_tokens(analysis, span)
        for kind, tokens in _trim(span, inside, opening):
            if not tokens:
                continue
            start, end = (tokens[0].start, tokens[-1].end) if len(tokens) != len(inside) else (span.start, span.end)
            written = text[start:end]
            name, acronym = display_name(kind, written, tokens)
            if _shouted(name):
                name = _unshouted(name)  # a heading in capitals: «СУХОПУТНЫЕ ВОЙСКА» -> «Сухопутные войска»
            if not has_letter(name) or fold(name) in not_names() or _designation(kind, name):
                continue
            mention = Mention(span.sentence, start, end, written)
            found.append(_typed(_Found(kind, name, mention, acronym)))
    return found


def _from_gazetteer(analysis: Analysis, taken: list[_Found]) -> list[_Found]:
    """Known names the tagger missed: capitalised runs of tokens whose lemmas are a gazetteer alias."""
    covered = {(f.mention.start, f.mention.end) for f in taken}
    spans = [(f.mention.start, f.mention.end) for f in taken]
    added = []
    for sentence in analysis.sentences:
        tokens = sentence.tokens
        here = [(s, e) for s, e in spans if s < sentence.end and e > sentence.start]
        taken_token = [any(s <= t.start < e for s, e in here) for t in tokens] if here else [False] * len(tokens)
        for i, token in enumerate(tokens):
            if not token.text[:1].isupper() or taken_token[i]:
                continue
            for n in (4, 3, 2, 1):
                run = tokens[i : i + n]
                if len(run) < n or any(taken_token[i : i + n]):
                    continue
                text = analysis.article.text[run[0].start : run[-1].end]
                lemma_key = " ".join(fold_each([t.lemma for t in run]))
                known = gazetteer().get(lemma_key) or gazetteer().get(fold(text))
                if known is None or known.type == "PER" or (n == 1 and not is_acronym(text) and len(text) < 4):
                    continue
                if (run[0].start, run[-1].end) in covered:
                    break
                mention = Mention(sentence.index, run[0].start, run[-1].end, text)
                own = next(
                    (n for n in (known.name, *known.aliases) if {lemma_key, fold(text)} & set(_keys(n))), known.name
                )
                added.append(_Found(known.type, known.name, mention, None, known, own))
                spans.append((run[0].start, run[-1].end))
                break
    return added


def _compounds(analysis: Analysis, found: list[_Found]) -> list[_Found]:
    """«МИД» + «Венгрии» -> «МИД Венгрии»: an organisation and the genitive name right after it."""
    text = analysis.article.text
    ordered = sorted(found, key=lambda f: f.mention.start)
    out: list[_Found] = []
    i = 0
    while i < len(ordered):
        head = ordered[i]
        tail = ordered[i + 1] if i + 1 < len(ordered) else None
        if (
            tail is not None
            and head.type == "ORG"
            and tail.type in ("ORG", "LOC")
            and head.known is None
            and head.acronym is None
            and text[head.mention.end : tail.mention.start].strip() == ""
            and head.mention.sentence == tail.mention.sentence
            and _genitive(analysis, tail)
        ):
            tail_text = _PAREN_TAIL.sub("", tail.mention.text)
            if tail_text.isupper() and not any(map(shouted_word, head.name.split())):
                tail_text = running_case(tail_text)  # «МВД РОССИИ» -> «МВД России»; «СУХОПУТНЫХ ВОЙСК» stays whole
            mention = Mention(
                head.mention.sentence, head.mention.start, tail.mention.end, text[head.mention.start : tail.mention.end]
            )
            out.append(_typed(_Found("ORG", f"{head.name} {tail_text}", mention)))
            out.append(tail)
            i += 2
            continue
        out.append(head)
        i += 1
    return out


def _genitive(analysis: Analysis, found: _Found) -> bool:
    sentence = analysis.sentences[found.mention.sentence]
    first = next((t for t in sentence.tokens if t.start >= found.mention.start), None)
    return first is not None and (first.feat("Case") == "Gen" or is_acronym(first.text))


def _initials(name: str) -> str:
    words = [w for w in re.split(r"[\s-]+", name) if w and fold(w) not in _ACRONYM_SKIPS]
    return "".join(fold(w[0]) for w in words)


def _group_key(found: _Found) -> tuple[str, str]:
    return (found.type, fold(found.name))


def _merge_inflected(groups: dict[tuple[str, str], list[_Found]]) -> dict[tuple[str, str], list[_Found]]:
    """One name the normaliser read in two cases is one entity: «Индианаполисе» and
    «Индианаполис», «Олимпийского» and «Олимпийский» (same lemmas); «Ким Чен Ына»
    and «Ким Чен Ын», «Луис Адриану» and «Луис Адриано» (word by word the same name)."""
    merged: dict[tuple[str, str], list[_Found]] = {}
    by_lemmas: dict[tuple[str, str], tuple[str, str]] = {}  # (type, lemma key) -> the group it went to
    people: list[tuple[str, str]] = []
    for key in sorted(groups, key=lambda k: (-_verbatim(groups[k]), k)):
        if key[0] == "PER":
            same = next((k for k in people if _same_person(k[1], key[1])), None)
            if same is None:
                people.append(key)
        else:
            same = by_lemmas.setdefault((key[0], name_key(key[1])), key)
        merged.setdefault(same or key, []).extend(groups[key])
    return merged


def _verbatim(items: list[_Found]) -> int:
    """How many mentions are written exactly as the name: a name the text itself
    spells out beats one the normaliser rebuilt."""
    return sum(fold(f.mention.text) == fold(f.name) for f in items)


def _same_person(a: str, b: str) -> bool:
    words_a, words_b = a.split(), b.split()
    return len(words_a) == len(words_b) and all(map(_same_word, words_a, words_b))


def _same_word(a: str, b: str) -> bool:
    """«ын»/«ына», «челси»/«челсь» (one is a case form of the other), «адриано»/«адриану»
    (an indeclinable foreign name some writers decline)."""
    if a == b or a in surname_forms(b) or b in surname_forms(a):
        return True
    return len(a) >= 4 and a[:-1] == b[:-1] and a[-1] in VOWELS and b[-1] in VOWELS


def _fragment(items: list[_Found], analysis: Analysis) -> bool:
    """A one-word «name» that is none: a word that cannot be a noun («Северная»,
    «Ещё», «Позакрывались») unless quoted, or a common noun capitalised only by its
    place at the start of a sentence («Сейсмологи»). Gazetteer names always stay."""
    if any(f.known is not None for f in items):
        return False
    words = [f.mention.text for f in items]
    if not all(w.replace("-", "").isalpha() for w in words):
        return False
    text = analysis.article.text
    if any(text[max(f.mention.start - 1, 0) : f.mention.start] == "«" for f in items):
        return False
    if all(_never_a_name(f.mention.text) or _no_noun(f, analysis) or _modifies_next(f, analysis) for f in items):
        return True
    return all(_opens_sentence(f, analysis) and _plain_noun(f.mention.text) for f in items)


def _modifies_next(found: _Found, analysis: Analysis) -> bool:
    """An adjective that agrees with the lowercase noun right after it: the
    name, if any, was the phrase, not the word («Ассуанской плотины»,
    «Западного полушария»)."""
    tokens = analysis.sentences[found.mention.sentence].tokens
    at = next((i for i, t in enumerate(tokens) if t.start == found.mention.start), None)
    if at is None or at + 1 >= len(tokens) or tokens[at].end != found.mention.end:
        return False
    word, noun = tokens[at], tokens[at + 1]
    if word.pos != "ADJ" or noun.pos != "NOUN" or not noun.text[:1].islower():
        return False
    features = ("Case", "Number") if noun.feat("Number") == "Plur" else ("Case", "Number", "Gender")
    return all(word.feat(name) == noun.feat(name) for name in features)


def _no_noun(found: _Found, analysis: Analysis) -> bool:
    """Neither the tagger (in context) nor the dictionary reads the word as a noun
    or a name. Both must agree: pymorphy3 alone knows «Михаела» as a verb."""
    token = next((t for t in analysis.sentences[found.mention.sentence].tokens if t.start == found.mention.start), None)
    if token is None or token.pos in ("NOUN", "PROPN"):
        return False
    readings = dictionary_parses(found.mention.text)
    return bool(readings) and not any(p.tag.POS == "NOUN" or NAME_TAGS & p.tag.grammemes for p in readings)


_NEVER_NAMES = frozenset(
    {"ADVB", "ADJS", "GRND", "PRTS", "CONJ", "PREP", "PRCL", "INTJ", "PRED", "COMP", "NPRO", "INFN"}
)


def _never_a_name(word: str) -> bool:
    """Every dictionary reading is a form no name takes, whatever the tagger says:
    an adverb, a short adjective, an interjection, a verb in the present or the
    future («Растягивает», «Утилитарно», «Тик-так»). A past form may be a name
    («Михаела» reads as a verb too), so it needs the tagger's word (_no_noun)."""
    found = dictionary_parses(word)
    return bool(found) and all(
        p.tag.POS in _NEVER_NAMES or (p.tag.POS == "VERB" and p.tag.tense in ("pres", "futr")) or "impr" in p.tag
        for p in found
    )


def _opens_sentence(found: _Found, analysis: Analysis) -> bool:
    return _first_word_start(analysis.sentences[found.mention.sentence]) == found.mention.start


def _join(groups: dict[tuple[str, str], list[_Found]]) -> dict[tuple[str, str], list[_Found]]:
    """Join acronyms to full names and lone surnames (or partial names) to full names."""
    keys = sorted(groups, key=lambda k: (-len(k[1].split()), k))
    for key in list(keys):
        kind = key[0]
        if key not in groups:
            continue
        target = None
        if kind in ("ORG", "LOC") and is_acronym(groups[key][0].name):
            acronym = fold(groups[key][0].name)
            target = next(
                (
                    k
                    for k in keys
                    if k != key
                    and k in groups
                    and k[0] == kind
                    and (any(fold(f.acronym or "") == acronym for f in groups[k]) or _initials(k[1]) == acronym)
                ),
                None,
            )
        elif kind == "PER":
            target = _fuller_person(key, groups, keys)
        if target is not None:
            groups[target].extend(groups.pop(key))
    return groups


def _fuller_person(key, groups, keys):
    """The one longer name in the article that this name's words are part of."""
    words = key[1].split()
    forms = [surname_forms(w) | {w} for w in words]
    if len(words) == 1:  # a lone word: every nominative its written forms could stand for («Гафарова»)
        for found in groups[key]:
            forms[0] = forms[0] | {f for w in found.mention.text.split() for f in surname_forms(w)}
    fits = []
    for other in keys:
        if other == key or other not in groups or other[0] != "PER":
            continue
        other_words = other[1].split()
        if len(other_words) > len(words) and _part_of(forms, other_words):
            fits.append(other)
    return fits[0] if len(fits) == 1 else None


def _part_of(forms: list[frozenset[str]], other_words: list[str]) -> bool:
    """Whether the short name's words occur in the long one in order, a lone word
    being its surname or first name («Токаев», «Сабина»), a longer name ending
    with its surname («Ле Дриан» in «Жан-Ив Ле Дриан»)."""
    if len(forms) == 1:
        return bool(forms[0] & {other_words[-1], other_words[0]})
    if not forms[-1] & {other_words[-1]}:
        return False
    position = 0
    for word_forms in forms[:-1]:
        while position < len(other_words) - 1 and not word_forms & {other_words[position]}:
            position += 1
        if position >= len(other_words) - 1:
            return False
        position += 1
    return True


def _best_name(items: list[_Found]) -> str:
    """The gazetteer's name («Республика Казахстан» -> «Казахстан», «Тюркский
    совет» -> «Организация тюркских государств»), unless the article only ever
    uses an acronym («СНГ», «ОТГ»): then the acronym, as its readers know it.
    (Tried: the article's most used spelling instead; it lost on the dev sets.)"""
    current = [f for f in items if f.known is None or not f.known.is_former(f.own or f.name)] or items
    written = [_written_name(f) for f in current]
    counts = Counter(written)
    if all(is_acronym(n) and not name_in_capitals(n) for n in written):
        return max(sorted(counts), key=counts.__getitem__)
    known = next((f.known for f in items if f.known is not None), None)
    if known is not None:
        # a spelling variant of the full name («Қазақстан темір жолы» for «Казахстан
        # темир жолы») is kept as the article writes it: that is how its reader knows it
        variants = [n for n in written if not is_acronym(n) and len(n.split()) == len(known.name.split()) > 1]
        variants = [n for n in variants if name_key(n) != name_key(known.name) and lookup(n) is known]
        return max(sorted(set(variants)), key=variants.count) if variants else known.name
    names = [f.name for f in items]
    counts = Counter(names)
    verbatim = {fold(f.mention.text) for f in items}
    return max(
        sorted(counts),
        key=lambda n: (
            not is_acronym(n),
            len(n.split()),
            _nominative(n) and _well_formed(n),
            fold(n) in verbatim,
            counts[n],
            -len(n),  # «Автостат» over «Автостата»: an oblique ending adds letters
            n,
        ),
    )


def _well_formed(name: str) -> bool:
    """Its quotes are closed: «Молодежное «Яблоко»», not «Молодежное "Яблоко»."""
    return _balanced(name) == name and name.count('"') % 2 == 0


def _nominative(name: str) -> bool:
    """Every word can be a nominative: «Олимпийский», not «Олимпийском» (by the
    dictionary); «Кунейтра», not «Кунейтры» (an unknown word, by its ending)."""
    return all(_can_be_nominative(word) for word in name.split())


def _can_be_nominative(word: str) -> bool:
    known = dictionary_parses(word)
    if known:
        return any("nomn" in p.tag for p in known)
    return not word.lower().endswith(_OBLIQUE_LOOKING)


# Endings an unknown word («Кунейтры», «Индианаполисе») has only in an oblique
# case. Not «-и»: foreign names end so in the nominative («Челси», «Цуцуми»).
_OBLIQUE_LOOKING = ("ы", "у", "ю", "е", "ой", "ей", "ом", "ем", "ою", "ам", "ям", "ах", "ях")


def _all_lowercase_words(name: str) -> bool:
    """Only lowercase letters (no capital, digit or dot: «74.ru», «5 канал» stay)."""
    letters = name.replace(" ", "").replace("-", "")
    return letters.isalpha() and letters == letters.lower()


def extract_entities(analysis: Analysis) -> tuple[Entity, ...]:
    found = _from_spans(analysis)
    found += _from_gazetteer(analysis, found)
    found = _compounds(analysis, found)
    groups: dict[tuple[str, str], list[_Found]] = {}
    for item in found:
        key = _group_key(item)
        groups.setdefault(key, []).append(item)
    groups = _join(_merge_inflected(groups))
    entities = []
    for (kind, _), items in groups.items():
        if _fragment(items, analysis):
            continue
        name = _best_name(items)
        if _all_lowercase_words(name) and not any(f.known is not None for f in items):
            continue  # «область» of «Аким области», «прокуратура»: a common noun, not a name
        mentions = tuple(sorted({f.mention for f in items}, key=lambda m: (m.start, m.end)))
        aliases = {f.name for f in items} | {f.acronym for f in items if f.acronym}
        for f in items:
            if f.known is not None:
                aliases |= set(f.known.aliases)
        entities.append(Entity(kind, name, mentions, tuple(sorted(aliases - {name}))))
    entities.sort(key=lambda e: (-len(e.mentions), e.type, e.name))
    return tuple(entities)
