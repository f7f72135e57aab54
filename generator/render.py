"""Briefing -> the generator's part of a page: front-matter values and the
Markdown of each generated region. Article -> its source page. No disk I/O."""

from __future__ import annotations

from .extract import plain_number
from .markdown_text import escape, escape_cell, plain_title, safe_url
from .records import Article, Briefing, BriefingFigure, Extraction, Figure, SourceRef

TOPIC_KEYS = ("title", "description", "topic", "order", "tags", "keywords", "figures", "entities", "sources")
SOURCE_KEYS = ("title", "source_id", "date", "source", "url", "lang", "search")
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
}
_UNIT_NAMES = {
    "percent": "%",
    "pp": "п. п.",
    "times": "раза",
    "tonnes": "т",
    "km": "км",
    "ha": "га",
    "days": "дн.",
    "hours": "ч",
    "minutes": "мин",
    "years": "лет",
    "count": "",
}
_SCALES = ((1e12, "трлн"), (1e9, "млрд"), (1e6, "млн"), (1e3, "тыс."))
_ENTITY_TYPES = (("PER", "Люди"), ("LOC", "Места"), ("ORG", "Организации"))


def ru_number(value: float, digits: int = 2) -> str:
    """25.2 -> «25,2»; 2450 -> «2 450» (narrow no-break space), as Russian print does."""
    number = plain_number(round(value, digits))
    if isinstance(number, int):
        return f"{number:,}".replace(",", "\u202f")
    whole, _, frac = f"{number:.{digits}f}".rstrip("0").partition(".")
    whole = f"{int(whole):,}".replace(",", "\u202f")
    return f"{whole},{frac}" if frac else whole


def format_value(figure: Figure) -> str:
    """The value as a Russian reader writes it: «11,4 млрд долл.», «25,2 %», «XII»."""
    if figure.unit == "ordinal":
        return f"{int(figure.value)}-й"
    value, scale = figure.value, ""
    if figure.unit in _CURRENCY_NAMES or figure.unit in ("count", "tonnes", "TEU"):
        for factor, name in _SCALES:
            if abs(value) >= factor and (figure.unit in _CURRENCY_NAMES or factor >= 1e3):
                value, scale = value / factor, name
                break
    text = ru_number(value)
    if figure.value_max is not None:
        text = f"{text}–{ru_number(figure.value_max / (figure.value / value if value else 1))}"
    unit = _CURRENCY_NAMES.get(figure.unit, _UNIT_NAMES.get(figure.unit, figure.unit))
    parts = [p for p in (figure.qualifier, text, scale, unit) if p]
    return " ".join(parts).replace(" %", "\u202f%")


def source_link(ref: SourceRef, from_sources_dir: bool = False) -> str:
    prefix = "" if from_sources_dir else f"{SOURCES_DIR}/"
    return f"{prefix}{ref.article}.md#s-{ref.sentence}"


def _source_titles(briefing: Briefing) -> dict[str, str]:
    return {s.id: s.title for s in briefing.sources}


def _link(ref: SourceRef, titles: dict[str, str], label: str | None = None) -> str:
    return f"[{escape(label or titles.get(ref.article, ref.article))}]({source_link(ref)})"


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
    lines.append(f"Источников: {len(b.sources)} · ключевых цифр: {len(b.figures)}")
    return "\n".join(lines)


def _summary(b: Briefing, titles: dict[str, str]) -> str:
    if b.editor_summary:
        return "## Главное\n\n" + b.editor_summary  # the editor's Markdown, as written
    if not b.summary:
        return "## Главное\n\nПо этой теме в статьях пока ничего нет."
    lines = ["## Главное", ""]
    lines += [f"- {escape(s.text)} ({_link(s.ref, titles)})" for s in b.summary]
    return "\n".join(lines)


def _figures(b: Briefing, titles: dict[str, str]) -> str:
    if not b.figures:
        return "## Ключевые цифры\n\nЦифр по этой теме нет."
    lines = [
        "## Ключевые цифры",
        "",
        "| Значение | Что | Период | Как написано | Источник |",
        "| --- | --- | --- | --- | --- |",
    ]
    for item in b.figures:
        f = item.figure
        lines.append(
            f"| {escape_cell(format_value(f))} | {escape_cell(f.subject or '')} | {escape_cell(f.period or '')} "
            f"| {escape_cell(f.text)} | {_link(item.ref, titles)} |"
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
        lines += [f"> «{escape(q.text)}»{who} ({_link(q.ref, titles)})", ""]
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
        lines.append(
            f"    - {_link(ref, titles, f'{titles.get(ref.article, ref.article)}, предложение {ref.sentence}')}: "
            + ", ".join(escape(t) for t in terms)
        )
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
    for s in extraction.sentences:
        para = _paragraph_of(article, s.start)
        if paragraph is not None and para != paragraph and current:
            lines += [" ".join(current), ""]
            current = []
        paragraph = para
        if s.index == 0 and article.title:
            current.append(f'<span id="s-0"></span>**{escape(s.text)}**')
            continue
        topics = by_index[s.index].topics
        classes = " ".join(["sentence", *(f"t-{t}" for t in topics)])
        current.append(f'<span id="s-{s.index}" class="{classes}"></span>{escape(s.text)}')
    if current:
        lines.append(" ".join(current))
    return meta, "\n".join(lines).rstrip() + "\n"


def _paragraph_of(article: Article, offset: int) -> int:
    return article.text.count("\n", 0, offset)
