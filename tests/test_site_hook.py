"""The site hook's page builders on small hand-made briefings: conflicts
between sources, the chart, entity merging, sentences with no topic. The hook
is loaded by path, as MkDocs loads it."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("site_hook", ROOT / "generator" / "site_hook.py")
hook = importlib.util.module_from_spec(_spec)
sys.modules["site_hook"] = hook  # dataclasses look their module up while the file runs
_spec.loader.exec_module(hook)


def _site(figures_a, figures_b=(), entities=None) -> object:
    topic = hook.Topic("briefings/economy.md", {"topic": "economy", "title": "Экономика", "figures": list(figures_a)})
    other = hook.Topic("briefings/culture.md", {"topic": "culture", "title": "Культура", "figures": list(figures_b)})
    body_a = (
        '<span id="s-0">**Заголовок**</span>\n\n'
        '<span id="s-1" class="sentence t-economy">Товарооборот достиг 11,4 млрд долларов.</span> '
        '<span id="s-2" class="sentence">Погода была хорошей.</span>\n'
    )
    body_b = '<span id="s-1" class="sentence t-economy">Товарооборот составил 12 млрд долларов.</span>\n'
    sources = {
        "a": hook.Source(
            "briefings/sources/a.md",
            {"source_id": "a", "title": "Статья А", "date": "2025-05-01", "entities": entities or []},
            hook.source_sentences(body_a),
        ),
        "b": hook.Source(
            "briefings/sources/b.md",
            {"source_id": "b", "title": "Статья Б", "date": "2025-06-01"},
            hook.source_sentences(body_b),
        ),
    }
    return hook.Site([topic, other], sources)


def _figure(value, source, subject="товарооборот", period="2024", unit="USD", sentence=1):
    return {
        "text": f"{value}",
        "value": value,
        "unit": unit,
        "kind": "level",
        "subject": subject,
        "period": period,
        "source": source,
        "sentence": sentence,
        "display": f"{value} долл.",
    }


def test_sentences_are_read_with_their_topics():
    site = _site([])
    assert site.sources["a"].sentences[1] == ("Товарооборот достиг 11,4 млрд долларов.", ("economy",))
    assert site.sources["a"].sentences[2] == ("Погода была хорошей.", ())
    assert site.sources["a"].sentences[0] == ("Заголовок", ())


@pytest.mark.parametrize(
    ("first", "second", "clash"),
    [
        (_figure(11.4e9, "a"), _figure(12e9, "b"), True),  # two sources, same subject and period, other values
        (_figure(11.4e9, "a"), _figure(11.4e9, "b"), False),  # they agree
        (_figure(11.4e9, "a"), _figure(12e9, "b", period="2025"), False),  # other period
        (_figure(11.4e9, "a"), _figure(12e9, "b", subject="инвестиция"), False),  # other subject
        (_figure(11.4e9, "a"), _figure(12e9, "a", sentence=2), False),  # one source: not a disagreement
        (_figure(11.4e9, "a", subject=None), _figure(12e9, "b", subject=None), False),  # unknown subject
        (_figure(11.4e9, "a", subject="Товарооборот"), _figure(12e9, "b", subject="товарооборот"), True),
    ],
)
def test_conflicts_between_sources(first, second, clash):
    site = _site([first], [second])
    assert bool(hook.conflicts(hook.site_figures(site))) is clash
    page = hook.figures_page(site)
    assert ("Источники расходятся" in page) is clash


def test_a_figure_in_two_topics_is_listed_once_with_both():
    figure = _figure(11.4e9, "a")
    figures = hook.site_figures(_site([figure], [dict(figure)]))
    assert len(figures) == 1 and figures[0].topics == ["economy", "culture"]


def test_money_chart_is_svg_with_one_bar_per_topic_figure():
    site = _site([_figure(11.4e9, "a"), _figure(25.2, "a", unit="percent")], [_figure(2e8, "b")])
    svg = hook.money_chart(hook.site_figures(site), site)
    assert svg.startswith('<figure class="briefings-chart" data-search-exclude="true"><svg')  # no bar labels in search
    assert svg.count("<rect") == 2  # percentages are not money
    assert "<script" not in svg and "http" not in svg.replace("http://www.w3.org/2000/svg", "")


def test_entities_merge_across_sources_and_link_sentences():
    site = _site([], entities=[{"type": "PER", "name": "Касым-Жомарт Токаев", "sentences": [1, 2]}])
    site.sources["b"].data["entities"] = [{"type": "PER", "name": "касым-жомарт токаев", "sentences": [1]}]
    (entity,) = hook.site_entities(site)
    assert entity.mentions == [("a", 1), ("a", 2), ("b", 1)]
    assert hook.entity_page_path(entity) == "entities/kasym-zhomart-tokaev.md"
    page = hook.entity_page(site, entity)
    assert 'href="../../briefings/sources/a/#s-2"' in page and 'href="../../briefings/sources/b/#s-1"' in page


def test_other_page_keeps_sentences_without_topic():
    page = hook.other_page(_site([]))
    assert "Погода была хорошей." in page and 'href="../briefings/sources/a/#s-2"' in page
    assert "Товарооборот достиг" not in page


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Касым-Жомарт Токаев", "kasym-zhomart-tokaev"),
        ("Шуша", "shusha"),
        ("ОТГ", "otg"),
        ("Ильхам Алиев", "ilkham-aliev"),
    ],
)
def test_entity_slugs_are_latin(name, slug):
    assert hook.slug(name) == slug


def test_article_text_cannot_break_the_generated_markdown():
    assert hook.md_text("a|b *c* <script>") == "a\\|b \\*c\\* &lt;script&gt;"


HOSTILE = 'Итоги <script>alert(1)</script> | *жирный* [ссылка](javascript:x) "кавычки" (скобки)'


def test_hostile_titles_stay_text_on_every_generated_page():
    import markdown

    site = _site([_figure(11.4e9, "a")], entities=[{"type": "ORG", "name": HOSTILE, "sentences": [1, 2]}])
    site.sources["a"].data["title"] = site.sources["a"].title = HOSTILE
    site.sources["a"].data["keywords"] = [HOSTILE]
    site.topics[0].data["description"] = HOSTILE
    entities = hook.site_entities(site)
    source = site.sources["a"]
    facts = hook.source_facts(source, [{**_figure(11.4e9, "a"), "subject": HOSTILE, "text": HOSTILE}])
    pages = [
        hook.figures_page(site),
        hook.other_page(site),
        hook.entity_index_page(site, entities),
        hook.entity_page(site, entities[0]),
        hook.topic_cards(site),
        hook.latest_sources(site),
        "---\n---\n" + hook.source_box(source, facts, {hook.entity_key("ORG", HOSTILE): "entities/x.md"}),
    ]
    entry = hook.source_search_entry(source, facts, "briefings/sources/a/")
    assert "<script>" not in entry["title"] + entry["text"] and "&lt;script&gt;" in entry["text"]
    for text in pages:
        body = text.split("---\n", 2)[-1]
        out = markdown.markdown(body, extensions=["tables", "attr_list", "md_in_html"])
        assert "<script>" not in out and 'href="javascript' not in out
        assert "&lt;script&gt;" in out


def test_big_sites_keep_every_mention_linked_but_quote_only_the_newest(monkeypatch):
    monkeypatch.setattr(hook, "QUOTED_SOURCES", 1)
    site = _site([], entities=[{"type": "LOC", "name": "Баку", "sentences": [1, 2]}])
    site.sources["b"].data["entities"] = [{"type": "LOC", "name": "Баку", "sentences": [1]}]
    (entity,) = hook.site_entities(site)
    page = hook.entity_page(site, entity)
    assert "Товарооборот составил 12 млрд долларов." in page  # the newest article (b) is quoted
    assert "Погода была хорошей." not in page  # the older one is linked by sentence number only
    assert 'href="../../briefings/sources/a/#s-1">1<' in page and 'href="../../briefings/sources/a/#s-2">2<' in page


def test_values_keep_their_no_break_spaces():
    assert hook.md_text("25,2\u202f%") == "25,2\u202f%"
    assert hook.md_text("2\u202f450  вагонов\n") == "2\u202f450 вагонов"


# --- what a source page gives the search index ----------------------------------------------------------------


def _long_source(sentences: int = 300, entities: int = 200) -> object:
    body = ['<span id="s-0">**Заголовок статьи**</span>', ""]
    body += [
        f'<span id="s-{i}" class="sentence">Предложение номер {i} о торговле и логистике региона.</span>'
        for i in range(1, sentences)
    ]
    data = {
        "source_id": "long",
        "title": "Заголовок статьи",
        "source": "Агентство",
        "search": {"boost": 0.5},
        "keywords": [f"слово{i}" for i in range(30)],
        "entities": [
            {"type": "PER", "name": f"Имя{i} Фамилия", "sentences": [1] * (i % 5 + 1)} for i in range(entities)
        ],
    }
    return hook.Source("briefings/sources/long.md", data, hook.source_sentences("\n".join(body)), titled=True)


def test_a_source_entry_is_its_title_lead_and_facts_not_its_body():
    source = _long_source()
    figures = [_figure(11.4e9, "long", sentence=250)]
    entry = hook.source_search_entry(source, hook.source_facts(source, figures), "briefings/sources/long/")
    assert entry["location"] == "briefings/sources/long/" and entry["title"] == "Заголовок статьи"
    assert entry["boost"] == 0.5
    text = entry["text"]
    assert "Предложение номер 1 о торговле" in text  # the lead
    assert "Предложение номер 250 " not in text  # the body beyond the lead is on the page only
    assert "Агентство" in text and "слово0" in text
    assert "Имя4 Фамилия" in text and "Имя5 Фамилия" not in text  # the 40 most mentioned (5 sentences) of 200
    assert "11400000000.0 долл." in text and "(11400000000.0)" in text  # a figure: as shown and as written
    assert "Заголовок статьи" not in text  # sentence 0 is the title, already the entry's title


def test_a_source_entry_has_a_bounded_size_however_long_the_article():
    short = _long_source(sentences=3, entities=3)
    long = _long_source(sentences=3000, entities=2000)
    sizes = []
    for source in (short, long):
        figures = [_figure(i, source.id, sentence=i) for i in range(1, 100)]
        entry = hook.source_search_entry(source, hook.source_facts(source, figures), "x/")
        sizes.append(len(entry["text"]))
    assert sizes[1] < 5_000  # keywords, entities and figures are capped; the lead is at most LEAD_MAX
    lead = " ".join(hook.plain_text(long.sentences[i][0]) for i in long.lead())
    assert hook.LEAD_CHARS <= len(lead) <= hook.LEAD_CHARS + 100


def test_the_lead_starts_after_a_title_and_at_sentence_0_without_one():
    titled = _long_source(sentences=20)
    assert titled.lead()[0] == 1
    untitled = hook.Source(
        "briefings/sources/u.md",
        {},
        hook.source_sentences(
            '<span id="s-0" class="sentence">Первое предложение статьи.</span> '
            '<span id="s-1" class="sentence">Второе.</span>'
        ),
    )
    assert untitled.lead() == [0, 1]


def test_the_source_box_shows_what_the_entry_holds_and_links_entity_pages():
    source = _long_source(sentences=20, entities=3)
    facts = hook.source_facts(source, [_figure(11.4e9, "long", sentence=5)])
    pages = {hook.entity_key("PER", "Имя2 Фамилия"): "entities/imya2-familiya.md"}
    box = hook.source_box(source, facts, pages)
    assert "Ключевые слова:</strong> слово0 · слово1" in box
    assert '<a href="../../../entities/imya2-familiya/">Имя2 Фамилия</a>' in box  # from briefings/sources/long/
    assert '<a href="#s-5" title="11400000000.0"><strong>11400000000.0 долл.</strong></a>' in box


# --- the HTML the hook writes itself --------------------------------------------------------------------------

_MARKDOWN = ["attr_list", "md_in_html", "tables", "admonition", "pymdownx.details"]


def _rendered(body: str) -> str:
    """A page as the build makes it: HTML blocks out, Markdown, HTML blocks back in."""
    import markdown

    stash: list = []
    out = markdown.markdown(hook.stash_html(body, stash), extensions=_MARKDOWN)
    return hook.unstash_html(hook.unstash_html(out, stash, search=True), stash, search=False)


def _same_html(a: str, b: str) -> bool:
    """Equal but for blank lines between blocks and how a character is written (&#61; or =)."""
    import html as html_module

    def norm(text: str) -> str:
        return html_module.unescape(re.sub(r"\n+", "\n", text).strip())

    return norm(a) == norm(b)


@pytest.mark.parametrize("page", sorted((ROOT / "briefings" / "sources").glob("*.md")), ids=lambda p: p.stem)
def test_source_sentences_as_html_are_what_markdown_made_of_them(page):
    import markdown

    body = hook._split_front(page.read_text("utf-8"))[1]
    assert _same_html(_rendered(hook.article_html(body)), markdown.markdown(body, extensions=_MARKDOWN))
    assert "briefings:slot" not in _rendered(hook.article_html(body))


def test_hostile_sentences_stay_text_in_the_html():
    from generator.markdown_text import escape

    text = escape(HOSTILE + " &amp; 1 < 2 \\ конец")
    body = f'<span id="s-0">**{escape(HOSTILE)}**</span>\n\n<span id="s-1" class="sentence t-economy">{text}</span>\n'
    out = _rendered(hook.article_html(body))
    assert "<script>" not in out and 'href="javascript' not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out and "&amp;amp; 1 &lt; 2 \\ конец" in out
    assert '<p><span id="s-1" class="sentence t-economy">' in out and "<strong>Итоги" in out


def test_links_in_html_blocks_are_the_urls_mkdocs_makes(monkeypatch):
    assert hook.url_from("briefings/sources/a.md", "entities/baku.md", "s-2") == "../../briefings/sources/a/#s-2"
    assert hook.url_from("entities/index.md", "entities/baku.md") == "../"
    assert hook.url_from("briefings/economy.md", "figures.md") == "../briefings/economy/"
    monkeypatch.setattr(hook, "_DIRECTORY_URLS", [False])
    assert hook.url_from("briefings/sources/a.md", "entities/baku.md", "s-2") == "../briefings/sources/a.html#s-2"


def test_blocks_search_skips_come_back_after_search_has_read_the_page():
    stash: list = []
    blocks = hook.html_block("<p>читает</p>") + "\n\n" + hook.html_block("<p>нет</p>", search=False)
    markdown = hook.stash_html(blocks, stash)
    assert "читает" not in markdown and "нет" not in markdown
    for_search = hook.unstash_html(markdown, stash, search=True)
    assert "читает" in for_search and "нет" not in for_search
    assert "нет" in hook.unstash_html(for_search, stash, search=False)


def test_a_topic_page_keeps_its_source_list_out_of_search():
    page = (
        "<!-- briefings:begin quotes -->\n<h2>Цитаты</h2>\n<p>«Цитата»</p>\n<!-- briefings:end quotes -->\n"
        '<!-- briefings:begin sources -->\n<h2 id="источники">Источники</h2>\n<ol><li>Статья</li></ol>\n'
        "<!-- briefings:end sources -->\n"
        '<!-- briefings:begin reasons -->\n<details class="note"><summary>Почему</summary></details>\n'
        "<!-- briefings:end reasons -->"
    )
    stash: list = []
    for_search = hook.unsearched_regions(page, stash)
    assert "«Цитата»" in for_search and '<h2 id="источники">Источники</h2>' in for_search
    assert "<ol>" not in for_search and "Почему" not in for_search
    assert hook.unstash_html(for_search, stash, search=False) == page


def _as_mkdocs_links(html_text: str, page: str) -> str:
    """Python-Markdown's href="sources/a.md#s-1" as MkDocs rewrites it on that page."""

    def url(match: re.Match) -> str:
        target, anchor = match.group(1), match.group(2) or ""
        return f'href="{hook.url_from(f"briefings/{target}", page, anchor)}"'

    return re.sub(r'href="(sources/[^"#]+\.md)(?:#([^"]*))?"', url, html_text)


def _topic_page_html(markdown_text: str, page: str, site) -> str:
    """A topic page's HTML as the build makes it (hook.on_page_markdown, Markdown, on_page_content, on_page_context)."""
    import markdown

    stash: list = []
    out = markdown.markdown(hook.stash_html(hook.reasons_html(markdown_text, page, site), stash), extensions=_MARKDOWN)
    out = hook.unsearched_regions(out, stash)
    out = hook.unstash_html(hook.unstash_html(out, stash, search=True), stash, search=False)
    return _as_mkdocs_links(out, page)  # the Markdown pages' links, as MkDocs then rewrites them


@pytest.mark.parametrize("page", sorted((ROOT / "briefings").glob("*.md")), ids=lambda p: p.stem)
def test_the_reasons_of_a_topic_page_as_html_are_what_markdown_made_of_them(page):
    """The hook writes a generated «why this topic» list as HTML itself (a
    second of Python-Markdown on a thousand-article economy page)."""
    import markdown

    site = hook.read_site(ROOT / "briefings")
    body = hook._split_front(page.read_text("utf-8"))[1]
    src = f"briefings/{page.name}"
    assert hook.reasons_html(body, src, site) != body  # the generated list takes the fast way
    expected = _as_mkdocs_links(markdown.markdown(body, extensions=_MARKDOWN), src)
    assert _same_html(_topic_page_html(body, src, site), expected)


def _reasons_region(*lines: str) -> str:
    head = '??? note "Почему эти предложения отнесены к теме"'
    return "\n".join(["<!-- briefings:begin reasons -->", head, "", *lines, "<!-- briefings:end reasons -->"])


def test_reasons_with_odd_characters_are_what_markdown_made_of_them():
    import markdown

    from generator.markdown_text import escape

    site = _site([])
    label = escape(HOSTILE + " [1] & «ОТГ» *2* |x| #тег")
    region = _reasons_region(
        f"    - [{label}, предложение 1](sources/a.md#s-1): {escape('лексикон: ВВП < 2, «товар» & ~~x~~')}",
        "    - [Статья Б, предложение 1](sources/b.md#s-1): navec: хозяйство≈промышленность",
    )
    assert hook.reasons_html(region, "briefings/economy.md", site) != region
    expected = _as_mkdocs_links(markdown.markdown(region, extensions=_MARKDOWN), "briefings/economy.md")
    out = _topic_page_html(region, "briefings/economy.md", site)
    assert _same_html(out, expected)
    assert "<script>" not in out and "briefings:slot" not in out


@pytest.mark.parametrize(
    "line",
    [
        "    - [Статья А, предложение 1](sources/a.md#s-1): **важно** (правка редактора)",
        "    - [Статья А, предложение 9](sources/a.md#s-9): лексикон: ВВП",  # no such sentence: MkDocs says so
        "    - [Статья В, предложение 1](sources/c.md#s-1): лексикон: ВВП",  # no such source
        "    - [Статья А, предложение 1](sources/a.md#s-01): лексикон: ВВП",
        "    - [Статья А](https://example.com): лексикон: ВВП",
        "    - <b>Статья</b>: лексикон",
    ],
)
def test_reasons_that_are_not_as_generated_are_left_to_markdown(line):
    region = _reasons_region("    - [Статья Б, предложение 1](sources/b.md#s-1): лексикон: ВВП", line)
    assert hook.reasons_html(region, "briefings/economy.md", _site([])) == region


# --- entity pages at scale ------------------------------------------------------------------------------------


def test_only_the_most_mentioned_entities_get_pages_past_the_cap(monkeypatch):
    monkeypatch.setattr(hook, "ENTITY_PAGES", 1)
    site = _site(
        [],
        entities=[
            {"type": "LOC", "name": "Баку", "sentences": [1, 2]},
            {"type": "PER", "name": "Ильхам Алиев", "sentences": [1]},
        ],
    )
    site.sources["b"].data["entities"] = [{"type": "PER", "name": "Ильхам Алиев", "sentences": [1]}]
    entities = hook.site_entities(site)
    assert [(e.name, e.page) for e in entities] == [("Баку", True), ("Ильхам Алиев", False)]  # 2 mentions each
    index = hook.entity_index_page(site, entities)
    assert '<a href="baku/">Баку</a>' in index
    # no page: a link to each article that names him, the newest first
    assert 'Алиев — упоминаний: 2 <span data-search-exclude="true"><a href="../briefings/sources/b/#s-1"' in index
    assert "самых упоминаемых" in index
    topic = "**Люди:** Ильхам Алиев (2)\n\n**Места:** Баку (2)"
    linked = hook.link_entities(topic, "briefings/economy.md", entities)
    assert "[Баку](../entities/baku.md)" in linked and "[Ильхам Алиев]" not in linked


def test_mkdocs_gets_the_pages_front_matter_without_the_hooks_data(tmp_path):
    """MkDocs reads every briefings page's front matter again: it gets it without
    the generator's data keys, every other value exactly as written."""
    odd = {
        "title": "Итоги: «1-й» квартал — 50% 🇰🇿 ---",
        "description": "- не список\n# не комментарий",
        "tags": ["ОТГ", "к" * 200],
        "search": {"boost": 0.5},
        "editor": {"note": "правка: 'кавычки' \"двойные\""},
        "status": None,
        "date": "2025-05-01",
        "order": 3,
    }
    data = {**odd, "figures": [{"value": 1}], "entities": [{"name": "Баку"}], "generated": {"by": "x"}}
    page = tmp_path / "economy.md"
    page.write_text("---\n" + hook.yaml.safe_dump(data, allow_unicode=True) + "---\n\nТекст редактора.\n", "utf-8")
    slim: dict = {}
    site = hook.read_site(tmp_path, slim)
    assert site.topics[0].data == data  # the hook itself reads everything
    from mkdocs.utils import meta

    body, front = meta.get_data(slim["economy.md"])  # as MkDocs reads it
    assert front == odd and body == "Текст редактора.\n"


@pytest.mark.parametrize(
    "period",
    [
        *("2024", "2025-Q1", "2025-H2", "2025-03", "2025-13", "2025-Q5", "", None),
        *("2024-01..2024-08", "2025-01..2026-03", "2025-Q1..2025-Q3", "2024..2031"),
    ],
)
def test_the_site_writes_a_period_as_the_briefings_do(period):
    """The hook keeps its own copy (it imports nothing of the generator): the same words."""
    from generator.render import ru_period

    assert hook.ru_period(period) == ru_period(period)


def _memo_table(project: Path, entries: dict) -> None:
    table = project / hook.GENERATOR_CACHE / "0123abcd" / hook.PAGES_TABLE
    table.parent.mkdir(parents=True)
    table.write_text(hook.json.dumps(entries, ensure_ascii=False), "utf-8")


def test_front_matter_the_generator_parsed_is_read_from_its_table_for_that_very_text(tmp_path):
    root = tmp_path / "briefings"
    root.mkdir()
    page = root / "economy.md"
    text = "---\ntitle: Экономика\norder: 1\n---\n\nТекст.\n"
    page.write_text(text, "utf-8")
    sha = hook.hashlib.sha256(text.encode("utf-8")).hexdigest()
    # the table's data differs from the YAML here only to show which one was read
    _memo_table(tmp_path, {hook.os.path.abspath(page): {"sha": sha, "data": {"title": "Из таблицы", "order": 1}}})
    parsed = hook.parsed_fronts(tmp_path)
    assert hook.read_site(root, parsed=parsed).topics[0].data == {"title": "Из таблицы", "order": 1}
    page.write_text(text.replace("Текст.", "Текст, поправленный редактором."), "utf-8")
    assert hook.read_site(root, parsed=parsed).topics[0].data == {"title": "Экономика", "order": 1}
    crlf = text.replace("\n", "\r\n")
    page.write_bytes(crlf.encode("utf-8"))
    entry = {"sha": hook.hashlib.sha256(crlf.encode("utf-8")).hexdigest(), "data": {"title": "Из таблицы"}}
    assert hook.read_site(root, parsed={hook.os.path.abspath(page): entry}).topics[0].data["title"] == "Экономика"


def test_a_missing_or_damaged_table_of_pages_is_no_table(tmp_path):
    assert hook.parsed_fronts(tmp_path) == {}
    table = tmp_path / hook.GENERATOR_CACHE / "0123abcd" / hook.PAGES_TABLE
    table.parent.mkdir(parents=True)
    table.write_bytes(b"\xff{not json")
    assert hook.parsed_fronts(tmp_path) == {}


def test_the_site_reads_the_same_front_matter_from_the_generators_table_as_from_yaml(project, monkeypatch):
    """End to end: the generator keeps every page's front matter, and the hook
    reads the same data from it as from the YAML."""
    from generator import build, load_config

    from .news_ru import ARTICLES

    for name, text in ARTICLES.items():
        (project / "seeds" / name).write_text(text, "utf-8")
    monkeypatch.chdir(project)
    build(load_config(project / "briefings.yml"), jobs=1)
    parsed = hook.parsed_fronts(project)
    root = project / "briefings"
    pages = list(root.rglob("*.md"))
    entries = [parsed.get(hook.os.path.abspath(p)) for p in pages]
    assert len(pages) >= 8
    for page, entry in zip(pages, entries, strict=True):  # each page is read from the table: its very text
        assert isinstance(entry["data"], dict)
        assert entry["sha"] == hook.hashlib.sha256(page.read_text("utf-8").encode("utf-8")).hexdigest()
    from_table, from_yaml = hook.read_site(root, parsed=parsed), hook.read_site(root)
    assert [t.data for t in from_table.topics] == [t.data for t in from_yaml.topics]
    assert {k: s.data for k, s in from_table.sources.items()} == {k: s.data for k, s in from_yaml.sources.items()}
