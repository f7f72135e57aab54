"""yaml_block writes PyYAML's own bytes, or nothing: random front-matter-like
data is dumped by both, and wherever block_yaml answers, the texts are equal."""

from __future__ import annotations

import math
import random

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.pages import _DUMP_OPTIONS, dump_yaml, same_data, surely_reads_back
from generator.yaml_block import block_yaml


def pyyaml(data: dict) -> str:
    return yaml.safe_dump(data, **_DUMP_OPTIONS)


# Characters that decide a scalar's style: indicators, quotes, spaces, breaks,
# digits, Cyrillic and Latin letters, typography, non-BMP and invisible ones.
TRICKY = "аБвЁёzZ09 .,;:!?#&*|>'\"%@`-—–«»()[]{}/№+_\t\n\r\x85\xa0\u2028\ufeff\u200d𝐀"
WORDS = ["yes", "No", "TRUE", "off", "On", "null", "NULL", "Null", "~", "y", "n", "да", "Казахстан", "ОТГ", ".inf"]
# and what PyYAML reads as numbers or dates when unquoted (or, nearly, does not)
NUMBERS = ["2024-05-01", "2024-5-1", "1_000", "0x1F", "0o17", "0b101", "1e5", "1.5", "1.0e+5", "007", "6eb423e9"]
# where an indicator or a space decides between unquoted and quoted
SHAPES = ["a: b", "a:b", "a #b", "a#b", "#a", "-a", "- a", "-", "?a", "? a", ":a", ": a", "a:", ":", "---x", "...x"]
SHAPES += ["'a'", '"a"', "a'b", "", " a", "a ", "  ", "@a", "`a", "%a", "!a", "&a", "*a", "|a", ">a", "[a", "{a", ",a"]
texts = st.one_of(
    st.text(TRICKY, max_size=12),
    st.sampled_from(SHAPES),
    st.builds("".join, st.lists(st.sampled_from([*SHAPES, "Токаев", "5", " "]), min_size=1, max_size=3)),
    st.sampled_from(NUMBERS),
    st.text("0123456789._-+eExob: ", max_size=10),
    st.sampled_from(WORDS),
    st.builds(" ".join, st.lists(st.sampled_from([*WORDS, "и", "—", "5%", "XII"]), min_size=1, max_size=4)),
    st.text(max_size=8),
)
keys = st.one_of(st.sampled_from(["title", "source_id", "on", "yes", "null", "n", "score", "a_b", "Title"]), texts)
scalars = st.one_of(
    texts,
    st.integers(),
    st.booleans(),
    st.none(),
    st.floats(allow_nan=True, allow_infinity=True),
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.lists(inner, max_size=3).map(tuple) | st.dictionaries(keys, inner, max_size=4)
    ),
    max_leaves=12,
)


@settings(max_examples=1500, deadline=None)
@given(st.dictionaries(keys, values, min_size=1, max_size=5))
def test_block_yaml_writes_what_pyyaml_writes_or_nothing(data):
    written = block_yaml(data)
    if written is not None:
        assert written == pyyaml(data)
        assert written == yaml.dump(data, Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper), **_DUMP_OPTIONS)
    assert dump_yaml(data) == pyyaml(data)


@settings(max_examples=1500, deadline=None)
@given(st.dictionaries(keys, values, min_size=1, max_size=5))
def test_what_block_yaml_writes_surely_reads_back(data):
    """pages takes a text written here as reading back as its data, unchecked:
    what this module writes is within what pages.surely_reads_back vouches for."""
    written = block_yaml(data)
    if written is not None:
        assert surely_reads_back(data) and same_data(yaml.safe_load(written), data)


@pytest.mark.parametrize(
    "data",
    [
        {"title": "Казахстан и Китай обсудили Средний коридор"},
        {"keywords": ["Средний коридор", "ОТГ", "XII саммит"], "search": {"boost": 0.5}},
        {"entities": [{"type": "LOC", "name": "Казахстан", "sentences": [0, 3]}]},
        {"sources": [{"id": "baq-1", "title": "Рост на 5% — «рекорд» (оценка)", "source": "BAQ.KZ"}]},
        {"figure": {"value": 2.5, "unit": None, "kind": "money", "sentence": 4, "value_max": -0.0}},
        {"generated": {"by": "briefings 0.1.0", "keys": {"title": "6eb423e9ebd6c6e7", "date": "2024-05-01x"}}},
    ],
)
def test_the_data_of_briefings_is_written_directly(data):
    """The common shapes take the direct path (else it would be dead code)."""
    assert block_yaml(data) == pyyaml(data)


@pytest.mark.parametrize(
    "data",
    [
        {"title": "Токаев: визит в Баку"},  # «: » would start a mapping: quoted
        {"title": "2024-05-01"},  # a date for YAML: quoted
        {"source_id": "00012"},  # a number: quoted
        {"title": "No"},  # a boolean for YAML 1.1: quoted
        {"title": "Рост #1"},  # a comment: quoted
        {"title": "«Снизить накал»: зачем Назарбаев едет к Трампу"},
        {"title": "два  пробела"},  # unquoted
        {"title": "конец "},  # quoted
        {"title": "it's"},
        {"title": ""},
    ],
)
def test_strings_pyyaml_quotes_are_quoted_as_it_quotes_them(data):
    assert block_yaml(data) == pyyaml(data)


@pytest.mark.parametrize(
    "data",
    [
        {"title": "строка\nи ещё одна"},  # folded or literal
        {"title": "табуляция\tвнутри"},  # escaped
        {"title": "разделитель\u2028строк"},  # a line break for YAML
        {"title": "NEL\x85внутри"},
        {"title": "эмодзи 😀"},  # LibYAML escapes it
        {"title": "я" * 1001},  # could be folded at the width
        {"value": 1e16},
        {"value": math.inf},
        {"on": 1},
        {"list": (shared := [1]), "again": shared},  # an anchor
        {},
    ],
)
def test_what_pyyaml_escapes_folds_tags_or_anchors_is_left_to_it(data):
    assert block_yaml(data) is None
    assert dump_yaml(data) == pyyaml(data)


# Characters and words around every rule of the choice between unquoted and quoted
ALPHABET = [chr(c) for c in range(0x20, 0x7F)] + list("абвЁё«»—–…№“”„’‘•°\xa0\xad\u200b\ufeff\u2028\x85\t\n\x7f")
PIECES = ["yes", "no", "on", "null", "~", "1", "0x1", "1.5", "2024-01-01", "1_000", ".inf", "-", "?", ":", "#", "---"]


def test_random_one_line_strings_are_written_as_both_dumpers_write_them():
    rng = random.Random(2026)
    checked = 0
    for i in range(30_000):
        size = rng.randint(0, 6)
        text = "".join(rng.choice(ALPHABET) if rng.random() < 0.7 else rng.choice(PIECES) for _ in range(size))
        data = {"title": text} if i % 2 else {"items": [text, {"name": text}]}
        written = block_yaml(data)
        if written is not None:
            checked += 1
            assert written == pyyaml(data) == yaml.dump(data, Dumper=yaml.CSafeDumper, **_DUMP_OPTIONS), text
    assert checked > 20_000  # most of them are ordinary text
