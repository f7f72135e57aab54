"""People's names in the nominative, as a reader writes them.

natasha's tagger often calls an unknown Central Asian name nominative
(«Кубанычбеком Омуралиевым»), and pymorphy3 alone guesses each word on its
own. Here the words of one name are read together: for every case and gender
each word offers the nominative it would have (from pymorphy3's name and
surname parses, from ending rules, or as written when it does not inflect),
and the case and gender that explain the most words win. A hyphenated first
name inflects only in its last part («Касым-Жомарта» -> «Касым-Жомарт»).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from .morph import fold, has_letter, inflected_word, parses

CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")
GENDERS = ("masc", "femn")
_CASE_OF = {"gen1": "gent", "gen2": "gent", "loc2": "loct", "voct": "nomn", "acc2": "accs"}
_UD_CASE = {"Nom": "nomn", "Gen": "gent", "Dat": "datv", "Acc": "accs", "Ins": "ablt", "Loc": "loct"}
_UD_GENDER = {"Masc": "masc", "Fem": "femn"}
_NAME_TAGS = ("Name", "Surn", "Patr")
VOWELS = "аеёиоуыэюя"

# (ending, case, gender, replacement): an oblique ending and the nominative it comes from.
# A replacement "й" needs a vowel before it, "ь" and "" a consonant (checked in _rule_readings).
ENDING_RULES: tuple[tuple[str, str, str, str], ...] = (
    ("ого", "gent", "masc", "ий"),  # Макушинского -> Макушинский
    ("ого", "accs", "masc", "ий"),
    ("ому", "datv", "masc", "ий"),
    ("им", "ablt", "masc", "ий"),
    ("ым", "ablt", "masc", ""),  # Омуралиевым -> Омуралиев
    ("ом", "ablt", "masc", ""),  # Кубанычбеком -> Кубанычбек
    ("ем", "ablt", "masc", "й"),  # Алексеем -> Алексей
    ("ем", "ablt", "masc", "ь"),  # Игорем -> Игорь
    ("а", "gent", "masc", ""),  # Ильхама -> Ильхам
    ("а", "accs", "masc", ""),
    ("я", "gent", "masc", "й"),
    ("я", "accs", "masc", "й"),
    ("я", "gent", "masc", "ь"),  # Досталя -> Досталь
    ("я", "accs", "masc", "ь"),
    ("у", "datv", "masc", ""),
    ("ю", "datv", "masc", "й"),
    ("ю", "datv", "masc", "ь"),
    ("е", "loct", "masc", ""),
    # men's names in -а («Мустафа», «Хамза», «Муса») inflect like women's
    ("ы", "gent", "masc", "а"),
    ("ы", "accs", "masc", "а"),
    ("е", "datv", "masc", "а"),
    ("у", "accs", "masc", "а"),
    ("ой", "ablt", "masc", "а"),
    ("ской", "gent", "femn", "ская"),
    ("ской", "datv", "femn", "ская"),
    ("ской", "ablt", "femn", "ская"),
    ("ской", "loct", "femn", "ская"),
    ("скую", "accs", "femn", "ская"),
    ("ой", "gent", "femn", "а"),  # Лавриной -> Лаврина
    ("ой", "datv", "femn", "а"),
    ("ой", "ablt", "femn", "а"),
    ("ой", "loct", "femn", "а"),
    ("ии", "gent", "femn", "ия"),  # Анастасии -> Анастасия
    ("ии", "datv", "femn", "ия"),
    ("ии", "loct", "femn", "ия"),
    ("ию", "accs", "femn", "ия"),
    ("ией", "ablt", "femn", "ия"),
    ("ы", "gent", "femn", "а"),  # Гульнары -> Гульнара
    ("и", "gent", "femn", "а"),  # Ольги -> Ольга (after к, г, х and hushing consonants only)
    ("и", "gent", "femn", "ь"),  # Гузели -> Гузель
    ("и", "datv", "femn", "ь"),
    ("и", "loct", "femn", "ь"),
    ("ью", "ablt", "femn", "ь"),
    ("е", "datv", "femn", "а"),
    ("е", "loct", "femn", "а"),
    ("у", "accs", "femn", "а"),
)
VELAR_OR_HUSHING = "кгхжшчщ"
SOFT_SIGN_STEMS = "лвр"
# endings a nominative name rarely has: the word is almost surely inflected
OBLIQUE_ENDINGS = ("ым", "ом", "ем", "ой", "ией", "ию")
WEIGHT_DICTIONARY = 1.0  # a parse from pymorphy3's dictionary
WEIGHT_GUESS = 0.8  # pymorphy3's guess for an unknown word (it knows -ов/-ев surnames)
WEIGHT_RULE = 0.7  # an ending rule above
WEIGHT_AS_WRITTEN = 0.9  # the word as it stands, nominative
WEIGHT_AS_WRITTEN_OBLIQUE = 0.3  # the same, for a word with an oblique ending
WEIGHT_UNUSUAL = 0.5  # a man's name in -а/-я or a woman's in a consonant, as written: possible, rare
WEIGHT_INDECLINABLE = 0.6  # a word ending in a vowel («Чавушоглу», «Нуртлеу») may stay as written in any case
INDECLINABLE_ENDINGS = tuple("оуюиыеэ")
HINT_CASE = 0.3  # the tagger's case, when it agrees (it often calls an unknown name nominative)
HINT_GENDER = 0.4  # the tagger's gender, when it agrees (more reliable than its case)


@dataclass(frozen=True)
class Reading:
    case: str
    gender: str
    nominative: str  # lowercase
    weight: float


def _fits(stem: str, ending: str, replacement: str) -> bool:
    """Whether a stem can take this nominative ending: «й» after a vowel, «ь» and
    nothing after a consonant; «-и» is «-а» only after к, г, х and hushing consonants,
    and «-ь» only after л, в, р."""
    if len(stem) < 2:
        return False
    if ending == "и" and replacement == "а":
        return stem[-1] in VELAR_OR_HUSHING
    if ending == "и" and replacement == "ь":
        # Гузели, Любови, Эсфири: women's names in «-ь» end «-ль», «-вь», «-рь»; a
        # foreign name in «-си», «-ми» («Челси», «Рэмси», «Цуцуми») does not inflect
        return stem[-1] in SOFT_SIGN_STEMS
    if replacement == "й":
        return stem[-1] in VOWELS
    if replacement in ("", "ь"):
        return stem[-1] not in VOWELS and stem[-1] not in "ьъй"  # «Моуринью» is no «Моуриньь»
    return True


def _rule_readings(word: str) -> list[Reading]:
    return [
        Reading(case, gender, word[: -len(ending)] + replacement, WEIGHT_RULE)
        for ending, case, gender, replacement in ENDING_RULES
        if word.endswith(ending) and _fits(word[: -len(ending)], ending, replacement)
    ]


def _parse_readings(word: str) -> list[Reading]:
    found = []
    for parse in parses(word):
        tag = parse.tag
        if tag.POS != "NOUN" or "plur" in tag or not any(t in tag for t in _NAME_TAGS):
            continue
        case = _CASE_OF.get(tag.case, tag.case)
        genders = GENDERS if "ms-f" in tag else (tag.gender,)
        known = type(parse.methods_stack[0][0]).__name__ == "DictionaryAnalyzer"
        for gender in genders:
            if gender not in GENDERS:
                continue
            form = inflected_word(parse, {"nomn", "sing", gender})
            if form is None:
                form = inflected_word(parse, {"nomn"})
            if form is None:
                continue
            weight = WEIGHT_DICTIONARY if known else WEIGHT_GUESS
            found.append(Reading(case, gender, form, weight))
            if "Fixd" in tag:  # does not inflect: the same in every case
                found += [Reading(c, gender, word, weight) for c in CASES]
    return found


@lru_cache(maxsize=50_000)
def readings(word: str) -> tuple[Reading, ...]:
    """Every (case, gender, nominative) a name word could be, with how much to trust it."""
    word = word.lower()
    as_written = WEIGHT_AS_WRITTEN_OBLIQUE if word.endswith(OBLIQUE_ENDINGS) else WEIGHT_AS_WRITTEN
    found = [
        Reading("nomn", "masc", word, WEIGHT_UNUSUAL if word.endswith(("а", "я")) else as_written),
        Reading("nomn", "femn", word, WEIGHT_UNUSUAL if word[-1:] not in VOWELS else as_written),
    ]
    found += _parse_readings(word) + _rule_readings(word)
    if word.endswith(INDECLINABLE_ENDINGS):
        found += [Reading(c, g, word, WEIGHT_INDECLINABLE) for c in CASES[1:] for g in GENDERS]
    elif word[-1:] not in VOWELS and not word.endswith(OBLIQUE_ENDINGS):
        # a woman's surname in a consonant does not inflect: «Ольги Голодец», «Яны Вагнер»
        found += [Reading(c, "femn", word, WEIGHT_INDECLINABLE) for c in CASES[1:]]
    return tuple(found)


def _best(word: str, case: str, gender: str) -> Reading | None:
    options = [r for r in readings(word) if r.case == case and r.gender == gender]
    if not options:
        return None

    def rank(reading: Reading) -> tuple:
        # on a tie an oblique case prefers the form that changes (a dictionary «Fixd» reading is often a stray one)
        changed = reading.nominative != word.lower()
        return (reading.weight, changed == (case != "nomn"), reading.nominative)

    return max(options, key=rank)


def _restore(original: str, form: str) -> str:
    """The nominative in the writer's letters: keep the original's prefix
    (capitals, ё or е as written) and take only the new ending from form."""
    common = 0
    for a, b in zip(fold(original), fold(form), strict=False):
        if a != b:
            break
        common += 1
    return original[:common] + form[common:]


def _inflecting_part(word: str) -> tuple[str, str]:
    """('Касым-', 'Жомарта'): the fixed head of a hyphenated name and the part that inflects."""
    head, dash, tail = word.rpartition("-")
    return (head + dash, tail) if tail else ("", word)


def _is_name_word(word: str) -> bool:
    """A capitalised word of three letters or more. Shorter ones («Де», «Ла», «Ле»)
    and lowercase ones («фон», «оглы») are particles: kept as written, no vote on the case."""
    return word[:1].isupper() and len(word) > 2 and has_letter(word)


def person_nominative(words: Sequence[str], case_hint: str | None = None, gender_hint: str | None = None) -> str:
    """«Кубанычбеком», «Омуралиевым» -> «Кубанычбек Омуралиев». Particles
    («фон», «дер», «оглы») and words that are not names stay as written.
    case_hint / gender_hint: the tagger's Case and Gender (UD names), if any."""
    return _person_nominative(tuple(words), case_hint, gender_hint)


# A name recurs in an article and across articles: its 12 (case, gender) readings are weighed once.
@lru_cache(maxsize=50_000)
def _person_nominative(words: tuple[str, ...], case_hint: str | None, gender_hint: str | None) -> str:
    parts = [_inflecting_part(w) if _is_name_word(w) else None for w in words]
    inflecting = [p[1] for p in parts if p is not None]
    if not inflecting:
        return " ".join(words)
    hint_case, hint_gender = _UD_CASE.get(case_hint or ""), _UD_GENDER.get(gender_hint or "")
    best_score, best_combo = -1.0, ("nomn", "masc")
    for case in CASES:
        for gender in GENDERS:
            found = [_best(w, case, gender) for w in inflecting]
            score = sum(r.weight for r in found if r is not None)
            score += HINT_CASE * (case == hint_case) + HINT_GENDER * (gender == hint_gender)
            if score > best_score + 1e-9:
                best_score, best_combo = score, (case, gender)
    case, gender = best_combo
    out = []
    for word, part in zip(words, parts, strict=True):
        if part is None:
            out.append(word)
            continue
        head, tail = part
        reading = _best(tail, case, gender)
        out.append(head + (_restore(tail, reading.nominative) if reading else tail))
    return " ".join(out)


@lru_cache(maxsize=50_000)  # asked of every pair of people in an article
def surname_forms(word: str) -> frozenset[str]:
    """Every nominative a lone surname could stand for, folded: «Токаева» ->
    {токаева, токаев}. Used to join it to a full name in the same article."""
    return frozenset(fold(r.nominative) for r in readings(word) if r.weight >= WEIGHT_RULE)
