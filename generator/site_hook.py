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
  UTF-8 instead of ``\\uXXXX`` escapes;
- what a source page gives the search index: its title, outlet, lead (the
  first sentences of the body), keywords, entity names and figures, one entry
  per page, written here (the page shows the same facts in a box under its
  title). The rest of the article is on the page, not in the index: a
  thousand full articles would make a 14 MB index that every visitor's
  browser downloads and indexes. Topic pages, which quote the key sentences,
  stay in the index.
"""

from __future__ import annotations

import functools
import hashlib
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
from mkdocs.utils import get_relative_url

log = logging.getLogger("mkdocs.hooks.briefings")

BRIEFINGS_DIR = "briefings"
SOURCES_DIR = "sources"
SECTION_TITLE = "Брифинги"
FIGURES_PAGE = "figures.md"
ENTITIES_DIR = "entities"
OTHER_PAGE = "other.md"
FREQUENT_ENTITY = 2  # mentions across all sources that earn an entity its own page
# At most this many entity pages, the most mentioned first: each page costs the
# build the same few milliseconds, and a thousand articles name ~6,000
# entities twice or more. The others are listed on the entity index with links
# to (at most INDEX_LINKS of) the articles that name them; search finds every
# article by the names it mentions.
ENTITY_PAGES = 300
INDEX_LINKS = 3
LATEST_SOURCES = 5
# Past these many sources (newest first) a page lists mentions and loose
# sentences as bare links, not quoted: every one stays linked, and a
# thousand-article site does not make megabyte pages.
QUOTED_SOURCES = 30
# Site-wide pages repeat sentences of topic and source pages: in search they
# must not outrank the pages they quote. Entity pages are found by their name
# (the title; their list of quoted sentences is left out of the index), first:
# every article naming Дональд Трамп has the name in its entry too, and the
# page with all his mentions is the better answer to «Трамп».
AGGREGATE_SEARCH = {"search": {"boost": 0.2}}
ENTITY_SEARCH = {"search": {"boost": 2}}
CARD_FIGURES = 3
# What a source page contributes to search (see the module docstring): the
# lead is whole sentences from the start of the body until it has LEAD_CHARS
# characters, never more than LEAD_MAX; at most this many entity names and
# figures, the most mentioned first, so that an entry has a bounded size.
LEAD_CHARS = 400
LEAD_MAX = 800
SOURCE_ENTITIES = 40
SOURCE_FIGURES = 10
SOURCE_KEYWORDS = 10
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
_YAML_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
# Front-matter keys of briefings/ pages that only this hook reads (the
# generator's data; the theme reads title, description, tags, search, hide,
# ...): MkDocs gets the pages without them, so that it does not parse the
# same megabytes of YAML a second time.
HOOK_ONLY_KEYS = frozenset({"keywords", "figures", "entities", "sources", "generated"})


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
    titled: bool = False  # sentence 0 is the article's title (shown in bold), not its first sentence

    def __post_init__(self):
        self.id = str(self.data.get("source_id") or PurePosixPath(self.path).stem)
        self.title = str(self.data.get("title") or self.id)
        self.date = str(self.data.get("date") or "")

    def lead(self) -> list[int]:
        """The sentences of the lead: from the start of the body until LEAD_CHARS characters."""
        found, size = [], 0
        for index in sorted(self.sentences):
            if index == 0 and self.titled:
                continue
            if size >= LEAD_CHARS:
                break
            found.append(index)
            size += len(self.sentences[index][0]) + 1
        return found


@dataclass
class Site:
    topics: list[Topic]
    sources: dict[str, Source]

    def topic_titles(self) -> dict[str, str]:
        return {t.id: t.title for t in self.topics}


def _briefings_root(config) -> Path:
    return Path(config.config_file_path).parent / BRIEFINGS_DIR


# The generator's cache (cache.CACHE_DIR) and its table of pages (write.PageMemo);
# the hook imports nothing of the generator, which would load the NLP libraries.
GENERATOR_CACHE = Path(".cache") / "briefings"
PAGES_TABLE = "pages.memo"


def parsed_fronts(project: Path) -> dict:
    """Front matter the generator has already parsed, by page path: the
    generator's table of pages (write.PageMemo) keeps it as JSON, which reads
    a topic page listing thousands of figures ≈ 15× faster than PyYAML, and a
    thousand source pages in a tenth of the 2 s PyYAML takes. An entry is
    used only for the very text it was made from (see _split_front), so a
    stale or foreign table can only miss. No table, or a damaged one: {}."""
    tables = sorted((project / GENERATOR_CACHE).glob(f"*/{PAGES_TABLE}"), key=lambda p: (p.stat().st_mtime, p))
    if not tables:
        return {}
    try:
        entries = json.loads(tables[-1].read_bytes().decode("utf-8", "surrogatepass"))
    except (OSError, ValueError):
        return {}
    return entries if isinstance(entries, dict) else {}


def _split_front(text: str, parsed: object = None) -> tuple[dict, str]:
    """(front matter, body). ``parsed``: the generator's entry for the page
    (parsed_fronts); its data stands for the YAML when it was made from this
    very text (its sha256). Text with a carriage return is always parsed here:
    the generator splits such front matter where this regex may not."""
    match = _FRONT.match(text)
    if not match:
        return {}, text
    if (
        isinstance(parsed, dict)
        and isinstance(parsed.get("data"), dict)
        and "\r" not in text
        and parsed.get("sha") == hashlib.sha256(text.encode("utf-8")).hexdigest()
    ):
        return parsed["data"], text[match.end() :]
    try:
        data = yaml.load(match.group(1), Loader=_YAML_LOADER)
    except yaml.YAMLError:
        return {}, text[match.end() :]
    return (data if isinstance(data, dict) else {}), text[match.end() :]


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


def read_site(root: Path, slim: dict[str, str] | None = None, parsed: dict | None = None) -> Site:
    """Every page of briefings/, read once. With ``slim``, also each page's text
    for MkDocs, without the front-matter keys only this hook reads (HOOK_ONLY_KEYS).
    ``parsed``: front matter the generator already parsed (parsed_fronts)."""
    topics, sources = [], {}
    for path in _pages(root):
        rel = path.relative_to(root).as_posix()
        entry = parsed.get(os.path.abspath(path)) if parsed else None
        data, body = _split_front(path.read_text("utf-8"), entry)
        if slim is not None and HOOK_ONLY_KEYS & data.keys():
            kept = {k: v for k, v in data.items() if k not in HOOK_ONLY_KEYS}
            front = yaml.dump(kept, Dumper=_YAML_DUMPER, allow_unicode=True, sort_keys=False) if kept else ""
            slim[rel] = f"---\n{front}---\n{body}"
        site_path = f"{BRIEFINGS_DIR}/{rel}"
        if rel.startswith(f"{SOURCES_DIR}/"):
            source = Source(site_path, data, source_sentences(body), titled='<span id="s-0">**' in body)
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


def h(value) -> str:
    """Plain text -> HTML that shows exactly that text (no-break spaces stay)."""
    return html.escape(re.sub(r"[ \t\r\n\f\v]+", " ", str(value)).strip(), quote=False)


def a(text_html: str, href: str, title: str | None = None) -> str:
    tip = f' title="{html.escape(title, quote=True)}"' if title else ""
    return f'<a href="{html.escape(href, quote=True)}"{tip}>{text_html}</a>'


_DIRECTORY_URLS = [True]  # the site's use_directory_urls, set in on_config


@functools.lru_cache(maxsize=100_000)
def _page_url(src: str, directory_urls: bool) -> str:
    return File(src, None, "", directory_urls).url


@functools.lru_cache(maxsize=100_000)
def _relative_url(target: str, page: str, directory_urls: bool) -> str:
    return get_relative_url(_page_url(target, directory_urls), _page_url(page, directory_urls))


def url_from(target: str, page: str, anchor: str = "") -> str:
    """The URL of page ``target`` (a docs path, e.g. briefings/sources/a.md) in a
    link on page ``page``, as MkDocs would write it."""
    url = _relative_url(target, page, _DIRECTORY_URLS[0])
    return url + (f"#{anchor}" if anchor else "")


def sentence_html(source: Source, index: int) -> str:
    return h(plain_text(source.sentences.get(index, ("", ()))[0]))


def source_ref_html(source: Source, sentence, page: str, label_html: str, tip: bool = True) -> str:
    """A link to a sentence of a source (to the source page if the sentence is not on it)."""
    if isinstance(sentence, int) and sentence in source.sentences:
        title = f"{source.title}, предложение {sentence}" if tip else None
        return a(label_html, url_from(source.path, page, f"s-{sentence}"), title)
    return a(label_html, url_from(source.path, page))


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
    """2025-Q1 -> «I кв. 2025», 2024-01..2024-08 -> «янв. – авг. 2024», 2025-H1 -> «I полуг. 2025».
    The same words as generator.render.ru_period writes in the briefings (a test holds
    the two to it): this hook imports nothing of the generator, so that a site builds
    where only mkdocs-material is installed."""
    if not period:
        return ""
    text = str(period)
    if ".." in text:
        start, _, end = text.partition("..")
        first, last = ru_period(start), ru_period(end)
        first_words, last_words = first.rsplit(" ", 1), last.rsplit(" ", 1)
        if len(first_words) == 2 and len(last_words) == 2 and first_words[1] == last_words[1]:
            return f"{first_words[0]} – {last}"  # one year: «янв. – авг. 2024»
        return f"{first} – {last}"
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
        '<figure class="briefings-chart" data-search-exclude="true">'
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" '
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
        lines += ["## Деньги по темам и периодам", "", html_block(chart, search=False), ""]
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
    rows = [
        '<div class="sortable">',
        "<table>",
        "<thead>",
        "<tr><th>Значение</th><th>Что</th><th>Период</th><th>Тема</th><th>Источник</th></tr>",
        "</thead>",
        "<tbody>",
    ]
    for item in figures:
        f = item.data
        value = _number(f.get("value"))
        sort_key = f"{f.get('unit') or ''}:{value:020.4f}" if value is not None else ""
        mark = " ⚠" if item.key in clashing else ""
        topics = ", ".join(a(h(titles.get(t, t)), url_from(topic_paths[t], page)) for t in item.topics)
        what = h(f.get("subject")) if f.get("subject") else _context(site, f)
        source = site.sources.get(f.get("source"))
        if source is not None:
            ref = source_ref_html(source, f.get("sentence"), page, h(short_title(source.title)))
        else:
            ref = h(f.get("source") or "—")
        period = html.escape(str(f.get("period") or "9999"), quote=True)
        rows.append(
            f'<tr><td><span data-sort="{html.escape(sort_key, quote=True)}">{h(figure_value(f)) or "—"}</span>{mark}'
            f'</td><td>{what}</td><td><span data-sort="{period}">{h(figure_when(f)) or "—"}</span></td>'
            f"<td>{topics}</td><td>{ref}</td></tr>"
        )
    rows += ["</tbody>", "</table>", "</div>"]
    lines += ["## Все цифры", "", html_block("\n".join(rows))]
    return _page("Ключевые цифры", lines, AGGREGATE_SEARCH)


def short_title(title: str, words: int = 5) -> str:
    parts = title.split()
    return " ".join(parts[:words]).rstrip(".,;:—–-") + ("…" if len(parts) > words else "")


def _context(site: Site, figure: dict, words: int = 6) -> str:
    """What a figure without a subject measures: the words before it in its sentence (HTML)."""
    source = site.sources.get(figure.get("source"))
    sentence = plain_text(source.sentences.get(figure.get("sentence"), ("", ()))[0]) if source else ""
    at = sentence.find(str(figure.get("text") or "")) if sentence and figure.get("text") else -1
    before = sentence[:at].split() if at > 0 else []
    if not before:
        return "—"
    return '<span class="context">' + ("…" if len(before) > words else "") + h(" ".join(before[-words:])) + "</span>"


@dataclass
class SiteEntity:
    type: str
    name: str
    mentions: list[tuple[str, int]]  # (source id, sentence)
    slug: str = ""
    page: bool = False  # has its own page (see ENTITY_PAGES)


_ENTITY_TYPES = (("PER", "Люди"), ("LOC", "Места"), ("ORG", "Организации"))
_ENTITY_TYPE_ONE = {"PER": "Человек", "LOC": "Место", "ORG": "Организация"}


def site_entities(site: Site) -> list[SiteEntity]:
    """Entities of all source pages, merged by type and name (case and ё ignored)."""
    merged: dict[tuple[str, str], SiteEntity] = {}
    seen: dict[tuple[str, str], set[tuple[str, int]]] = {}
    for source_id in sorted(site.sources):
        source = site.sources[source_id]
        entities = source.data.get("entities")
        for entity in entities if isinstance(entities, list) else []:
            if not isinstance(entity, dict) or not entity.get("name"):
                continue
            kind, name = str(entity.get("type") or ""), str(entity["name"])
            key = entity_key(kind, name)
            item = merged.setdefault(key, SiteEntity(kind, name, []))
            sentences = entity.get("sentences")
            if not isinstance(sentences, list):
                continue
            known = seen.setdefault(key, set())  # a set: Россия has thousands of mentions
            for sentence in sentences:
                if isinstance(sentence, int) and (source_id, sentence) not in known:
                    known.add((source_id, sentence))
                    item.mentions.append((source_id, sentence))
    entities = sorted(merged.values(), key=lambda e: (-len(e.mentions), e.type, e.name))
    taken: dict[str, int] = {}
    for rank, entity in enumerate(entities):  # two names with one transliteration get distinct pages
        base = slug(entity.name)
        count = taken.get(base, 0)
        taken[base] = count + 1
        entity.slug = f"{base}-{count + 1}" if count else base
        entity.page = rank < ENTITY_PAGES and len(entity.mentions) >= FREQUENT_ENTITY
    return entities


def entity_page_path(entity: SiteEntity) -> str:
    return f"{ENTITIES_DIR}/{entity.slug or slug(entity.name)}.md"


def entity_index_page(site: Site, entities: list[SiteEntity]) -> str:
    page = f"{ENTITIES_DIR}/index.md"
    capped = sum(e.page for e in entities) < sum(len(e.mentions) >= FREQUENT_ENTITY for e in entities)
    lines = [
        "# Люди, места, организации",
        "",
        f"Кто и что упоминается в статьях. У названных чаще {FREQUENT_ENTITY - 1} раза есть своя страница "
        + (f"со всеми упоминаниями — у {ENTITY_PAGES} самых упоминаемых" if capped else "со всеми упоминаниями")
        + "; у остальных — ссылки на статьи, где они названы"
        + (f" (до {INDEX_LINKS}; все статьи с именем находит поиск)." if capped else "."),
        "",
    ]
    if not entities:
        lines.append("Пока никого: запустите `briefings build`.")
        return _page("Люди, места, организации", lines, AGGREGATE_SEARCH)
    for kind, label in _ENTITY_TYPES:
        group = [e for e in entities if e.type == kind]
        if not group:
            continue
        items = ["<ul>"]
        for entity in group:
            count = len(entity.mentions)
            if entity.page:
                name = a(h(entity.name), url_from(entity_page_path(entity), page))
                items.append(f"<li>{name} — упоминаний: {count}</li>")
                continue
            first: dict[str, int] = {}  # each article once, at its first mention; newest articles first
            for source_id, sentence in entity.mentions:
                if source_id in site.sources and sentence < first.get(source_id, sentence + 1):
                    first[source_id] = sentence
            newest = sorted(first, key=lambda s: (_neg(site.sources[s].date), s))
            refs = [source_ref_html(site.sources[s], first[s], page, "упоминание") for s in newest[:INDEX_LINKS]]
            more = f" и ещё в {len(newest) - INDEX_LINKS} статьях" if len(newest) > INDEX_LINKS else ""
            tail = f' <span data-search-exclude="true">{", ".join(refs)}{more}</span>' if refs else ""
            items.append(f"<li>{h(entity.name)} — упоминаний: {count}{tail}</li>")
        items.append("</ul>")
        lines += [f"## {label}", "", html_block("\n".join(items)), ""]
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
    parts = ['<div class="mentions" data-search-exclude="true">']  # the sentences are found on their pages
    quoted, older = 0, []
    for source_id in sorted(by_source, key=lambda s: (_neg(site.sources[s].date) if s in site.sources else "", s)):
        source = site.sources.get(source_id)
        if source is None:
            continue
        meta = ", ".join(h(x) for x in (source.data.get("source"), source.date) if x)
        heading = f"<strong>{a(h(source.title), url_from(source.path, page))}</strong>" + (f" — {meta}" if meta else "")
        sentences = sorted(by_source[source_id])
        if quoted >= QUOTED_SOURCES:  # the heading names the source: no tooltip on each number
            refs = ", ".join(source_ref_html(source, i, page, str(i), tip=False) for i in sentences)
            older.append(f"<li>{heading}: {refs}</li>")
            continue
        quoted += 1
        parts += [f"<p>{heading}</p>", "<ul>"]
        for sentence in sentences:
            ref = source_ref_html(source, sentence, page, "→ в статье", tip=False)
            parts.append(f"<li>{sentence_html(source, sentence)} {ref}</li>")
        parts.append("</ul>")
    if older:
        parts += ["<p><strong>Более ранние статьи</strong> (номера предложений с упоминанием):</p>", "<ul>"]
        parts += [*older, "</ul>"]
    parts.append("</div>")
    lines.append(html_block("\n".join(parts), search=False))
    return _page(entity.name, lines, ENTITY_SEARCH)


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
        if len(older) or count > QUOTED_SOURCES * 10:  # older articles: links to the sentences only
            refs = ", ".join(source_ref_html(source, i, page, str(i), tip=False) for i in loose)
            older.append(f"<li>{a(h(source.title), url_from(source.path, page))}: {refs}</li>")
            continue
        lines += [f"## {link(md_text(source.title), relative(source.path, page))}", ""]
        items = [
            f"<li>{sentence_html(source, i)} {a('→', url_from(source.path, page, f's-{i}'), f'предложение {i}')}</li>"
            for i in loose
        ]
        lines += [html_block("\n".join(["<ul>", *items, "</ul>"])), ""]
    if older:
        lines += ["## Более ранние статьи", "", "Номера предложений без темы:", ""]
        lines += [html_block("\n".join(['<ul data-search-exclude="true">', *older, "</ul>"]), search=False), ""]
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


# --- source pages in search -----------------------------------------------------------------------------------


def plain_text(markdown_text: str) -> str:
    """A sentence as a source page writes it (Markdown-escaped, HTML entities) -> the text a reader sees."""
    return html.unescape(re.sub(r"\\(.)", r"\1", markdown_text))


@dataclass
class SourceFacts:
    keywords: list[str]
    entities: dict[str, list[str]]  # PER/LOC/ORG -> names, the most mentioned first
    figures: list[dict]


def source_figures(site: Site) -> dict[str, list[dict]]:
    """The topic pages' figures by source, each once, in sentence order."""
    found: dict[str, list[dict]] = defaultdict(list)
    for item in site_figures(site):
        source = item.data.get("source")
        if source in site.sources:
            found[source].append(item.data)
    for figures in found.values():
        figures.sort(key=lambda f: f.get("sentence") if isinstance(f.get("sentence"), int) else 1 << 30)
    return found


def source_facts(source: Source, figures: list[dict]) -> SourceFacts:
    """What a source page shows in its box and gives the search index, besides its title and lead."""
    keywords = source.data.get("keywords")
    keywords = [str(k) for k in keywords if isinstance(k, str) and k.strip()] if isinstance(keywords, list) else []
    entities = source.data.get("entities")
    items = [e for e in entities if isinstance(e, dict) and e.get("name")] if isinstance(entities, list) else []

    def mentions(entity: dict) -> int:
        sentences = entity.get("sentences")
        return len(sentences) if isinstance(sentences, list) else 0

    items = sorted(items, key=lambda e: (-mentions(e), str(e["name"])))[:SOURCE_ENTITIES]
    names = {kind: [str(e["name"]) for e in items if e.get("type") == kind] for kind, _ in _ENTITY_TYPES}
    return SourceFacts(keywords[:SOURCE_KEYWORDS], names, figures[:SOURCE_FIGURES])


def _figure_fact(figure: dict, source: Source) -> str:
    value = f"<strong>{h(figure_value(figure))}</strong>"
    sentence = figure.get("sentence")
    if isinstance(sentence, int) and sentence in source.sentences:
        value = a(value, f"#s-{sentence}", str(figure.get("text") or "") or None)
    tail = ", ".join(h(x) for x in (figure.get("subject"), figure_when(figure)) if x)
    return value + (f" — {tail}" if tail else "")


def entity_key(kind: str, name: str) -> tuple[str, str]:
    return (kind, name.lower().replace("ё", "е"))


def source_box(source: Source, facts: SourceFacts, entity_pages: dict[tuple[str, str], str] | None = None) -> str:
    """The box under a source page's title (an html_block): keywords; people,
    places and organisations, linked to their pages; figures, linked to their sentences."""
    rows = []
    if facts.keywords:
        rows.append("<strong>Ключевые слова:</strong> " + " · ".join(h(k) for k in facts.keywords))
    for kind, label in _ENTITY_TYPES:
        names = []
        for name in facts.entities.get(kind, []):
            target = (entity_pages or {}).get(entity_key(kind, name))
            names.append(a(h(name), url_from(target, source.path)) if target else h(name))
        if names:
            rows.append(f"<strong>{label}:</strong> " + " · ".join(names))
    if facts.figures:
        rows.append("<strong>Цифры:</strong> " + " · ".join(_figure_fact(f, source) for f in facts.figures))
    if not rows:
        return ""
    return html_block('<div class="source-facts">\n' + "\n".join(f"<p>{r}</p>" for r in rows) + "\n</div>") + "\n\n"


def add_source_box(markdown: str, box: str, first: int) -> str:
    """The box goes before the paragraph of the body's first sentence (after
    the title and the outlet line)."""
    at = markdown.find(f'<span id="s-{first}"')
    if not box or at < 0:
        return markdown
    at = markdown.rfind("\n", 0, at) + 1
    return markdown[:at] + box + markdown[at:]


_SPAN = r'<span id="s-\d+"(?: class="[^"]*")?>.*?</span>'
_SENTENCE_LINE = re.compile(f"{_SPAN}(?: {_SPAN})*")  # a paragraph of sentences, as render.py writes it


def _sentence_html(match: re.Match) -> str:
    index, classes, text = match.groups()
    bold = len(text) > 4 and text.startswith("**") and text.endswith("**")
    inner = html.escape(plain_text(text[2:-2] if bold else text), quote=False)
    attrs = f'id="s-{index}"' + (f' class="{classes}"' if classes is not None else "")
    return f"<span {attrs}>" + (f"<strong>{inner}</strong>" if bold else inner) + "</span>"


def article_html(markdown: str) -> str:
    """A source page's paragraphs of sentences as HTML, the HTML Python-Markdown
    would make of them, one html_block per run of paragraphs: a thousand
    articles' worth of Markdown inline parsing was the largest part of the
    site build. Any other line stays Markdown."""
    out: list[str] = []
    run: list[str] = []  # the current run of sentence paragraphs, as HTML

    def flush() -> None:
        if run:
            out.extend([html_block("\n".join(run), search=False), ""])
            run.clear()

    for line in markdown.split("\n"):
        if line.startswith('<span id="s-') and _SENTENCE_LINE.fullmatch(line):
            run.append("<p>" + _SENTENCE.sub(_sentence_html, line) + "</p>")
        elif line.strip() or not run:  # a blank line inside a run only separates paragraphs
            flush()
            out.append(line)
    flush()
    return "\n".join(out)


def _figure_words(figure: dict) -> str:
    value, text = figure_value(figure), str(figure.get("text") or "")
    words = value + (f" ({text})" if text and text != value else "")
    tail = ", ".join(str(x) for x in (figure.get("subject"), figure_when(figure)) if x)
    return words + (f" — {tail}" if tail else "")


def source_search_entry(source: Source, facts: SourceFacts, location: str) -> dict:
    """A source page's one entry in the search index, in Material's format: the title;
    as text the lead, the outlet, keywords, entity names and figures."""
    lead = " ".join(plain_text(source.sentences[i][0]) for i in source.lead())
    if len(lead) > LEAD_MAX:
        lead = lead[:LEAD_MAX].rsplit(" ", 1)[0] + " …"
    names = [name for kind, _ in _ENTITY_TYPES for name in facts.entities.get(kind, [])]
    parts = [
        lead,
        str(source.data.get("source") or ""),
        " · ".join(facts.keywords),
        " · ".join(names),
        " · ".join(_figure_words(f) for f in facts.figures),
    ]
    paragraphs = (re.sub(r"[ \t\r\n\f\v]+", " ", part).strip() for part in parts)  # no-break spaces stay
    text = " ".join(f"<p>{html.escape(part, quote=False)}</p>" for part in paragraphs if part)
    entry = {"location": location, "title": html.escape(source.title, quote=False), "text": text}
    search = source.data.get("search")
    boost = search.get("boost") if isinstance(search, dict) else None
    if _number(boost) is not None:
        entry["boost"] = boost
    return entry


# --- HTML the hook writes itself -------------------------------------------------------------------------------

# Long runs of generated content (an article's sentences, lists of thousands
# of links, the figures table) are written as HTML, in an html_block. The
# block is valid Markdown as it stands (raw HTML); during the build
# on_page_markdown takes it out of the Markdown and puts it back into the
# page's HTML after Python-Markdown (on_page_content) or, for a block that
# search must skip, after Material's search plugin has read the page
# (on_page_context): neither parses it. That parsing was most of the build
# time of a thousand-article site. Links in these blocks are final URLs
# (url_from), made only to pages and sentence anchors the hook has read; the
# anchors a block holds are reported to MkDocs, which validates the links of
# the Markdown pages to them.
_HTML_BEGIN, _HTML_END = "<!-- briefings:html", "<!-- /briefings:html -->"
_HTML_BLOCK = re.compile(r"^<!-- briefings:html( no-search)? -->\n(.*?)\n<!-- /briefings:html -->$", re.S | re.M)
_HTML_SLOT = re.compile(r"<!-- briefings:slot (\d+) -->")
_ID = re.compile(r' id="([^"]+)"')


def html_block(html_text: str, search: bool = True) -> str:
    """HTML for a generated page; ``search=False``: not in the search index."""
    return f"{_HTML_BEGIN}{'' if search else ' no-search'} -->\n{html_text}\n{_HTML_END}"


def stash_html(markdown: str, stash: list[tuple[str, bool]]) -> str:
    """Each html_block -> a numbered slot; its HTML (and whether search reads it) goes to ``stash``."""

    def slot(match: re.Match) -> str:
        stash.append((match.group(2), not match.group(1)))
        return f"<!-- briefings:slot {len(stash) - 1} -->"

    return _HTML_BLOCK.sub(slot, markdown)


def unstash_html(content: str, stash: list[tuple[str, bool]], search: bool) -> str:
    """The slots of the blocks search reads (or of the others) get their HTML back."""

    def block(match: re.Match) -> str:
        text, searched = stash[int(match.group(1))]
        return text if searched == search else match.group(0)

    return _HTML_SLOT.sub(block, content)


# --- MkDocs events --------------------------------------------------------------------------------------------


def _plain_search() -> bool:
    return os.environ.get(PLAIN_SEARCH_ENV, "") not in ("", "0")


@event_priority(100)  # before the search plugin reads its settings
def on_config(config):
    _DIRECTORY_URLS[0] = bool(config.use_directory_urls)
    if _plain_search():
        search = config.plugins.get("material/search") or config.plugins.get("search")
        if search is not None:  # unset: the plugin fills in Material's defaults
            search.config.pipeline = None
            search.config.separator = None
    return config


_BUILD: dict[str, object] = {}  # what on_files read, for the later events of the same build


def on_files(files, config):
    root = _briefings_root(config)
    slim: dict[str, str] = {}
    site = read_site(root, slim, parsed_fronts(Path(config.config_file_path).parent))
    urls = {}
    for path in _pages(root):
        rel = path.relative_to(root).as_posix()
        inclusion = InclusionLevel.NOT_IN_NAV if rel.startswith(f"{SOURCES_DIR}/") else InclusionLevel.UNDEFINED
        if rel in slim:
            file = File.generated(config, f"{BRIEFINGS_DIR}/{rel}", content=slim[rel], inclusion=inclusion)
        else:  # no front matter MkDocs would not also read: the file as it is
            file = File.generated(config, f"{BRIEFINGS_DIR}/{rel}", abs_src_path=str(path), inclusion=inclusion)
        files.append(file)
        urls[file.src_uri] = file.url
    _BUILD.clear()
    _BUILD.update(site=site, urls=urls, source_figures=source_figures(site))
    _BUILD["source_paths"] = {source.path: source for source in site.sources.values()}
    _BUILD["topic_paths"] = {topic.path for topic in site.topics}
    entities = site_entities(site)
    _BUILD["entities"] = entities
    _BUILD["entity_pages"] = {entity_key(e.type, e.name): entity_page_path(e) for e in entities if e.page}
    generated = {
        FIGURES_PAGE: figures_page(site),
        OTHER_PAGE: other_page(site),
        f"{ENTITIES_DIR}/index.md": entity_index_page(site, entities),
    }
    for path, content in generated.items():
        files.append(File.generated(config, path, content=content))
    for entity in entities:
        if entity.page:  # out of the navigation, like source pages
            path = entity_page_path(entity)
            generated[path] = entity_page(site, entity)
            files.append(File.generated(config, path, content=generated[path], inclusion=InclusionLevel.NOT_IN_NAV))
    _BUILD["generated"] = set(generated)  # their HTML blocks are stashed in on_page_markdown
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
    site = _BUILD.get("site") or read_site(_briefings_root(config))
    orders = {topic.path: topic.order for topic in site.topics}  # read once, in on_files
    for item in nav.items:
        if isinstance(item, Section) and _is_briefings(item):
            item.title = SECTION_TITLE

            def order(page) -> tuple:
                return (orders.get(page.file.src_uri, 10_000), page.file.src_uri)

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
    if src.startswith(f"{BRIEFINGS_DIR}/{SOURCES_DIR}/"):
        return source_markdown(markdown, page)
    if src in (_BUILD.get("generated") or ()):
        return stash_html(markdown, _stash(page))
    site = _BUILD.get("site") or read_site(_briefings_root(config))
    if src.startswith(f"{BRIEFINGS_DIR}/") and src.count("/") == 1:
        markdown = link_entities(markdown, src, _BUILD.get("entities") or site_entities(site))
        return stash_html(reasons_html(markdown, src, site), _stash(page))
    if "<!-- briefings:topics -->" in markdown:
        markdown = markdown.replace("<!-- briefings:topics -->", topic_cards(site))
    if "<!-- briefings:latest -->" in markdown:
        markdown = markdown.replace("<!-- briefings:latest -->", latest_sources(site))
    return markdown


def source_markdown(markdown: str, page) -> str:
    """A source page: the box of facts under the title, the sentences as HTML;
    out of Material's search index (on_post_build writes its entry)."""
    source = (_BUILD.get("source_paths") or {}).get(page.file.src_uri)
    if source is None:
        return markdown
    if not _plain_search():
        search = page.meta.get("search")
        page.meta["search"] = {**(search if isinstance(search, dict) else {}), "exclude": True}
    facts = source_facts(source, (_BUILD.get("source_figures") or {}).get(source.id, []))
    lead = source.lead()
    box = source_box(source, facts, _BUILD.get("entity_pages"))
    markdown = add_source_box(markdown, box, lead[0] if lead else 0)
    return stash_html(article_html(markdown), _stash(page))


def _stash(page) -> list[tuple[str, bool]]:
    stash: list[tuple[str, bool]] = []
    _BUILD.setdefault("stash", {})[page.file.src_uri] = stash
    return stash


# Generated regions of a topic page that search skips: the list of sources
# (their titles are in the index with their own pages) and why each sentence
# has its topic (a diagnostic list of sentence numbers and lexicon terms).
# Together they were two fifths of a thousand-article site's search index, and
# they made a topic page match any word of any of its sources' titles.
UNSEARCHED_REGIONS = ("sources", "reasons")
_REGION_HTML = re.compile(r"(<!-- briefings:begin ([a-z-]+) -->\n?)(.*?)(<!-- briefings:end \2 -->)", re.S)


def unsearched_regions(html_text: str, stash: list[tuple[str, bool]]) -> str:
    """The UNSEARCHED_REGIONS of a topic page's HTML, after their heading, -> stash (no-search slots)."""

    def cut(match: re.Match) -> str:
        begin, name, body, end = match.groups()
        if name not in UNSEARCHED_REGIONS:
            return match.group(0)
        head = ""
        if body.startswith("<h2") and "</h2>" in body:  # the heading stays a section of the index
            at = body.index("</h2>") + len("</h2>")
            head, body = body[:at], body[at:]
        body = _HTML_SLOT.sub(lambda slot: stash[int(slot.group(1))][0], body)  # its HTML blocks go with it
        stash.append((body, False))
        return f"{begin}{head}<!-- briefings:slot {len(stash) - 1} -->{end}"

    return _REGION_HTML.sub(cut, html_text)


# The «why this topic» list of a topic page as render._reasons writes it: the
# economy page of a thousand articles lists ≈ 10,000 sentences, and
# Python-Markdown took a second over them. The hook writes the HTML Markdown
# would make (pymdownx.details) when every line has the generated shape and
# every link leads to a sentence it has read; any other list (a hand edit, a
# link to a sentence that is gone) is left to Markdown, and MkDocs validates it.
_REASONS_REGION = re.compile(r"(?<=<!-- briefings:begin reasons -->\n)(.*?)(?=\n<!-- briefings:end reasons -->)", re.S)
_REASONS_HEAD = re.compile(r'\?\?\? note "([^"\\<>&]*)"')
_ESCAPED_TEXT = r"(?:[^\\`*_{}\[\]()#+!|<>&\n]|\\[\\`*_{}\[\]()#+!|.\-]|&(?:amp|lt|gt|#\d+);)*"  # as escape() writes
_REASON = re.compile(rf"    - \[({_ESCAPED_TEXT})\]\({SOURCES_DIR}/([\w.-]+)\.md#s-(0|[1-9]\d*)\): ({_ESCAPED_TEXT})")
_BACKSLASHED = re.compile(r"\\(.)")


def reasons_html(markdown: str, page: str, site: Site) -> str:
    """A topic page's reasons region as an html_block (out of search), or the
    Markdown as it is when any line is not as the generator writes it."""
    region = _REASONS_REGION.search(markdown)
    lines = region.group(1).split("\n") if region else []
    head = _REASONS_HEAD.fullmatch(lines[0]) if len(lines) > 2 and lines[1] == "" else None
    if head is None:
        return markdown
    items = []
    for line in lines[2:]:
        found = _REASON.fullmatch(line)
        source = site.sources.get(found.group(2)) if found else None
        if source is None or int(found.group(3)) not in source.sentences:
            return markdown
        label, source_id, sentence, terms = (_BACKSLASHED.sub(r"\1", part) for part in found.groups())
        href = url_from(f"{BRIEFINGS_DIR}/{SOURCES_DIR}/{source_id}.md", page, f"s-{sentence}")
        items.append(f"<li>{a(label, href)}: {terms}</li>")
    block = ['<details class="note">', f"<summary>{head.group(1)}</summary>", "<ul>", *items, "</ul>", "</details>"]
    return markdown[: region.start()] + html_block("\n".join(block), search=False) + markdown[region.end() :]


def on_page_content(html_text, page, config, files):
    """The HTML blocks search reads go back in; MkDocs learns the anchors of
    all of them. A topic page's regions that search skips go out."""
    stash = (_BUILD.get("stash") or {}).get(page.file.src_uri)
    if page.file.src_uri in (_BUILD.get("topic_paths") or ()) and not _plain_search():
        html_text = unsearched_regions(html_text, _stash(page) if stash is None else stash)
        return unstash_html(html_text, stash, search=True) if stash else html_text
    if not stash:
        return html_text
    if page.present_anchor_ids is not None:
        for block, _ in stash:
            page.present_anchor_ids.update(_ID.findall(block))
    html_text = unstash_html(html_text, stash, search=True)
    if _plain_search():  # Material's search as shipped reads the page as a reader sees it
        html_text = unstash_html(html_text, stash, search=False)
    return html_text


@event_priority(-100)  # after the search plugin has read the page
def on_page_context(context, page, config, nav):
    """The HTML blocks search skips go back in, before the page is written."""
    stash = (_BUILD.get("stash") or {}).get(page.file.src_uri)
    if stash:
        page.content = unstash_html(page.content, stash, search=False)
    return context


_ENTITY_LINE = re.compile(r"^\*\*(?:Люди|Места|Организации):\*\* .*$", re.M)


def link_entities(markdown: str, page: str, entities: list[SiteEntity]) -> str:
    """On a topic page, names in the people/places/organisations lines link to
    their entity pages."""
    pages = {md_text(e.name): entity_page_path(e) for e in entities if e.page}

    def linked(match: re.Match) -> str:
        head, _, names = match.group(0).partition(":** ")
        items = []
        for item in names.split(", "):
            name, paren, rest = item.rpartition(" (")
            target = pages.get(name) if paren else None
            items.append(f"{link(name, relative(target, page))} ({rest}" if target else item)
        return f"{head}:** " + ", ".join(items)

    return _ENTITY_LINE.sub(linked, markdown)


def source_entries(site: Site, urls: dict[str, str], figures: dict[str, list[dict]]) -> list[dict]:
    """The search index entries of the source pages, one per page, in path order."""
    entries = []
    for source in sorted(site.sources.values(), key=lambda s: s.path):
        if source.path in urls:
            facts = source_facts(source, figures.get(source.id, []))
            entries.append(source_search_entry(source, facts, urls[source.path]))
    return entries


def on_post_build(config):
    """The source pages' entries join the search index (Material skipped
    those pages), and the index is written as UTF-8 (Cyrillic escaped as
    \\uXXXX is three times larger)."""
    path = Path(config.site_dir) / SEARCH_INDEX
    if not path.exists() or _plain_search():
        return
    data = json.loads(path.read_text("utf-8"))
    site = _BUILD.get("site")
    if isinstance(site, Site) and isinstance(data.get("docs"), list):
        data["docs"] += source_entries(site, _BUILD.get("urls") or {}, _BUILD.get("source_figures") or {})
    path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), "utf-8")
