"""The hostile fixture corpus (tests/fixtures/hostile/) through the CLI, run as
a user runs it: a subprocess in a throwaway copy of the project. Asserts the
one-line messages, exit codes, that good articles are built while bad ones
are reported, that a failing run changes no briefing, and that the built
site holds no live script from article text."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from lxml import html as lxml_html

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = ROOT / "tests" / "fixtures" / "hostile"
GOOD_ARTICLE = (
    "Казахстан и Узбекистан обсудили водные ресурсы\n\n"
    "Министры водного хозяйства двух стран договорились о совместном использовании рек. "
    "Объём инвестиций в каналы составит 300 миллионов долларов."
)


def run(cwd: Path, *args: str, timeout: int = 600) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [sys.executable, "-m", "generator", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout
    )


def make_project(path: Path, seeds: dict[str, bytes] | Path) -> Path:
    """A copy of the project: config, site config, docs, the generator (for the MkDocs hook), seeds."""
    path.mkdir(parents=True, exist_ok=True)
    for name in ("briefings.yml", "mkdocs.yml"):
        shutil.copy(ROOT / name, path / name)
    shutil.copytree(ROOT / "docs", path / "docs")
    shutil.copytree(ROOT / "generator", path / "generator", ignore=shutil.ignore_patterns("__pycache__"))
    if isinstance(seeds, Path):
        shutil.copytree(seeds, path / "seeds")
    else:
        (path / "seeds").mkdir()
        for name, data in seeds.items():
            (path / "seeds" / name).write_bytes(data)
    return path


def snapshot(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != ".lock"
    }


def front(path: Path) -> dict:
    text = path.read_text("utf-8")
    return yaml.safe_load(text.split("---\n", 2)[1])


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    project = make_project(tmp_path_factory.mktemp("hostile") / "project", HOSTILE / "seeds")
    return project, run(project, "build")


@pytest.fixture(scope="module")
def site(corpus) -> Path:
    project, _ = corpus
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        cwd=project,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    return project / "site"


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("empty.txt", "empty file (put an article's text into it)"),
        ("whitespace.txt", "empty file: only whitespace or invisible characters"),
        ("png_renamed.txt", "binary file (a PNG image), not text (save the article's text as .txt, .md or .html)"),
        ("pdf_renamed.txt", "binary file (a PDF document), not text"),
        ("broken_front_matter.md", "line 4: invalid YAML front matter"),
        ("python_tag.md", "line 2: invalid YAML front matter (could not determine a constructor for the tag"),
        ("alias_bomb.md", "line 11: front matter key 'title' must be text, not a list"),
        ("nested_front_matter.md", "YAML front matter is nested too deeply"),
    ],
)
def test_bad_article_is_one_line_naming_file_problem_and_fix(corpus, name, message):
    _, result = corpus
    lines = [line for line in result.stderr.splitlines() if f"seeds/{name}:" in line]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"error: seeds/{name}: ")
    assert message in lines[0]


def test_bad_articles_do_not_stop_the_run_which_fails_at_the_end(corpus):
    _, result = corpus
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert (
        result.stderr.splitlines()[-1] == "8 article(s) skipped: fix them and run again (--strict stops at the first)"
    )
    assert "file(s) written from 21 article(s)" in result.stderr
    assert not Path("/tmp/briefings-pwned").exists()  # the !!python/object tag never ran


@pytest.mark.parametrize(
    ("page", "title"),
    [
        ("utf8", "Казахстан и Азербайджан расширят транзит по Среднему коридору"),
        ("utf8_bom", "В Астане открылся форум молодых предпринимателей ОТГ"),
        ("cp1251", "Товарооборот Казахстана и Турции вырос на 12%"),
        ("koi8r", "В Шымкенте прошёл фестиваль тюркской музыки"),
        ("utf16", "ОТГ утвердила программу культурного обмена на 2025 год"),
        ("utf16le_nobom", "Железная дорога Китай — Казахстан — Туркменистан — Иран нарастила перевозки"),
        ("crlf", "Студенты из стран ОТГ смогут учиться по единой программе"),
        ("nul_bytes", "Грузооборот порта Курык увеличился вдвое"),
        ("mojibake_utf8", "Азербайджан и Казахстан создадут совместное предприятие"),
        ("lone_surrogate", "В Баку обсудили цифровизацию таможни"),
        ("Итоги-саммита-ОТГ-2025", "Итоги саммита ОТГ в Габале"),
        ("news_page", "Казахстан и Кыргызстан запустят общий туристический маршрут"),
        ("news_page_cp1251", "Узбекистан и Казахстан откроют новый пункт пропуска"),
    ],
)
def test_every_encoding_and_format_is_read_without_mojibake(corpus, page, title):
    project, _ = corpus
    path = project / "briefings" / "sources" / f"{page}.md"
    assert front(path)["title"] == title
    text = path.read_text("utf-8")
    assert "\r" not in text and "\x00" not in text
    assert not any(marker in text for marker in ("Р°", "Рѕ", "СЃ", "вЂ", "Ð", "Ñ"))  # UTF-8 read as CP1251 / Latin-1


@pytest.mark.parametrize(("page", "kept"), [("news_page", "200 тысяч туристов"), ("news_page_cp1251", "3 тысяч")])
def test_html_page_keeps_the_article_and_drops_menus_ads_and_scripts(corpus, page, kept):
    project, _ = corpus
    text = (project / "briefings" / "sources" / f"{page}.md").read_text("utf-8")
    assert kept in text and "единый электронный билет" in text
    assert front(project / "briefings" / "sources" / f"{page}.md")["source"] == "Новости Центральной Азии"
    for junk in ("Реклама", "купите слона", "Политика конфиденциальности", "Читайте также", "трекер", "в статье"):
        assert junk not in text


def test_duplicates_are_reported_and_counted_once(corpus):
    project, result = corpus
    assert "warning: seeds/duplicate_a.txt: same article as seeds/duplicate b.txt, counted once" in result.stderr
    assert "warning: seeds/duplicate_c_cp1251.txt: same article as seeds/duplicate b.txt" in result.stderr
    pages = sorted(p.name for p in (project / "briefings" / "sources").glob("duplicate*"))
    assert pages == ["duplicate-b.md"]


@pytest.mark.parametrize(("page", "lang"), [("kazakh", "kk"), ("english", "en"), ("turkish", "tr"), ("utf8", None)])
def test_non_russian_articles_are_marked_with_their_language(corpus, page, lang):
    project, _ = corpus
    assert front(project / "briefings" / "sources" / f"{page}.md").get("lang") == lang


def test_absurd_numbers_are_not_key_figures(corpus):
    project, _ = corpus
    page = project / "briefings" / "sources" / "huge_number.md"
    assert front(page)["title"] == "Товарооборот достиг рекорда"
    for topic in ("economy", "culture", "youth", "middle-corridor"):
        for figure in front(project / "briefings" / f"{topic}.md")["figures"]:
            assert figure["source"] != "huge_number" or abs(figure["value"]) <= 1e18


def test_one_line_of_100000_characters_is_processed(corpus):
    project, _ = corpus
    text = (project / "briefings" / "sources" / "long_line.md").read_text("utf-8")
    assert text.count('<span id="s-') > 1000


def test_yaml_hostile_strings_round_trip_through_front_matter(corpus):
    project, _ = corpus
    data = front(project / "briefings" / "sources" / "front_matter.md")
    assert data["title"] == "Ключ: значение - пункт & якорь ! тег --- \"двойные\" и 'одинарные' кавычки"
    assert data["source"] == "- Агентство: «Тренд» & Co"
    assert data["date"] == "2025-03-14"
    assert "url" not in data  # javascript: is never written


def test_markdown_control_characters_stay_text(corpus):
    project, _ = corpus
    text = (project / "briefings" / "sources" / "hostile_markup.md").read_text("utf-8")
    assert "<script" not in text and "<img" not in text and "<a " not in text
    assert "\u202e" not in text and "\u200b" not in text
    assert text.count("<!-- briefings:") == 2  # only the page's own markers, the article's are escaped


def test_site_has_no_live_script_or_link_from_article_text(site):
    clean_scripts = _theme_scripts(site / "briefings" / "sources" / "utf8" / "index.html")
    for page in sorted(site.joinpath("briefings").rglob("index.html")):
        doc = lxml_html.parse(str(page)).getroot()
        assert _theme_scripts(page) == clean_scripts, page
        for element in doc.iter():
            if not isinstance(element.tag, str):
                continue
            assert not any(name.lower().startswith("on") for name in element.attrib), (page, element.attrib)
            href = (element.get("href") or element.get("src") or "").strip().lower()
            assert not href.startswith(("javascript:", "data:", "vbscript:")), (page, href)
        assert not doc.xpath("//article//img | //article//iframe | //article//object")


def test_site_shows_the_hostile_text_as_text(site):
    doc = lxml_html.parse(str(site / "briefings" / "sources" / "hostile_markup" / "index.html")).getroot()
    text = " ".join(doc.xpath("//article")[0].itertext())
    for visible in (
        "<script>alert('body')</script>",
        "[нажми](javascript:alert(3))",
        "{{ config.site_name }}",
        "`код`",
    ):
        assert visible in text


def test_site_tables_are_not_broken_by_pipes(site):
    for page in sorted(site.joinpath("briefings").glob("*/index.html")):
        doc = lxml_html.parse(str(page)).getroot()
        for table in doc.iter("table"):
            header = len(table.xpath(".//tr[1]/th"))
            widths = {len(row.xpath("./td|./th")) for row in table.iter("tr")}
            assert header >= 3 and widths == {header}, page  # a «|» in article text adds no cell


def _theme_scripts(page: Path) -> list[str]:
    """The page's <script> elements, with relative paths made uniform: only the theme's may be there."""
    doc = lxml_html.parse(str(page)).getroot()
    return sorted(
        (s.get("src") or "").rsplit("/", 1)[-1] + ((s.text or "").split("{", 1)[0].replace("../", "")[:40])
        for s in doc.iter("script")
    )


def test_strict_stops_at_the_first_bad_article_and_writes_nothing(tmp_path):
    project = make_project(tmp_path / "p", HOSTILE / "seeds")
    result = run(project, "build", "--strict")
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "error: seeds/alias_bomb.md: line 11: front matter key 'title' must be text, not a list "
        "(fix the YAML between the '---' lines)"
    )
    assert not (project / "briefings").exists()


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> Path:
    """A built project with one good article: the baseline for 'a failing run changes nothing'."""
    project = make_project(tmp_path_factory.mktemp("small") / "p", {"water.txt": GOOD_ARTICLE.encode()})
    result = run(project, "build")
    assert result.returncode == 0, result.stderr
    return project


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ("unknown_key.yml", "line 2: unknown key 'colour' (known keys:"),
        ("wrong_type.yml", "line 2: key 'summary_sentences' must be int, not str"),
        ("slash_id.yml", "line 2: topics[0].id 'economy/trade' is not a safe file name"),
        ("dotdot_id.yml", "line 2: topics[0].id '../../etc' is not a safe file name"),
        ("python_tag.yml", "line 1: invalid YAML (could not determine a constructor for the tag"),
        ("not_yaml.yml", "line 4: invalid YAML"),
    ],
)
def test_broken_config_is_one_line_and_changes_nothing(small, config, message):
    before = snapshot(small / "briefings")
    result = run(small, "--config", str(HOSTILE / "config" / config), "build")
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith(f"error: {HOSTILE / 'config' / config}: ")
    assert message in result.stderr
    assert snapshot(small / "briefings") == before


@pytest.mark.parametrize(
    ("briefing", "message"),
    [
        ("invalid_yaml.md", "economy.md: line 4: invalid YAML front matter"),
        ("missing_end_marker.md", "economy.md: line 6: region 'header' has no end marker"),
        ("no_front_matter.md", "economy.md: line 1: no YAML front matter"),
    ],
)
def test_broken_briefing_is_named_with_its_line_and_nothing_is_written(small, briefing, message):
    economy = small / "briefings" / "economy.md"
    good = economy.read_bytes()
    try:
        shutil.copy(HOSTILE / "briefings" / briefing, economy)
        before = snapshot(small / "briefings")
        result = run(small, "build")
        assert result.returncode == 2
        assert "Traceback" not in result.stderr and result.stderr.count("\n") == 1
        assert message in result.stderr
        assert snapshot(small / "briefings") == before
    finally:
        economy.write_bytes(good)


def test_debug_shows_the_traceback(small):
    result = run(small, "--debug", "--config", str(HOSTILE / "config" / "slash_id.yml"), "build")
    assert result.returncode != 0
    assert "Traceback" in result.stderr and "ConfigError" in result.stderr


def test_huge_file_and_link_out_of_seeds_are_refused_and_the_rest_is_built(tmp_path):
    project = make_project(tmp_path / "p", {"water.txt": GOOD_ARTICLE.encode()})
    secret = tmp_path / "secret.txt"
    secret.write_text("Секретный текст вне папки статей.", "utf-8")
    (project / "seeds" / "link.txt").symlink_to(secret)
    (project / "seeds" / "new\nline \x1b[31m.txt").write_bytes(b"%PDF-1.4\n")
    with open(project / "seeds" / "huge.txt", "wb") as handle:
        line = "Товарооборот стран ОТГ растёт год от года. ".encode()
        handle.write(line * (20 * 2**20 // len(line) + 1))
    result = run(project, "build")
    assert result.returncode == 2
    assert "error: seeds/huge.txt: file is 20.0 MB, over the 8 MB limit for one article" in result.stderr
    assert f"error: seeds/link.txt: a link to {secret.resolve()}, outside the seeds folder" in result.stderr
    assert "error: seeds/new\\nline \\x1b[31m.txt: binary file (a PDF document)" in result.stderr
    assert not any(line.startswith("line ") for line in result.stderr.splitlines())  # the name stayed on one line
    pages = sorted(p.name for p in (project / "briefings" / "sources").iterdir())
    assert pages == ["water.md"]
    assert "Секретный" not in "".join(p.read_text("utf-8") for p in (project / "briefings").rglob("*.md"))


def test_a_seed_that_becomes_unreadable_keeps_its_page(small):
    sources = small / "briefings" / "sources"
    page = (sources / "water.md").read_bytes()
    seed = small / "seeds" / "water.txt"
    good = seed.read_bytes()
    try:
        seed.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
        result = run(small, "build")
        assert result.returncode == 2
        assert "error: seeds/water.txt: binary file (a PNG image)" in result.stderr
        assert (sources / "water.md").read_bytes() == page
    finally:
        seed.write_bytes(good)
        run(small, "build")


def test_nothing_is_written_through_a_link_out_of_the_briefings_folder(small, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "keep.md").write_text("Чужой файл, не трогать.", "utf-8")
    sources = small / "briefings" / "sources"
    sources.rename(small / "sources.moved")
    try:
        sources.symlink_to(elsewhere, target_is_directory=True)
        result = run(small, "build")
        assert result.returncode == 2
        assert "outside the briefings folder" in result.stderr and result.stderr.count("\n") == 1
        assert sorted(p.name for p in elsewhere.iterdir()) == ["keep.md"]
        assert (elsewhere / "keep.md").read_text("utf-8") == "Чужой файл, не трогать."
    finally:
        sources.unlink()
        (small / "sources.moved").rename(sources)


def test_extract_prints_json_for_good_files_and_one_line_for_each_bad_one(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(GOOD_ARTICLE, "utf-8")
    files = [str(HOSTILE / "seeds" / "png_renamed.txt"), str(good), str(tmp_path / "missing.txt")]
    result = run(ROOT, "extract", *files)
    assert result.returncode == 2
    lines = result.stdout.splitlines()
    assert len(lines) == 1 and json.loads(lines[0])["path"] == str(good)
    errors = result.stderr.splitlines()
    assert errors[0].startswith(f"error: {files[0]}: binary file (a PNG image)")
    assert errors[1].startswith(f"error: {files[2]}: cannot read: No such file or directory")
    assert len(errors) == 2
