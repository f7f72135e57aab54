"""MkDocs hook: adds the generated pages in briefings/ to the site.

MkDocs loads this file by path (mkdocs.yml, ``hooks:``), so it imports only
the standard library, PyYAML and MkDocs: building the site never needs the
generator's NLP models.

- briefings/<topic>.md pages go into the navigation in their ``order``;
- briefings/sources/*.md (one per article) are built but kept out of the
  navigation, so a thousand sources do not make every page carry a
  thousand-entry menu;
- the home page's ``<!-- briefings:topics -->`` placeholder becomes the list
  of topic briefings, read from their front matter.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

import yaml
from mkdocs.structure.files import File, InclusionLevel
from mkdocs.structure.nav import Section

log = logging.getLogger("mkdocs.hooks.briefings")

BRIEFINGS_DIR = "briefings"
SOURCES_DIR = "sources"
SECTION_TITLE = "Брифинги"
_FRONT = re.compile(r"\A---[ \t]*\n(.*?)^---[ \t]*$", re.S | re.M)


def _briefings_root(config) -> Path:
    return Path(config.config_file_path).parent / BRIEFINGS_DIR


def _front_matter(path: Path) -> dict:
    match = _FRONT.match(path.read_text("utf-8"))
    if not match:
        return {}
    try:
        data = yaml.safe_load(match.group(1))
    except yaml.YAMLError:
        return {}
    return data if isinstance(data, dict) else {}


def _pages(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    return sorted(p for p in root.rglob("*.md") if not any(part.startswith(".") for part in p.relative_to(root).parts))


def on_files(files, config):
    root = _briefings_root(config)
    for path in _pages(root):
        rel = path.relative_to(root).as_posix()
        in_sources = rel.startswith(f"{SOURCES_DIR}/")
        files.append(
            File.generated(
                config,
                f"{BRIEFINGS_DIR}/{rel}",
                abs_src_path=str(path),
                inclusion=InclusionLevel.NOT_IN_NAV if in_sources else InclusionLevel.UNDEFINED,
            )
        )
    return files


def on_nav(nav, config, files):
    """Topic briefings sorted by their front-matter ``order``, under one section."""
    section = next(
        (
            item
            for item in nav.items
            if isinstance(item, Section)
            and item.children
            and getattr(item.children[0], "file", None)
            and item.children[0].file.src_uri.startswith(f"{BRIEFINGS_DIR}/")
        ),
        None,
    )
    if section is None:
        return nav
    section.title = SECTION_TITLE
    root = _briefings_root(config)

    def order(page) -> tuple:
        data = _front_matter(root / Path(page.file.src_uri).relative_to(BRIEFINGS_DIR))
        value = data.get("order")
        return (value if isinstance(value, int) else 10_000, page.file.src_uri)

    section.children.sort(key=order)
    return nav


def on_page_markdown(markdown, page, config, files):
    if "<!-- briefings:topics -->" not in markdown:
        return markdown
    root = _briefings_root(config)
    items = []
    for path in _pages(root):
        if path.parent != root:
            continue
        data = _front_matter(path)
        title = str(data.get("title") or path.stem)
        items.append((data.get("order", 10_000), title, data, path.name))
    items.sort(key=lambda item: (item[0] if isinstance(item[0], int) else 10_000, item[1]))
    lines = []
    for _, title, data, name in items:
        sources = data.get("sources") or []
        figures = data.get("figures") or []
        description = str(data.get("description") or "")
        lines.append(
            f"- **[{_escape(title)}]({BRIEFINGS_DIR}/{name})** — {_escape(description)} "
            f"Источников: {len(sources)}, ключевых цифр: {len(figures)}."
        )
    listing = "\n".join(lines) if lines else "Брифингов пока нет: запустите `briefings build`."
    return markdown.replace("<!-- briefings:topics -->", listing)


def _escape(text: str) -> str:
    text = "".join({"&": "&amp;", "<": "&lt;", ">": "&gt;"}.get(ch, ch) for ch in text)
    return re.sub(r"([\\`*_{}\[\]()#+!|])", r"\\\1", text)
