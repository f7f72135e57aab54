"""The editor's keys: validation, their effect on a briefing, and the whole
loop on the seeds (edit -> check says stale -> build -> overrides applied ->
new seed -> build -> the editor's words and keys still there)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mkdocs.utils.meta import get_data

from generator import build, check, load_config
from generator.editorial import EditorKeys, apply_editor, editor_fingerprint, editor_keys
from generator.errors import BriefingFileError
from generator.pages import parse_page
from generator.records import (
    Briefing,
    BriefingEntity,
    BriefingFigure,
    BriefingKeyword,
    Figure,
    SourceRef,
)

REF = SourceRef("000_a", 2)


def keyword(term: str, key: str, score: float) -> BriefingKeyword:
    return BriefingKeyword(term, score, key, 1)


def figure(text: str, value: float, unit: str) -> BriefingFigure:
    return BriefingFigure(Figure(text, 0, len(text), 2, value, unit), REF, f"Объём составил {text}.")


BRIEFING = Briefing(
    topic_id="economy",
    title="Экономика",
    description="",
    summary=(),
    figures=(
        figure("11,4 миллиарда долларов", 11.4e9, "USD"),
        figure("25,2%", 25.2, "percent"),
        figure("16-летие", 16, "years"),
    ),
    keywords=(
        keyword("товарооборот", "товарооборот", 0.9),
        keyword("стратегический документ", "стратегический документ", 0.8),
        keyword("Средний коридор", "средний коридор", 0.5),
        keyword("тюркские государства", "тюркский государство", 0.4),
    ),
    entities=(BriefingEntity("PER", "Анастасия Лаврина", 2), BriefingEntity("LOC", "Казахстан", 4)),
    quotes=(),
    sources=(),
)


@pytest.mark.parametrize(
    ("keys", "expected"),
    [
        (
            EditorKeys(drop_keywords=("стратегический документ",)),
            ["товарооборот", "Средний коридор", "тюркские государства"],
        ),
        (
            EditorKeys(drop_keywords=("стратегического документа",)),
            ["товарооборот", "Средний коридор", "тюркские государства"],
        ),
        (
            EditorKeys(drop_keywords=("ТОВАРООБОРОТ",)),
            ["стратегический документ", "Средний коридор", "тюркские государства"],
        ),
        (
            EditorKeys(drop_keywords=("тюркских государств",)),
            ["товарооборот", "стратегический документ", "Средний коридор"],
        ),
        (
            EditorKeys(pin_keywords=("Среднего коридора",)),
            ["Средний коридор", "товарооборот", "стратегический документ", "тюркские государства"],
        ),
        (
            EditorKeys(pin_keywords=("Транскаспийский маршрут", "Средний коридор")),
            [
                "Транскаспийский маршрут",
                "Средний коридор",
                "товарооборот",
                "стратегический документ",
                "тюркские государства",
            ],
        ),
        (
            EditorKeys(drop_keywords=("Средний коридор",), pin_keywords=("Средний коридор",)),
            ["товарооборот", "стратегический документ", "тюркские государства"],
        ),
    ],
)
def test_dropped_keywords_stay_dropped_pinned_ones_come_first(keys, expected):
    assert [k.term for k in apply_editor(BRIEFING, keys).keywords] == expected


def test_figures_hidden_or_relabelled_by_their_text_as_written():
    keys = EditorKeys(hide_figures=("16-летие",), relabel_figures=(("11,4 миллиарда долларов", "товарооборот ОТГ"),))
    figures = apply_editor(BRIEFING, keys).figures
    assert [(f.figure.text, f.figure.subject) for f in figures] == [
        ("11,4 миллиарда долларов", "товарооборот ОТГ"),
        ("25,2%", None),
    ]


def test_summary_override_and_dropped_entity():
    changed = apply_editor(BRIEFING, EditorKeys(summary="Своя сводка.", drop_entities=("анастасия лаврина",)))
    assert changed.editor_summary == "Своя сводка."
    assert [e.name for e in changed.entities] == ["Казахстан"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("drop_keyword: [рынок]", "unknown key 'editor.drop_keyword' (known keys: drop_entities, drop_keywords"),
        ("drop_keywords: {рынок: 1}", "key 'editor.drop_keywords' must be a list of strings"),
        ("summary: [Первая строка]", "key 'editor.summary' must be text"),
        ("relabel_figures: [11,4 млрд]", "key 'editor.relabel_figures' must map a figure's text to a label"),
        ("hide_figures: [[25,2%]]", "key 'editor.hide_figures' must be a list of strings"),
        (
            'summary: "Итог.\\n<!-- briefings:end summary -->"',
            "key 'editor.summary' must not hold '<!-- briefings:' markers",
        ),
    ],
)
def test_bad_editor_keys_name_the_file_and_the_key(data, message):
    with pytest.raises(BriefingFileError) as err:
        editor_keys(yaml.safe_load(data), "briefings/economy.md")
    assert err.value.message.startswith("briefings/economy.md: ") and message in err.value.message


def test_editor_key_that_is_not_a_mapping():
    with pytest.raises(BriefingFileError, match="'editor' must be a mapping"):
        editor_keys("убрать рынок", "e.md")


def test_a_single_string_is_a_list_of_one():
    assert editor_keys({"drop_keywords": "рынок"}, "e.md").drop_keywords == ("рынок",)


def test_fingerprint_changes_with_every_key_but_notes():
    base = editor_keys({"drop_keywords": ["рынок"]}, "e.md")
    assert editor_fingerprint(EditorKeys()) is None
    assert editor_fingerprint(editor_keys({"notes": "проверить"}, "e.md")) is None
    assert editor_fingerprint(base) == editor_fingerprint(editor_keys({"drop_keywords": "рынок", "notes": "x"}, "e.md"))
    assert editor_fingerprint(base) != editor_fingerprint(editor_keys({"drop_keywords": ["рынки"]}, "e.md"))


# --- the whole loop on the seeds (the NLP models load once for this module)


@pytest.fixture(scope="module")
def edited(tmp_path_factory):
    """Built once, then an editor sets every kind of override and writes text
    around the generated regions; the next build applies them."""
    root = tmp_path_factory.mktemp("editorial")
    repo = Path(__file__).resolve().parent.parent
    shutil.copy(repo / "briefings.yml", root / "briefings.yml")
    shutil.copytree(repo / "seeds", root / "seeds")
    config = load_config(root / "briefings.yml")
    build(config)
    path = config.out_dir / "economy.md"
    meta = front(path)
    assert len(meta["keywords"]) >= 3 and len(meta["figures"]) >= 2 and meta["entities"], "the seeds give too little"
    editor = {
        "summary": "Товарооборот стран ОТГ растёт; подробности — в таблице ниже.",
        "drop_keywords": [meta["keywords"][1]["term"]],
        "pin_keywords": [meta["keywords"][-1]["term"]],
        "hide_figures": [meta["figures"][0]["text"]],
        "relabel_figures": {meta["figures"][1]["text"]: "проверено редактором"},
        "drop_entities": [meta["entities"][0]["name"]],
        "notes": "сверить с данными Бюро национальной статистики",
    }
    block = "# правки редакции\n" + yaml.safe_dump({"editor": editor}, allow_unicode=True, sort_keys=False)
    text = path.read_text("utf-8").replace("generated:\n", block + "generated:\n", 1)
    text = text.replace(
        "\n<!-- briefings:begin summary -->", "\nВступление редактора.\n\n<!-- briefings:begin summary -->"
    )
    text += "\n## Анализ редактора\n\nРост связан с логистикой.\n"
    path.write_text(text, "utf-8")
    stale = [str(p) for p in check(config)]
    report = build(config)
    return config, meta, editor, block, stale, report


def front(path: Path) -> dict:
    return get_data(path.read_text("utf-8"))[1]


def test_check_says_stale_after_an_editor_key_changes(edited):
    stale = edited[4]
    assert stale == [
        f"{edited[0].out_dir.as_posix()}/economy.md: stale against its own 'editor:' keys (changed since the last "
        "build); run 'briefings build' and commit the result"
    ]


def test_overrides_take_effect_on_the_next_build(edited):
    config, before, editor, *_ = edited
    path = config.out_dir / "economy.md"
    meta, text = front(path), path.read_text("utf-8")
    terms = [k["term"] for k in meta["keywords"]]
    assert terms[0] == editor["pin_keywords"][0]
    assert editor["drop_keywords"][0] not in terms and editor["drop_keywords"][0] not in meta["tags"]
    assert editor["hide_figures"][0] not in [f["text"] for f in meta["figures"]]
    relabelled = next(f for f in meta["figures"] if f["text"] == before["figures"][1]["text"])
    assert relabelled["subject"] == "проверено редактором"
    assert editor["drop_entities"][0] not in [e["name"] for e in meta["entities"]]
    summary = text.split("<!-- briefings:begin summary -->")[1].split("<!-- briefings:end summary -->")[0]
    assert editor["summary"] in summary
    assert "| проверено редактором |" in text


def test_check_is_clean_and_a_second_build_writes_nothing(edited):
    config = edited[0]
    assert check(config) == []
    assert build(config).written == []


def test_new_seed_keeps_the_editors_words_keys_and_overrides(edited, tmp_path):
    config, _, editor, block, *_ = edited
    shutil.copytree(config.root, tmp_path / "p")
    other = load_config(tmp_path / "p" / "briefings.yml")
    (other.seeds_dir / "005_new.txt").write_text(
        "Казахстан и Азербайджан нарастят торговлю\n\n"
        "Товарооборот между Казахстаном и Азербайджаном в 2025 году превысил 500 миллионов долларов. "
        "Стороны обсудили развитие Среднего коридора и новые инвестиции в логистику.",
        "utf-8",
    )
    path = other.out_dir / "economy.md"
    report = build(other)
    new = path.read_text("utf-8")
    assert path in [p.path for p in report.written]
    assert block in new and "\nВступление редактора.\n\n<!-- briefings:begin summary -->" in new
    assert new.endswith("\n## Анализ редактора\n\nРост связан с логистикой.\n")
    meta = front(path)
    assert meta["keywords"][0]["term"] == editor["pin_keywords"][0]
    assert editor["drop_keywords"][0] not in [k["term"] for k in meta["keywords"]]
    assert any(s["id"] == "005_new" for s in meta["sources"])
    assert check(other) == []


# --- the same loop as the CLI shows it (in-process: the models are loaded already)


def cli(config, *args):
    from click.testing import CliRunner

    from generator.cli import main

    return CliRunner().invoke(main, ["--config", str(config.path), *args])


def test_cli_names_every_page_with_hand_edits_writes_nothing_then_force_keeps_backups(edited, tmp_path):
    shutil.copytree(edited[0].root, tmp_path / "p")
    config = load_config(tmp_path / "p" / "briefings.yml")
    (config.seeds_dir / "006_more.txt").write_text(
        "Молодёжный форум ОТГ прошёл в Туркестане\n\nНа форум приехали 300 студентов из тюркских государств.", "utf-8"
    )
    names = ("culture.md", "youth.md")
    for name in names:
        path = config.out_dir / name
        path.write_text(
            path.read_text("utf-8").replace("## Главное\n", "## Главное\n\nВставка редактора.\n", 1), "utf-8"
        )
    before = {p: p.read_bytes() for p in config.out_dir.rglob("*.md")}
    result = cli(config, "build")
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 2
    for line, name in zip(lines, names, strict=True):
        assert line.startswith(f"error: {config.out_dir.as_posix()}/{name}: hand edit inside generated part(s): region")
        assert "--force" in line
    assert {p: p.read_bytes() for p in config.out_dir.rglob("*.md") if ".backup" not in p.parts} == before
    forced = cli(config, "build", "--force")
    assert forced.exit_code == 0, forced.stderr
    for name in names:
        backups = list((config.out_dir / ".backup").glob(f"{name.removesuffix('.md')}.*.md"))
        assert [b.read_bytes() for b in backups] == [before[config.out_dir / name]]
    assert cli(config, "check").exit_code == 0


def test_cli_dry_run_shows_the_editor_key_change_as_a_diff_and_writes_nothing(edited, tmp_path):
    shutil.copytree(edited[0].root, tmp_path / "p")
    config = load_config(tmp_path / "p" / "briefings.yml")
    path = config.out_dir / "economy.md"
    text = path.read_text("utf-8")
    path.write_text(text.replace("  drop_entities:", "  drop_keywords_extra: []\n  drop_entities:", 1), "utf-8")
    assert "unknown key 'editor.drop_keywords_extra'" in cli(config, "build", "--dry-run").stderr
    term = front(path)["keywords"][0]["term"]
    assert "  drop_keywords:\n  - " in text
    path.write_text(text.replace("  drop_keywords:\n", f"  drop_keywords:\n  - {term}\n", 1), "utf-8")
    before = path.read_bytes()
    result = cli(config, "build", "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(f"--- a/{path.as_posix()}\n+++ b/{path.as_posix()}\n")
    assert f"-- term: {term}\n" in result.stdout
    assert "1 file(s) would change" in result.stderr and path.read_bytes() == before
    written = cli(config, "build")
    assert written.exit_code == 0 and f"wrote {path.as_posix()}" in written.stderr
    again = cli(config, "build")
    assert "nothing written" in again.stderr


# --- property through pipeline.build: random editor text and keys, a new seed, a rerun (extraction stubbed:
# the NLP runs once for the module, each example runs the real aggregate, render, merge and write)


@pytest.fixture(scope="module")
def one_then_two_seeds(tmp_path_factory):
    """A project built from the first seed, and the extractions of both seeds."""
    from unittest import mock

    import generator.pipeline as pipeline

    root = tmp_path_factory.mktemp("two-seeds")
    repo = Path(__file__).resolve().parent.parent
    shutil.copy(repo / "briefings.yml", root / "briefings.yml")
    shutil.copytree(repo / "seeds", root / "seeds")
    config = load_config(root / "briefings.yml")
    articles, _ = pipeline.load_seeds(config)
    extractions = pipeline.extract_all(articles, config)
    later = sorted(root.glob("seeds/*.txt"))[1:]
    parked = {p.name: p.read_bytes() for p in later}
    for p in later:
        p.unlink()
    with mock.patch.object(pipeline, "extract_all", lambda *a, **k: extractions[:1]):
        build(config)
    return root, extractions, parked


MARKER = "<!-- briefings:"
editor_text = st.lists(
    st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\n"), max_size=30), min_size=1, max_size=3
).map(lambda lines: "\n".join(lines) + "\n")
editor_text = editor_text.filter(lambda t: MARKER not in t)
editor_values = st.one_of(
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=20),
    st.integers(),
    st.lists(st.sampled_from(["проверить", "ОТГ", "Актау"]), max_size=3),
)
editor_fields = st.dictionaries(
    st.from_regex(r"[a-zа-я][a-zа-я_]{0,10}", fullmatch=True).filter(
        lambda k: (
            k not in ("title", "description", "topic", "order", "tags", "keywords", "figures")
            and k not in ("entities", "sources", "generated", "editor")
        )
    ),
    editor_values,
    max_size=3,
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_random_editor_text_and_keys_survive_a_build_with_a_new_seed(one_then_two_seeds, data):
    import tempfile
    from unittest import mock

    import generator.pipeline as pipeline

    root, extractions, parked = one_then_two_seeds
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp) / "p"
        shutil.copytree(root, project)
        config = load_config(project / "briefings.yml")
        kept: dict[Path, tuple] = {}
        for name in ("economy.md", "youth.md"):
            path = config.out_dir / name
            page = parse_page(path.read_text("utf-8"), name)
            fields = data.draw(editor_fields, label=f"{name} keys")
            front = "".join(b.text for b in page.blocks)
            if fields:
                front = yaml.safe_dump(fields, allow_unicode=True) + front
            parts = [
                data.draw(st.one_of(st.just(""), editor_text), label=f"{name} text") + p if isinstance(p, str) else p
                for p in page.parts
            ]
            body = "".join(
                p
                if isinstance(p, str)
                else f"<!-- briefings:begin {p.name} -->\n{p.content}<!-- briefings:end {p.name} -->\n"
                for p in parts
            )
            path.write_text(f"---\n{front}---\n{body}", "utf-8")
            edited = parse_page(path.read_text("utf-8"), name)
            kept[path] = (edited.editor_text, [b.text for b in edited.blocks if b.key in fields])
        for name, content in parked.items():
            (config.seeds_dir / name).write_bytes(content)
        with mock.patch.object(pipeline, "extract_all", lambda *a, **k: extractions):
            first = build(config)
            second = build(config)
        assert {config.out_dir / "economy.md", config.out_dir / "youth.md"} <= {p.path for p in first.written}
        assert second.written == []
        for path, (text, blocks) in kept.items():
            page = parse_page(path.read_text("utf-8"), path.name)
            assert page.editor_text == text
            assert [b.text for b in page.blocks if b.key not in (*pipeline.TOPIC_KEYS, "generated")] == blocks
        assert check(config) == []
