"""Briefing -> the generator's part of a page: front-matter values and the
Markdown of each generated region. Article -> its source page. No disk I/O."""

from __future__ import annotations

import re
from functools import cache, lru_cache

from .extract import plain_number
from .figures import lexicon
from .markdown_text import escape as _escape
from .markdown_text import escape_cell, link_title, plain_title, safe_url
from .records import Article, Briefing, BriefingFigure, Extraction, Figure, SourceRef

TOPIC_KEYS = ("title", "description", "topic", "order", "tags", "keywords", "figures", "entities", "sources")
SOURCE_KEYS = ("title", "source_id", "date", "source", "url", "lang", "search", "keywords", "entities")
REGIONS = ("header", "summary", "figures", "keywords", "entities", "quotes", "sources", "reasons")
SOURCES_DIR = "sources"

_CURRENCY_NAMES = {
    "USD": "долл.",
    "EUR": "евро",
    "RUB": "руб.",
    "KZT": "тенге",
    "AZN": "манатов",
    "UZS": "сумов",
    "KGS": "сомов",
    "TRY": "лир",
    "CNY": "юаней",
    "TMT": "туркм. манатов",
    "BYN": "бел. руб.",
    "TJS": "сомони",
    "GBP": "ф. ст.",
    "HUF": "форинтов",
    "GEL": "лари",
    "UAH": "грн",
    "JPY": "иен",
    "AED": "дирхамов",
    "SAR": "риялов",
    "INR": "рупий",
}
# every unit of generator/data/figures.yml as Russian print writes it (a test holds them in step)
_UNIT_NAMES = {
    "percent": "%",
    "pp": "п. п.",
    "times": "раза",
    "tonnes": "т",
    "kt": "кт",
    "TEU": "TEU",
    "km": "км",
    "km/h": "км/ч",
    "m": "м",
    "m/s": "м/с",
    "ha": "га",
    "sq m": "кв. м",
    "cu m": "куб. м",
    "MW": "МВт",
    "GW": "ГВт",
    "kW": "кВт",
    "kWh": "кВт·ч",
    "barrels": "барр.",
    "kg": "кг",
    "litres": "л",
    "days": "дн.",
    "weeks": "нед.",
    "months": "мес.",
    "hours": "ч",
    "minutes": "мин",
    "seconds": "с",
    "years": "лет",
    "count": "",
}
# units whose large values take a scale word: «1 трлн куб. м», «640 тыс. TEU», «1,2 млн»
_SCALED_UNITS = frozenset({"count", "tonnes", "TEU", "cu m", "sq m", "barrels", "kWh", "litres"})
_SCALES = ((1e12, "трлн"), (1e9, "млрд"), (1e6, "млн"), (1e3, "тыс."))
_MONTHS = ("янв.", "февр.", "март", "апр.", "май", "июнь", "июль", "авг.", "сент.", "окт.", "нояб.", "дек.")
_ROMAN = {"1": "I", "2": "II", "3": "III", "4": "IV"}
_SHORT_TITLE_WORDS = 7
_CONTEXT_WORDS = 6
_HEADER_FIGURES = 3
_SOURCE_KEYWORDS = 10
_ENTITY_TYPES = (("PER", "Люди"), ("LOC", "Места"), ("ORG", "Организации"))

# The same titles, terms and names recur all over a briefing (five times on
# average at a thousand sources): each is escaped once.
escape = lru_cache(maxsize=1 << 16)(_escape)


def ru_number(value: float, digits: int = 2) -> str:
    """25.2 -> «25,2»; 2450 -> «2 450» (narrow no-break space), as Russian print does."""
    number = plain_number(round(value, digits))
    if isinstance(number, int):
        return f"{number:,}".replace(",", "\u202f")
    whole, _, frac = f"{number:.{digits}f}".rstrip("0").partition(".")
    whole = f"{int(whole):,}".replace(",", "\u202f")
    return f"{whole},{frac}" if frac else whole


@cache
def _written_with_scale() -> re.Pattern:
    """Digits and a scale word of figures.yml, as the writer put them («38,6 тыс.
    тонн», «35 мрлд»; not «тысяча мужчин»)."""
    return re.compile(r"\d(?:" + "|".join(scale.pattern.pattern for scale in lexicon().scales) + ")", re.I)


def _scaled_count(value: float) -> bool:
    """Counts are written in full («2 450 вагонов») unless large or round («640 тыс.», «1,2 млн»)."""
    return abs(value) >= 1e6 or (abs(value) >= 1e4 and value % 1000 == 0)


def format_value(figure: Figure) -> str:
    """The value as a Russian reader writes it: «11,4 млрд долл.», «25,2 %», «XII»."""
    if figure.unit == "ordinal":
        return f"{int(figure.value)}-й"
    value, scale = figure.value, ""
    scaled = _scaled_count(value) or bool(_written_with_scale().search(figure.text))  # «38,6 тыс. т», as written
    if figure.unit in _CURRENCY_NAMES or (figure.unit in _SCALED_UNITS and scaled and abs(value) >= 1e3):
        for factor, name in _SCALES:
            if abs(value) >= factor:
                value, scale = value / factor, name
                break
    text = ru_number(value)
    if figure.value_max is not None:
        text = f"{text}–{ru_number(figure.value_max / (figure.value / value if value else 1))}"
    unit = _CURRENCY_NAMES.get(figure.unit, _UNIT_NAMES.get(figure.unit, figure.unit))
    if figure.unit in _AGREEING_UNITS and not scale:
        last = figure.value_max if figure.value_max is not None else figure.value  # «18–29 лет» agrees with 29
        unit = agreeing(last, _AGREEING_UNITS[figure.unit])
    parts = [p for p in (figure.qualifier, text, scale, unit) if p]
    # no-break spaces: «11,4 млрд долл.» never splits across lines
    return "\u00a0".join(parts).replace("\u00a0%", "\u202f%")


# a unit written as a word agrees with its number: «1 год», «3 года», «25 лет»
_AGREEING_UNITS = {"years": ("год", "года", "лет"), "times": ("раз", "раза", "раз")}


def agreeing(value: float, forms: tuple[str, str, str]) -> str:
    """The form of a noun after a number: «21 год», «23 года», «11 лет», «2,5 года»."""
    if not float(value).is_integer():
        return forms[1]
    n = abs(int(value))
    if n % 10 == 1 and n % 100 != 11:
        return forms[0]
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return forms[1]
    return forms[2]


def ru_period(period: str | None) -> str:
    """The period as a Russian reader writes it: 2025-Q1 -> «I кв. 2025»,
    2025-H1 -> «I полуг. 2025», 2025-03 -> «март 2025», 2024-01..2024-08 -> «янв. – авг. 2024»."""
    if not period:
        return ""
    if ".." in period:
        first_part, _, last_part = period.partition("..")
        start, end = ru_period(first_part), ru_period(last_part)
        first, last = start.rsplit(" ", 1), end.rsplit(" ", 1)
        if len(first) == 2 and len(last) == 2 and first[1] == last[1]:
            return f"{first[0]} – {end}"  # one year: «янв. – авг. 2024»
        return f"{start} – {end}"
    year, _, part = period.partition("-")
    if not part:
        return period
    if part[0] == "Q" and part[1:] in _ROMAN:
        return f"{_ROMAN[part[1:]]} кв. {year}"
    if part[0] == "H" and part[1:] in ("1", "2"):
        return f"{_ROMAN[part[1:]]} полуг. {year}"
    if part.isdigit() and 1 <= int(part) <= 12:
        return f"{_MONTHS[int(part) - 1]} {year}"
    return period


def short_title(title: str, words: int = _SHORT_TITLE_WORDS) -> str:
    parts = title.split()
    return " ".join(parts[:words]).rstrip(".,;:—–-") + ("…" if len(parts) > words else "")


def figure_context(item: BriefingFigure, words: int = _CONTEXT_WORDS) -> str:
    """What a figure measures when the extractor found no subject: the words
    before it in its sentence, «…планируемый рост товарооборота, который»."""
    text = item.sentence_text
    at = text.find(item.figure.text)
    before = text[:at].split() if at >= 0 else []
    if not before:
        return ""
    return ("…" if len(before) > words else "") + " ".join(before[-words:])


def escape_value(text: str) -> str:
    """A formatted value as Markdown, keeping its narrow no-break spaces
    («2 450», «25,2 %»): escape() would turn them into line-breaking ones."""
    return re.sub(r"[^\u00a0\u202f]+", lambda m: escape(m.group()), text)


def source_link(ref: SourceRef, from_sources_dir: bool = False) -> str:
    prefix = "" if from_sources_dir else f"{SOURCES_DIR}/"
    return f"{prefix}{ref.article}.md#s-{ref.sentence}"


def _source_titles(briefing: Briefing) -> dict[str, str]:
    return {s.id: s.title for s in briefing.sources}


def _link(ref: SourceRef, titles: dict[str, str], label: str | None = None) -> str:
    return f"[{escape(label or titles.get(ref.article, ref.article))}]({source_link(ref)})"


def _short_link(ref: SourceRef, titles: dict[str, str], label: str = "источник") -> str:
    """A short link to the sentence; the article title shows on hover."""
    title = link_title(f"{titles.get(ref.article, ref.article)}, предложение {ref.sentence}")
    return f'[{escape(label)}]({source_link(ref)} "{title}")'


def front_matter(briefing: Briefing, tags: int = 10) -> dict:
    """Generator-owned front-matter keys, in the order they are written."""
    return {
        "title": plain_title(briefing.title),
        "description": plain_title(briefing.description),
        "topic": briefing.topic_id,
        "order": briefing.order,
        "tags": [plain_title(k.term) for k in briefing.keywords[:tags]],  # Material prints tags unescaped
        "keywords": [
            {"term": k.term, "score": plain_number(round(k.score, 4)), "sources": k.sources} for k in briefing.keywords
        ],
        "figures": [_figure_data(f) for f in briefing.figures],
        "entities": [{"type": e.type, "name": e.name, "mentions": e.mentions} for e in briefing.entities],
        "sources": [
            {
                k: v
                for k, v in (
                    ("id", s.id),
                    ("title", plain_title(s.title)),
                    ("date", s.date),
                    ("source", s.source),
                    ("url", safe_url(s.url)),
                )
                if v is not None
            }
            for s in briefing.sources
        ],
    }


def _figure_data(item: BriefingFigure) -> dict:
    f = item.figure
    data = {
        "text": f.text,
        "value": plain_number(f.value),
        "unit": f.unit,
        "kind": f.kind,
        "qualifier": f.qualifier,
        "subject": f.subject,
        "period": f.period,
        "display": format_value(f),
        "when": ru_period(f.period) or None,
        "source": item.ref.article,
        "sentence": item.ref.sentence,
    }
    if f.value_max is not None:
        data["value_max"] = plain_number(f.value_max)
    return data


def regions(briefing: Briefing) -> dict[str, str]:
    """Region name -> its Markdown (no markers), one entry per name in REGIONS."""
    titles = _source_titles(briefing)
    return {
        "header": _header(briefing),
        "summary": _summary(briefing, titles),
        "figures": _figures(briefing, titles),
        "keywords": _keywords(briefing),
        "entities": _entities(briefing),
        "quotes": _quotes(briefing, titles),
        "sources": _sources(briefing),
        "reasons": _reasons(briefing, titles),
    }


def _header(b: Briefing) -> str:
    lines = [f"# {escape(b.title)}", ""]
    if b.description:
        lines += [escape(b.description), ""]
    facts = [f"Источников: {len(b.sources)}", f"ключевых цифр: {len(b.figures)}"]
    dates = sorted(s.date for s in b.sources if s.date)
    if dates:
        facts.append(f"последняя статья: {dates[-1]}")
    lines.append(" · ".join(facts))
    if b.figures:  # the numbers first: they are what a briefing is read for
        glance = []
        for item in _glance_figures(b.figures):
            what = f" {escape(item.figure.subject)}" if item.figure.subject else ""
            when = f" ({escape(ru_period(item.figure.period))})" if item.figure.period else ""
            glance.append(f"**{escape_value(format_value(item.figure))}**{what}{when}")
        lines += ["", "Главные цифры: " + " · ".join(glance)]
    return "\n".join(lines)


def _glance_figures(figures: tuple[BriefingFigure, ...]) -> list[BriefingFigure]:
    """The header's figures: the newest ones that say what they measure («25,2 %
    товарооборот»), then any; a bare «30 %» at the top of a page tells a reader nothing."""
    ranked = [f for f in figures if f.figure.subject] + [f for f in figures if not f.figure.subject]
    return ranked[:_HEADER_FIGURES]


def _summary(b: Briefing, titles: dict[str, str]) -> str:
    if b.editor_summary:
        return "## Главное\n\n" + b.editor_summary  # the editor's Markdown, as written
    if not b.summary:
        return "## Главное\n\nПо этой теме в статьях пока ничего нет."
    lines = ["## Главное", ""]
    lines += [f"- {escape(s.text)} {_short_link(s.ref, titles, '→ источник')}" for s in b.summary]
    return "\n".join(lines)


def _figures(b: Briefing, titles: dict[str, str]) -> str:
    if not b.figures:
        return "## Ключевые цифры\n\nЦифр по этой теме нет."
    lines = [
        "## Ключевые цифры",
        "",
        "| Значение | Что | Когда | Источник |",
        "| --- | --- | --- | --- |",
    ]
    for item in b.figures:
        f = item.figure
        what = escape(f.subject) if f.subject else f'<span class="context">{escape(figure_context(item))}</span>'
        lines.append(
            f"| **{escape_value(format_value(f))}** | {what} | {escape_cell(ru_period(f.period))} "
            f"| {_link(item.ref, titles, short_title(titles.get(item.ref.article, item.ref.article), 5))} |"
        )
    return "\n".join(lines)


def _keywords(b: Briefing) -> str:
    if not b.keywords:
        return "## Ключевые слова\n\nНет."
    return "## Ключевые слова\n\n" + " · ".join(escape(k.term) for k in b.keywords)


def _entities(b: Briefing) -> str:
    lines = ["## Люди, места, организации", ""]
    for kind, label in _ENTITY_TYPES:
        names = [e for e in b.entities if e.type == kind]
        if names:
            lines.append(f"**{label}:** " + ", ".join(f"{escape(e.name)} ({e.mentions})" for e in names))
            lines.append("")
    if len(lines) == 2:
        lines.append("Нет.")
    return "\n".join(lines).rstrip()


def _quotes(b: Briefing, titles: dict[str, str]) -> str:
    if not b.quotes:
        return "## Цитаты\n\nЦитат нет."
    lines = ["## Цитаты", ""]
    for q in b.quotes:
        who = f" — {escape(q.speaker)}" if q.speaker else ""
        lines += [f"> «{escape(q.text)}»{who} {_short_link(q.ref, titles, '→ источник')}", ""]
    return "\n".join(lines).rstrip()


def _sources(b: Briefing) -> str:
    if not b.sources:
        return "## Источники\n\nНет."
    lines = ["## Источники", ""]
    for s in b.sources:
        meta = ", ".join(escape(x) for x in (s.source, s.date) if x)
        meta = f" — {meta}" if meta else ""
        lines.append(f"1. [{escape(s.title)}]({SOURCES_DIR}/{s.id}.md){meta} · предложений по теме: {s.sentences}")
    return "\n".join(lines)


def _reasons(b: Briefing, titles: dict[str, str]) -> str:
    if not b.topic_reasons:
        return ""
    lines = ['??? note "Почему эти предложения отнесены к теме"', ""]
    for ref, terms in b.topic_reasons:
        label = f"{short_title(titles.get(ref.article, ref.article), 5)}, предложение {ref.sentence}"
        lines.append(f"    - {_link(ref, titles, label)}: " + ", ".join(escape(t) for t in terms))
    return "\n".join(lines)


def source_page(extraction: Extraction) -> tuple[dict, str]:
    """Front matter and Markdown body of an article's page: every sentence has
    the anchor ``s-<index>`` that briefings link to."""
    article: Article = extraction.article
    meta = {
        "title": plain_title(article.display_title),
        "source_id": article.id,
        "date": article.date,
        "source": article.source,
        "url": safe_url(article.url),
        "lang": article.lang if article.lang != "ru" else None,  # marks articles the Russian tools only partly read
        "search": {"boost": 0.5},
        # the site shows them under the title and puts them in the search index (site_hook.py)
        "keywords": [plain_title(k.term) for k in extraction.keywords[:_SOURCE_KEYWORDS]] or None,
        # the site's entity index and entity pages link every mention to its sentence
        "entities": [
            {"type": e.type, "name": plain_title(e.name), "sentences": sorted({m.sentence for m in e.mentions})}
            for e in sorted(extraction.entities, key=lambda e: (e.type, e.name))
        ]
        or None,
    }
    meta = {k: v for k, v in meta.items() if v is not None}
    lines = [f"# {escape(article.display_title)}", ""]
    facts = [escape(x) for x in (article.source, article.date) if x]
    url = safe_url(article.url)
    if url:
        facts.append(f"[оригинал]({url})")
    if facts:
        lines += [" · ".join(facts), ""]
    paragraph, current = None, []
    by_index = {s.index: s for s in extraction.sentences}
    text, para, counted = article.text, 0, 0
    for s in extraction.sentences:  # in reading order: the line breaks before each are counted on
        if s.start < counted:
            para, counted = 0, 0
        para += text.count("\n", counted, s.start)
        counted = s.start
        if paragraph is not None and para != paragraph and current:
            lines += [" ".join(current), ""]
            current = []
        paragraph = para
        if s.index == 0 and article.title:
            current.append(f'<span id="s-0">**{escape(s.text)}**</span>')
            continue
        topics = by_index[s.index].topics
        classes = " ".join(["sentence", *(f"t-{t}" for t in topics)])
        # the sentence inside its anchor: a link to it highlights the whole sentence
        current.append(f'<span id="s-{s.index}" class="{classes}">{escape(s.text)}</span>')
    if current:
        lines.append(" ".join(current))
    return meta, "\n".join(lines).rstrip() + "\n"
