"""The CLI as a user runs it: a subprocess, real files, exit codes, stderr."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_6b0c4bca53d6315f.txt"


def run(*args, cwd=ROOT):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "generator", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )


@pytest.mark.parametrize("command", [[], ["build"], ["check"], ["extract"]])
def test_every_command_has_help(command):
    result = run(*command, "--help")
    assert result.returncode == 0
    assert "Usage:" in result.stdout


def test_extract_follows_the_contract():
    result = run("extract", "--format", "jsonl", str(SEED), str(ROOT / "seeds" / "003_f5d5646d0d005aeb.txt"))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 2
    first = json.loads(lines[0])
    assert first["id"] == "000_6b0c4bca53d6315f" and first["path"] == str(SEED) and first["lang"] == "ru"
    assert set(first) >= {
        "id",
        "path",
        "title",
        "date",
        "source",
        "lang",
        "sentences",
        "figures",
        "entities",
        "keywords",
    }
    text = (first["title"] + "\n\n") if first["title"] else ""
    for sentence in first["sentences"]:
        assert set(sentence) >= {"index", "text", "start", "end", "topics"}
    for figure in first["figures"]:
        assert set(figure) >= {
            "text",
            "start",
            "end",
            "sentence",
            "value",
            "unit",
            "qualifier",
            "kind",
            "subject",
            "period",
        }
        assert isinstance(figure["value"], int | float)
    assert any(f["value"] == 11_400_000_000 and f["unit"] == "USD" for f in first["figures"])
    assert all(isinstance(k["score"], float | int) for k in first["keywords"])
    scores = [k["score"] for k in first["keywords"]]
    assert scores == sorted(scores, reverse=True)
    assert {e["type"] for e in first["entities"]} <= {"PER", "LOC", "ORG"}
    assert text.startswith(first["sentences"][0]["text"])
    assert json.loads(lines[1])["source"] == "BAQ.KZ"


def test_extract_bad_file_is_one_line_and_exit_2(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = run("extract", str(empty))
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert "empty.txt" in result.stderr and "empty file" in result.stderr
    assert "Traceback" not in result.stderr


def test_broken_config_is_one_line_and_exit_2(tmp_path):
    (tmp_path / "briefings.yml").write_text("topics: [\n", "utf-8")
    result = run("check", cwd=tmp_path)
    assert result.returncode == 2
    assert "briefings.yml" in result.stderr and "invalid YAML" in result.stderr
    assert "Traceback" not in result.stderr


def test_build_then_check_then_build_again(project):
    first = run("build", cwd=project)
    assert first.returncode == 0, first.stderr
    assert "written" in first.stderr
    assert run("check", cwd=project).returncode == 0
    again = run("build", cwd=project)
    assert again.returncode == 0 and "nothing written" in again.stderr


def test_check_fails_with_exit_1_on_stale_briefings(project):
    assert run("build", cwd=project).returncode == 0
    (project / "seeds" / "000_6b0c4bca53d6315f.txt").write_text("Новый заголовок\n\nДругой текст о торговле.", "utf-8")
    result = run("check", cwd=project)
    assert result.returncode == 1
    assert "stale" in result.stderr and "economy.md" in result.stderr


def test_dry_run_prints_a_diff_and_writes_nothing(project):
    result = run("build", "--dry-run", cwd=project)
    assert result.returncode == 0
    assert "+++ b/" in result.stdout and "would change" in result.stderr
    assert not (project / "briefings").exists() or not list((project / "briefings").glob("*.md"))


def test_build_with_one_bad_article_reports_it_and_builds_the_rest(project):
    (project / "seeds" / "broken.txt").write_bytes(b"\x00\x01\x02binary")
    result = run("build", cwd=project)
    assert result.returncode == 2
    assert "broken.txt" in result.stderr and "binary" in result.stderr
    assert (project / "briefings" / "economy.md").exists()
