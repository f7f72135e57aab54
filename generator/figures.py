"""Key figures: money, percentages, ordinals of events, anniversaries, with
the period they refer to. (First cut: the figures issue grows it.)"""

from __future__ import annotations

import re

from .records import Analysis, Figure, Sentence

_NUMBER = r"\d+(?:[ \u00a0\u202f]\d{3})*(?:[.,]\d+)?"
_SCALES = {
    "трлн": 1e12,
    "триллион": 1e12,
    "млрд": 1e9,
    "миллиард": 1e9,
    "млн": 1e6,
    "миллион": 1e6,
    "тыс": 1e3,
    "тысяч": 1e3,
}
_CURRENCIES = {
    "доллар": "USD",
    "$": "USD",
    "евро": "EUR",
    "€": "EUR",
    "рубл": "RUB",
    "₽": "RUB",
    "тенге": "KZT",
    "₸": "KZT",
    "манат": "AZN",
    "сум": "UZS",
    "сом": "KGS",
    "лир": "TRY",
    "юан": "CNY",
}
_QUALIFIERS = ("около", "почти", "более", "свыше", "порядка", "до", "менее", "примерно")
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}

_MONEY = re.compile(
    rf"(?P<num>{_NUMBER})\s*(?P<scale>трлн|млрд|млн|тыс|триллион\w*|миллиард\w*|миллион\w*|тысяч\w*)?\.?\s*"
    r"(?P<cur>доллар\w*|евро|рубл\w*|тенге|манат\w*|сум\w*|сом\w*|лир\w*|юан\w*|\$|€|₽|₸)",
    re.I,
)
_PERCENT = re.compile(rf"(?P<num>{_NUMBER})\s*(?:%|процент\w*)", re.I)
_ORDINAL = re.compile(r"\b(?P<roman>[IVXLC]{1,7})\s+(?P<noun>саммит\w*|форум\w*|заседани\w*|съезд\w*|встреч\w*)")
_ANNIVERSARY = re.compile(r"\b(?P<num>\d{1,3})-(?:летие|летия|летию|летием|летии)\b", re.I)
_YEAR = re.compile(r"\b(?P<year>(?:19|20)\d{2})\s+год")
_QUARTER = re.compile(r"\b(?P<q>перв|втор|трет|четв[её]рт)\w*\s+квартал\w*\s+(?P<year>(?:19|20)\d{2})", re.I)
_CHANGE_WORDS = ("увелич", "вырос", "сократ", "снизи", "рост", "уменьш", "прирост")


def _number(text: str) -> float:
    return float(re.sub(r"[ \u00a0\u202f]", "", text).replace(",", "."))


def _roman(text: str) -> int:
    total = 0
    for i, ch in enumerate(text):
        value = _ROMAN[ch]
        total += -value if i + 1 < len(text) and _ROMAN[text[i + 1]] > value else value
    return total


def _qualifier(sentence_text: str, start: int) -> str | None:
    before = sentence_text[:start].split()
    if before and before[-1].lower() in _QUALIFIERS:
        return before[-1].lower()
    return None


def _period(sentence_text: str) -> str | None:
    quarter = _QUARTER.search(sentence_text)
    if quarter:
        q = {"перв": 1, "втор": 2, "трет": 3}.get(quarter.group("q").lower()[:4], 4)
        return f"{quarter.group('year')}-Q{q}"
    year = _YEAR.search(sentence_text)
    return year.group("year") if year else None


def _kind(sentence_text: str, start: int) -> str:
    before = sentence_text[:start].lower()
    return "change" if any(w in before[-40:] for w in _CHANGE_WORDS) and " на " in before[-8:] else "level"


def _currency(word: str) -> str:
    word = word.lower()
    for stem, code in _CURRENCIES.items():
        if word.startswith(stem):
            return code
    return word


def _scale(word: str | None) -> float:
    if not word:
        return 1.0
    word = word.lower()
    for stem, factor in _SCALES.items():
        if word.startswith(stem):
            return factor
    return 1.0


def _sentence_figures(sentence: Sentence) -> list[Figure]:
    text = sentence.text
    period = _period(text)
    found: list[Figure] = []

    def add(match, value, unit, kind, qualifier=None):
        found.append(
            Figure(
                text=match.group(0).strip(),
                start=sentence.start + match.start(),
                end=sentence.start + match.start() + len(match.group(0).strip()),
                sentence=sentence.index,
                value=value,
                unit=unit,
                qualifier=qualifier,
                kind=kind,
                period=period,
            )
        )

    for m in _MONEY.finditer(text):
        value = _number(m.group("num")) * _scale(m.group("scale"))
        add(m, value, _currency(m.group("cur")), _kind(text, m.start()), _qualifier(text, m.start()))
    for m in _PERCENT.finditer(text):
        add(m, _number(m.group("num")), "percent", _kind(text, m.start()), _qualifier(text, m.start()))
    for m in _ORDINAL.finditer(text):
        add(m, _roman(m.group("roman")), "ordinal", "ordinal")
    for m in _ANNIVERSARY.finditer(text):
        add(m, int(m.group("num")), "years", "anniversary")
    return found


def extract_figures(analysis: Analysis) -> tuple[Figure, ...]:
    figures = [f for s in analysis.sentences for f in _sentence_figures(s)]
    return tuple(sorted(figures, key=lambda f: (f.start, f.end)))
