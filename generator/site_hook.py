"""MkDocs hook: turns the generated pages in briefings/ into the site.

MkDocs loads this file by path (mkdocs.yml, ``hooks:``), so it imports only
the standard library, PyYAML and MkDocs: building the site never needs the
generator's NLP models. Everything below is read from the Markdown files in
briefings/ (their front matter and the sentence anchors of source pages).

- briefings/<topic>.md pages go into the navigation in their ``order``;
  briefings/sources/*.md (one per article) are built but kept out of the
  navigation, so a thousand sources do not put a thousand-entry menu on
  every page;
- site-wide views are generated here, at build time, from that data: the
  figures page (all key figures, sortable, with conflicts flagged and an SVG
  chart), the entity index with a page per frequent entity, and «Прочее»
  (sentences no topic claimed);
- the home page's placeholders become topic cards and the latest sources;
- Russian search: the search worker gets ё-folding and query stemming
  (docs/javascripts/search-ru-worker.js), and the search index is written as
  UTF-8 instead of ``\\uXXXX`` escapes.
"""

from __future__ import annotations

import html
import json
import logging
import os
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import yaml
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, InclusionLevel
from mkdocs.structure.nav import Section

log = logging.getLogger("mkdocs.hooks.briefings")

BRIEFINGS_DIR = "briefings"
SOURCES_DIR = "sources"
SECTION_TITLE = "Брифинги"
FIGURES_PAGE = "figures.md"
ENTITIES_DIR = "entities"
OTHER_PAGE = "other.md"
FREQUENT_ENTITY = 2  # mentions across all sources that earn an entity its own page
LATEST_SOURCES = 5
# Past these many sources (newest first) a page lists mentions and loose
# sentences as bare links, not quoted: every one stays linked, and a
# thousand-article site does not make megabyte pages.
QUOTED_SOURCES = 30
# Site-wide pages repeat sentences of topic and source pages: in search they
# must not outrank the pages they quote. Entity pages are found by their name
# (the title); their list of quoted sentences is left out of the index.
AGGREGATE_SEARCH = {"search": {"boost": 0.2}}
CARD_FIGURES = 3
# Top-level navigation order by source path; pages not listed follow, as MkDocs found them.
NAV_ORDER = ("index.md", BRIEFINGS_DIR, FIGURES_PAGE, f"{ENTITIES_DIR}/index.md", OTHER_PAGE, "tags.md")

SEARCH_WORKER_PATCH = "javascripts/search-ru-worker.js"
RUSSIAN_LANGUAGE_PACK = "assets/javascripts/lunr/min/lunr.ru.min.js"
SEARCH_INDEX = "search/search_index.json"
# Set to build the site with Material's search exactly as shipped (the browser
# tests measure what it scores on the same queries, for comparison).
PLAIN_SEARCH_ENV = "BRIEFINGS_MATERIAL_SEARCH"

_FRONT = re.compile(r"\A---[ \t]*\n(.*?)^---[ \t]*$\n?", re.S | re.M)
# A sentence on a source page: <span id="s-3" class="sentence t-economy">text</span>
# (article text is escaped, so a sentence never holds a raw "</span>").
_SENTENCE = re.compile(r'<span id="s-(\d+)"(?: class="([^"]*)")?>(.*?)</span>')
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|<>])")
_CURRENCY = re.compile(r"^[A-Z]{3}$")
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: 10x faster, same result


# --- reading briefings/ ---------------------------------------------------------------------------------------


@dataclass
class Topic:
    path: str  # site path, e.g. briefings/economy.md
    data: dict

    @property
    def id(self) -> str:
        return str(self.data.get("topic") or PurePosixPath(self.path).stem)

    @property
    def title(self) -> str:
        return str(self.data.get("title") or self.id)

    @property
    def order(self) -> int:
        value = self.data.get("order")
        return value if isinstance(value, int) else 10_000

    def items(self, key: str) -> list[dict]:
        value = self.data.get(key)
        return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


@dataclass
class Source:
    path: str  # site path, e.g. briefings/sources/<id>.md
    data: dict
    sentences: dict[int, tuple[str, tuple[str, ...]]] = field(default_factory=dict)  # index -> (markdown, topics)
    id: str = ""
    title: str = ""
    date: str = ""

    def __post_init__(self):
        self.id = str(self.data.get("source_id") or PurePosixPath(self.path).stem)
        self.title = str(self.data.get("title") or self.id)
        self.date = str(self.data.get("date") or "")


@dataclass
class Site:
    topics: list[Topic]
    sources: dict[str, Source]

    def topic_titles(self) -> dict[str, str]:
        return {t.id: t.title for t in self.topics}


def _briefings_root(config) -> Path:
    return Path(config.config_file_path).parent / BRIEFINGS_DIR


def _split_front(text: str) -> tuple[dict, str]:
    match = _FRONT.match(text)
    if not match:
        return {}, text
    try:
        data = yaml.load(match.group(1), Loader=_YAML_LOADER)
    except yaml.YAMLError:
        return {}, text[match.end() :]
    return (data if isinstance(data, dict) else {}), text[match.end() :]


def _front_matter(path: Path) -> dict:
    return _split_front(path.read_text("utf-8"))[0]


def _pages(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    return sorted(p for p in root.rglob("*.md") if not any(part.startswith(".") for part in p.relative_to(root).parts))


def source_sentences(body: str) -> dict[int, tuple[str, tuple[str, ...]]]:
    """Sentence index -> (its Markdown, its topics), read from the ``s-<index>``
    anchors a source page puts before every sentence."""
    found = {}
    for match in _SENTENCE.finditer(body):
        classes = (match.group(2) or "").split()
        topics = tuple(c[2:] for c in classes if c.startswith("t-"))
        text = match.group(3).strip()
        if text.startswith("**") and text.endswith("**"):
            text = text[2:-2]
        found[int(match.group(1))] = (text, topics)
    return found


def read_site(root: Path) -> Site:
    topics, sources = [], {}
    for path in _pages(root):
        rel = path.relative_to(root).as_posix()
        data, body = _split_front(path.read_text("utf-8"))
        site_path = f"{BRIEFINGS_DIR}/{rel}"
        if rel.startswith(f"{SOURCES_DIR}/"):
            source = Source(site_path, data, source_sentences(body))
            sources[source.id] = source
        elif "/" not in rel:
            topics.append(Topic(site_path, data))
    topics.sort(key=lambda t: (t.order, t.title))
    return Site(topics, sources)


# --- small formatting helpers ---------------------------------------------------------------------------------


def md_text(value) -> str:
    """Plain text -> Markdown that shows exactly that text."""
    text = re.sub(r"[ \t\r\n\f\v]+", " ", str(value)).strip()  # no-break spaces stay («25,2 %»)
    return _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(text, quote=False)).replace("\\&", "&")


def cell(value) -> str:
    return md_text(value) or "—"


def link(text: str, target: str, title: str | None = None) -> str:
    # parentheses as entities: Python-Markdown counts raw ones to find where a link ends
    tip = f' "{html.escape(title, quote=True).replace("(", "&#40;").replace(")", "&#41;")}"' if title else ""
    return f"[{text}]({target}{tip})"


def relative(target: str, from_page: str) -> str:
    """A docs-relative path as a link from another page (both are source paths)."""
    base = PurePosixPath(from_page).parent
    up = [".."] * len(base.parts)
    return "/".join([*up, target]) if up else target


def sentence_link(source_id: str, sentence: int, from_page: str) -> str:
    return relative(f"{BRIEFINGS_DIR}/{SOURCES_DIR}/{source_id}.md", from_page) + f"#s-{sentence}"


_TRANSLIT = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "д": "d",
    "е": "e",
    "ё": "e",
    "ж": "zh",
    "з": "z",
    "и": "i",
    "й": "y",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ф": "f",
    "х": "kh",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "shch",
    "ъ": "",
    "ы": "y",
    "ь": "",
    "э": "e",
    "ю": "yu",
    "я": "ya",
    "і": "i",
    "ї": "i",
    "є": "e",
    "ғ": "g",
    "қ": "q",
    "ң": "n",
    "ө": "o",
    "ұ": "u",
    "ү": "u",
    "һ": "h",
    "ә": "a",
}


def slug(name: str) -> str:
    """«Касым-Жомарт Токаев» -> «kasym-zhomart-tokaev»: Latin file names travel everywhere."""
    text = "".join(_TRANSLIT.get(ch, ch) for ch in name.lower())
    text = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    return text or "entity"


_MONTHS = ("янв.", "февр.", "март", "апр.", "май", "июнь", "июль", "авг.", "сент.", "окт.", "нояб.", "дек.")
_ROMAN = {"1": "I", "2": "II", "3": "III", "4": "IV"}


def ru_period(period) -> str:
    """2025-Q1 -> «I кв. 2025», 2024-01..2024-08 -> «янв. 2024 – авг. 2024», 2025-H1 -> «I полуг. 2025»."""
    if not period:
        return ""
    text = str(period)
    if ".." in text:
        start, _, end = text.partition("..")
        return f"{ru_period(start)} – {ru_period(end)}"
    if m := re.fullmatch(r"(\d{4})-Q([1-4])", text):
        return f"{_ROMAN[m.group(2)]} кв. {m.group(1)}"
    if m := re.fullmatch(r"(\d{4})-H([12])", text):
        return f"{_ROMAN[m.group(2)]} полуг. {m.group(1)}"
    if m := re.fullmatch(r"(\d{4})-(\d{2})", text):
        month = int(m.group(2))
        if 1 <= month <= 12:
            return f"{_MONTHS[month - 1]} {m.group(1)}"
    return text


def figure_value(figure: dict) -> str:
    return str(figure.get("display") or figure.get("text") or figure.get("value") or "")


def figure_when(figure: dict) -> str:
    return str(figure.get("when") or ru_period(figure.get("period")))


# --- figures across topics ------------------------------------------------------------------------------------


@dataclass
class SiteFigure:
    data: dict
    topics: list[str]

    @property
    def key(self) -> tuple:
        return (self.data.get("source"), self.data.get("sentence"), self.data.get("text"))


def site_figures(site: Site) -> list[SiteFigure]:
    """Every figure once, with the topics that list it; in topic order, then as listed."""
    found: dict[tuple, SiteFigure] = {}
    for topic in site.topics:
        for figure in topic.items("figures"):
            item = SiteFigure(figure, [])
            found.setdefault(item.key, item).topics.append(topic.id)
    return list(found.values())


def _number(value) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def conflicts(figures: list[SiteFigure]) -> list[list[SiteFigure]]:
    """Groups of figures with the same subject, period and unit whose values
    differ between sources: the reader must know the sources disagree."""
    groups: dict[tuple, list[SiteFigure]] = defaultdict(list)
    for item in figures:
        f = item.data
        subject, period = f.get("subject"), f.get("period")
        if not subject or not period or _number(f.get("value")) is None:
            continue
        key = (str(subject).lower().replace("ё", "е"), str(period), f.get("unit"), f.get("kind"))
        groups[key].append(item)
    found = []
    for key in sorted(groups, key=str):
        items = groups[key]
        values = {round(_number(i.data["value"]), 6) for i in items}
        sources = {i.data.get("source") for i in items}
        if len(values) > 1 and len(sources) > 1:
            found.append(items)
    return found


# --- the SVG chart --------------------------------------------------------------------------------------------

_PALETTE = ("#3f51b5", "#00897b", "#f4511e", "#8e24aa", "#fbc02d", "#546e7a", "#6d4c41", "#d81b60")


def money_chart(figures: list[SiteFigure], site: Site) -> str:
    """Money figures by topic and period as an inline SVG (no script, no CDN):
    one panel per currency, one bar per figure, grouped by period."""
    titles = site.topic_titles()
    colours = {t.id: _PALETTE[i % len(_PALETTE)] for i, t in enumerate(site.topics)}
    rows: dict[str, list[tuple[str, str, float, SiteFigure]]] = defaultdict(list)
    for item in figures:
        f = item.data
        value = _number(f.get("value"))
        unit = str(f.get("unit") or "")
        if value is None or value <= 0 or not _CURRENCY.match(unit) or f.get("kind") == "change":
            continue
        for topic in item.topics:
            rows[unit].append((str(f.get("period") or "9999"), topic, value, item))
    if not rows:
        return ""
    width, label_w, row_h, pad = 760, 230, 24, 8
    parts, y = [], pad
    for unit in sorted(rows, key=lambda u: (-len(rows[u]), u)):
        items = sorted(rows[unit], key=lambda r: (r[0], [t.id for t in site.topics].index(r[1]), -r[2]))
        top = max(r[2] for r in items)
        parts.append(f'<text x="0" y="{y + 14}" class="chart-unit">{html.escape(unit)}</text>')
        y += row_h
        for _period, topic, value, item in items:
            bar = max(2.0, (width - label_w - 150) * value / top)
            label = f"{figure_when(item.data) or 'без периода'} · {titles.get(topic, topic)}"
            tip = f"{figure_value(item.data)} — {item.data.get('subject') or item.data.get('text')}"
            parts.append(
                f"<g><title>{html.escape(tip)}</title>"
                f'<text x="{label_w - 8}" y="{y + 15}" text-anchor="end">{html.escape(label)}</text>'
                f'<rect x="{label_w}" y="{y + 4}" width="{bar:.1f}" height="{row_h - 8}" rx="2" '
                f'fill="{colours.get(topic, _PALETTE[0])}"/>'
                f'<text x="{label_w + bar + 6:.1f}" y="{y + 15}">{html.escape(figure_value(item.data))}</text></g>'
            )
            y += row_h
        y += pad
    height = y + pad
    return (
        f'<figure class="briefings-chart"><svg xmlns="http://www.w3.org/2000/svg" role="img" '
        f'viewBox="0 0 {width} {height}" width="100%" aria-label="Денежные показатели по темам и периодам">'
        + "".join(parts)
        + "</svg><figcaption>Денежные показатели по темам и периодам (линейная шкала в пределах валюты; "
        "наведите на полосу, чтобы увидеть, что измерено).</figcaption></figure>"
    )


# --- generated pages ------------------------------------------------------------------------------------------


def _page(title: str, lines: list[str], extra: dict | None = None) -> str:
    front = yaml.safe_dump({"title": title, **(extra or {})}, allow_unicode=True, sort_keys=False)
    return f"---\n{front}---\n\n" + "\n".join(lines).rstrip() + "\n"


def _source_ref(site: Site, source_id: str, sentence, from_page: str, label: str | None = None) -> str:
    source = site.sources.get(source_id)
    title = source.title if source else source_id
    if not isinstance(sentence, int) or source is None or sentence not in source.sentences:
        target = relative(f"{BRIEFINGS_DIR}/{SOURCES_DIR}/{source_id}.md", from_page)
        return link(md_text(label or title), target) if source else md_text(title)
    target = sentence_link(source_id, sentence, from_page)
    return link(md_text(label or title), target, f"{title}, предложение {sentence}")


def figures_page(site: Site) -> str:
    page = FIGURES_PAGE
    figures = site_figures(site)
    titles = site.topic_titles()
    topic_paths = {t.id: t.path for t in site.topics}
    clashes = conflicts(figures)
    clashing = {item.key for group in clashes for item in group}
    lines = [
        "# Ключевые цифры",
        "",
        "Все цифры из брифингов: значение, что измерено, период и предложение статьи, из которого цифра взята. "
        "Нажмите на заголовок столбца, чтобы отсортировать таблицу (например, по теме или периоду).",
        "",
    ]
    chart = money_chart(figures, site)
    if chart:
        lines += ["## Деньги по темам и периодам", "", chart, ""]
    if clashes:
        lines += ['!!! warning "Источники расходятся"', ""]
        for group in clashes:
            first = group[0].data
            values = "; ".join(
                f"{md_text(figure_value(i.data))} ({_source_ref(site, i.data['source'], i.data.get('sentence'), page)})"
                for i in group
            )
            lines.append(f"    - **{md_text(first.get('subject'))}**, {md_text(figure_when(first))}: {values}")
        lines.append("")
    if not figures:
        return _page("Ключевые цифры", [*lines, "Цифр пока нет: запустите `briefings build`."], AGGREGATE_SEARCH)
    lines += [
        "## Все цифры",
        "",
        '<div class="sortable" markdown>',
        "",
        "| Значение | Что | Период | Тема | Источник |",
        "| --- | --- | --- | --- | --- |",
    ]
    for item in figures:
        f = item.data
        value = _number(f.get("value"))
        sort_key = f"{f.get('unit') or ''}:{value:020.4f}" if value is not None else ""
        mark = " ⚠" if item.key in clashing else ""
        topics = ", ".join(link(md_text(titles.get(t, t)), relative(topic_paths[t], page)) for t in item.topics)
        what = cell(f.get("subject")) if f.get("subject") else _context(site, f)
        source = site.sources.get(f.get("source"))
        label = short_title(source.title) if source else None
        lines.append(
            f'| <span data-sort="{html.escape(sort_key)}">{cell(figure_value(f))}</span>{mark} | {what} '
            f'| <span data-sort="{html.escape(str(f.get("period") or "9999"))}">{cell(figure_when(f))}</span> '
            f"| {topics} | {_source_ref(site, f.get('source'), f.get('sentence'), page, label)} |"
        )
    lines += ["", "</div>"]
    return _page("Ключевые цифры", lines, AGGREGATE_SEARCH)


def short_title(title: str, words: int = 5) -> str:
    parts = title.split()
    return " ".join(parts[:words]).rstrip(".,;:—–-") + ("…" if len(parts) > words else "")


def _context(site: Site, figure: dict, words: int = 6) -> str:
    """What a figure without a subject measures: the words before it in its sentence."""
    source = site.sources.get(figure.get("source"))
    sentence = source.sentences.get(figure.get("sentence"), ("", ()))[0] if source else ""
    at = sentence.find(md_text(figure.get("text") or "")) if sentence else -1
    before = sentence[:at].split() if at > 0 else []
    if not before:
        return "—"
    return '<span class="context">' + ("…" if len(before) > words else "") + " ".join(before[-words:]) + "</span>"


@dataclass
class SiteEntity:
    type: str
    name: str
    mentions: list[tuple[str, int]]  # (source id, sentence)
    slug: str = ""


_ENTITY_TYPES = (("PER", "Люди"), ("LOC", "Места"), ("ORG", "Организации"))
_ENTITY_TYPE_ONE = {"PER": "Человек", "LOC": "Место", "ORG": "Организация"}


def site_entities(site: Site) -> list[SiteEntity]:
    """Entities of all source pages, merged by type and name (case and ё ignored)."""
    merged: dict[tuple[str, str], SiteEntity] = {}
    for source_id in sorted(site.sources):
        source = site.sources[source_id]
        entities = source.data.get("entities")
        for entity in entities if isinstance(entities, list) else []:
            if not isinstance(entity, dict) or not entity.get("name"):
                continue
            kind, name = str(entity.get("type") or ""), str(entity["name"])
            key = (kind, name.lower().replace("ё", "е"))
            item = merged.setdefault(key, SiteEntity(kind, name, []))
            sentences = entity.get("sentences")
            for sentence in sentences if isinstance(sentences, list) else []:
                if isinstance(sentence, int) and (source_id, sentence) not in item.mentions:
                    item.mentions.append((source_id, sentence))
    entities = sorted(merged.values(), key=lambda e: (-len(e.mentions), e.type, e.name))
    taken: dict[str, int] = {}
    for entity in entities:  # two names with one transliteration get distinct pages
        base = slug(entity.name)
        count = taken.get(base, 0)
        taken[base] = count + 1
        entity.slug = f"{base}-{count + 1}" if count else base
    return entities


def entity_page_path(entity: SiteEntity) -> str:
    return f"{ENTITIES_DIR}/{entity.slug or slug(entity.name)}.md"


def entity_index_page(site: Site, entities: list[SiteEntity]) -> str:
    page = f"{ENTITIES_DIR}/index.md"
    lines = [
        "# Люди, места, организации",
        "",
        f"Кто и что упоминается в статьях. У названных чаще {FREQUENT_ENTITY - 1} раза есть своя страница "
        "со всеми упоминаниями; у остальных — ссылки прямо на предложения.",
        "",
    ]
    if not entities:
        lines.append("Пока никого: запустите `briefings build`.")
        return _page("Люди, места, организации", lines, AGGREGATE_SEARCH)
    for kind, label in _ENTITY_TYPES:
        group = [e for e in entities if e.type == kind]
        if not group:
            continue
        lines += [f"## {label}", ""]
        for entity in group:
            count = len(entity.mentions)
            if count >= FREQUENT_ENTITY:
                target = relative(entity_page_path(entity), page)
                lines.append(f"- {link(md_text(entity.name), target)} — упоминаний: {count}")
            else:
                refs = ", ".join(_source_ref(site, s, i, page, "упоминание") for s, i in entity.mentions)
                lines.append(f"- {md_text(entity.name)} — {refs}")
        lines.append("")
    return _page("Люди, места, организации", lines, AGGREGATE_SEARCH)


def entity_page(site: Site, entity: SiteEntity) -> str:
    page = entity_page_path(entity)
    label = _ENTITY_TYPE_ONE.get(entity.type, entity.type)
    lines = [
        f"# {md_text(entity.name)}",
        "",
        f"{label} · упоминаний: {len(entity.mentions)} · "
        + link("все люди, места и организации", relative(f"{ENTITIES_DIR}/index.md", page)),
        "",
    ]
    by_source: dict[str, list[int]] = defaultdict(list)
    for source_id, sentence in entity.mentions:
        by_source[source_id].append(sentence)
    lines += ['<div class="mentions" data-search-exclude markdown>', ""]
    quoted, older = 0, []
    for source_id in sorted(by_source, key=lambda s: (_neg(site.sources[s].date) if s in site.sources else "", s)):
        source = site.sources.get(source_id)
        if source is None:
            continue
        meta = ", ".join(md_text(x) for x in (source.data.get("source"), source.date) if x)
        target = relative(source.path, page)
        heading = f"**{link(md_text(source.title), target)}**" + (f" — {meta}" if meta else "")
        if quoted >= QUOTED_SOURCES:
            refs = ", ".join(_source_ref(site, source_id, i, page, str(i)) for i in sorted(by_source[source_id]))
            older.append(f"- {heading}: {refs}")
            continue
        quoted += 1
        lines += [heading, ""]
        for sentence in sorted(by_source[source_id]):
            text = source.sentences.get(sentence, ("", ()))[0]
            lines.append(f"- {text} {_source_ref(site, source_id, sentence, page, '→ в статье')}")
        lines.append("")
    if older:
        lines += ["**Более ранние статьи** (номера предложений с упоминанием):", "", *older, ""]
    lines.append("</div>")
    return _page(entity.name, lines)


def _neg(date: str) -> str:
    return "".join(chr(0x10FFFF - ord(c)) for c in date) if date else "\U0010ffff"


def other_page(site: Site) -> str:
    page = OTHER_PAGE
    lines = [
        "# Прочее",
        "",
        "Предложения, которые не отнесены ни к одной теме. Они не пропадают: здесь их можно прочесть "
        "и, если тема упущена, дополнить словарь темы в `briefings.yml`.",
        "",
    ]
    count, older = 0, []
    for source in sorted(site.sources.values(), key=lambda s: (_neg(s.date), s.id)):
        loose = [i for i, (_, topics) in sorted(source.sentences.items()) if i > 0 and not topics]
        if not loose:
            continue
        count += len(loose)
        title = link(md_text(source.title), relative(source.path, page))
        if len(older) or count > QUOTED_SOURCES * 10:  # older articles: links to the sentences only
            older.append(f"- {title}: " + ", ".join(link(str(i), sentence_link(source.id, i, page)) for i in loose))
            continue
        lines += [f"## {title}", ""]
        for index in loose:
            text = source.sentences[index][0]
            lines.append(f"- {text} {link('→', sentence_link(source.id, index, page), f'предложение {index}')}")
        lines.append("")
    if older:
        lines += ["## Более ранние статьи", "", "Номера предложений без темы:", "", *older, ""]
    if not count:
        lines.append("Таких предложений нет: каждое отнесено к какой-нибудь теме.")
    return _page("Прочее", lines, AGGREGATE_SEARCH)


# --- home page ------------------------------------------------------------------------------------------------


def topic_cards(site: Site) -> str:
    if not site.topics:
        return "Брифингов пока нет: запустите `briefings build`."
    cards = ['<div class="grid cards briefings-cards" markdown>', ""]
    for topic in site.topics:
        sources = topic.items("sources")
        figures = topic.items("figures")
        newest = sorted(sources, key=lambda s: (_neg(str(s.get("date") or "")), str(s.get("title"))))
        lines = [f"-   **{link(md_text(topic.title), topic.path)}**", ""]
        if topic.data.get("description"):
            lines += [f"    {md_text(topic.data['description'])}", ""]
        lines += [f"    Источников: **{len(sources)}** · ключевых цифр: **{len(figures)}**", ""]
        if newest:
            first = newest[0]
            target = f"{BRIEFINGS_DIR}/{SOURCES_DIR}/{first.get('id')}.md"
            title = link(md_text(first.get("title") or first.get("id")), target)
            if first.get("date"):
                lines += [f"    Новое: {md_text(first['date'])} — {title}", ""]
            else:  # undated articles: no claim about what is new
                lines += [f"    Статья: {title}", ""]
        for figure in figures[:CARD_FIGURES]:
            what = figure.get("subject") or ""
            when = figure_when(figure)
            tail = ", ".join(md_text(x) for x in (what, when) if x)
            lines.append(f"    - **{md_text(figure_value(figure))}**" + (f" — {tail}" if tail else ""))
        cards += [*lines, ""]
    cards.append("</div>")
    return "\n".join(cards)


def latest_sources(site: Site, count: int = LATEST_SOURCES) -> str:
    sources = sorted(site.sources.values(), key=lambda s: (_neg(s.date), s.title))[:count]
    if not sources:
        return "Статей пока нет."
    lines = []
    for source in sources:
        meta = ", ".join(md_text(x) for x in (source.data.get("source"), source.date) if x)
        lines.append(f"- {link(md_text(source.title), source.path)}" + (f" — {meta}" if meta else ""))
    return "\n".join(lines)


# --- MkDocs events --------------------------------------------------------------------------------------------


def _plain_search() -> bool:
    return os.environ.get(PLAIN_SEARCH_ENV, "") not in ("", "0")


@event_priority(100)  # before the search plugin reads its settings
def on_config(config):
    if _plain_search():
        search = config.plugins.get("material/search") or config.plugins.get("search")
        if search is not None:  # unset: the plugin fills in Material's defaults
            search.config.pipeline = None
            search.config.separator = None
    return config


_BUILD: dict[str, object] = {}  # what on_files read, for the later events of the same build


def on_files(files, config):
    root = _briefings_root(config)
    for path in _pages(root):
        rel = path.relative_to(root).as_posix()
        in_sources = rel.startswith(f"{SOURCES_DIR}/")
        files.append(
            File.generated(
                config,
                f"{BRIEFINGS_DIR}/{rel}",
                abs_src_path=str(path),
                inclusion=InclusionLevel.NOT_IN_NAV if in_sources else InclusionLevel.UNDEFINED,
            )
        )
    site = read_site(root)
    _BUILD["site"] = site
    files.append(File.generated(config, FIGURES_PAGE, content=figures_page(site)))
    files.append(File.generated(config, OTHER_PAGE, content=other_page(site)))
    entities = site_entities(site)
    _BUILD["entities"] = entities
    files.append(File.generated(config, f"{ENTITIES_DIR}/index.md", content=entity_index_page(site, entities)))
    for entity in entities:
        if len(entity.mentions) >= FREQUENT_ENTITY:
            files.append(
                File.generated(
                    config,
                    entity_page_path(entity),
                    content=entity_page(site, entity),
                    inclusion=InclusionLevel.NOT_IN_NAV,
                )
            )
    if not _plain_search():
        _patch_search_worker(files, config)
    return files


def _patch_search_worker(files, config) -> None:
    """Append the Russian search patch to the language pack Material's search
    worker imports, so it runs inside the worker next to lunr."""
    pack = files.get_file_from_path(RUSSIAN_LANGUAGE_PACK)
    if pack is None or not pack.abs_src_path:
        raise PluginError(f"{RUSSIAN_LANGUAGE_PACK} not found: Russian search needs 'ru' in the search plugin's lang")
    patch = Path(config.docs_dir) / SEARCH_WORKER_PATCH
    content = Path(pack.abs_src_path).read_text("utf-8") + "\n" + patch.read_text("utf-8")
    files.remove(pack)
    files.append(File.generated(config, RUSSIAN_LANGUAGE_PACK, content=content))


def on_nav(nav, config, files):
    """Topic briefings sorted by their ``order`` under one section; the
    site-wide pages in NAV_ORDER."""
    root = _briefings_root(config)
    for item in nav.items:
        if isinstance(item, Section) and _is_briefings(item):
            item.title = SECTION_TITLE

            def order(page) -> tuple:
                data = _front_matter(root / Path(page.file.src_uri).relative_to(BRIEFINGS_DIR))
                value = data.get("order")
                return (value if isinstance(value, int) else 10_000, page.file.src_uri)

            item.children.sort(key=order)
    nav.items[:] = [_flatten_entities(item) for item in nav.items]
    nav.items.sort(key=_nav_rank)
    return nav


def _flatten_entities(item):
    """The entity folder shows in the navigation as its index page alone
    (entity pages are out of the navigation), not as a section."""
    if isinstance(item, Section):
        pages = [c for c in item.children if getattr(c, "file", None) is not None]
        if pages and all(p.file.src_uri.startswith(f"{ENTITIES_DIR}/") for p in pages):
            index = next((p for p in pages if p.file.src_uri == f"{ENTITIES_DIR}/index.md"), None)
            if index is not None:
                index.parent = None
                return index
    return item


def _is_briefings(section: Section) -> bool:
    return any(
        getattr(child, "file", None) is not None and child.file.src_uri.startswith(f"{BRIEFINGS_DIR}/")
        for child in section.children
    )


def _nav_rank(item) -> int:
    if isinstance(item, Section):
        key = BRIEFINGS_DIR if _is_briefings(item) else (item.title or "")
        if not _is_briefings(item) and item.children and getattr(item.children[0], "file", None):
            key = item.children[0].file.src_uri
    else:
        key = item.file.src_uri if getattr(item, "file", None) else ""
    return NAV_ORDER.index(key) if key in NAV_ORDER else len(NAV_ORDER)


def on_page_markdown(markdown, page, config, files):
    src = page.file.src_uri
    if src.startswith(f"{SOURCES_DIR}/", len(BRIEFINGS_DIR) + 1):
        return markdown  # source pages: nothing to fill in
    site = _BUILD.get("site") or read_site(_briefings_root(config))
    if src.startswith(f"{BRIEFINGS_DIR}/") and src.count("/") == 1:
        return link_entities(markdown, src, _BUILD.get("entities") or site_entities(site))
    if "<!-- briefings:topics -->" in markdown:
        markdown = markdown.replace("<!-- briefings:topics -->", topic_cards(site))
    if "<!-- briefings:latest -->" in markdown:
        markdown = markdown.replace("<!-- briefings:latest -->", latest_sources(site))
    return markdown


_ENTITY_LINE = re.compile(r"^\*\*(?:Люди|Места|Организации):\*\* .*$", re.M)


def link_entities(markdown: str, page: str, entities: list[SiteEntity]) -> str:
    """On a topic page, names in the people/places/organisations lines link to
    their entity pages."""
    pages = {md_text(e.name): entity_page_path(e) for e in entities if len(e.mentions) >= FREQUENT_ENTITY}

    def linked(match: re.Match) -> str:
        head, _, names = match.group(0).partition(":** ")
        items = []
        for item in names.split(", "):
            name, paren, rest = item.rpartition(" (")
            target = pages.get(name) if paren else None
            items.append(f"{link(name, relative(target, page))} ({rest}" if target else item)
        return f"{head}:** " + ", ".join(items)

    return _ENTITY_LINE.sub(linked, markdown)


def on_post_build(config):
    """The search index as UTF-8 (Cyrillic escaped as \\uXXXX is three times larger)."""
    path = Path(config.site_dir) / SEARCH_INDEX
    if not path.exists() or _plain_search():
        return
    data = json.loads(path.read_text("utf-8"))
    path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), "utf-8")
