"""The extraction cache: keyed by article, config and generator code; safe to
delete or corrupt; never changes the output; one edited article is the only
one extracted again."""

from __future__ import annotations

import dataclasses
import json
import math
import shutil
from pathlib import Path

import pytest

from generator import build, load_config
from generator.cache import CACHE_DIR, ExtractionCache, from_json, to_json
from generator.extract import extract
from generator.records import Article, Figure

from .news_ru import ARTICLES
from .test_parallel import make_project, snapshot

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def repo_config():
    return load_config(ROOT / "briefings.yml")


@pytest.fixture(scope="module")
def corridor(repo_config):
    title, _, body = ARTICLES["corridor.txt"].partition("\n\n")
    article = Article(id="corridor", path="seeds/corridor.txt", title=title, body=body, date="2024-10-15")
    return extract(article, repo_config)


def test_an_extraction_reads_back_equal_and_in_the_same_bytes(corridor):
    text = to_json(corridor)
    again = from_json(text)
    assert again == corridor
    assert to_json(again) == text
    assert isinstance(again.figures, tuple) and isinstance(again.figures[0].value, float)
    assert any(f.unit == "USD" and f.value == 150_000_000 for f in again.figures)
    assert "Омуралиев" in text  # readable UTF-8, not \\u escapes


def test_the_json_is_that_of_the_records_fields_and_nothing_else(corridor):
    as_dict = json.dumps(dataclasses.asdict(corridor), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    assert to_json(corridor) == as_dict
    with pytest.raises(TypeError, match="set is not JSON serializable"):
        to_json(dataclasses.replace(corridor, quotes={"цитата"}))


@pytest.mark.parametrize(
    ("change", "same_key"),
    [
        (lambda a: a, True),
        (lambda a: dataclasses.replace(a), True),
        (lambda a: dataclasses.replace(a, body=a.body.replace("3,5 миллиона", "3,6 миллиона")), False),
        (lambda a: dataclasses.replace(a, title=a.title + "!"), False),
        (lambda a: dataclasses.replace(a, id="corridor-2"), False),
        (lambda a: dataclasses.replace(a, path="seeds/other.txt"), False),
        (lambda a: dataclasses.replace(a, date="2024-10-16"), False),
        (lambda a: dataclasses.replace(a, source="Kazinform"), False),
    ],
)
def test_the_key_follows_every_field_of_the_article(tmp_path, repo_config, corridor, change, same_key):
    store = ExtractionCache(tmp_path, repo_config)
    article = corridor.article
    assert (store.key(change(article)) == store.key(article)) is same_key


def test_the_key_follows_the_config_and_the_generator_code(tmp_path, repo_config, corridor, monkeypatch):
    article = corridor.article
    before = ExtractionCache(tmp_path, repo_config).key(article)
    edited = dataclasses.replace(repo_config, fingerprint="0" * 64)
    assert ExtractionCache(tmp_path, edited).key(article) != before
    monkeypatch.setattr("generator.cache.code_fingerprint", lambda: "figures.py changed")
    assert ExtractionCache(tmp_path, repo_config).key(article) != before


def test_put_then_get_and_a_miss_for_another_article(tmp_path, repo_config, corridor):
    store = ExtractionCache(tmp_path, repo_config)
    assert store.get(corridor.article) is None
    assert store.put(corridor.article, to_json(corridor))
    assert store.get(corridor.article) == corridor
    other = dataclasses.replace(corridor.article, body=corridor.article.body + " Дополнение.")
    assert store.get(other) is None
    assert (store.hits, store.misses) == (1, 2)


@pytest.mark.parametrize("damage", ["", "{", '{"article": 1}', "не JSON", "[]"])
def test_a_damaged_entry_is_a_miss_not_an_error(tmp_path, repo_config, corridor, damage):
    store = ExtractionCache(tmp_path, repo_config)
    store.put(corridor.article, to_json(corridor))
    (entry,) = tmp_path.rglob("*.json")
    entry.write_text(damage, "utf-8")
    assert store.get(corridor.article) is None


def test_an_entry_of_another_article_under_this_key_is_a_miss(tmp_path, repo_config, corridor):
    store = ExtractionCache(tmp_path, repo_config)
    other = dataclasses.replace(corridor, article=dataclasses.replace(corridor.article, id="elsewhere"))
    store.put(other.article, to_json(other))
    (entry,) = tmp_path.rglob("*.json")
    target = tmp_path / store.key(corridor.article)[:2] / f"{store.key(corridor.article)}.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(entry, target)
    assert store.get(corridor.article) is None


def test_an_entry_reads_back_as_the_text_stored_even_what_equals_nothing(tmp_path, repo_config, corridor):
    """A build reads its records from the text it stores, so a value that
    equals nothing (NaN) still reads back as that build read it."""
    odd = Figure("NaN долларов", 0, 3, 0, float("nan"), "USD")
    encoded = to_json(dataclasses.replace(corridor, figures=(odd,)))
    store = ExtractionCache(tmp_path, repo_config)
    assert store.put(corridor.article, encoded)
    read = store.get(corridor.article)
    assert to_json(read) == encoded and math.isnan(read.figures[0].value)


def test_an_unwritable_cache_is_skipped(tmp_path, repo_config, corridor):
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the folder should be")
    store = ExtractionCache(blocker, repo_config)
    assert store.put(corridor.article, to_json(corridor)) is False
    assert store.get(corridor.article) is None


@pytest.fixture(scope="module")
def warm_project(tmp_path_factory):
    project = make_project(tmp_path_factory.mktemp("cache") / "p")
    build(load_config(project / "briefings.yml"), jobs=1)
    return project


def test_the_first_build_fills_the_cache_in_the_project(warm_project):
    assert len(list((warm_project / CACHE_DIR).rglob("*.json"))) == 6


def test_a_new_generator_or_config_prunes_the_old_entries(tmp_path, repo_config, corridor, monkeypatch):
    old = ExtractionCache(tmp_path, repo_config)
    old.put(corridor.article, to_json(corridor))
    monkeypatch.setattr("generator.cache.code_fingerprint", lambda: "figures.py changed")
    new = ExtractionCache(tmp_path, repo_config)
    assert new.get(corridor.article) is None
    new.put(corridor.article, to_json(corridor))
    assert new.prune() == 1
    assert [p.name for p in tmp_path.iterdir()] == [new.generation]
    assert new.get(corridor.article) == corridor


def test_editing_one_article_extracts_only_that_one(warm_project):
    seed = warm_project / "seeds" / "youth-forum.txt"
    seed.write_text(seed.read_text("utf-8").replace("Более 500", "Более 600"), "utf-8")
    extracted: list[str] = []
    build(load_config(warm_project / "briefings.yml"), progress=extracted.append, jobs=2)
    assert extracted == ["youth-forum"]
    assert "600" in (warm_project / "briefings" / "sources" / "youth-forum.md").read_text("utf-8")


def test_adding_one_article_extracts_only_that_one(warm_project):
    (warm_project / "seeds" / "baku-week.txt").write_text(
        "Неделя кино Узбекистана прошла в Алматы\n\nЗрителям показали 12 фильмов.", "utf-8"
    )
    extracted: list[str] = []
    report = build(load_config(warm_project / "briefings.yml"), progress=extracted.append)
    assert extracted == ["baku-week"]
    assert report.articles == 7


def test_deleting_the_cache_changes_no_byte(warm_project):
    config = load_config(warm_project / "briefings.yml")
    build(config)
    before = snapshot(warm_project / "briefings")
    shutil.rmtree(warm_project / CACHE_DIR)
    extracted: list[str] = []
    report = build(config, progress=extracted.append)
    assert len(extracted) == 7
    assert report.changed == []
    assert snapshot(warm_project / "briefings") == before
