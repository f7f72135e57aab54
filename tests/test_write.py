"""The merge layer (write.merge_page over pages.py) as property tests: random
editor text and keys anywhere outside the generated parts, then new generated
content (new seeds) — the editor's bytes all survive, and a rerun changes
nothing. No NLP here: regions and front matter are generated directly."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import generator.pages as page_format
from generator.errors import BriefingFileError, EditConflictError, LockError
from generator.pages import BEGIN, END, MemoryTable, dump_yaml, parse_page, same_data, short_hash
from generator.write import (
    GENERATED_KEY,
    PageMemo,
    PlannedPage,
    _key_edit,
    apply,
    atomic_write,
    backup,
    canonical,
    hand_edits,
    merge,
    merge_page,
    output_lock,
    plan_page,
    plan_removal,
    remove_leftovers,
    stored_hashes,
)

ORDER = ("header", "summary", "figures", "quotes")
OWNED = ("title", "tags", "keywords", "figures")
STAMP = {"by": "briefings test", "config": "0" * 16, "seeds": "1" * 16}
MARKER = re.compile(r"<!-- briefings:(begin|end) ")

# Russian news-like words: generated content is built from these.
WORDS = ["товарооборот", "ОТГ", "Казахстан", "11,4 млрд долл.", "Средний коридор", "молодёжь", "Актау", "25,2 %"]

generated_text = st.lists(st.sampled_from(WORDS), min_size=1, max_size=6).map(" ".join)
region_content = st.lists(generated_text, min_size=1, max_size=4).map(lambda lines: "\n".join(f"- {x}" for x in lines))
regions_strategy = st.fixed_dictionaries({name: region_content for name in ORDER})
front_strategy = st.fixed_dictionaries(
    {
        "title": generated_text,
        "tags": st.lists(generated_text, max_size=4),
        "keywords": st.lists(
            st.fixed_dictionaries({"term": generated_text, "score": st.floats(0, 10, allow_nan=False).map(round)}),
            max_size=3,
        ),
        "figures": st.lists(
            st.fixed_dictionaries({"text": generated_text, "value": st.integers(0, 10**12)}), max_size=3
        ),
    }
)

# What an editor types: any text (Cyrillic, punctuation, odd whitespace), but no marker line.
editor_line = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\n"), max_size=40)
# YAML refuses control characters and breaks lines at the Unicode separators: a comment holds none of them
comment_line = st.text(
    st.characters(
        min_codepoint=0x20,
        max_codepoint=0xFFFD,
        exclude_categories=("Cs", "Cc"),
        exclude_characters="\u2028\u2029\ufeff",
    ),
    max_size=40,
)
editor_chunk = st.lists(editor_line, min_size=1, max_size=4).map(lambda lines: "\n".join(lines) + "\n")
editor_chunk = editor_chunk.filter(lambda text: not MARKER.search(text))
key_name = st.from_regex(r"[a-zа-яё_][a-zа-яё0-9_]{0,12}", fullmatch=True).filter(
    lambda k: k not in (*OWNED, GENERATED_KEY)
)
yaml_scalar = st.one_of(
    st.none(), st.booleans(), st.integers(-(10**9), 10**9), editor_line, st.floats(allow_nan=False, width=32)
)
yaml_value = st.recursive(
    yaml_scalar,
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(key_name, inner, max_size=3)),
    max_leaves=6,
)


@st.composite
def editor_block(draw) -> str:
    """One editor key as an editor might write it: block or flow style, with comments."""
    key, value = draw(key_name), draw(yaml_value)
    unicode = draw(st.booleans())
    if draw(st.booleans()):
        text = yaml.safe_dump({key: value}, allow_unicode=unicode, default_flow_style=False)
    else:  # the value in flow style: «key: [a, b]», «key: {x: 1}»
        flow = yaml.safe_dump({key: value}, allow_unicode=unicode, default_flow_style=True, width=10_000)
        text = flow.strip()[1:-1] + "\n"
    comment = draw(st.one_of(st.just(""), comment_line.map(lambda c: f"# {c}\n")))
    return comment + text


def build_page(front: dict, regions: dict) -> str:
    return merge_page(None, front, regions, ORDER, OWNED, STAMP)[0]


@st.composite
def edited_page(draw):
    """A generated page with editor blocks between front-matter keys and editor text between regions."""
    front, regions = draw(front_strategy), draw(regions_strategy)
    page = parse_page(build_page(front, regions), "economy.md")
    blocks = [b.text for b in page.blocks]
    extra: list[str] = []
    keys: set[str] = set()
    for _ in range(draw(st.integers(0, 4))):
        block = draw(editor_block())
        key = next(iter(yaml.safe_load(block)))
        if key in keys:
            continue
        keys.add(key)
        blocks.insert(draw(st.integers(0, len(blocks))), block)
        extra.append(block)
    # an editor may also move whole regions (markers included) around
    moved = draw(st.permutations([p for p in page.parts if not isinstance(p, str)]))
    parts = []
    for part in page.parts:
        if isinstance(part, str):
            part = draw(st.one_of(st.just(""), editor_chunk)) + part
            parts.append(part)
        else:
            region = moved.pop(0)
            parts.append(f"{BEGIN.format(name=region.name)}\n{region.content}{END.format(name=region.name)}\n")
    text = "---\n" + "".join(blocks) + "---\n" + "".join(parts)
    return text, extra


def editor_blocks(text: str) -> list[str]:
    page = parse_page(text, "economy.md")
    return [b.text for b in page.blocks if b.key not in (*OWNED, GENERATED_KEY)]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edited_page(), front_strategy, regions_strategy)
def test_editor_bytes_survive_new_content_and_a_rerun_writes_nothing(edited, new_front, new_regions):
    text, extra = edited
    before = parse_page(text, "economy.md")
    merged, backup_first = merge_page(before, new_front, new_regions, ORDER, OWNED, STAMP)
    after = parse_page(merged, "economy.md")
    assert not backup_first
    assert after.editor_text == before.editor_text  # body outside the markers, byte for byte
    assert editor_blocks(merged) == editor_blocks(text)  # editor keys with their comments and layout
    for block in extra:
        assert block in merged
    assert {k: after.data[k] for k in OWNED} == new_front
    assert {n: after.region(n).content.rstrip("\n") for n in ORDER} == new_regions
    again, _ = merge_page(after, new_front, new_regions, ORDER, OWNED, STAMP)
    assert again == merged


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edited_page(), regions_strategy)
def test_windows_line_endings_are_kept(edited, new_regions):
    text = edited[0].replace("\n", "\r\n")
    before = parse_page(text, "economy.md")
    front = {k: before.data[k] for k in OWNED}
    merged, _ = merge_page(before, front, new_regions, ORDER, OWNED, STAMP)
    assert "\n" not in merged.replace("\r\n", "")
    assert parse_page(merged, "economy.md").editor_text == before.editor_text


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    front_strategy,
    regions_strategy,
    st.sampled_from(ORDER),
    editor_line.filter(str.strip).filter(lambda t: not MARKER.search(t)),
)
def test_an_edit_inside_any_region_stops_the_merge_and_names_it(front, regions, name, typed):
    page = parse_page(build_page(front, regions), "briefings/economy.md")
    region = page.region(name)
    begin = BEGIN.format(name=name) + "\n"
    text = page.text.replace(begin, begin + typed + "\n", 1)
    edited = parse_page(text, "briefings/economy.md")
    with pytest.raises(EditConflictError) as err:
        merge_page(edited, front, regions, ORDER, OWNED, STAMP)
    assert f"region '{name}' (line {region.line})" in err.value.message
    assert "briefings/economy.md" in err.value.message and "--force" in err.value.message
    forced, backup_first = merge_page(edited, front, regions, ORDER, OWNED, STAMP, force=True)
    assert backup_first and parse_page(forced, "e.md").region(name).content.rstrip("\n") == regions[name]


REGIONS = {"header": "# Экономика", "summary": "## Главное\n\n- Товарооборот вырос.", "figures": "", "quotes": ""}
FRONT = {"title": "Экономика", "tags": ["ОТГ"], "keywords": [{"term": "ОТГ", "score": 1}], "figures": []}


def fresh() -> str:
    return build_page(FRONT, REGIONS)


@pytest.mark.parametrize(
    ("edit", "named"),
    [
        (lambda t: t.replace("title: Экономика", "title: Экономика Казахстана"), "front-matter key 'title'"),
        (lambda t: t.replace("tags:\n- ОТГ\n", "tags:\n- ОТГ # проверить\n"), "key 'tags' (comments or formatting)"),
        (lambda t: t.replace("tags:\n- ОТГ\n", ""), "front-matter key 'tags' (deleted)"),
        (lambda t: t.replace("- term: ОТГ\n", "- term: ОТГ\n  # вес не тот\n"), "'keywords' (comments or formatting)"),
        (
            lambda t: re.sub(r"<!-- briefings:begin quotes -->\n\n<!-- briefings:end quotes -->\n", "", t),
            "region 'quotes' (its markers were deleted)",
        ),
        (lambda t: t.replace("- Товарооборот вырос.", "- Товарооборот вырос на 25,2%."), "region 'summary' (line"),
    ],
)
def test_each_kind_of_hand_edit_is_named(edit, named):
    text = edit(fresh())
    assert text != fresh()
    edits = hand_edits(parse_page(text, "e.md"), (*OWNED, GENERATED_KEY))
    assert any(named in e for e in edits), edits


def test_comment_after_the_last_generated_key_survives():
    text = fresh().replace("\n---\n", "\n# заметка редактора в конце шапки\n---\n", 1)
    merged, _ = merge_page(
        parse_page(text, "e.md"), {**FRONT, "title": "Экономика и торговля"}, REGIONS, ORDER, OWNED, STAMP
    )
    assert "# заметка редактора в конце шапки\n---\n" in merged


def test_a_key_the_generator_no_longer_writes_is_removed_but_its_comment_stays():
    front = {**FRONT, "figures": [{"text": "16-летие", "value": 16}]}
    text = build_page(front, REGIONS).replace("figures:\n", "# цифры проверены\nfigures:\n", 1)
    without = {k: v for k, v in FRONT.items() if k != "figures"}
    merged, _ = merge_page(parse_page(text, "e.md"), without, REGIONS, ORDER, OWNED, STAMP)
    assert "16-летие" not in merged and "# цифры проверены\n" in merged


def test_a_key_a_newer_generator_no_longer_owns_is_removed_not_adopted_as_the_editors():
    without = {k: v for k, v in FRONT.items() if k != "figures"}
    merged, _ = merge_page(parse_page(fresh(), "e.md"), without, REGIONS, ORDER, ("title", "tags", "keywords"), STAMP)
    assert "\nfigures:" not in merged.split("generated:")[0]


def test_a_region_the_generator_no_longer_makes_is_removed_with_its_markers():
    text = fresh() + "\nАнализ редактора.\n"
    fewer = {k: v for k, v in REGIONS.items() if k != "quotes"}
    merged, _ = merge_page(parse_page(text, "e.md"), FRONT, fewer, ORDER[:3], OWNED, STAMP)
    assert "briefings:begin quotes" not in merged and merged.endswith("\nАнализ редактора.\n")


def test_duplicate_editor_key_is_refused_not_reformatted():
    text = fresh().replace("---\n", "---\nnotes: один\nnotes: два\n", 1)
    with pytest.raises(EditConflictError, match="'notes' appears twice"):
        merge_page(parse_page(text, "e.md"), FRONT, REGIONS, ORDER, OWNED, STAMP)
    forced, backup_first = merge_page(parse_page(text, "e.md"), FRONT, REGIONS, ORDER, OWNED, STAMP, force=True)
    assert backup_first and "notes: два\n" in forced and "title: Экономика\n" in forced  # the value YAML reads


def test_page_without_fingerprint_is_backed_up_before_it_is_rewritten():
    text = (
        "---\ntitle: Экономика\n---\n\n"
        + BEGIN.format(name="summary")
        + "\nРучной текст.\n"
        + END.format(name="summary")
    )
    merged, backup_first = merge_page(parse_page(text, "e.md"), FRONT, REGIONS, ORDER, OWNED, STAMP)
    assert backup_first and "Ручной текст" not in merged


def test_hand_edits_in_several_pages_are_all_named_and_nothing_is_planned(tmp_path):
    from functools import partial

    from generator.write import EditConflicts, collect_conflicts

    names = ("economy.md", "culture.md", "youth.md")
    for name in names:
        (tmp_path / name).write_text(fresh(), "utf-8")
    for name in names[:2]:
        edit = (tmp_path / name).read_text("utf-8").replace("- Товарооборот вырос.", "- Товарооборот вырос втрое.")
        (tmp_path / name).write_text(edit, "utf-8")
    steps = [partial(plan_page, tmp_path / n, FRONT, REGIONS, ORDER, STAMP, OWNED) for n in names]
    with pytest.raises(EditConflicts) as err:
        list(collect_conflicts(steps))
    assert [c.path for c in err.value.conflicts] == [str(tmp_path / n) for n in names[:2]]
    assert err.value.message.startswith(
        f"{tmp_path / 'economy.md'}: hand edit inside generated part(s): region 'summary'"
    )
    assert "(and 1 more page(s))" in err.value.message


def test_unchanged_page_plans_no_write(tmp_path):
    path = tmp_path / "economy.md"
    path.write_text(fresh(), "utf-8")
    planned = plan_page(path, FRONT, REGIONS, ORDER, STAMP, OWNED)
    assert not planned.changed and planned.diff() == ""
    changed = plan_page(path, {**FRONT, "title": "Экономика ОТГ"}, REGIONS, ORDER, STAMP, OWNED)
    assert changed.changed and "-title: Экономика\n+title: Экономика ОТГ\n" in changed.diff()


@pytest.mark.parametrize(
    ("edit", "kept_because"),
    [
        (lambda t: t, None),
        (lambda t: t + "\nЗаметка редактора.\n", "editor's text outside the markers"),
        (lambda t: t.replace("---\n", "---\nnotes: сверить\n", 1), "editor's front-matter key(s) 'notes'"),
        (lambda t: t.replace("- Товарооборот вырос.", "- Товарооборот упал."), "hand edit inside region 'summary'"),
        (lambda t: t.replace("<!-- briefings:end header -->\n", ""), "cannot be read"),
    ],
)
def test_a_page_no_longer_generated_is_deleted_only_without_hand_edits(tmp_path, edit, kept_because):
    path = tmp_path / "old.md"
    path.write_text(edit(fresh()), "utf-8")
    removal = plan_removal(path, OWNED)
    if kept_because is None:
        assert removal.new is None and removal.changed
    else:
        assert kept_because in removal.message and "old.md" in removal.message
        forced = plan_removal(path, OWNED, force=True)
        assert forced.new is None and forced.backup_first


def test_atomic_write_replaces_and_leaves_no_temp_file(tmp_path):
    path = tmp_path / "economy.md"
    path.write_text("старое", "utf-8")
    atomic_write(path, "новое\n")
    assert path.read_text("utf-8") == "новое\n"
    assert [p.name for p in tmp_path.iterdir()] == ["economy.md"]


def test_leftover_temp_files_of_a_killed_run_are_removed_pages_are_not(tmp_path):
    (tmp_path / "sources").mkdir()
    (tmp_path / ".economy.md.abc123.tmp").write_text("полу", "utf-8")
    (tmp_path / "sources" / ".a.md.x.tmp").write_text("полу", "utf-8")
    (tmp_path / "economy.md").write_text("страница", "utf-8")
    removed = remove_leftovers(tmp_path)
    assert sorted(p.name for p in removed) == [".a.md.x.tmp", ".economy.md.abc123.tmp"]
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file()) == ["economy.md"]


def test_backup_keeps_every_distinct_version(tmp_path):
    path = tmp_path / "sources" / "a.md"
    path.parent.mkdir()
    path.write_text("первая", "utf-8")
    first = backup(path, tmp_path)
    path.write_text("вторая", "utf-8")
    second = backup(path, tmp_path)
    assert first != second and first.parent == tmp_path / ".backup" / "sources"
    assert (first.read_text("utf-8"), second.read_text("utf-8")) == ("первая", "вторая")


def test_two_runs_cannot_hold_the_lock_at_once(tmp_path):
    with output_lock(tmp_path), pytest.raises(LockError, match="another 'briefings build' is running"):  # noqa: SIM117
        with output_lock(tmp_path):
            pass
    with output_lock(tmp_path):  # released after the first run
        pass


# --- a run killed mid-write (subprocess + SIGKILL at every write step) ----------------------------------

KILLABLE_RUN = """
import os, pickle, sys
from pathlib import Path

import generator.pipeline as pipeline
import generator.write as write
from generator import load_config

extractions = pickle.loads(Path(sys.argv[2]).read_bytes())
pipeline.extract_all = lambda articles, config, progress=None: extractions
write.WRITERS = 1  # one writer thread: the steps come in one order, which the test replays kill by kill
real_fsync, real_replace = os.fsync, os.replace


def pause(event):
    print(event, flush=True)
    sys.stdin.readline()  # the test answers, or kills the process here


def fsync(fd):
    pause("fsync")
    real_fsync(fd)


def replace(src, dst):
    name = "/".join(Path(dst).parts[-2:])
    pause(f"replace {name}")
    real_replace(src, dst)
    pause(f"replaced {name}")


os.fsync, os.replace = fsync, replace
pipeline.build(load_config(sys.argv[1]))
print("done", flush=True)
"""


@pytest.fixture(scope="module")
def seed_extractions(repo_config):
    from generator.pipeline import extract_all, load_seeds

    articles, _ = load_seeds(repo_config)
    return extract_all(articles, repo_config)


@pytest.fixture
def killable(tmp_path, seed_extractions, monkeypatch):
    """An old state built from one seed (with editor text), and a script that
    builds the new state from both seeds, pausing at every fsync and rename."""
    import pickle
    import shutil

    import generator.pipeline as pipeline
    from generator import load_config

    root = Path(__file__).resolve().parent.parent
    project = tmp_path / "project"
    project.mkdir()
    shutil.copy(root / "briefings.yml", project / "briefings.yml")
    shutil.copytree(root / "seeds", project / "seeds")
    first = sorted(project.glob("seeds/*.txt"))[0]
    parked = tmp_path / "parked"
    parked.mkdir()
    for seed in sorted(project.glob("seeds/*.txt"))[1:]:
        shutil.move(seed, parked / seed.name)
    config = load_config(project / "briefings.yml")
    monkeypatch.setattr(
        pipeline, "extract_all", lambda *a, **k: [e for e in seed_extractions if e.article.id == first.stem]
    )
    pipeline.build(config)
    economy = config.out_dir / "economy.md"
    economy.write_text(economy.read_text("utf-8") + "\n## Анализ редактора\n\nТоварооборот растёт.\n", "utf-8")
    for seed in parked.iterdir():
        shutil.move(seed, project / "seeds" / seed.name)
    harness = tmp_path / "harness"
    harness.mkdir()
    (harness / "extractions.pickle").write_bytes(pickle.dumps(seed_extractions))
    (harness / "run.py").write_text(KILLABLE_RUN, "utf-8")
    return project


def pages(project) -> dict[str, bytes]:
    out = project / "briefings"
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*.md") if ".backup" not in p.parts}


def start(project, python):
    import os
    import subprocess

    harness = project.parent.parent / "harness"  # tmp_path/harness beside tmp_path/project or tmp_path/trialN/project
    if not harness.is_dir():
        harness = project.parent / "harness"
    script, data = harness / "run.py", harness / "extractions.pickle"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    return subprocess.Popen(
        [python, str(script), str(project / "briefings.yml"), str(data)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )


def run_to_end(project, python) -> list[str]:
    process = start(project, python)
    events = []
    for line in process.stdout:
        events.append(line.strip())
        if line.strip() != "done":
            process.stdin.write("\n")
            process.stdin.flush()
    assert process.wait(timeout=120) == 0
    return events


def test_a_run_killed_at_any_write_step_leaves_every_page_old_or_new(killable, python, tmp_path):
    import shutil
    import signal

    old = pages(killable)
    pristine = tmp_path / "pristine"
    shutil.copytree(killable, pristine)
    events = run_to_end(killable, python)
    new = pages(killable)
    assert events[-1] == "done" and len(events) >= 10
    assert {name for name in new if old.get(name) != new[name]} >= {"economy.md", "sources/003_f5d5646d0d005aeb.md"}
    assert new["economy.md"].endswith("\n## Анализ редактора\n\nТоварооборот растёт.\n".encode())
    for step in range(len(events) - 1):
        trial = tmp_path / f"trial{step}"
        project = trial / "project"
        shutil.copytree(pristine, project)
        process = start(project, python)
        for _ in range(step):
            process.stdout.readline()
            process.stdin.write("\n")
            process.stdin.flush()
        assert process.stdout.readline().strip() == events[step]
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        now = pages(project)
        for name, data in now.items():
            assert data in (old.get(name), new[name]), f"{name} is half-written after a kill at step {step}"
        assert set(now) >= set(old)
        if step % 5 == 0:  # the next run finishes the job and sweeps the temporary files
            run_to_end(project, python)
            assert pages(project) == new
            assert not [p for p in (project / "briefings").rglob("*.tmp")]
        shutil.rmtree(trial)


def test_apply_syncs_each_folder_once_after_its_last_rename(tmp_path, monkeypatch):
    """The renames of a thousand pages reach the disk with one fsync of their
    folder, made after the last of them (and after a deletion too)."""
    import os

    events: list[str] = []
    real_replace = os.replace
    monkeypatch.setattr(
        "generator.write.os.replace", lambda a, b: (events.append(f"rename {Path(b).name}"), real_replace(a, b))
    )
    monkeypatch.setattr("generator.write._sync_dir", lambda folder: events.append(f"sync {folder.name}"))
    out = tmp_path / "briefings"
    (out / "sources").mkdir(parents=True)
    (out / "sources" / "gone.md").write_text("старое\n", "utf-8")
    plans = [
        PlannedPage(out / "economy.md", None, "новое\n"),
        PlannedPage(out / "sources" / "a.md", None, "а\n"),
        PlannedPage(out / "sources" / "gone.md", "старое\n", None),
        PlannedPage(out / "sources" / "b.md", None, "б\n"),
        PlannedPage(out / "culture.md", "то же\n", "то же\n"),  # unchanged: not written
    ]
    assert [p.path.name for p in apply(plans, out)] == ["economy.md", "a.md", "gone.md", "b.md"]
    # the writers rename in any order, all before the folders are synced
    assert sorted(events[:3]) == ["rename a.md", "rename b.md", "rename economy.md"]
    assert events[3:] == ["sync briefings", "sync sources"]
    assert not (out / "sources" / "gone.md").exists()
    assert (out / "sources" / "b.md").read_text("utf-8") == "б\n"


def test_a_second_run_waits_for_no_one_it_stops_while_the_first_holds_the_lock(killable, python):
    import signal

    process = start(killable, python)
    assert process.stdout.readline().strip() == "fsync"  # the first run is writing
    with pytest.raises(LockError, match="briefings: another 'briefings build' is running"):  # noqa: SIM117
        with output_lock(killable / "briefings"):
            pass
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    with output_lock(killable / "briefings"):  # the kernel released the dead run's lock
        pass


# --- shortcuts of the merge layer: each must answer as the long way does


def _key_edit_the_long_way(page, key: str, expected: str) -> list[str]:
    """write._key_edit as it was: every key dumped and read back."""
    if key not in page.data:
        return [f"front-matter key '{key}' (deleted)"]
    text = canonical(key, page.data[key])
    if short_hash(text) != expected:
        return [f"front-matter key '{key}'"]
    block = page.block(key)
    if block is not None and block.value_text != text:
        return [f"front-matter key '{key}' (comments or formatting)"]
    return []


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edited_page(), st.data())
def test_the_hash_shortcut_finds_the_edits_reading_every_key_back_finds(edited, data):
    text, _ = edited
    lines = text.split("\n")
    at = data.draw(st.integers(1, text.split("\n").index("---", 1) - 1), label="line")
    typed = data.draw(st.sampled_from(["", " ", "  # заметка", "x", "- ОТГ"]), label="typed")
    lines[at] += typed
    try:
        page = parse_page("\n".join(lines), "economy.md")
    except BriefingFileError:
        return
    keys, _ = stored_hashes(page) or ({}, {})
    for key, expected in keys.items():
        assert _key_edit(page, str(key), expected) == _key_edit_the_long_way(page, str(key), expected)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edited_page(), front_strategy, regions_strategy)
def test_a_page_just_written_reads_back_as_the_yaml_parser_reads_it(edited, new_front, new_regions):
    text, _ = edited
    merged = merge(parse_page(text, "economy.md"), new_front, new_regions, ORDER, OWNED, STAMP)
    quick = parse_page(merged.text, "economy.md", known=merged.known)
    full = parse_page(merged.text, "economy.md")
    assert same_data(quick.data, full.data)
    assert (quick.blocks, quick.unsplittable) == (full.blocks, full.unsplittable)


def _memo_page(tmp_path, table):
    path = tmp_path / "economy.md"
    path.write_text(fresh(), "utf-8")
    memo = PageMemo(table)
    planned = plan_page(path, FRONT, REGIONS, ORDER, STAMP, OWNED, memo=memo, inputs="inputs 1")
    assert not planned.changed
    return path


def test_a_remembered_page_is_taken_as_it_is_for_the_same_inputs_only(tmp_path):
    table = MemoryTable()
    path = _memo_page(tmp_path, table)
    assert PageMemo(table).unchanged(path, "inputs 1") == PlannedPage(path, fresh(), fresh())
    assert PageMemo(table).unchanged(path, "inputs 2") is None


def test_a_hand_edit_in_a_remembered_page_is_merged_and_found(tmp_path):
    table = MemoryTable()
    path = _memo_page(tmp_path, table)
    path.write_text(fresh().replace("- Товарооборот вырос.", "- Товарооборот упал."), "utf-8")
    assert PageMemo(table).unchanged(path, "inputs 1") is None
    with pytest.raises(EditConflictError, match="region 'summary'"):
        plan_page(path, FRONT, REGIONS, ORDER, STAMP, OWNED, memo=PageMemo(table), inputs="inputs 1")


def test_a_page_written_is_remembered_only_as_a_fixed_point(tmp_path):
    table = MemoryTable()
    path = tmp_path / "economy.md"
    planned = plan_page(path, FRONT, REGIONS, ORDER, STAMP, OWNED, memo=PageMemo(table), inputs="new")
    atomic_write(path, planned.new)
    assert PageMemo(table).unchanged(path, "new") == PlannedPage(path, planned.new, planned.new)
    again = plan_page(path, FRONT, REGIONS, ORDER, STAMP, OWNED)
    assert not again.changed  # what the memo said


def test_long_front_matter_is_read_from_the_memo_not_parsed(tmp_path, monkeypatch):
    front = {**FRONT, "figures": [{"text": f"{n} млрд долл.", "value": n} for n in range(3000)]}
    table = MemoryTable()
    path = tmp_path / "economy.md"
    planned = plan_page(path, front, REGIONS, ORDER, STAMP, OWNED, memo=PageMemo(table), inputs="a")
    atomic_write(path, planned.new)
    monkeypatch.setattr("generator.pages.load_yaml", lambda text: pytest.fail("parsed again"))
    page = PageMemo(table).read(path)
    assert page.data["figures"][2999] == {"text": "2999 млрд долл.", "value": 2999}
    monkeypatch.undo()
    assert same_data(page.data, parse_page(planned.new, str(path)).data)


@pytest.mark.parametrize("entry", [None, "x", {"sha": "0" * 64, "inputs": "inputs 1"}, {"inputs": "inputs 1"}, []])
def test_a_damaged_memo_entry_is_no_entry(tmp_path, entry):
    table = MemoryTable()
    path = _memo_page(tmp_path, table)
    table[os.path.abspath(path)] = entry
    assert PageMemo(table).unchanged(path, "inputs 1") is None
    assert not plan_page(path, FRONT, REGIONS, ORDER, STAMP, OWNED, memo=PageMemo(table), inputs="inputs 1").changed


@settings(max_examples=100, deadline=None)
@given(front_strategy, regions_strategy)
def test_a_new_page_reads_back_without_the_yaml_parser(new_front, new_regions):
    """Every block of a page just made is the generator's own (its record of
    hashes included): reading it back needs no YAML parsing, and gives what the
    parser gives."""
    merged = merge(None, new_front, new_regions, ORDER, OWNED, STAMP)
    assert set(merged.known) == {*new_front, GENERATED_KEY}
    real, page_format.load_yaml = page_format.load_yaml, _no_yaml
    try:
        quick = parse_page(merged.text, "economy.md", known=merged.known)
    finally:
        page_format.load_yaml = real
    full = parse_page(merged.text, "economy.md")
    assert same_data(quick.data, full.data)
    assert (quick.blocks, quick.unsplittable) == (full.blocks, full.unsplittable)


def _no_yaml(text):
    raise AssertionError("parsed with YAML")


@settings(max_examples=150, deadline=None)
@given(front_strategy, st.sampled_from(["title", "tags", "keywords", "figures"]))
def test_canonical_text_is_the_text_read_back_and_dumped_again(front, key):
    assert canonical(key, front[key]) == dump_yaml(yaml.safe_load(dump_yaml({key: front[key]})))


def test_a_write_that_fails_stops_apply_with_its_error_and_leaves_every_page_whole(tmp_path, monkeypatch):
    """The writer threads report a failure as the loop did: apply raises it;
    the page it was writing keeps its old text, and no temporary file stays."""
    out = tmp_path / "briefings"
    out.mkdir()
    (out / "b.md").write_text("старое\n", "utf-8")
    real_write = atomic_write

    def disk_full_at_b(path, text, **options):
        if path.name == "b.md":
            raise OSError(28, "No space left on device")
        real_write(path, text, **options)

    monkeypatch.setattr("generator.write.atomic_write", disk_full_at_b)
    plans = [
        PlannedPage(out / "a.md", None, "а\n"),
        PlannedPage(out / "b.md", "старое\n", "новое\n"),
        PlannedPage(out / "c.md", None, "в\n"),
    ]
    with pytest.raises(OSError, match="No space left"):
        apply(plans, out)
    assert (out / "b.md").read_text("utf-8") == "старое\n"
    assert {p.name: p.read_text("utf-8") for p in out.glob("[ac].md")}.items() <= {"a.md": "а\n", "c.md": "в\n"}.items()
    assert not [p for p in out.iterdir() if p.name.startswith(".")]
