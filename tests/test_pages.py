import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.errors import BriefingFileError
from generator.pages import (
    KeyTexts,
    MemoryTable,
    dump_yaml,
    libyaml_writes_the_same,
    line_blocks,
    load_yaml,
    merge_body,
    merge_front,
    parse_page,
    render_body,
    same_data,
    surely_reads_back,
)

REGIONS = {"header": "# Экономика", "summary": "## Главное\n\n- новое"}
ORDER = ("header", "summary")


def page_text(front="title: Экономика\n", body=None):
    body = body if body is not None else "\n" + render_body([("header", "# Старое"), ("summary", "- старое")])
    return f"---\n{front}---\n{body}"


def test_editor_text_before_between_and_after_regions_survives():
    body = (
        "\nМоё вступление.\n\n"
        + render_body([("header", "x")])
        + "\nМежду.\n\n"
        + render_body([("summary", "y")])
        + "\nПосле — анализ.\n"
    )
    page = parse_page(page_text(body=body), "economy.md")
    merged = merge_body(page, REGIONS, ORDER)
    for text in ("Моё вступление.\n\n", "\nМежду.\n\n", "\nПосле — анализ.\n"):
        assert text in merged
    assert "- новое" in merged and "y" not in merged.split("Между")[1].split("После")[0].replace("summary", "")


def test_missing_region_is_added_after_its_predecessor():
    body = "\n" + render_body([("header", "x")]) + "\nТекст редактора.\n"
    merged = merge_body(parse_page(page_text(body=body), "e.md"), REGIONS, ORDER)
    assert (
        merged.index("briefings:end header") < merged.index("briefings:begin summary") < merged.index("Текст редактора")
    )


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("\n<!-- briefings:begin header -->\nx\n", "line 5: region 'header' has no end marker"),
        ("\nx\n<!-- briefings:end header -->\n", "line 6: end marker of region 'header' without its begin marker"),
        ("\n<!-- briefings:begin a -->\n<!-- briefings:begin b -->\n", "region 'b' begins inside region 'a'"),
    ],
)
def test_broken_markers_name_the_line(body, message):
    with pytest.raises(BriefingFileError) as err:
        parse_page(page_text(body=body), "briefings/economy.md")
    assert message in err.value.message
    assert "briefings/economy.md" in err.value.message


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("no front matter", "no YAML front matter"),
        ("---\ntitle: [oops\n---\n", "line 3: invalid YAML"),
        ("---\n- a list\n---\n", "not a mapping"),
    ],
)
def test_broken_front_matter(text, message):
    with pytest.raises(BriefingFileError, match=message.replace("[", r"\[")):
        parse_page(text, "e.md")


def test_front_matter_merge_keeps_editor_keys_and_comments_in_place():
    front = (
        "# шапка брифинга\n"
        "title: Старое\n"
        "editor:\n"
        "  # не трогать\n"
        "  drop_keywords: [рынок]\n"
        "custom: 'значение: с двоеточием'\n"
        "keywords: []\n"
    )
    page = parse_page(page_text(front=front), "e.md")
    merged = merge_front(
        page, {"title": "Экономика", "keywords": [{"term": "ОТГ"}], "tags": ["ОТГ"]}, ("title", "keywords", "tags")
    )
    assert merged.startswith("# шапка брифинга\ntitle: Экономика\n")
    assert "editor:\n  # не трогать\n  drop_keywords: [рынок]\ncustom: 'значение: с двоеточием'\n" in merged
    assert "keywords:\n- term: ОТГ\n" in merged
    assert "tags:\n- ОТГ\n" in merged


@pytest.mark.parametrize(
    ("front", "keys"),
    [
        ('"ключ с пробелом": 1\ntitle: Экономика\n', ["ключ с пробелом", "title"]),
        ("'it''s': 1\n", ["it's"]),
        ('"\\u0449ека": 1\n', ["щека"]),
        ("yes: 1\n2025: итоги года\n", ["True", "2025"]),
        ("title: Экономика\n# заметка в конце шапки\n", ["title", None]),
    ],
)
def test_front_matter_blocks_are_named_as_yaml_reads_the_keys(front, keys):
    page = parse_page(page_text(front=front), "e.md")
    assert page.unsplittable is None
    assert [b.key for b in page.blocks] == keys
    assert "".join(b.text for b in page.blocks) == front


_FRONT_LINES = st.sampled_from(
    ["title: Экономика\n", "  - a\n", "- b\n", "# заметка\n", "\n", "  \n", "{a: 1}\n", '"k": 1\n', "x", "\tt: 2\n"]
)


@given(st.lists(_FRONT_LINES, max_size=12))
def test_cutting_front_matter_into_blocks_loses_nothing(lines):
    """parse_page reads the editor's blocks (and, when they are unexpected, the
    whole front matter) back from the cut."""
    front = "".join(lines)
    assert "".join(b.text for b in line_blocks(front)) == front


@pytest.mark.parametrize(
    ("front", "why"),
    [
        ("notes: один\nnotes: два\n", "front-matter key 'notes' appears twice"),
        ("{title: Экономика, order: 1}\n", "not one 'key: value' block per top-level key"),
    ],
)
def test_front_matter_we_cannot_merge_key_by_key_says_why(front, why):
    assert why in parse_page(page_text(front=front), "e.md").unsplittable


@pytest.mark.parametrize(
    ("prefix", "newline"),
    [("", "\n"), ("\ufeff", "\n"), ("", "\r\n"), ("\ufeff", "\r\n")],
)
def test_line_endings_and_byte_order_mark_are_kept(prefix, newline):
    from generator.pages import compose

    text = prefix + page_text().replace("\n", newline)
    page = parse_page(text, "e.md")
    assert page.region_names == ("header", "summary") and page.data == {"title": "Экономика"}
    assert compose(page.front_text, page.body, page) == text


# --- KeyTexts: a list key dumped item by item is the text PyYAML writes for the whole list

odd_text = st.text(alphabet=" \n\t'\":#-&*!|>%@`?,[]{}\x85\u2028\ufeff\u00a0é😀.0123yesno~", max_size=20)
scalar = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=30), odd_text)
value = st.recursive(
    scalar,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)),
    max_leaves=12,
)


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(["figures", "tags", "yes", "a b", "x:y"]), st.lists(value, min_size=1, max_size=5) | value)
def test_key_texts_are_what_dump_yaml_writes_and_canonical_hashes(key, data):
    table = MemoryTable()
    text = KeyTexts(table).texts(key, data)
    assert text.text == dump_yaml({key: data})
    assert text.canonical == dump_yaml(load_yaml(dump_yaml({key: data})))
    if text.contained:
        assert same_data(load_yaml(text.text), {key: data})
    assert KeyTexts(table).texts(key, data) == text  # the next run, from the table


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(["figures", "tags", "yes"]), st.lists(value | odd_text, min_size=1, max_size=6))
def test_items_dumped_together_are_each_what_one_dump_per_item_writes(key, data):
    """New items of a list are dumped in one go and split at the margin's «- »:
    each item's text in the table is the one a dump of that item alone writes
    (earlier runs' tables hold those), and reads back the same way."""
    from generator.pages import _item_name

    table = MemoryTable()
    KeyTexts(table).texts(key, data)
    header = f"{key}:\n"
    for item in data:
        entry = table.get(_item_name(key, item))
        if entry is None:  # the list was not itemized (a shared container): dumped whole
            continue
        alone = dump_yaml({key: [item]})
        assert entry[0] == alone[len(header) :]
        assert entry[1] == same_data(load_yaml(alone), {key: [item]})


def test_multiline_and_dash_strings_split_into_their_own_items():
    from generator.pages import _item_name

    data = ["- не пункт", "строка\n- вторая строка\n-третья", {"text": "a\n- b", "n": [1, "- 2"]}, "😀\n- x", ""]
    table = MemoryTable()
    assert KeyTexts(table).texts("figures", data).text == dump_yaml({"figures": data})
    assert len(table) == len(data)
    assert [table[_item_name("figures", item)][0] for item in data] == [
        dump_yaml({"figures": [item]})[len("figures:\n") :] for item in data
    ]


any_text = st.text(max_size=40) | odd_text | st.text(alphabet="аяё Ж\r\x07😀€", min_size=60, max_size=140)
any_value = st.recursive(
    st.one_of(scalar, any_text),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(any_text, inner, max_size=4)),
    max_leaves=12,
)


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(["figures", "tags", "yes", "a b", "x:y"]), any_value)
def test_dump_yaml_writes_what_pure_python_pyyaml_writes(key, data):
    """LibYAML dumps what it writes alike, the pure-Python dumper the rest:
    the bytes never depend on which one ran (or on LibYAML being installed)."""
    options = {"allow_unicode": True, "sort_keys": False, "default_flow_style": False, "width": 10_000}
    assert dump_yaml({key: data}) == yaml.safe_dump({key: data}, **options)


yaml_words = st.sampled_from(
    [
        "yes",
        "No",
        "null",
        "~",
        "1.0",
        "0x1F",
        "1e3",
        ".inf",
        "12:30",
        "2025-01-01",
        "<<",
        "- ",
        "? ",
        ": ",
        " #",
        "'",
        '"',
        "---",
        "...",
    ]
)
round_trip_text = st.lists(st.one_of(st.text(max_size=6), yaml_words), max_size=5).map("".join)
round_trip_value = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), round_trip_text),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(round_trip_text, inner, max_size=4)),
    max_leaves=12,
)


@settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(st.sampled_from(["figures", "tags"]), round_trip_value)
def test_what_surely_reads_back_does(key, data):
    """KeyTexts skips reading back the YAML of data that surely_reads_back:
    that data, however odd its strings, reads back as itself, item by item too."""
    if not surely_reads_back({key: data}):
        return
    assert same_data(load_yaml(dump_yaml({key: data})), {key: data})
    if isinstance(data, list) and data:
        assert KeyTexts().texts(key, data).contained


@pytest.mark.parametrize(
    ("data", "surely"),
    [
        ({"figures": [{"text": "XII саммит ОТГ", "value": 12.5, "when": None, "ok": True}]}, True),
        ({"title": "Средний коридор: «грузы» — 4,5 млн тонн, yes: no # ~"}, True),
        ({"title": "две\nстроки"}, False),
        ({"title": "таб\tуляция"}, False),
        ({"title": "флаг 🇰🇿"}, False),
        ({"title": "строка\u2028строка"}, False),
        ({"title": "\ufeffметка"}, False),
        ({"title": "слово " * 200}, False),
        ({1: "ключ-число"}, False),
    ],
)
def test_which_data_surely_reads_back(data, surely):
    assert surely_reads_back(data) is surely


@pytest.mark.parametrize(
    ("data", "fast"),
    [
        ({"figures": [{"text": "XII саммит ОТГ", "value": 12, "share": 3.5, "when": None}]}, True),
        ({"title": "Средний коридор: «грузы» — 4,5 млн тонн\tи ещё\n"}, True),
        ({"title": "флаг 🇰🇿"}, False),  # beyond the Basic Multilingual Plane: LibYAML escapes it
        ({"title": "строка\u2028строка"}, False),
        ({"я" * 60: 1}, False),  # a key of 120 bytes: LibYAML makes it a complex key
        ({"": 1}, False),
        ({"k": "слово " * 2000}, False),
    ],
)
def test_which_data_libyaml_dumps(data, fast):
    assert libyaml_writes_the_same(data) is fast


def test_a_shared_list_is_dumped_whole_so_its_anchor_stays():
    shared = ["ОТГ"]
    data = [{"a": shared}, {"b": shared}]
    text = KeyTexts().texts("keywords", data)
    assert text.text == dump_yaml({"keywords": data}) and "&id001" in text.text
    assert not text.contained


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        (1, 1, True),
        (1, 1.0, False),
        (True, 1, False),
        (0.0, -0.0, False),
        (float("nan"), float("nan"), True),
        ((1, "a"), [1, "a"], True),
        ({"a": 1, "b": 2}, {"b": 2, "a": 1}, False),  # the order is written
        ({"a": [1]}, {"a": [1]}, True),
    ],
)
def test_same_data_is_same_yaml(a, b, same):
    assert same_data(a, b) is same
    if same:
        assert dump_yaml({"k": a}) == dump_yaml({"k": b})
