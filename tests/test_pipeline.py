"""The whole generator on the two seed articles: figures on the right pages,
deterministic and idempotent output, editor text kept."""

import shutil
from pathlib import Path

import pytest
from mkdocs.utils.meta import get_data

from generator import build, check, load_config


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("project")
    repo = Path(__file__).resolve().parent.parent
    shutil.copy(repo / "briefings.yml", root / "briefings.yml")
    shutil.copytree(repo / "seeds", root / "seeds")
    config = load_config(root / "briefings.yml")
    report = build(config)
    return config, report


def page(config, name) -> str:
    return (config.out_dir / name).read_text("utf-8")


def front(config, name) -> dict:
    meta = get_data(page(config, name))[1]  # MkDocs' own front-matter parser
    assert meta, f"MkDocs could not read the front matter of {name}"
    return meta


def test_one_page_per_topic_and_per_source(built):
    config, report = built
    names = sorted(p.relative_to(config.out_dir).as_posix() for p in config.out_dir.rglob("*.md"))
    assert names == [
        "culture.md",
        "economy.md",
        "middle-corridor.md",
        "sources/000_6b0c4bca53d6315f.md",
        "sources/003_f5d5646d0d005aeb.md",
        "youth.md",
    ]
    assert report.articles == 2 and not report.problems


def test_economy_carries_the_turnover_and_the_investment(built):
    config, _ = built
    figures = front(config, "economy.md")["figures"]
    values = {(f["value"], f["unit"]) for f in figures}
    assert (11_400_000_000, "USD") in values
    assert (200_000_000, "USD") in values
    turnover = next(f for f in figures if f["value"] == 11_400_000_000)
    assert turnover["source"] == "000_6b0c4bca53d6315f" and turnover["period"] == "2024"


def test_youth_capital_is_on_the_youth_page(built):
    config, _ = built
    assert "молодежная столица ОТГ" in page(config, "youth.md").replace("ё", "е")


def test_middle_corridor_sentence_is_on_its_page(built):
    config, _ = built
    assert "Средний коридор объединяет экономические интересы региона" in page(config, "middle-corridor.md")


@pytest.mark.parametrize("name", ["economy.md", "culture.md", "youth.md", "middle-corridor.md"])
def test_front_matter_is_plain_yaml_mkdocs_reads(built, name):
    config, _ = built
    meta = front(config, name)
    assert meta["title"] and meta["topic"] == name.removesuffix(".md")
    assert isinstance(meta["tags"], list) and all(isinstance(t, str) for t in meta["tags"])
    for source in meta["sources"]:
        assert source["id"] in ("000_6b0c4bca53d6315f", "003_f5d5646d0d005aeb")


def test_every_figure_names_its_source_sentence(built):
    config, _ = built
    for name in ("economy.md", "culture.md", "youth.md", "middle-corridor.md"):
        text = page(config, name)
        for figure in front(config, name)["figures"]:
            assert f"sources/{figure['source']}.md#s-{figure['sentence']}" in text


def test_second_build_changes_no_byte(built):
    config, _ = built
    before = {p: p.read_bytes() for p in config.out_dir.rglob("*.md")}
    report = build(config)
    assert report.written == []
    assert {p: p.read_bytes() for p in config.out_dir.rglob("*.md")} == before


def test_same_inputs_give_byte_identical_output_elsewhere(built, tmp_path):
    config, _ = built
    shutil.copy(Path(config.path), tmp_path / "briefings.yml")
    shutil.copytree(config.seeds_dir, tmp_path / "seeds")
    other = load_config(tmp_path / "briefings.yml")
    build(other)
    for path in config.out_dir.rglob("*.md"):
        twin = other.out_dir / path.relative_to(config.out_dir)
        assert twin.read_bytes() == path.read_bytes(), path.name


def test_check_is_clean_after_build_and_sees_a_new_seed(built, tmp_path):
    config, _ = built
    assert check(config) == []
    shutil.copytree(config.root, tmp_path / "p")
    other = load_config(tmp_path / "p" / "briefings.yml")
    (other.seeds_dir / "new.txt").write_text("Новая статья\n\nАстана приняла форум молодёжи ОТГ.", "utf-8")
    problems = [str(p) for p in check(other)]
    assert any("stale" in p for p in problems)
    assert any("new.md" in p and "missing" in p for p in problems)


def test_editor_text_outside_markers_survives_a_rebuild_with_new_seeds(built, tmp_path):
    config, _ = built
    shutil.copytree(config.root, tmp_path / "p")
    other = load_config(tmp_path / "p" / "briefings.yml")
    path = other.out_dir / "economy.md"
    text = path.read_text("utf-8")
    text = text.replace("generated:\n", "editor:\n  notes: проверить цифры\ngenerated:\n", 1)
    text = text + "\n## Анализ редактора\n\nТоварооборот растёт третий год подряд.\n"
    path.write_text(text, "utf-8")
    (other.seeds_dir / "new.txt").write_text(
        "Инвестиции в Казахстан\n\nОбъем инвестиций превысил 5 млрд долларов.", "utf-8"
    )
    build(other)
    new = path.read_text("utf-8")
    assert new.endswith("\n## Анализ редактора\n\nТоварооборот растёт третий год подряд.\n")
    assert "editor:\n  notes: проверить цифры\n" in new
    assert "5 млрд долларов" in new


def test_hand_edit_inside_a_region_stops_the_build(built, tmp_path):
    from generator.errors import EditConflictError

    shutil.copytree(built[0].root, tmp_path / "p")
    other = load_config(tmp_path / "p" / "briefings.yml")
    path = other.out_dir / "culture.md"
    edited = path.read_text("utf-8").replace("## Главное\n", "## Главное\n\nМоя вставка.\n", 1)
    path.write_text(edited, "utf-8")
    with pytest.raises(EditConflictError) as err:
        build(other)
    assert "culture.md" in err.value.message and "summary" in err.value.message
    assert path.read_text("utf-8") == edited
    build(other, force=True)
    backups = list((other.out_dir / ".backup").glob("culture.*.md"))
    assert backups and backups[0].read_text("utf-8") == edited


def test_source_pages_planned_while_extracting_still_stop_on_hand_edits(built, tmp_path, monkeypatch):
    """Without a cache, each source page is planned as its extraction arrives
    (PagesAhead); a hand edit there is reported with the others, after all
    pages are planned, and nothing is written."""
    from generator import pipeline
    from generator.write import EditConflicts

    shutil.copytree(built[0].root, tmp_path / "p")
    config = load_config(tmp_path / "p" / "briefings.yml")
    source = sorted((config.out_dir / "sources").glob("*.md"))[0]
    topic = config.out_dir / "culture.md"
    edited = {}
    for path, old in ((source, "<!-- briefings:begin article -->\n"), (topic, "## Главное\n")):
        text = path.read_text("utf-8")
        assert old in text
        edited[path] = text.replace(old, old + "\nМоя вставка.\n", 1)
        path.write_text(edited[path], "utf-8")
    planned_ahead = []
    real = pipeline.PagesAhead.__call__
    monkeypatch.setattr(
        pipeline.PagesAhead, "__call__", lambda self, e: planned_ahead.append(e.article.id) or real(self, e)
    )
    before = {p: p.read_bytes() for p in config.out_dir.rglob("*.md")}
    with pytest.raises(EditConflicts) as err:
        build(config, use_cache=False, jobs=1)
    assert source.stem in planned_ahead and len(planned_ahead) == len(before) - len(config.topics)
    assert [Path(c.path).name for c in err.value.conflicts] == ["culture.md", source.name]
    assert {p: p.read_bytes() for p in config.out_dir.rglob("*.md")} == before
