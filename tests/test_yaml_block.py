"""yaml_block writes PyYAML's own bytes, or nothing: random front-matter-like
data is dumped by both, and wherever block_yaml answers, the texts are equal."""

from __future__ import annotations

import math

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.pages import _DUMP_OPTIONS, dump_yaml
from generator.yaml_block import block_yaml


def pyyaml(data: dict) -> str:
    return yaml.safe_dump(data, **_DUMP_OPTIONS)


# Characters that decide a scalar's style: indicators, quotes, spaces, breaks,
# digits, Cyrillic and Latin letters, typography, non-BMP and invisible ones.
TRICKY = "аБвЁёzZ09 .,;:!?#&*|>'\"%@`-—–«»()[]{}/№+_\t\n\r\x85\xa0\u2028\ufeff\u200d𝐀"
WORDS = ["yes", "No", "TRUE", "off", "On", "null", "NULL", "Null", "~", "y", "n", "да", "Казахстан", "ОТГ", ".inf"]
# and what PyYAML reads as numbers or dates when unquoted (or, nearly, does not)
NUMBERS = ["2024-05-01", "2024-5-1", "1_000", "0x1F", "0o17", "0b101", "1e5", "1.5", "1.0e+5", "007", "6eb423e9"]
texts = st.one_of(
    st.text(TRICKY, max_size=12),
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
        {"title": "Токаев: визит в Баку"},  # «: » would start a mapping
        {"title": "2024-05-01"},  # a date for YAML
        {"source_id": "00012"},  # a number
        {"title": "No"},  # a boolean for YAML 1.1
        {"title": "Рост #1"},  # a comment
        {"title": "два  пробела"},
        {"title": "конец "},
        {"value": 1e16},
        {"value": math.inf},
        {"on": 1},
        {"list": (shared := [1]), "again": shared},  # an anchor
        {},
    ],
)
def test_what_pyyaml_quotes_tags_or_anchors_is_left_to_it(data):
    assert block_yaml(data) is None
    assert dump_yaml(data) == pyyaml(data)
