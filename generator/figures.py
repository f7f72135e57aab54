"""Key figures: every number a reader would quote from a Russian news text —
money, percentages, multipliers, counts and measures, ordinals of events,
anniversaries — with its value as a reader means it, its unit, its qualifier,
the period it refers to and the noun phrase of what it measures.

How it works, per sentence that ``might_hold_figure``:

1. periods: dates and years found first; they are the ``period`` of figures, never figures;
2. matchers (ordered, earlier wins on overlap): anniversaries, «30-процентный»,
   event ordinals, multipliers, then numbers in digits or words with their scale word
   and unit or counted noun;
3. rejecters drop labels («статья 5», «№ 12», «Airbus 320»), phone numbers, dates,
   clock times, bare years, time spans («за пять лет») and bare numbers without a cue;
4. each figure gets its qualifier, kind, period (nearest in its clause, comparison
   bases skipped) and subject (from the syntax parse: the head noun the figure hangs
   on, or the subject / object of its verb). The parse is only ever read on sentences
   where ``might_hold_figure`` is True; without one, a positional fallback is used.

The lexicon is data: generator/data/figures.yml and figures_context.yml.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from importlib import resources

import yaml

from .morph import fold, has_letter, inflected_word, parses
from .records import Analysis, Figure, Sentence, Token

_SPACE = "[ \u00a0\u202f]"
_DIGITS = rf"\d{{1,3}}(?:{_SPACE}\d{{3}})+(?:,\d+)?|\d+(?:[.,]\d+)?"
_BEFORE_NUMBER = r"(?<![\w.,:/+\-–—№])"
_AFTER_NUMBER = r"(?![\w]|[.,:/]\d|[-–—]\w)"
_NUMBER = re.compile(
    rf"{_BEFORE_NUMBER}(?:(?P<from>от){_SPACE}+)?(?P<num>{_DIGITS})"
    rf"(?:(?:\s*[–—-]\s*|(?(from){_SPACE}+до{_SPACE}+|(?!)))(?P<num2>{_DIGITS}))?{_AFTER_NUMBER}"
)
_TO_NUMBER = re.compile(rf"{_SPACE}+до{_SPACE}+(?P<num>{_DIGITS}){_AFTER_NUMBER}")
# Russian typists often write roman numerals with Cyrillic «Х» and «І» («ХII саммит»)
_ROMAN = re.compile(r"(?<![\w\-])(?P<roman>[IVXLCХІ]{1,7})(?![\w\-])")
_CYRILLIC_ROMAN = str.maketrans({"Х": "X", "І": "I"})
_ROMAN_VALID = re.compile(r"^(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})$|^C{1,3}(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})$")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
_DIGIT_ORDINAL = re.compile(
    r"(?<![\w.,\-])(?P<num>\d{1,3})-(?:й|я|е|ю|го|му|м|ми|х|ой|ая|ое|ую|ого|ому|ом|ые|ых|ым|ий|ый)(?![\w\-])"
)
_ANNIVERSARY = re.compile(r"(?<![\w.,\-])(?P<num>\d{1,4})(?:-|\s)?(?:лети(?:е|я|ю|ем|и)\b|летн\w+\s+юбиле\w+)", re.I)
_WORD = re.compile(r"[А-Яа-яЁё]+(?:-[А-Яа-яЁё]+)?")
_NEXT_WORD = re.compile(r"\s*([А-Яа-яЁёA-Za-z]+(?:-[А-Яа-яЁё]+)?)")
_PHONE = re.compile(
    r"(?:\+\d{1,3}[\s-]?)?(?:\(\d{2,5}\)[\s-]?)?\d{2,4}-\d{2}-\d{2}(?!\d)|\+\d[\d\s()\-]{8,}\d|\(\d{3,5}\)\s?\d"
)
_YEAR = r"(?:1[89]|20)\d{2}"
_NOUNS = ("NOUN", "PROPN")
_ORDINAL_ENDING = r"(?:-?(?:й|я|е|го|м|х|ой|ом|ого))?"


# ---------------------------------------------------------------- the lexicon


@dataclass(frozen=True)
class Scale:
    pattern: re.Pattern
    factor: float


@dataclass(frozen=True)
class Unit:
    unit: str
    pattern: re.Pattern
    before: tuple[str, ...] = ()


@dataclass(frozen=True)
class Lexicon:
    scales: tuple[Scale, ...]
    currencies: tuple[Unit, ...]
    units: tuple[Unit, ...]
    qualifiers: tuple[tuple[re.Pattern, str], ...]
    number_words: dict[str, float]
    number_scale_words: dict[str, float]
    small_number_words_need_unit: float
    multiplier_words: dict[str, float]
    ordinal_words: dict[str, float]
    ordinal_nouns: frozenset[str]
    anniversary_words: dict[str, float]
    anniversary_stem: str
    label_words: frozenset[str]
    label_marks: tuple[str, ...]
    months: tuple[str, ...]
    not_counted_nouns: frozenset[str]
    bare_number_cues: frozenset[str]
    change_words: frozenset[str]
    target_words: frozenset[str]
    to_level_words: frozenset[str]
    change_nouns: frozenset[str]
    measure_nouns: frozenset[str]
    frame_nouns: frozenset[str]
    bad_subjects: frozenset[str]
    owner_nouns: frozenset[str]
    generic_counted_nouns: frozenset[str]
    allocation_verbs: frozenset[str]
    share_bases: frozenset[str]


def _read_yaml(name: str) -> dict:
    return yaml.safe_load(resources.files("generator.data").joinpath(name).read_text("utf-8"))


def _folded(words) -> frozenset[str]:
    return frozenset(fold(w) for w in words)


@cache
def lexicon() -> Lexicon:
    data = _read_yaml("figures.yml")
    context = _read_yaml("figures_context.yml")
    return Lexicon(
        scales=tuple(Scale(re.compile(rf"\s*(?:{s['pattern']})", re.I), float(s["factor"])) for s in data["scales"]),
        currencies=tuple(
            Unit(c["code"], re.compile(rf"\s*(?:{c['pattern']})", re.I), tuple(c.get("before", ())))
            for c in data["currencies"]
        ),
        units=tuple(Unit(u["unit"], re.compile(rf"\s*(?:{u['pattern']})")) for u in data["units"]),
        qualifiers=tuple(
            (re.compile(rf"(?<![\w-])(?:{q['pattern']})\s+(?:на\s+)?$", re.I), q["qualifier"])
            for q in data["qualifiers"]
        ),
        number_words={fold(k): float(v) for k, v in data["number_words"].items()},
        number_scale_words={fold(k): float(v) for k, v in data["number_scale_words"].items()},
        small_number_words_need_unit=float(data["small_number_words_need_unit"]),
        multiplier_words={fold(k): float(v) for k, v in data["multiplier_words"].items()},
        ordinal_words={fold(k): float(v) for k, v in data["ordinal_words"].items()},
        ordinal_nouns=_folded(data["ordinal_nouns"]),
        anniversary_words={fold(k): float(v) for k, v in data["anniversary_words"].items()},
        anniversary_stem=fold(data["anniversary_stem"]),
        label_words=_folded(data["label_words"]),
        label_marks=tuple(data["label_marks"]),
        months=tuple(data["months"]),
        not_counted_nouns=_folded(data["not_counted_nouns"]),
        bare_number_cues=_folded(data["bare_number_cues"]),
        change_words=_folded(context["change_words"]),
        target_words=_folded(context["target_words"]),
        to_level_words=_folded(context["to_level_words"]),
        change_nouns=_folded(context["change_nouns"]),
        measure_nouns=_folded(context["measure_nouns"]),
        frame_nouns=_folded(context["frame_nouns"]),
        bad_subjects=_folded(context["bad_subjects"]),
        owner_nouns=_folded(context["owner_nouns"]),
        generic_counted_nouns=_folded(context["generic_counted_nouns"]),
        allocation_verbs=_folded(context["allocation_verbs"]),
        share_bases=_folded(context["share_bases"]),
    )


_MIGHT_HOLD = re.compile(r"\d|(?<![\w-])[IVXLCХІ]{1,7}(?![\w-])|летие|летия|летию|летием")


@cache
def _number_word_forms() -> frozenset[str]:
    """Every inflected form of the number, ordinal, scale and anniversary words."""
    lex = lexicon()
    lemmas = (*lex.number_words, *lex.number_scale_words, *lex.ordinal_words, *lex.anniversary_words)
    forms = set(lex.multiplier_words) | set(lemmas)
    for lemma in lemmas:
        for parse in parses(lemma):
            if fold(parse.normal_form) == lemma:
                forms.update(fold(form.word) for form in parse.lexeme)
    return frozenset(forms)


def might_hold_figure(text: str) -> bool:
    """Cheap test: could this sentence hold a figure? (digits, number words, roman
    numerals, «-летие»). False means extract_figures finds nothing in it, so the
    syntax parse is only ever needed where this is True."""
    if _MIGHT_HOLD.search(text):
        return True
    # the words of the folded text are the folded words: only А-ЯЁ lowercase into _WORD's letters
    return not _number_word_forms().isdisjoint(_WORD.findall(fold(text)))


# ---------------------------------------------------------------- small helpers


def _number(text: str) -> float:
    return float(re.sub(_SPACE, "", text).replace(",", "."))


def _roman_value(text: str) -> int:
    total = 0
    for i, ch in enumerate(text):
        value = _ROMAN_VALUES[ch]
        total += -value if i + 1 < len(text) and _ROMAN_VALUES[text[i + 1]] > value else value
    return total


@lru_cache(maxsize=100_000)  # asked for every word near every number
def _lemmas(word: str) -> tuple[str, ...]:
    """Every lemma pymorphy3 offers for a word, folded, most likely first."""
    return tuple(dict.fromkeys(fold(p.normal_form) for p in parses(word.lower())))


@lru_cache(maxsize=200_000)  # the rules ask about the same words near every number
def _first_lemma_in(word: str, table: str) -> str | None:
    """The word, folded, or else its first lemma, that is in this table of the lexicon (by its name)."""
    entries = getattr(lexicon(), table)
    folded = fold(word)
    if folded in entries:
        return folded
    return next((lemma for lemma in _lemmas(word) if lemma in entries), None)


def _month_pattern() -> str:
    return "(?:" + "|".join(lexicon().months) + r")[а-я]*"


# ---------------------------------------------------------------- periods


@dataclass(frozen=True)
class Period:
    start: int  # offsets inside the sentence text
    end: int
    value: str
    target: bool = False  # «к 2031 году», «до 2030 года»
    base: bool = False  # «чем в 2015 году», «по сравнению с 2015 годом»: what a change is measured from


_QUARTERS = {"перв": 1, "втор": 2, "трет": 3, "четв": 4, "i": 1, "ii": 2, "iii": 3, "iv": 4}
_HALVES = {"перв": 1, "втор": 2, "i": 1, "ii": 2}
_MONTH_COUNT = {
    "три": 3,
    "трех": 3,
    "трёх": 3,
    "шесть": 6,
    "шести": 6,
    "девять": 9,
    "девяти": 9,
    "десять": 10,
    "десяти": 10,
    "одиннадцать": 11,
    "одиннадцати": 11,
    "восемь": 8,
    "восьми": 8,
    "семь": 7,
    "семи": 7,
    "пять": 5,
    "пяти": 5,
    "четыре": 4,
    "четырех": 4,
    "два": 2,
    "двух": 2,
}


def _month_number(word: str) -> int:
    for number, stem in enumerate(lexicon().months, start=1):
        if re.match(stem, word.lower()):
            return number
    return 0


def _part_number(word: str, table: dict[str, int]) -> int:
    word = word.lower()
    if word[:1].isdigit():
        return int(word[0])
    return table.get(word, table.get(word[:4], 0))


def _relative_year(text: str, year: int | None) -> int | None:
    if year is None:
        return None
    word = text.lower()
    if "прошл" in word or "предыдущ" in word:
        return year - 1
    if "следующ" in word or "будущ" in word:
        return year + 1
    return year


def _year_of(match: re.Match, sentence_text: str, article_year: int | None) -> int | None:
    given = match.groupdict().get("year")
    if given:
        return int(given)
    relative = match.groupdict().get("rel")
    if relative:
        return _relative_year(relative, article_year)
    # «во втором квартале» with the year elsewhere in the sentence
    elsewhere = re.search(rf"(?<!\d)({_YEAR})(?!\d)\s*(?:год|г\.)", sentence_text)
    if elsewhere:
        return int(elsewhere.group(1))
    return article_year


_RELATIVE_YEAR = r"(?:текущего|этого|прошлого|нынешнего|следующего|предыдущего)\s+года|т\.\s?г\."
_YEAR_TAIL = rf"(?:\s+(?:(?P<year>{_YEAR})(?:\s*(?:года|году|год|г\.))?|(?P<rel>{_RELATIVE_YEAR})))?"


def _period_patterns() -> list[tuple[re.Pattern, Callable[[re.Match, str, int | None], str | None], re.Pattern]]:
    """(pattern, normalize, needs): ``needs`` finds what any match of the pattern
    contains (a month's stem, «квартал», a year), so a sentence without it is
    not scanned with the pattern at all."""
    month = _month_pattern()
    month_stem = re.compile("|".join(lexicon().months), re.I)
    year = re.compile(_YEAR)
    relative = re.compile(r"год|т\.", re.I)
    return [
        (
            re.compile(rf"(?P<m1>{month})\s*[–—-]\s*(?P<m2>{month}){_YEAR_TAIL}", re.I),
            lambda m, s, y: _month_range(_year_of(m, s, y), _month_number(m["m1"]), _month_number(m["m2"])),
            month_stem,
        ),
        (
            re.compile(
                rf"(?:перв\w+\s+)?(?P<n>\d{{1,2}}|{'|'.join(_MONTH_COUNT)})\s+месяц\w*{_YEAR_TAIL}",
                re.I,
            ),
            lambda m, s, y: _months_from_start(_year_of(m, s, y), _MONTH_COUNT.get(m["n"].lower()) or int(m["n"])),
            re.compile("месяц", re.I),
        ),
        (
            re.compile(
                rf"(?<![\w-])(?P<q>перв\w*|втор\w*|трет\w*|четв[её]рт\w*|IV|I{{1,3}}|[1-4]){_ORDINAL_ENDING}"
                rf"\s+квартал\w*{_YEAR_TAIL}",
                re.I,
            ),
            lambda m, s, y: _with_year(_year_of(m, s, y), f"Q{_part_number(m['q'], _QUARTERS)}"),
            re.compile("квартал", re.I),
        ),
        (
            re.compile(rf"(?<![\w-])(?P<h>перв\w*|втор\w*|II|I|[12]){_ORDINAL_ENDING}\s+полугоди\w*{_YEAR_TAIL}", re.I),
            lambda m, s, y: _with_year(_year_of(m, s, y), f"H{_part_number(m['h'], _HALVES)}"),
            re.compile("полугоди", re.I),
        ),
        (
            re.compile(rf"(?:\d{{1,2}}(?:-?го)?\s+)?(?P<m1>{month})\s+(?P<year>{_YEAR})(?:\s*(?:года|г\.))?", re.I),
            lambda m, s, y: f"{m['year']}-{_month_number(m['m1']):02d}",
            month_stem,
        ),
        (
            re.compile(
                rf"(?:с\s+)?(?P<y1>{_YEAR})(?:\s*(?:года|г\.))?\s*(?:[–—-]|по|до)\s*(?P<y2>{_YEAR})"
                rf"(?:\s*(?:годы|годах|годов|года|год|гг\.|г\.))?",
                re.I,
            ),
            lambda m, s, y: f"{m['y1']}..{m['y2']}" if int(m["y1"]) < int(m["y2"]) else None,
            year,
        ),
        (
            re.compile(
                rf"(?:(?<![\w-])(?P<prep>к|до|в|во|с|по|за|на|итогам|конец|конца|концу|начало|начала|середине|середины|течение|протяжении)\s+)?"
                rf"(?<![\d.,])(?P<year>{_YEAR})(?![\d.,]\d)(?P<tail>\s*(?:году|года|годом|год|г\.|гг\.)|-?м\b)?",
                re.I,
            ),
            lambda m, s, y: m["year"] if (m["prep"] or m["tail"]) else None,
            year,
        ),
        (
            re.compile(
                r"(?P<rel>(?:в|за)\s+(?:этом|текущем|нынешнем|прошлом|минувшем|следующем|этот|текущий|прошлый)\s+"
                r"(?:году|год)|(?:текущего|этого|прошлого|нынешнего|следующего)\s+года|(?<![\w.])т\.\s?г\.)",
                re.I,
            ),
            lambda m, s, y: _relative_period(m["rel"], y),
            relative,
        ),
        (
            re.compile(rf"(?<![\w-])(?:в|за|с|до|к)\s+(?P<m1>{month})(?!\s*\d)", re.I),
            lambda m, s, y: f"{y}-{_month_number(m['m1']):02d}" if y else None,
            month_stem,
        ),
    ]


def _relative_period(text: str, year: int | None) -> str | None:
    if "минувш" in text.lower():
        text = "прошлом"
    value = _relative_year(text, year)
    return str(value) if value else None


def _with_year(year: int | None, part: str) -> str | None:
    if year is None or part[-1] == "0":
        return None
    return f"{year}-{part}"


def _month_range(year: int | None, first: int, last: int) -> str | None:
    if year is None or not first or not last:
        return None
    return f"{year}-{first:02d}..{year}-{last:02d}"


def _months_from_start(year: int | None, months: int) -> str | None:
    if year is None or not 1 <= months <= 12:
        return None
    special = {3: "Q1", 6: "H1"}
    if months == 12:
        return str(year)
    if months in special:
        return f"{year}-{special[months]}"
    return _month_range(year, 1, months)


@cache
def _compiled_periods():
    return _period_patterns()


_COMPARISON_BASE = re.compile(
    r"(?:(?<![\w-])чем|по\s+сравнению|в\s+сравнении|относительно|против|аналогичн\w+\s+период\w*)\s*(?:с\s+|со\s+)?$",
    re.I,
)


def find_periods(sentence_text: str, article_year: int | None = None) -> list[Period]:
    """The periods a sentence names, in order («за первый квартал 2025 года» -> 2025-Q1)."""
    found: list[Period] = []
    taken: list[tuple[int, int]] = []
    present: dict[re.Pattern, bool] = {}
    for pattern, normalize, needs in _compiled_periods():
        if needs not in present:
            present[needs] = needs.search(sentence_text) is not None
        if not present[needs]:
            continue
        for match in pattern.finditer(sentence_text):
            if any(match.start() < end and start < match.end() for start, end in taken):
                continue
            value = normalize(match, sentence_text, article_year)
            if value is None:
                continue
            text = match.group(0).lower()
            base = bool(_COMPARISON_BASE.search(sentence_text[: match.start()]))
            found.append(Period(match.start(), match.end(), value, target=text.startswith(("к ", "до ")), base=base))
            taken.append((match.start(), match.end()))
    return sorted(found, key=lambda p: p.start)


# ---------------------------------------------------------------- spans that are never figures


_CLOCK_TIMES = (
    re.compile(r"\d{1,2}[:.]\d{2}(?:\s*[–—-]\s*\d{1,2}[:.]\d{2})?\s*(?:ч\.|час)"),
    re.compile(r"\d{1,2}:\d{2}"),
)


@cache
def _day_month() -> re.Pattern:
    """«12 марта», «14–15 октября», «1-го мая»."""
    return re.compile(rf"\d{{1,2}}(?:\s*[–—-]\s*\d{{1,2}})?(?:-?го)?\s+{_month_pattern()}", re.I)


def _blocked_spans(text: str) -> list[tuple[int, int]]:
    """Phone numbers, day-month dates and clock times in a sentence."""
    patterns = (_PHONE, _day_month(), *_CLOCK_TIMES)
    return [m.span() for pattern in patterns for m in pattern.finditer(text)]


# ---------------------------------------------------------------- candidates


@dataclass(frozen=True)
class Candidate:
    start: int  # offsets inside the scanned window (sentence text + a little after)
    end: int
    number_start: int
    value: float
    unit: str
    kind: str | None = None  # fixed by the matcher (ordinal, anniversary, multiplier)
    value_max: float | None = None
    noun: int | None = None  # window offset of the counted noun («2 450 вагонов»)
    has_scale: bool = False
    by_word: bool = False  # the number is written in words


@dataclass(frozen=True)
class Window:
    """What the matchers see: the sentence text plus a few characters after it
    (razdel ends a sentence after «тыс.», so «150 тыс. TEU» crosses a boundary)."""

    text: str
    limit: int  # candidates must start before this (the sentence's own length)
    tokens: tuple[Token, ...]
    offset: int  # article offset of window position 0

    def token_at(self, position: int) -> int | None:
        for i, token in enumerate(self.tokens):
            if token.start - self.offset <= position < token.end - self.offset:
                return i
        return None

    def next_word(self, position: int) -> re.Match | None:
        return _NEXT_WORD.match(self.text, position)


def _counted_noun(window: Window, position: int) -> tuple[int, int] | None:
    """(start, end) of the noun a number counts, skipping up to two adjectives:
    «2 450 грузовых вагонов»."""
    lex = lexicon()
    for _ in range(4):
        word = window.next_word(position)
        if word is None:
            return None
        start, end = word.start(1), word.end(1)
        if start >= window.limit:
            return None  # a noun of the next sentence counts nothing here
        index = window.token_at(start)
        token = window.tokens[index] if index is not None else None
        pos = token.pos if token is not None else None
        options = parses(word.group(1).lower())
        is_noun = pos in _NOUNS or (pos is None and options and options[0].tag.POS == "NOUN")
        is_adjective = pos == "ADJ" or (pos in (None, "VERB") and options and options[0].tag.POS in ("ADJF", "PRTF"))
        if word.group(1).isupper() and len(word.group(1)) > 1 and pos in (None, "PROPN", "NOUN"):
            return None  # «5 ОТГ» is not a count of organisations
        if is_noun:
            lemma = fold(token.lemma) if token is not None else _lemmas(word.group(1))[0]
            if lemma in lex.not_counted_nouns or lemma in lex.number_scale_words:
                return None
            return start, end
        if not is_adjective:
            return None
        position = end
        joined = re.compile(r"(?:\s+и|,)(?=\s+[А-Яа-яЁё])").match(window.text, position)
        if joined:  # «30 научных и учебных центров»
            position = joined.end()
    return None


def _tail(window: Window, position: int) -> tuple[int, float, str | None, int | None, bool]:
    """After a number: (end, scale factor, unit or None, counted noun offset, has scale)."""
    lex = lexicon()
    factor, has_scale = 1.0, False
    for scale in lex.scales:
        match = scale.pattern.match(window.text, position)
        if match:
            factor, has_scale, position = scale.factor, True, match.end()
            break
    for unit in (*lex.currencies, *lex.units):
        match = unit.pattern.match(window.text, position)
        if match and (
            match.end() == len(window.text)
            or not window.text[match.end() - 1].isalpha()
            or not window.text[match.end()].isalpha()
        ):
            return match.end(), factor, unit.unit, None, has_scale
    noun = _counted_noun(window, position)
    if noun is not None:
        return noun[1], factor, "count", noun[0], has_scale
    return position, factor, None, None, has_scale


def _prefix_currency(window: Window, start: int) -> tuple[int, str] | None:
    before = window.text[:start]
    for currency in lexicon().currencies:
        for symbol in currency.before:
            stripped = before.rstrip(" \u00a0\u202f")
            if stripped.endswith(symbol) and len(before) - len(stripped) <= 1:
                return len(stripped) - len(symbol), currency.unit
    return None


def match_digit_numbers(window: Window) -> list[Candidate]:
    found = []
    for match in _NUMBER.finditer(window.text):
        if match.start() >= window.limit:
            break
        value = _number(match["num"])
        value_max = _number(match["num2"]) if match["num2"] else None
        end, factor, unit, noun, has_scale = _tail(window, match.end())
        compound = _compound_amount(window, end, factor) if has_scale and unit is None and value_max is None else None
        if compound is not None:  # «1 трлн 200 млрд тенге»
            extra, end, unit, noun = compound
            value += extra / factor
        start = match.start()
        prefix = _prefix_currency(window, match.start("num"))
        if prefix is not None and unit in (None, "count"):
            start, unit = prefix
            end, noun = (match.end() if not has_scale else _scale_end(window, match.end())), None
        if unit == "years" and (
            has_scale or (float(value).is_integer() and 1000 <= value <= 2100 and value_max is None)
        ):
            continue  # «2024 года» is a year
        if unit is None and not has_scale:
            unit, factor, has_scale = _unit_of_upper_bound(window, end, unit, factor, has_scale)
        if unit is None:
            unit = _exchange_rate_currency(window, match.start(), end)
            has_scale = has_scale or unit is not None
        low_factor = factor if value_max is None or value <= value_max else 1.0  # «от 300 до 3 тыс.»
        found.append(
            Candidate(
                start=start,
                end=end,
                number_start=match.start("num"),
                value=value * low_factor,
                unit=unit or "count",
                value_max=value_max * factor if value_max is not None else None,
                noun=noun,
                has_scale=has_scale or unit not in (None, "count"),
            )
        )
    return found


_COMPOUND_PART = re.compile(rf"{_SPACE}+(?P<num>\d{{1,3}}(?:,\d+)?)(?=\s)")


def _compound_amount(window: Window, position: int, factor: float) -> tuple[float, int, str | None, int | None] | None:
    """«1 трлн 200 млрд»: the smaller-scale part after a scaled number, with the unit
    after it: (value, end, unit, counted noun)."""
    match = _COMPOUND_PART.match(window.text, position)
    if match is None:
        return None
    end, part_factor, unit, noun, has_scale = _tail(window, match.end())
    if not has_scale or part_factor >= factor:
        return None
    return _number(match["num"]) * part_factor, end, unit, noun


def _unit_of_upper_bound(
    window: Window, position: int, unit: str | None, factor: float, has_scale: bool
) -> tuple[str | None, float, bool]:
    """«с 25 до 32%»: the first number takes the unit and scale of the second."""
    match = _TO_NUMBER.match(window.text, position)
    if match is None:
        return unit, factor, has_scale
    _, next_factor, next_unit, _, _ = _tail(window, match.end())
    if next_unit is None or next_unit == "count":
        return unit, factor, has_scale
    return next_unit, next_factor, True


_PER_CURRENCY = re.compile(r"\s*(?:за|к)\s+(?:1\s+)?(?:доллар|евро|рубл|юан|долл\.)", re.I)


def _exchange_rate_currency(window: Window, start: int, end: int) -> str | None:
    """«Тенге ослаб до 512 за доллар»: a rate is in the currency the sentence names before it."""
    if not _PER_CURRENCY.match(window.text, end):
        return None
    last = None
    for currency in lexicon().currencies:
        for match in re.finditer(currency.pattern.pattern.replace(r"\s*", "", 1), window.text[:start], re.I):
            if last is None or match.start() > last[0]:
                last = (match.start(), currency.unit)
    return last[1] if last else None


def _scale_end(window: Window, position: int) -> int:
    for scale in lexicon().scales:
        match = scale.pattern.match(window.text, position)
        if match:
            return match.end()
    return position


@lru_cache(maxsize=100_000)  # asked for every word of a sentence with a figure
def _number_word_value(word: str) -> tuple[str, float] | None:
    lex = lexicon()
    folded = fold(word)
    if folded in lex.number_words:
        return "unit", lex.number_words[folded]
    lemma = _first_lemma_in(word, "number_words")
    if lemma is not None and any(p.tag.POS in ("NUMR", "NOUN") for p in parses(word.lower())):
        return "unit", lex.number_words[lemma]
    lemma = _first_lemma_in(word, "number_scale_words")
    if lemma is not None:
        return "scale", lex.number_scale_words[lemma]
    return None


def _is_lone_scale(window: Window, word: re.Match) -> bool:
    """«тысячу подписей», «до миллиона» mean one thousand, one million; «тысячи людей»
    (plural) is vague unless a qualifier bounds it."""
    before = window.text[: word.start()]
    if re.search(r"\d[\s\u00a0\u202f]*$", before):
        return False
    if any(pattern.search(before) for pattern, _ in lexicon().qualifiers):
        return True
    options = [p for p in parses(word.group().lower()) if fold(p.normal_form) in lexicon().number_scale_words]
    return bool(options) and all("sing" in p.tag for p in options)


def _word_sequences(window: Window) -> list[tuple[int, int, float, bool]]:
    """Runs of number words: (start, end, value, ends with a scale word)."""
    runs = []
    words = list(_WORD.finditer(window.text))
    i = 0
    while i < len(words):
        first = _number_word_value(words[i].group())
        if first is None or words[i].start() >= window.limit:
            i += 1
            continue
        if first[0] == "scale":
            if _is_lone_scale(window, words[i]):
                runs.append((words[i].start(), words[i].end(), first[1], True))
            i += 1
            continue
        total, current, j, scaled = 0.0, 0.0, i, False
        while j < len(words):
            if j > i and window.text[words[j - 1].end() : words[j].start()].strip():
                break
            parsed = _number_word_value(words[j].group())
            if parsed is None:
                break
            kind, value = parsed
            if kind == "scale":
                total += max(current, 1.0) * value
                current, scaled = 0.0, True
            else:
                current += value
                scaled = False
            j += 1
        runs.append((words[i].start(), words[j - 1].end(), total + current, scaled))
        i = j
    return runs


def match_word_numbers(window: Window) -> list[Candidate]:
    """«четыре часа», «около полусотни», «более двух тысяч участников»."""
    found = []
    for start, end, value, scaled in _word_sequences(window):
        tail_end, factor, unit, noun, has_scale = _tail(window, end)
        found.append(
            Candidate(
                start=start,
                end=tail_end,
                number_start=start,
                value=value * factor,
                unit=unit or "count",
                noun=noun,
                has_scale=has_scale or scaled or unit not in (None, "count"),
                by_word=True,
            )
        )
    return found


def match_multipliers(window: Window) -> list[Candidate]:
    """«в 2,3 раза», «в семь раз», «в полтора раза», «вдвое»."""
    lex = lexicon()
    found = []
    for match in re.finditer(
        r"(?<![\w-])в\s+(?P<num>\d+(?:[.,]\d+)?|[а-яё]+)(?:\s+с\s+лишним)?\s+раз(?:а)?\b", window.text, re.I
    ):
        number = match["num"]
        value = _number(number) if number[0].isdigit() else (_number_word_value(number) or (None, None))[1]
        if value:
            found.append(Candidate(match.start(), match.end(), match.start("num"), value, "times", "multiplier"))
    for match in _WORD.finditer(window.text):
        lemma = _first_lemma_in(match.group(), "multiplier_words")
        value = lex.multiplier_words.get(lemma) if lemma else None
        if value:
            found.append(Candidate(match.start(), match.end(), match.start(), value, "times", "multiplier"))
    return found


def _event_noun_after(window: Window, position: int) -> int | None:
    """End offset of an event noun within three words after position («XII саммита»)."""
    for _ in range(3):
        word = window.next_word(position)
        if word is None:
            return None
        text = word.group(1)
        if _first_lemma_in(text, "ordinal_nouns") is not None:
            return word.end(1)
        options = parses(text.lower())
        if not options or (options[0].tag.POS not in ("ADJF", "PRTF") and not text[:1].isupper()):
            return None
        position = word.end(1)
    return None


def match_ordinals(window: Window) -> list[Candidate]:
    """Ordinals of events: «XII саммит», «7-я встреча», «двадцать пятой сессии»."""
    lex = lexicon()
    found = []
    for match in _ROMAN.finditer(window.text):
        roman = match["roman"].translate(_CYRILLIC_ROMAN)
        if _ROMAN_VALID.match(roman):
            end = _event_noun_after(window, match.end())
            if end is not None:
                found.append(Candidate(match.start(), end, match.start(), _roman_value(roman), "ordinal", "ordinal"))
    for match in _DIGIT_ORDINAL.finditer(window.text):
        end = _event_noun_after(window, match.end())
        if end is not None:
            found.append(Candidate(match.start(), end, match.start(), int(match["num"]), "ordinal", "ordinal"))
    words = list(_WORD.finditer(window.text))
    for i, word in enumerate(words):
        lemma = _first_lemma_in(word.group(), "ordinal_words")
        if (
            lemma is None
            or lex.ordinal_words[lemma] < 2
            or not any(p.tag.POS == "ADJF" and "Anum" in p.tag for p in parses(word.group().lower()))
        ):
            continue
        start, value = word.start(), lex.ordinal_words[lemma]
        if i > 0 and window.text[words[i - 1].end() : start].strip() == "":
            tens = lex.number_words.get(fold(words[i - 1].group()))
            if tens and tens >= 20 and tens % 10 == 0:
                start, value = words[i - 1].start(), value + tens
        end = _event_noun_after(window, word.end())
        if end is not None:
            found.append(Candidate(start, end, start, value, "ordinal", "ordinal"))
    return found


_COMPOUND_ADJECTIVE = re.compile(r"(?<![\w.,\-])(?P<num>\d+(?:,\d+)?)-(?P<kind>процентн|кратн)\w+", re.I)


def match_compound_adjectives(window: Window) -> list[Candidate]:
    """«15-процентная пошлина» -> 15 percent, «5-кратный рост» -> 5 times."""
    found = []
    for match in _COMPOUND_ADJECTIVE.finditer(window.text):
        percent = match["kind"].lower() == "процентн"
        unit, kind = ("percent", None) if percent else ("times", "multiplier")
        found.append(
            Candidate(match.start(), match.end(), match.start(), _number(match["num"]), unit, kind, has_scale=True)
        )
    return found


def match_anniversaries(window: Window) -> list[Candidate]:
    """«16-летие», «30-летия», «100-летний юбилей», «двадцатилетие»."""
    lex = lexicon()
    found = [
        Candidate(m.start(), m.end(), m.start(), int(m["num"]), "years", "anniversary")
        for m in _ANNIVERSARY.finditer(window.text)
    ]
    for word in _WORD.finditer(window.text):
        if lex.anniversary_stem not in fold(word.group()):
            continue
        lemma = _first_lemma_in(word.group(), "anniversary_words")
        if lemma is not None:
            found.append(
                Candidate(word.start(), word.end(), word.start(), lex.anniversary_words[lemma], "years", "anniversary")
            )
    return found


MATCHERS: tuple[Callable[[Window], list[Candidate]], ...] = (
    match_anniversaries,
    match_compound_adjectives,
    match_ordinals,
    match_multipliers,
    match_digit_numbers,
    match_word_numbers,
)


# ---------------------------------------------------------------- rejecters


@dataclass(frozen=True)
class Context:
    window: Window
    candidate: Candidate
    periods: list[Period]
    blocked: list[tuple[int, int]]
    qualifier: str | None

    def word_before(self, position: int | None = None) -> str:
        before = self.window.text[: self.candidate.start if position is None else position]
        words = re.findall(r"[\w№.]+", before[-40:])
        return words[-1] if words else ""


def _overlaps(start: int, end: int, spans) -> bool:
    return any(start < s_end and s_start < end for s_start, s_end in spans)


def is_in_period_or_date(ctx: Context) -> bool:
    c = ctx.candidate
    spans = [(p.start, p.end) for p in ctx.periods] + ctx.blocked
    return _overlaps(c.number_start, c.number_start + 1, spans)


def is_bare_year(ctx: Context) -> bool:
    c = ctx.candidate
    return (
        not c.by_word
        and c.kind is None
        and float(c.value).is_integer()
        and 1800 <= c.value <= 2100
        and c.unit in ("count", "years")
        and not c.has_scale
        and c.value_max is None
    )


def is_label(ctx: Context) -> bool:
    """«статья 5», «№ 12», «пункт 3.1»: a number that names, not counts. A number
    with a unit measures («на уровне 16,5%», «трасса в 5 км»): no label."""
    if ctx.candidate.kind is not None or ctx.candidate.unit != "count":
        return False
    lex = lexicon()
    before = ctx.window.text[: ctx.candidate.start].rstrip()
    if any(before.endswith(mark) for mark in lex.label_marks):
        return True
    word = ctx.word_before()
    return bool(word) and word[:1].isalpha() and _first_lemma_in(word.rstrip("."), "label_words") is not None


def is_weak_bare_number(ctx: Context) -> bool:
    """A number with no unit, no counted noun and no scale is a figure only after a
    cue verb or with a qualifier («составило 120», «более 300»)."""
    c = ctx.candidate
    if c.kind is not None or c.unit != "count" or c.noun is not None or c.has_scale:
        return False
    if ctx.qualifier not in (None, "до"):  # «до 29» alone is a bound of anything: ages, days, places
        return False
    before = ctx.window.text[: c.start]
    if re.search(r"(?<![\w-])(?:до|на)\s+$", before) and _is_level_reached(before):
        return False  # «увеличит число рейсов до 14»
    words = re.findall(r"[А-Яа-яЁё]+", before)[-2:]
    return not any(_first_lemma_in(w, "bare_number_cues") for w in words)


def is_small_word_count(ctx: Context) -> bool:
    """«две страны», «один из»: small numbers in words count things in passing."""
    c = ctx.candidate
    return (
        c.by_word
        and c.unit == "count"
        and not c.has_scale
        and ctx.qualifier is None
        and c.value < lexicon().small_number_words_need_unit
    )


def is_duration_ago(ctx: Context) -> bool:
    """«пять лет назад» says when, «три года подряд» how long a streak ran: not key figures."""
    return ctx.candidate.unit in ("years", "months", "days", "weeks") and bool(
        re.match(r"\s+(?:назад|подряд|спустя)", ctx.window.text[ctx.candidate.end :])
    )


def is_time_span(ctx: Context) -> bool:
    """«за пять лет», «за девять месяцев»: the span a change took; «через 12 лет»: when."""
    before = ctx.window.text[: ctx.candidate.start]
    if ctx.candidate.unit in ("years", "months", "weeks", "days") and re.search(
        r"(?<![\w-])(?:через|ближайшие|следующие|предстоящие|последние|прошедшие|минувшие)\s+$", before, re.I
    ):
        return True
    # «за девять месяцев» is the reporting period; «за 12 дней» may be a transit time, which is a figure
    return ctx.candidate.unit in ("years", "months") and bool(
        re.search(r"(?<![\w-])(?:за|в\s+течение)(?:\s+(?:последние|прошедшие|минувшие))?\s+$", before, re.I)
    )


_DOTTED_TIME = re.compile(r"(?:[01]?\d|2[0-3])\.[0-5]\d")
_TIME_AFTER = re.compile(r"\s+(?:по\s+[А-ЯЁ]\w+|по\s+(?:московскому|местному)\s+времени|мск\b)")


def is_clock_time(ctx: Context) -> bool:
    """«в 7 часов 15 минут», «в 19.30», «в 18.00 по Вашингтону» are times of day
    (a bare number with a dot: Russian writes decimals with a comma)."""
    c = ctx.candidate
    before = ctx.window.text[: c.start]
    time = _DOTTED_TIME.match(ctx.window.text, c.number_start)
    if c.unit == "count" and not c.has_scale and time and not ctx.window.text[time.end() : time.end() + 1].isdigit():
        after = ctx.window.text[time.end() :]
        return bool(re.search(r"(?<![\w-])(?:в|с|до|к|около)\s+$", before, re.I) or _TIME_AFTER.match(after))
    if c.unit == "hours":
        return bool(re.search(r"(?<![\w-])(?:в|с|до|к)\s+$", before, re.I))
    if c.unit == "minutes":
        return bool(re.search(r"(?<![\w-])(?:в|с|до|к)\s+\d{1,2}\s+час\w*\s+$", before, re.I))
    return False


def is_quoted_name(ctx: Context) -> bool:
    """«24 KZ», "7 небо": a number that opens a quoted name."""
    return ctx.candidate.kind is None and ctx.window.text[: ctx.candidate.start].endswith(("«", '"', "“", "„"))


def is_lone_scale_denominator(ctx: Context) -> bool:
    """«на тысячу жителей приходится 95 врачей», «8,2 на 1000 человек»: a
    per-capita base, not a figure."""
    c = ctx.candidate
    if re.search(r"\d\S*\s+на\s+$", ctx.window.text[: c.start]):
        return True
    return (
        c.by_word
        and c.start == c.number_start
        and bool(re.search(r"(?<![\w-])на\s+$", ctx.window.text[: c.start], re.I))
        and bool(re.match(r"(?:тысяч|миллион)", ctx.window.text[c.start :], re.I))
    )


def is_after_latin_name(ctx: Context) -> bool:
    """«Airbus 320», «Windows 11»: a number that is part of a name."""
    c = ctx.candidate
    if c.kind is not None or c.unit not in ("count",):
        return False
    return bool(re.search(r"(?<![\w-])[A-Z][A-Za-z]*[\s\u00a0]+$", ctx.window.text[: c.start]))


def is_list_marker(ctx: Context) -> bool:
    c = ctx.candidate
    return c.start == 0 and bool(re.match(r"\d+[.)]\s", ctx.window.text))


REJECTERS: tuple[Callable[[Context], bool], ...] = (
    is_in_period_or_date,
    is_bare_year,
    is_label,
    is_duration_ago,
    is_time_span,
    is_clock_time,
    is_quoted_name,
    is_after_latin_name,
    is_lone_scale_denominator,
    is_list_marker,
    is_weak_bare_number,
    is_small_word_count,
)


# ---------------------------------------------------------------- qualifier, kind, period


def find_qualifier(window: Window, candidate: Candidate) -> str | None:
    """The hedge right before a figure («около 2 тысяч» -> около)."""
    if candidate.kind in ("ordinal", "anniversary"):
        return None
    before = window.text[: candidate.start]
    for pattern, qualifier in lexicon().qualifiers:
        match = pattern.search(before)
        if not match:
            continue
        if qualifier == "до" and (
            _is_level_reached(before[: match.start()]) or re.search(r"(?<![\w-])(?:с|со|от)\s+\S*\d", before[-80:])
        ):
            return None  # «вырос до 5 млрд», «с 540 тыс. … до 410,5 тыс.»
        return qualifier
    return None


def _is_level_reached(before: str) -> bool:
    """«вырос до 5 млрд»: «до» gives the new level, it does not bound it."""
    words = re.findall(r"[А-Яа-яЁё]+", before)[-8:]
    return any(_first_lemma_in(w, "to_level_words") for w in words)


def _lemmas_before(tokens: Sequence[Token], index: int, span: int) -> set[str]:
    return {fold(t.lemma) for t in tokens[max(0, index - span) : index]}


def find_kind(
    window: Window, candidate: Candidate, first_token: int | None, subject_noun: str | None, period: Period | None
) -> str:
    if candidate.kind is not None:
        return candidate.kind
    lex = lexicon()
    if candidate.unit == "pp":
        return "change"
    before = window.text[: candidate.start]
    on_change = bool(re.search(r"(?<![\w-])на\s+$", before)) or (
        re.search(r"(?<![\w-])на\s+(?:[А-Яа-яЁё]+\s+)?$", before) is not None
    )
    tokens = window.tokens
    nearby = _lemmas_before(tokens, first_token, 40) if first_token is not None else set()
    compared = bool(re.match(r"\s*(?:больше|меньше|выше|ниже|дороже|дешевле)\b", window.text[candidate.end :]))
    if (on_change and (nearby & lex.change_words or compared)) or (subject_noun in lex.change_nouns):
        return "change"
    clause = clause_bounds(window.text, candidate.start, candidate.end)
    lemmas = {fold(t.lemma) for t in tokens if clause[0] <= t.start - window.offset < clause[1]}
    before_in_clause = {fold(t.lemma) for t in tokens if clause[0] <= t.start - window.offset < candidate.start}
    if candidate.unit == "percent" and before_in_clause & lex.change_nouns:
        return "change"  # «Рост ВВП составил 5%»
    if (period is not None and period.target) or lemmas & lex.target_words:
        return "target"
    if candidate.unit == "percent":
        return "share"
    if candidate.unit == "count":
        return "count"
    return "level"


_CLAUSE_BREAK = re.compile(
    r";|,\s+(?=(?:а|но|однако|тогда\s+как|в\s+то\s+время\s+как|при\s+этом|причем|причём|а\s+также)\s)"
    r"|»\s*,?\s*[—–-]\s",  # the end of a quote and its attribution: «…», — отметил X
    re.I,
)


def clause_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The clause of a sentence around [start, end): split at «;» and «, а / но / однако …»."""
    left, right = 0, len(text)
    for match in _CLAUSE_BREAK.finditer(text):
        if match.end() <= start:
            left = match.end()
        elif match.start() >= end:
            right = match.start()
            break
    return left, right


def nearest_period(
    periods: list[Period], start: int, end: int, clause: tuple[int, int] | None = None, carry_over: bool = True
) -> Period | None:
    """The period closest to the figure, in its own clause when that clause names one;
    ties go to the one before. carry_over=False: only its own clause's."""
    periods = [p for p in periods if not p.base]
    if clause is not None:
        own = [p for p in periods if clause[0] <= p.start and p.end <= clause[1]]
        # a period of an earlier clause carries over («В 2024 году экспорт вырос на 5%, а импорт —
        # на 3%»); one of a later clause does not
        periods = own or ([p for p in periods if p.end <= clause[0]] if carry_over else [])
    best, best_distance = None, None
    for period in periods:
        # Russian news names the period first («В 2024 году … составил»): one after counts less
        distance = start - period.end if period.end <= start else 3 * (period.start - end) + 0.5
        if distance < 0:
            continue
        if best_distance is None or distance < best_distance:
            best, best_distance = period, distance
    return best


# ---------------------------------------------------------------- subject


def _children(tokens: Sequence[Token], head: int) -> list[int]:
    return [i for i, t in enumerate(tokens) if t.head == head]


def _has_syntax(tokens: Sequence[Token]) -> bool:
    return any(t.rel for t in tokens)


def _is_modifier(token: Token) -> bool:
    """An adjective or an agreeing participle («зарегистрированных предприятий»)."""
    return token.pos in ("ADJ", "DET") or (token.pos == "VERB" and token.feat("Case") is not None)


def _genitive_complement(tokens: Sequence[Token], head: int) -> int | None:
    """The noun right after a head noun that depends on it without a preposition
    («экспорт угля», «объём взаимной торговли»)."""
    for child in _children(tokens, head):
        token = tokens[child]
        if (
            child > head
            and all(_is_modifier(tokens[k]) for k in range(head + 1, child))
            and token.pos in _NOUNS
            and token.rel in ("nmod", "obl")
            and not any(tokens[g].rel == "case" for g in _children(tokens, child))
        ):
            return child
    return None


def _noun_subject(tokens: Sequence[Token], noun: int, span: range = range(0), depth: int = 0) -> str | None:
    """What a noun phrase measures, lemmatized: «рост товарооборота» -> товарооборот,
    «объём взаимной торговли» -> объём торговля, «экспорт угля» -> экспорт уголь."""
    lex = lexicon()
    lemma = fold(tokens[noun].lemma)
    if lemma in lex.bad_subjects or tokens[noun].pos not in _NOUNS or not has_letter(lemma):
        return None
    complement = _genitive_complement(tokens, noun)
    if complement in span:
        complement = None
    if lemma in lex.change_nouns:  # «рост товарооборота» -> товарооборот; a bare «рост» says nothing
        return _noun_subject(tokens, complement, span, depth) if complement is not None else None
    if complement is not None and (
        lemma in lex.measure_nouns or (depth == 0 and _is_common_genitive(tokens[complement]))
    ):
        inner = _noun_subject(tokens, complement, span, depth + 1)
        return f"{_subject_word(tokens[noun])} {inner}" if inner else _subject_word(tokens[noun])
    return _subject_word(tokens[noun])


def _subject_word(token: Token) -> str:
    """A subject word is its lemma; an acronym stays as written (ОТГ, ТМТМ, not «отг»)."""
    letters = [ch for ch in token.text if ch.isalpha()]
    return token.text if len(letters) >= 2 and all(ch.isupper() for ch in letters) else token.lemma


_PROPER_NOUN = frozenset({"Geox", "Name", "Surn", "Patr", "Orgn", "Trad"})


@lru_cache(maxsize=20_000)
def subject_display(subject: str) -> str:
    """A subject as a reader sees it in a table: «экспорт уголь» -> «экспорт
    угля», «азербайджан» -> «Азербайджан». The subject stays the lemma key
    (the extraction contract, which compares and groups figures); the words
    after the first are the head's genitive complements, so they are shown in
    the genitive, and a place or a name gets its capital letter back."""
    return " ".join(_display_word(word, genitive=i > 0) for i, word in enumerate(subject.split()))


def _display_word(word: str, genitive: bool) -> str:
    if not word.islower():
        return word  # an acronym (ВВП, ОТГ) or a word as written
    lemmas = [p for p in parses(word) if p.normal_form == word and "nomn" in p.tag]
    if not lemmas:
        return word  # not a dictionary lemma: shown as found
    shown = word
    if genitive:
        form = inflected_word(lemmas[0], {"gent"})
        shown = form if form is not None else word
    # «Китай» is only ever a name; «роза», «лев», «орёл» are common nouns too: left as they are
    if all("Abbr" in p.tag for p in lemmas):
        return shown.upper()  # «сша» -> «США»
    proper = all(_PROPER_NOUN & p.tag.grammemes for p in lemmas)
    return shown[:1].upper() + shown[1:] if proper else shown


def _is_common_genitive(token: Token) -> bool:
    """«экспорт угля» keeps its complement; «товарооборот Казахстана», «ВРП области» do not."""
    return (
        token.pos == "NOUN"
        and token.feat("Case") == "Gen"
        and not token.text[:1].isupper()
        and fold(token.lemma) not in lexicon().owner_nouns
    )


def _relative_antecedent(tokens: Sequence[Token], pronoun: int) -> int | None:
    """«товарооборот, который … может достичь» -> товарооборот."""
    verb = tokens[pronoun].head
    for _ in range(3):
        if verb < 0:
            return None
        if tokens[verb].rel.startswith("acl"):
            return tokens[verb].head
        verb = tokens[verb].head
    return None


def _phrase_head(tokens: Sequence[Token], index: int) -> int:
    """Repairs a frequent parse slip: «Грузооборот порта достиг» parsed with the
    genitive «порта» as subject and «Грузооборот» as its modifier."""
    before = index - 1
    if (
        tokens[index].feat("Case") == "Gen"
        and before >= 0
        and tokens[before].pos in _NOUNS
        and tokens[before].feat("Case") == "Nom"
        and tokens[before].head == index
    ):
        return before
    return index


def _purpose(tokens: Sequence[Token], verb: int, children: list[int]) -> int | None:
    """«направят на реставрацию … 2,5 млрд» -> реставрация."""
    for child in children:
        if (
            tokens[child].rel == "obl"
            and tokens[child].pos in _NOUNS
            and fold(tokens[child].lemma) not in lexicon().frame_nouns
        ):
            marks = [fold(tokens[g].lemma) for g in _children(tokens, child) if tokens[g].rel == "case"]
            if marks == ["на"]:
                return child
    return None


def _clause_subject(tokens: Sequence[Token], verb: int, span: range, prefer_object: bool = False) -> int | None:
    """The subject of a clause; for a transitive change verb the thing changed
    («сократит путь на 40 минут» -> путь) and for an amount «на» the thing bought
    or sold («экспортировал газа на 6,3 млрд»); the object of an impersonal one."""
    children = [c for c in _children(tokens, verb) if c not in span]
    if fold(tokens[verb].lemma) in lexicon().allocation_verbs:
        purpose = _purpose(tokens, verb, children)
        if purpose is not None:
            return purpose  # «выделит на ремонт дорог 3,5 млрд сомов» -> ремонт дорога
    subject_inside = any(tokens[c].rel.startswith("nsubj") for c in _children(tokens, verb) if c in span)
    if subject_inside and not any(tokens[c].rel.startswith("nsubj") for c in children):
        return None  # the figure is the subject itself («выставку посетили сто тысяч человек»)
    objects = [
        c
        for c in children
        if tokens[c].rel == "obj" and tokens[c].pos in _NOUNS and fold(tokens[c].lemma) not in lexicon().bad_subjects
    ]
    if objects and (prefer_object or fold(tokens[verb].lemma) in lexicon().change_words):
        return objects[0]
    for child in sorted(children, key=lambda c: abs(c - verb)):  # the closest subject is the clause's own
        if tokens[child].rel.startswith("nsubj"):
            if fold(tokens[child].lemma) == "который":
                return _relative_antecedent(tokens, child)
            if tokens[child].pos in _NOUNS:
                return _phrase_head(tokens, child)
    if objects and tokens[verb].pos == "VERB":
        return objects[0]
    if tokens[verb].pos == "VERB":
        return _purpose(tokens, verb, children)
    return None


def _syntax_subject(tokens: Sequence[Token], span: range, amount_on: bool = False) -> str | None:
    lex = lexicon()
    inside = [i for i in span if tokens[i].head not in span]
    if not inside:  # the parse loops inside the figure («млн» <-> «сомов»): ask the sentence's root
        root = next((i for i, t in enumerate(tokens) if t.head < 0 and i not in span), None)
        subject = _clause_subject(tokens, root, span) if root is not None else None
        if subject is None or tokens[subject].rel == "obj":  # an object may well be what the figure counts
            return None
        return _noun_subject(tokens, subject)
    current = inside[-1]
    following = span.stop
    if (
        following < len(tokens)
        and tokens[following].head in span
        and tokens[following].pos in _NOUNS
        and tokens[following].feat("Case") == "Gen"
        and tokens[following].rel == "nmod"
        and fold(tokens[following].lemma) not in lex.share_bases
    ):
        return _noun_subject(tokens, following)  # «25% акций», «5 млрд долларов инвестиций»
    subject = _clause_subject(tokens, current, span)  # «Мощность … — 1 000 МВт»
    if subject is not None and tokens[subject].rel.startswith("nsubj"):
        return _noun_subject(tokens, subject)
    prefer_object = amount_on
    for _ in range(5):
        head = tokens[current].head
        if head < 0:
            return None
        token = tokens[head]
        loose = tokens[current].rel == "conj" or (tokens[current].rel == "parataxis" and token.feat("Case") != "Nom")
        if token.pos in _NOUNS and head not in span and not loose:
            if fold(token.lemma) in lex.frame_nouns and token.head >= 0:
                current, prefer_object = head, True  # «выделил 40 грантов на сумму …»
                continue
            found = _noun_subject(tokens, head)
            if found is not None:
                return found
        if token.pos in ("VERB", "AUX", "ADJ", "NUM", "ADV"):
            subject = _clause_subject(tokens, head, span, prefer_object)
            found = _noun_subject(tokens, subject) if subject is not None else None
            if found is not None:
                return found
        current = head
    return None


def _nearest_nominative(tokens: Sequence[Token], first: int) -> str | None:
    """Without a parse: the closest noun in the nominative before the figure."""
    for i in range(first - 1, -1, -1):
        if tokens[i].pos in _NOUNS and tokens[i].feat("Case") == "Nom":
            return _noun_subject(tokens, i)
    return None


_MEASURED_UNITS = frozenset({"tonnes", "kt", "TEU", "km", "ha", "cu m", "sq m", "MW", "GW", "kg", "barrels", "litres"})


def _since_the_day_of(tokens: Sequence[Token], after: int) -> int | None:
    """«550-летие со дня рождения поэта»: whose birth or founding it is («поэт»),
    as in «100-летие поэта», not the word the parse hangs the figure on. None
    when the phrase names nobody («к 85-летию со дня основания»)."""
    if after + 3 >= len(tokens) or fold(tokens[after].text) not in ("со", "с"):
        return None
    event, whose = tokens[after + 2], tokens[after + 3]  # «рождения», «поэта»
    if fold(tokens[after + 1].lemma) != "день" or event.feat("Case") != "Gen":
        return None
    if whose.pos not in _NOUNS or whose.feat("Case") != "Gen":
        return None
    last = after + 3
    while last + 1 < len(tokens) and whose.pos == "PROPN" and tokens[last + 1].pos == "PROPN":
        last += 1  # a person by the surname: «Александра Солженицына» -> Солженицын
    return last


def _is_money_unit(unit: str) -> bool:
    return unit.isupper() and unit.isalpha() and len(unit) == 3 and unit != "TEU"


def _noun_priced(tokens: Sequence[Token], first: int) -> int | None:
    """The common noun right before «в» and a sum: «кредит в 50 млн долларов»,
    «бюджет в 700 млрд» (not a verb's «обойдется в 75 млн»). Not a noun that
    frames the amount («на уровне в 10 тыс. рублей», «отметки в $48»), one
    the cost falls to («обойдется казне в…») or a hedge («по меньшей мере в…»)."""
    if first < 2 or fold(tokens[first - 1].text) != "в":
        return None
    noun = tokens[first - 2]
    if noun.pos != "NOUN" or noun.feat("Case") in ("Dat", "Loc") or fold(noun.lemma) in lexicon().frame_nouns:
        return None
    return first - 2


def _noun_after(tokens: Sequence[Token], index: int, not_before: int) -> int | None:
    """The genitive noun right after a figure, past its adjectives («тонны строительного металла»)."""
    while index < len(tokens) and _is_modifier(tokens[index]) and tokens[index].start >= not_before:
        index += 1
    if index < len(tokens) and tokens[index].start >= not_before and tokens[index].pos in _NOUNS:
        token = tokens[index]
        if token.feat("Case") == "Gen" or (token.pos == "PROPN" and token.text.isupper()):
            return index
    return None


def find_subject(window: Window, candidate: Candidate, span: range) -> str | None:
    tokens = window.tokens
    if candidate.kind == "anniversary" and span:
        complement = _since_the_day_of(tokens, span.stop)
        if complement is None:
            complement = _genitive_complement(tokens, span.stop - 1)
        if complement is None:
            complement = _noun_after(tokens, span.stop, window.offset + candidate.end)
        if complement is not None:
            return _noun_subject(tokens, complement, span)  # «к 30-летию независимости»
    if candidate.kind == "ordinal" and span:
        noun = next((i for i in reversed(span) if tokens[i].pos in _NOUNS), None)
        if noun is not None:
            return tokens[noun].lemma
    if candidate.noun is not None:
        index = window.token_at(candidate.noun)
        if index is not None:
            counted = _noun_subject(tokens, index) or tokens[index].lemma
            if fold(tokens[index].lemma) not in lexicon().generic_counted_nouns or not _has_syntax(tokens):
                return counted
            # «поток туристов превысил 1,5 млн человек»: the clause says what is counted
            return _syntax_subject(tokens, span) or counted
    if not span:
        return None
    priced = _noun_priced(tokens, span.start) if _is_money_unit(candidate.unit) else None
    priced_subject = _noun_subject(tokens, priced) if priced is not None else None
    if priced_subject is not None:
        return priced_subject  # «оборонный бюджет в 700 млрд долл.» -> бюджет
    if candidate.unit in _MEASURED_UNITS:
        material = _noun_after(tokens, span.stop, window.offset + candidate.end)
        if material is not None:
            return _noun_subject(tokens, material)  # «87,5 тыс. тонн грузов» -> груз
    if _has_syntax(tokens):
        amount_on = candidate.unit.isupper() and bool(re.search(r"(?<![\w-])на\s+$", window.text[: candidate.start]))
        return _syntax_subject(tokens, span, amount_on)
    return _nearest_nominative(tokens, span.start)


# ---------------------------------------------------------------- assembly


def _resolve_overlaps(candidates: list[Candidate]) -> list[Candidate]:
    """Matchers run in order of trust: a later candidate overlapping an earlier kept one goes."""
    kept: list[Candidate] = []
    for candidate in candidates:
        if not any(candidate.start < k.end and k.start < candidate.end for k in kept):
            kept.append(candidate)
    return kept


def _window(analysis: Analysis, position: int) -> Window:
    sentence = analysis.sentences[position]
    text = analysis.article.text
    stop = sentence.end
    if position + 1 < len(analysis.sentences):
        following = analysis.sentences[position + 1]
        paragraph_break = text.find("\n", sentence.end, following.end)
        stop = following.end if paragraph_break < 0 else paragraph_break
    stop = min(stop, sentence.end + 24)
    return Window(text[sentence.start : stop], len(sentence.text), sentence.tokens, sentence.start)


def _token_span(window: Window, start: int, end: int) -> range:
    indices = [
        i
        for i, t in enumerate(window.tokens)
        if start <= t.start - window.offset < end or t.start - window.offset <= start < t.end - window.offset
    ]
    return range(indices[0], indices[-1] + 1) if indices else range(0)


def _article_year(analysis: Analysis) -> int | None:
    date = analysis.article.date or ""
    return int(date[:4]) if re.match(r"\d{4}", date) else None


def _is_money(figure: Figure) -> bool:
    return _is_money_unit(figure.unit)


def _with_money_unit_of_previous(candidate: Candidate, previous: list[Figure], sentence: int) -> Candidate:
    """«около 4,5 млрд долл. из необходимых 6 млрд»: a bare scaled amount after a sum
    of money in the same sentence is money in the same currency; so is a bare billion
    within two sentences of one in the same paragraph («21 млрд из них пойдет на дороги»)."""
    if candidate.unit != "count" or candidate.noun is not None or not candidate.has_scale or not previous:
        return candidate
    last = previous[-1]
    if not _is_money(last):
        return candidate
    if last.sentence == sentence or (sentence - last.sentence <= 2 and candidate.value >= 1e9):
        return replace(candidate, unit=last.unit)
    return candidate


def _kept(analysis: Analysis, position: int) -> tuple[Window, list[Period], list[Context]]:
    """The sentence's window, its periods and the candidates no rejecter
    turns down, in text order. Neither reads the syntax parse, so what
    needs_syntax found for the same article and sentence is taken again
    (extract() asks before parsing and after), with this window's tokens."""
    sentence: Sentence = analysis.sentences[position]
    window = _window(analysis, position)
    if not might_hold_figure(sentence.text):
        return window, [], []
    key = (id(analysis.article), position)
    remembered = _KEPT.get(key)
    if remembered is not None and remembered[0] is analysis.article and remembered[1] == window.text:
        _, _, periods, found = remembered
        return window, periods, [replace(context, window=window) for context in found]
    periods = find_periods(sentence.text, _article_year(analysis))
    blocked = _blocked_spans(window.text)
    candidates = _resolve_overlaps([c for matcher in MATCHERS for c in matcher(window) if c.start < window.limit])
    kept = []
    for found in sorted(candidates, key=lambda c: c.start):
        context = Context(window, found, periods, blocked, find_qualifier(window, found))
        if not any(reject(context) for reject in REJECTERS):
            kept.append(context)
    _KEPT[key] = (analysis.article, window.text, periods, kept)
    while len(_KEPT) > _KEPT_SIZE:
        _KEPT.pop(next(iter(_KEPT)))  # the oldest: one article's sentences are asked about twice, close together
    return window, periods, kept


_KEPT: dict[tuple[int, int], tuple[object, str, list[Period], list[Context]]] = {}
_KEPT_SIZE = 4096


def needs_syntax(analysis: Analysis, position: int) -> bool:
    """Does the sentence hold a figure? Only then is its syntax parsed (for the
    figure's subject): which figures a sentence holds never depends on the parse."""
    return bool(_kept(analysis, position)[2])


def sentence_figures(analysis: Analysis, position: int, earlier: Sequence[Figure] = ()) -> list[Figure]:
    sentence: Sentence = analysis.sentences[position]
    window, periods, kept = _kept(analysis, position)
    nearby = [f for f in earlier if analysis.sentences[f.sentence].paragraph == sentence.paragraph]
    figures: list[Figure] = []
    for context in kept:
        found, qualifier = context.candidate, context.qualifier
        candidate = _with_money_unit_of_previous(found, [*nearby, *figures], sentence.index)
        span = _token_span(window, candidate.start, candidate.end)
        subject = find_subject(window, candidate, span)
        clause = clause_bounds(sentence.text, candidate.start, candidate.end)
        # an event's number or anniversary takes a period only from its own clause («XII саммит
        # в Габале» after a quote about 2027)
        own_only = candidate.kind in ("ordinal", "anniversary")
        period = nearest_period(periods, candidate.start, candidate.end, clause, carry_over=not own_only)
        kind = find_kind(window, candidate, span.start if span else None, subject, period)
        previous = figures[-1].subject if kind in ("change", "multiplier") and figures else None
        if previous is not None and (subject is None or _compares_previous(window, candidate)):
            subject = previous  # «составил 104,6 млрд долларов, что на 2,1% больше»
        figure_text = window.text[candidate.start : candidate.end].rstrip()
        figures.append(
            Figure(
                text=figure_text,
                start=window.offset + candidate.start,
                end=window.offset + candidate.start + len(figure_text),
                sentence=sentence.index,
                value=candidate.value,
                unit=candidate.unit,
                qualifier=qualifier,
                kind=kind,
                subject=subject,
                period=period.value if period is not None else None,
                value_max=candidate.value_max,
            )
        )
    return figures


_THAT_IS = re.compile(r"(?<![\w-])что\s+(?:на|в)\s+$")


def _compares_previous(window: Window, candidate: Candidate) -> bool:
    """«принял 1 200 студентов, что на 15% больше»: the change is the previous
    figure's, whatever the clause's grammatical subject («университет»)."""
    return _THAT_IS.search(window.text[: candidate.start]) is not None


def extract_figures(analysis: Analysis) -> tuple[Figure, ...]:
    """Every key figure of an article, in text order."""
    figures: list[Figure] = []
    for position in range(len(analysis.sentences)):
        figures.extend(sentence_figures(analysis, position, figures))
    return tuple(sorted(figures, key=lambda f: (f.start, f.end)))


__all__ = ["extract_figures", "find_periods", "might_hold_figure", "needs_syntax"]
