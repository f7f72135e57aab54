"""The editor's keys in a briefing's front matter (``editor:``) and how they
change a Briefing before it is rendered. The generator never rewrites them.

    editor:
      summary: Свой текст вместо сгенерированной сводки.
      drop_keywords: [стратегический документ]
      pin_keywords: [Средний коридор]
      hide_figures: ["16-летие"]        # by the figure's text as written
      relabel_figures: {"11,4 миллиарда долларов": товарооборот стран ОТГ}
      drop_entities: [Анастасия Лаврина]
      notes: free text for colleagues
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from .errors import BriefingFileError
from .morph import fold
from .records import Briefing, BriefingKeyword

_LISTS = ("drop_keywords", "pin_keywords", "hide_figures", "drop_entities")
_KNOWN = (*_LISTS, "summary", "relabel_figures", "notes")


@dataclass(frozen=True)
class EditorKeys:
    summary: str | None = None
    drop_keywords: tuple[str, ...] = ()
    pin_keywords: tuple[str, ...] = ()
    hide_figures: tuple[str, ...] = ()
    relabel_figures: tuple[tuple[str, str], ...] = ()
    drop_entities: tuple[str, ...] = ()


def editor_keys(data: object, path: str) -> EditorKeys:
    """Validate the ``editor:`` mapping; unknown sub-keys are kept but ignored."""
    if data is None:
        return EditorKeys()
    if not isinstance(data, dict):
        raise BriefingFileError(path, "key 'editor' must be a mapping", "see docs/editing.md")
    values: dict = {}
    for key in _LISTS:
        items = data.get(key) or []
        if isinstance(items, str):
            items = [items]
        if not isinstance(items, list) or not all(isinstance(i, str | int | float) for i in items):
            raise BriefingFileError(path, f"key 'editor.{key}' must be a list of strings")
        values[key] = tuple(str(i) for i in items)
    summary = data.get("summary")
    if summary is not None and not isinstance(summary, str):
        raise BriefingFileError(path, "key 'editor.summary' must be text")
    relabel = data.get("relabel_figures") or {}
    if not isinstance(relabel, dict):
        raise BriefingFileError(path, "key 'editor.relabel_figures' must map a figure's text to a label")
    return EditorKeys(
        summary=summary.strip() if summary else None,
        relabel_figures=tuple((str(k), str(v)) for k, v in relabel.items()),
        **values,
    )


def apply_editor(briefing: Briefing, keys: EditorKeys) -> Briefing:
    dropped = {fold(k) for k in keys.drop_keywords}
    keywords = [k for k in briefing.keywords if fold(k.term) not in dropped and k.key not in dropped]
    pinned = []
    for term in keys.pin_keywords:
        found = next((k for k in keywords if fold(k.term) == fold(term)), None)
        if found:
            keywords.remove(found)
        pinned.append(found or BriefingKeyword(term, 1.0, fold(term), 0))
    hidden = {fold(t) for t in keys.hide_figures}
    relabel = {fold(k): v for k, v in keys.relabel_figures}
    figures = []
    for item in briefing.figures:
        text = fold(item.figure.text)
        if text in hidden:
            continue
        if text in relabel:
            item = replace(item, figure=replace(item.figure, subject=relabel[text]))
        figures.append(item)
    drop_entities = {fold(e) for e in keys.drop_entities}
    entities = tuple(e for e in briefing.entities if fold(e.name) not in drop_entities)
    return replace(
        briefing,
        keywords=tuple(pinned + keywords),
        figures=tuple(figures),
        entities=entities,
        editor_summary=keys.summary or briefing.editor_summary,
    )
