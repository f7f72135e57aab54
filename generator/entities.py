"""People, places and organisations: NER spans -> one Entity per real thing,
named in the nominative. (First cut: the entities issue grows it.)"""

from __future__ import annotations

import re
from collections import defaultdict

from .morph import fold
from .phrases import nominative
from .records import Analysis, Entity, Mention, NamedSpan, Token


def _span_tokens(analysis: Analysis, span: NamedSpan) -> list[Token]:
    sentence = analysis.sentences[span.sentence]
    return [t for t in sentence.tokens if t.start >= span.start and t.end <= span.end]


def _display_name(analysis: Analysis, span: NamedSpan) -> str:
    tokens = [t for t in _span_tokens(analysis, span) if t.text not in "()"]
    # «Организации тюркских государств (ОТГ)»: the parenthesised acronym is an alias
    text = re.sub(r"\s*\([^)]*\)\s*$", "", span.text)
    tokens = [t for t in tokens if t.end <= span.start + len(text)]
    if not tokens:
        return text
    if span.type == "PER":
        return " ".join(nominative([t]) if t.feat("Case") != "Nom" else t.text for t in tokens)
    return nominative(tokens)


def extract_entities(analysis: Analysis) -> tuple[Entity, ...]:
    groups: dict[tuple[str, str], list[tuple[str, Mention]]] = defaultdict(list)
    for span in analysis.spans:
        name = _display_name(analysis, span)
        if not name.strip():
            continue
        mention = Mention(span.sentence, span.start, span.end, span.text)
        groups[(span.type, fold(name))].append((name, mention))
    # a surname alone joins the full name that ends with it («Токаев» -> «Касым-Жомарт Токаев»)
    keys = sorted(groups, key=lambda k: (-len(k[1]), k))
    for key in list(keys):
        kind, name = key
        if kind != "PER" or " " in name:
            continue
        full = next((k for k in keys if k[0] == "PER" and k != key and k[1].endswith(" " + name)), None)
        if full and full in groups:
            groups[full].extend(groups.pop(key))
    entities = []
    for (kind, _), items in groups.items():
        names = [n for n, _ in items]
        name = max(set(names), key=lambda n: (len(n.split()), names.count(n), n))
        mentions = tuple(sorted((m for _, m in items), key=lambda m: m.start))
        entities.append(Entity(kind, name, mentions, tuple(sorted(set(names) - {name}))))
    entities.sort(key=lambda e: (-len(e.mentions), e.type, e.name))
    return tuple(entities)
