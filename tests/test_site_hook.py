"""The site hook's page builders on small hand-made briefings: conflicts
between sources, the chart, entity merging, sentences with no topic. The hook
is loaded by path, as MkDocs loads it."""

from __future__ import annotations

import importlib.util
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
    assert svg.startswith('<figure class="briefings-chart"><svg')
    assert svg.count("<rect") == 2  # percentages are not money
    assert "<script" not in svg and "http" not in svg.replace("http://www.w3.org/2000/svg", "")


def test_entities_merge_across_sources_and_link_sentences():
    site = _site([], entities=[{"type": "PER", "name": "Касым-Жомарт Токаев", "sentences": [1, 2]}])
    site.sources["b"].data["entities"] = [{"type": "PER", "name": "касым-жомарт токаев", "sentences": [1]}]
    (entity,) = hook.site_entities(site)
    assert entity.mentions == [("a", 1), ("a", 2), ("b", 1)]
    assert hook.entity_page_path(entity) == "entities/kasym-zhomart-tokaev.md"
    page = hook.entity_page(site, entity)
    assert "../briefings/sources/a.md#s-2" in page and "../briefings/sources/b.md#s-1" in page


def test_other_page_keeps_sentences_without_topic():
    page = hook.other_page(_site([]))
    assert "Погода была хорошей." in page and "sources/a.md#s-2" in page
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
    site.topics[0].data["description"] = HOSTILE
    entities = hook.site_entities(site)
    pages = [
        hook.figures_page(site),
        hook.other_page(site),
        hook.entity_index_page(site, entities),
        hook.entity_page(site, entities[0]),
        hook.topic_cards(site),
        hook.latest_sources(site),
    ]
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
    assert "(../briefings/sources/a.md#s-1" in page and "(../briefings/sources/a.md#s-2" in page


def test_values_keep_their_no_break_spaces():
    assert hook.md_text("25,2\u202f%") == "25,2\u202f%"
    assert hook.md_text("2\u202f450  вагонов\n") == "2\u202f450 вагонов"
