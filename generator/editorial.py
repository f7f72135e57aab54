"""The editor's keys in a briefing's front matter (``editor:``) and how they
change a Briefing before it is rendered. The generator never rewrites them.

    editor:
      summary: Свой текст вместо сгенерированной сводки.
      drop_keywords: [стратегический документ]   # any inflected form matches
      pin_keywords: [Средний коридор]            # first, in this order
      hide_figures: ["16-летие"]                 # by the figure's text as written
      relabel_figures: {"11,4 миллиарда долларов": товарооборот стран ОТГ}
      drop_entities: [Анастасия Лаврина]
      notes: free text for colleagues (no effect on the page)

A key dropped and pinned at once stays dropped. An unknown sub-key is an
error: a typo such as ``drop_keyword`` must not be silently ignored.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace

from .errors import BriefingFileError
from .morph import fold, parses
from .pages import dump_yaml, short_hash
from .records import Briefing, BriefingKeyword

_LISTS = ("drop_keywords", "pin_keywords", "hide_figures", "drop_entities")
KNOWN_KEYS = (*_LISTS, "summary", "relabel_figures", "notes")
_HINT = "see docs/editing.md"


@dataclass(frozen=True)
class EditorKeys:
    summary: str | None = None
    drop_keywords: tuple[str, ...] = ()
    pin_keywords: tuple[str, ...] = ()
    hide_figures: tuple[str, ...] = ()
    relabel_figures: tuple[tuple[str, str], ...] = ()
    drop_entities: tuple[str, ...] = ()
    notes: str | None = None  # for colleagues: never changes the page


def editor_keys(data: object, path: str) -> EditorKeys:
    """Validate the ``editor:`` mapping. Raises BriefingFileError naming the key."""
    if data is None:
        return EditorKeys()
    if not isinstance(data, dict):
        raise BriefingFileError(path, "front-matter key 'editor' must be a mapping", _HINT)
    unknown = sorted(str(k) for k in data if k not in KNOWN_KEYS)
    if unknown:
        raise BriefingFileError(
            path, f"unknown key 'editor.{unknown[0]}'", f"known keys: {', '.join(sorted(KNOWN_KEYS))}; {_HINT}"
        )
    values: dict = {}
    for key in _LISTS:
        items = data.get(key) or []
        if isinstance(items, str):
            items = [items]
        if not isinstance(items, list) or not all(_is_scalar(i) for i in items):
            raise BriefingFileError(path, f"key 'editor.{key}' must be a list of strings", _HINT)
        values[key] = tuple(str(i).strip() for i in items if str(i).strip())
    for key in ("summary", "notes"):
        if data.get(key) is not None and not isinstance(data[key], str):
            raise BriefingFileError(path, f"key 'editor.{key}' must be text", _HINT)
    relabel = data.get("relabel_figures") or {}
    if not isinstance(relabel, dict) or not all(_is_scalar(k) and _is_scalar(v) for k, v in relabel.items()):
        raise BriefingFileError(path, "key 'editor.relabel_figures' must map a figure's text to a label", _HINT)
    summary = data.get("summary")
    if summary and "<!-- briefings:" in summary:
        raise BriefingFileError(path, "key 'editor.summary' must not hold '<!-- briefings:' markers", _HINT)
    return EditorKeys(
        summary=summary.strip() if summary and summary.strip() else None,
        relabel_figures=tuple(sorted((str(k).strip(), str(v).strip()) for k, v in relabel.items())),
        notes=data.get("notes"),
        **values,
    )


def _is_scalar(value: object) -> bool:
    return isinstance(value, str | int | float) and not isinstance(value, bool)


def editor_fingerprint(keys: EditorKeys) -> str | None:
    """A hash of the keys that change the page (notes do not), None when
    there are none: stored in ``generated.editor`` so ``check`` sees an
    editor key added after the last build."""
    effective = {k: v for k, v in asdict(replace(keys, notes=None)).items() if v}
    if not effective:
        return None
    return short_hash(dump_yaml({k: _plain(v) for k, v in effective.items()}))


def _plain(value: object) -> object:
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    return value


def term_lemmas(term: str) -> tuple[frozenset[str], ...]:
    """Per word, every dictionary form it can be a form of (folded): «Среднего»
    may be «средний» or «среднее», so «Среднего коридора» matches «Средний коридор»."""
    return tuple(frozenset({fold(word), *(fold(p.normal_form) for p in parses(word))}) for word in term.split())


def same_term(a: str, b: str) -> bool:
    """Two keywords are the same when every word can be a form of the other's word."""
    left, right = term_lemmas(a), term_lemmas(b)
    return len(left) == len(right) and all(x & y for x, y in zip(left, right, strict=True))


def apply_editor(briefing: Briefing, keys: EditorKeys) -> Briefing:
    def dropped(term: str) -> bool:
        return any(same_term(term, d) for d in keys.drop_keywords)

    keywords = [k for k in briefing.keywords if not dropped(k.term)]
    pinned: list[BriefingKeyword] = []
    for term in keys.pin_keywords:
        if dropped(term) or any(same_term(term, p.term) for p in pinned):
            continue
        found = next((k for k in keywords if same_term(term, k.term)), None)
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
