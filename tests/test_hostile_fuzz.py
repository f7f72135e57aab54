"""Random bytes and random (Cyrillic-heavy) Unicode into ingestion and the
writer: an Article or an InputError, never a traceback; pages whose front
matter reads back as the same data and whose HTML holds no live markup."""

from __future__ import annotations

from pathlib import Path

import markdown
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.errors import InputError
from generator.ingest import SeedFile, article_id, parse_article
from generator.markdown_text import escape, plain_title, safe_url
from generator.pages import parse_page
from generator.records import Article, Extraction, SentenceTopics
from generator.render import source_page
from generator.write import plan_page

CYRILLIC = st.characters(min_codepoint=0x0400, max_codepoint=0x04FF)
HOSTILE_PIECES = st.sampled_from(
    [
        "<script>alert(1)</script>",
        "javascript:alert(1)",
        "| ",
        "*",
        "#",
        "[x](y)",
        "`",
        ": ",
        "- ",
        "&",
        "!",
        "---",
        '"',
        "'",
        "{{ x }}",
        "{% x %}",
        "<!-- briefings:begin summary -->",
        "\u202e",
        "\u200b",
        "\x00",
        "\r\n",
        "&#x3C;",
        "!!python/object:os.system",
        "*a &a",
    ]
)
# Mostly Cyrillic, with punctuation, Latin, digits, controls and the hostile pieces above.
TEXT = st.lists(
    st.one_of(
        CYRILLIC,
        CYRILLIC,
        CYRILLIC,
        st.characters(codec="utf-8"),
        st.sampled_from(" \n.,;:!?0123456789"),
        HOSTILE_PIECES,
    ),
    max_size=300,
).map("".join)
SUFFIXES = st.sampled_from([".txt", ".md", ".html"])
FAST = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _ingest(name: str, data: bytes) -> Article | None:
    try:
        return parse_article(SeedFile(Path("seeds") / name, data))
    except InputError as exc:
        assert exc.message.startswith(f"seeds/{name}: ")
        assert "\n" not in exc.message
        return None


@FAST
@given(st.binary(max_size=2000), SUFFIXES)
def test_random_bytes_give_an_article_or_an_input_error(data, suffix):
    article = _ingest("a" + suffix, data)
    if article is not None:
        _assert_clean(article)


@FAST
@given(TEXT, SUFFIXES, st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1251", "koi8_r"]))
def test_random_cyrillic_text_in_any_encoding(text, suffix, encoding):
    data = text.encode(encoding, errors="ignore")
    article = _ingest("a" + suffix, data)
    if article is not None:
        _assert_clean(article)


def _assert_clean(article: Article) -> None:
    assert article.text.strip()
    assert "\r" not in article.text and "\x00" not in article.text and "\u202e" not in article.text
    assert "\n" not in article.title
    article.text.encode("utf-8")  # no lone surrogates: the page can be written


@FAST
@given(TEXT, TEXT, TEXT)
def test_writer_front_matter_reads_back_unchanged(title, source, body):
    article = Article(id="a", path="seeds/a.txt", title=plain_title(title), body=body or "x", source=source or None)
    end = len(article.text)
    extraction = Extraction(
        article=article,
        sentences=(SentenceTopics(index=0, text=article.text, start=0, end=end, topics=()),),
        figures=(),
        entities=(),
        keywords=(),
    )
    meta, page_body = source_page(extraction)
    planned = plan_page(
        Path("/nonexistent/sources/a.md"), meta, {"article": page_body}, ("article",), {"seed": "0" * 16}
    )
    page = parse_page(planned.new, "a.md")
    data = {k: v for k, v in page.data.items() if k != "generated"}
    assert data == meta
    assert page.region_names == ("article",)
    rendered = markdown.markdown(page.body, extensions=["tables", "attr_list", "md_in_html", "admonition"])
    assert "<script" not in rendered and "javascript:" not in rendered.replace("javascript:alert", "")


@FAST
@given(TEXT)
def test_escaped_text_never_becomes_markup(text):
    rendered = markdown.markdown(escape(text), extensions=["tables", "attr_list", "md_in_html", "admonition"])
    for tag in ("<script", "<a ", "<img", "<em>", "<strong>", "<code>", "<h1", "<table", "<ul>", "<ol>", "<!--"):
        assert tag not in rendered


@FAST
@given(TEXT)
def test_yaml_hostile_strings_round_trip(text):
    dumped = yaml.safe_dump({"title": text}, allow_unicode=True, sort_keys=False, width=10_000)
    assert yaml.safe_load(dumped) == {"title": text}


@FAST
@given(st.text(max_size=200))
def test_ids_from_any_file_name_are_safe(name):
    article = article_id(Path(name + ".txt"))
    assert article and "/" not in article and "\\" not in article and ".." not in article
    assert not article.startswith((".", "-"))
    assert len(article.encode("utf-8")) <= 150


@FAST
@given(TEXT)
def test_safe_url_keeps_only_http_links(text):
    for candidate in (text, "https://a.kz/" + text, "javascript:" + text):
        url = safe_url(candidate)
        if url is not None:
            assert url.startswith(("http://", "https://"))
            assert not any(ch in url for ch in ' "<>()`\n')
