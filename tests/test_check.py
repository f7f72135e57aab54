"""``briefings check``: one test per kind of problem, each asserting the
line a CI log reader sees. Built once on the seeds (plus an article with a
quote); each test breaks a copy and checks it."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator import build, check, load_config

ROOT = Path(__file__).resolve().parent.parent
FIRST = "000_6b0c4bca53d6315f"
SECOND = "003_f5d5646d0d005aeb"
QUOTED = "005_quote"
QUOTE_ARTICLE = (
    "Шаккалиев: торговля внутри ОТГ вырастет\n\n"
    "Министр торговли и интеграции Казахстана Арман Шаккалиев выступил на бизнес-форуме в Астане. "
    "«Товарооборот тюркских государств в этом году заметно вырастет благодаря новым логистическим маршрутам», "
    "— заявил министр. "
    "По его словам, экспорт в страны ОТГ за год увеличился на 12%.\n"
)
REBUILD = "run 'briefings build' and commit the result"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("check")
    shutil.copy(ROOT / "briefings.yml", root / "briefings.yml")
    shutil.copytree(ROOT / "seeds", root / "seeds")
    (root / "seeds" / f"{QUOTED}.txt").write_text(QUOTE_ARTICLE, "utf-8")
    build(load_config(root / "briefings.yml"))
    return root


@pytest.fixture
def project(built, tmp_path) -> Path:
    copy = tmp_path / "p"
    shutil.copytree(built, copy)
    return copy


def problems(project: Path) -> list[str]:
    out = (project / "briefings").as_posix() + "/"
    return [str(p).replace(out, "") for p in check(load_config(project / "briefings.yml"))]


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text("utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, count), "utf-8")


def region(project: Path, page: str, name: str) -> str:
    text = (project / "briefings" / page).read_text("utf-8")
    return text.split(f"<!-- briefings:begin {name} -->\n")[1].split(f"<!-- briefings:end {name} -->")[0]


def test_clean_after_build(built):
    assert problems(built) == []


def test_stale_against_a_changed_seed_names_the_seed(project):
    edit(project / "seeds" / f"{SECOND}.txt", "Токаев", "Токаев в среду")
    found = problems(project)
    assert f"economy.md: stale against seeds/ (changed: {SECOND}.txt); {REBUILD}" in found
    assert f"sources/{SECOND}.md: stale: seeds/{SECOND}.txt changed since the last build; {REBUILD}" in found


def test_stale_against_a_new_seed_and_its_page_missing(project):
    (project / "seeds" / "010_new.txt").write_text(
        "Форум в Туркестане\n\nВ Туркестане прошёл форум молодёжи ОТГ.", "utf-8"
    )
    found = problems(project)
    assert f"youth.md: stale against seeds/ (new: 010_new.txt); {REBUILD}" in found
    assert f"sources/010_new.md: missing: {REBUILD}" in found


def test_stale_against_the_config(project):
    with open(project / "briefings.yml", "a", encoding="utf-8") as handle:
        handle.write("# редакция: темы сверены\n")
    found = problems(project)
    assert f"culture.md: stale against briefings.yml (changed since the last build); {REBUILD}" in found
    assert f"sources/{FIRST}.md: stale against briefings.yml (changed since the last build); {REBUILD}" in found


def test_stale_against_another_generator_version(project):
    edit(project / "briefings" / "economy.md", "  by: briefings ", "  by: briefings 0.0.1-")
    assert any(
        re.fullmatch(rf"economy\.md: stale: built by briefings 0\.0\.1-\S+, this is briefings \S+; {REBUILD}", p)
        for p in problems(project)
    )


def test_stale_against_the_editor_keys(project):
    edit(project / "briefings" / "economy.md", "generated:\n", "editor:\n  drop_keywords: [ОТГ]\ngenerated:\n")
    assert problems(project) == [
        f"economy.md: stale against its own 'editor:' keys (changed since the last build); {REBUILD}"
    ]


def test_editor_notes_do_not_make_a_page_stale(project):
    edit(project / "briefings" / "economy.md", "generated:\n", "editor:\n  notes: сверить цифры\ngenerated:\n")
    assert problems(project) == []


def test_invalid_editor_key_names_it(project):
    edit(project / "briefings" / "economy.md", "generated:\n", "editor:\n  drop_keyword: [ОТГ]\ngenerated:\n")
    assert problems(project) == [
        "economy.md: invalid: unknown key 'editor.drop_keyword' (known keys: drop_entities, drop_keywords, "
        "hide_figures, notes, pin_keywords, relabel_figures, summary; see docs/editing.md)"
    ]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("  unit: ", "  unit: 12\n  old_unit: ", "key 'figures[0].unit': 12 is not of type 'string'"),
        ("- type: ", "- type: PERSON\n  was: ", "key 'entities[0].type': 'PERSON' is not one of ['PER', 'LOC', 'ORG']"),
        ("\ntopic: economy\n", "\n", "'topic' is a required property"),
        ("  config: ", "  config: 'abc'\n  old: ", "key 'generated': Additional properties are not allowed ('old' was"),
    ],
)
def test_front_matter_against_the_schema(project, old, new, expected):
    edit(project / "briefings" / "economy.md", old, new)
    assert any(p.startswith("economy.md: invalid front matter: ") and expected in p for p in problems(project))


def test_hand_edit_inside_a_region_names_region_and_line(project):
    path = project / "briefings" / "culture.md"
    edit(path, "## Главное\n", "## Главное\n\nМоя вставка.\n")
    line = path.read_text("utf-8").splitlines().index("<!-- briefings:begin summary -->") + 1
    assert problems(project) == [
        f"culture.md: hand edit inside generated region 'summary' (line {line}): move your text outside the markers, "
        "use the 'editor:' keys, or 'briefings build --force' (keeps a backup)"
    ]


def test_hand_edit_inside_a_generated_key_and_a_comment_in_one(project):
    path = project / "briefings" / "economy.md"
    text = path.read_text("utf-8")
    term = re.search(r"^- term: (.+)$", text, re.M).group(1)
    edit(path, f"- term: {term}\n", f"- term: {term} (уточнить)\n")
    edit(path, "\nentities:\n", "\nentities:\n# проверить написание\n")
    found = problems(project)
    assert any(p.startswith("economy.md: hand edit inside generated front-matter key 'keywords': ") for p in found)
    assert any("generated front-matter key 'entities' (comments or formatting)" in p for p in found)


def test_deleted_region_and_missing_markers(project):
    path = project / "briefings" / "youth.md"
    reasons = region(project, "youth.md", "reasons")
    edit(path, f"<!-- briefings:begin reasons -->\n{reasons}<!-- briefings:end reasons -->\n", "")
    assert any(
        "youth.md: hand edit inside generated region 'reasons' (its markers were deleted)" in p
        for p in problems(project)
    )
    edit(path, "    reasons: ", "    old-reasons: ")  # a page from a generator that did not write this region yet
    assert (
        "youth.md: missing markers of region 'reasons' ('<!-- briefings:begin reasons -->'); "
        "'briefings build' adds the region back" in problems(project)
    )


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "<!-- briefings:end reasons -->\n",
            "",
            "region 'reasons' has no end marker (restore the line '<!-- briefings:end reasons -->')",
        ),
        ("<!-- briefings:begin summary -->\n", "", "end marker of region 'summary' without its begin marker"),
        ("\ntopic: economy\n", "\ntopic: [economy\n", "invalid YAML front matter"),
    ],
)
def test_unreadable_pages_name_the_line(project, old, new, expected):
    edit(project / "briefings" / "economy.md", old, new)
    found = problems(project)
    assert len(found) == 1 and re.match(r"economy\.md: unreadable: line \d+: ", found[0]) and expected in found[0]


def test_figure_whose_sentence_left_the_article(project):
    import yaml

    meta = yaml.safe_load((project / "briefings" / "economy.md").read_text("utf-8").split("---\n")[1])
    figure = next(f for f in meta["figures"] if f["source"] == FIRST)
    seed = project / "seeds" / f"{FIRST}.txt"
    edit(seed, figure["text"], "намного больше")
    found = problems(project)
    assert any(
        p.startswith(
            f"economy.md: figure '{figure['text']}' cites sentence {figure['sentence']} of seeds/{FIRST}.txt, "
            "which is no longer in the article («"
        )
        and p.endswith(REBUILD)
        for p in found
    ), found


def test_quote_whose_words_left_the_article(project):
    assert "«Товарооборот тюркских государств в этом году" in region(project, "economy.md", "quotes")
    edit(project / "seeds" / f"{QUOTED}.txt", "заметно вырастет", "вырастет")
    found = problems(project)
    assert any(
        p.startswith(
            "economy.md: quote «Товарооборот тюркских государств в этом году заметно вырастет…» cites sentence"
        )
        and f"of seeds/{QUOTED}.txt, which is no longer in the article" in p
        for p in found
    ), found


def test_figure_pointing_at_a_sentence_its_source_page_lacks(project):
    edit(project / "briefings" / "economy.md", "  sentence: ", "  sentence: 9", 1)
    found = problems(project)
    assert any(
        re.search(r"figure '.+' cites sentence 9\d* of seeds/.+, which its page sources/.+\.md does not have", p)
        for p in found
    )


def test_missing_topic_page(project):
    (project / "briefings" / "youth.md").unlink()
    assert problems(project) == [f"youth.md: missing: {REBUILD}"]


def test_orphan_source_page_and_whether_build_may_delete_it(project):
    (project / "seeds" / f"{SECOND}.txt").unlink()
    orphan = (
        f"sources/{SECOND}.md: orphan: no longer generated (its article left seeds/ or its topic left briefings.yml); "
    )
    assert orphan + "'briefings build' deletes it" in problems(project)
    with open(project / "briefings" / "sources" / f"{SECOND}.md", "a", encoding="utf-8") as handle:
        handle.write("\nЗаметка редактора.\n")
    assert orphan + "it is kept because it has the editor's text outside the markers: delete it by hand" in problems(
        project
    )


def test_cli_exits_1_with_one_line_per_problem(project):
    edit(project / "briefings" / "culture.md", "## Главное\n", "## Главное\n\nМоя вставка.\n")
    (project / "briefings" / "youth.md").unlink()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, "-m", "generator", "check"], cwd=project, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert lines[0].startswith("error: briefings/culture.md: hand edit inside generated region 'summary' (line ")
    assert lines[1] == f"error: briefings/youth.md: missing: {REBUILD}"
    assert lines[2] == "2 problem(s); fix them or run 'briefings build'"


def test_topic_removed_from_the_config_leaves_an_orphan_page(project):
    config = (project / "briefings.yml").read_text("utf-8")
    start = config.index("  - id: youth\n")
    end = config.index("  - id: ", start + 1)
    (project / "briefings.yml").write_text(config[:start] + config[end:], "utf-8")
    found = problems(project)
    assert (
        "youth.md: orphan: no longer generated (its article left seeds/ or its topic left briefings.yml); "
        "'briefings build' deletes it"
    ) in found
    assert f"economy.md: stale against briefings.yml (changed since the last build); {REBUILD}" in found


def test_page_from_an_older_generator_is_one_line(project):
    path = project / "briefings" / "culture.md"
    text = path.read_text("utf-8")
    head, _, rest = text.partition("generated:\n")
    body = rest.split("\n---\n", 1)[1]
    path.write_text(
        head + "generated:\n  inputs: 4ab67b4fc81d6f84\n  parts:\n    header: e1990e31cc35b6c2\n---\n" + body, "utf-8"
    )
    assert problems(project) == [f"culture.md: stale: written by an older generator (no per-part hashes); {REBUILD}"]
