"""Analysis -> Extraction: keywords, key figures, entities, quotes and topics
of one article; and the JSON form of it (the extraction contract)."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from types import MappingProxyType

from .analyse import analyse, with_syntax
from .config import Config, Topic
from .entities import extract_entities
from .figures import extract_figures, needs_syntax
from .keywords import foreign_keyword_sets, keyword_sets
from .phrases import defining_keys
from .quotes import extract_quotes
from .records import Analysis, Article, Extraction
from .topics import assign_topics, build_lexicons

# Languages written in Cyrillic, which the Russian tools read about right:
# natasha's NER finds their names, the figure grammar («млрд», «тыс.», decimal
# commas) their numbers, our noun phrases their keywords. An article in a
# Latin-script language would get them wrong («$450 million» read as $450,
# «ASTANA» as an organisation): it gets YAKE's own keywords in its language,
# the gazetteer's names and no figures (language.py tells the language).
CYRILLIC_LANGUAGES = frozenset({"ru", "uk", "be", "bg", "sr", "mk", "kk", "ky", "tg", "tt", "ba", "mn"})


def analysis_for_extraction(article: Article) -> Analysis:
    """The analysis extract() works on: syntax is parsed only in sentences that
    hold a figure (one in fourteen of a news article's sentences), because only a
    figure's subject needs it; the rest of the pipeline reads morphology.
    A non-Cyrillic article gets neither syntax nor NER (see CYRILLIC_LANGUAGES)."""
    if article.lang not in CYRILLIC_LANGUAGES:
        return analyse(article, syntax=False, ner=False)
    analysis = analyse(article, syntax=False)
    return with_syntax(analysis, [i for i in range(len(analysis.sentences)) if needs_syntax(analysis, i)])


def extract(article: Article, config: Config) -> Extraction:
    cyrillic = article.lang in CYRILLIC_LANGUAGES
    analysis = analysis_for_extraction(article)
    entities = extract_entities(analysis)
    sentences = assign_topics(analysis, build_lexicons(config.topics))
    if cyrillic:
        keywords, topic_keywords = keyword_sets(
            analysis,
            config.keywords_per_article,
            _topic_sentences(sentences),
            config.keywords_per_topic,
            defining=topic_defining_keys(config.topics),
            entities=entities,
        )
    else:
        keywords, topic_keywords = foreign_keyword_sets(
            analysis, config.keywords_per_article, _topic_sentences(sentences), config.keywords_per_topic
        )
    return Extraction(
        article=article,
        sentences=sentences,
        figures=extract_figures(analysis) if cyrillic else (),
        entities=entities,
        keywords=keywords,
        quotes=extract_quotes(analysis, entities),
        topic_keywords=topic_keywords,
    )


@cache
def topic_defining_keys(topics: tuple[Topic, ...]) -> Mapping[str, frozenset[str]]:
    """Each topic's defining keys (phrases.defining_keys), worked out once per
    configuration, not once per article: lemmatizing the lexicons was ≈ 1 % of
    extraction."""
    return MappingProxyType({topic.id: defining_keys(topic.terms) for topic in topics})  # shared: read-only


def _topic_sentences(sentences) -> dict[str, set[int]]:
    found: dict[str, set[int]] = {}
    for sentence in sentences:
        for topic in sentence.topics:
            found.setdefault(topic, set()).add(sentence.index)
    return found


def plain_number(value: float) -> int | float:
    """11400000000.0 -> 11400000000; 25.2 stays. Stable text in JSON and YAML."""
    if float(value).is_integer():
        return int(value)
    return round(float(value), 6)


def to_contract(extraction: Extraction) -> dict:
    """The extraction contract: one JSON object per article (README, 'extract')."""
    article = extraction.article
    return {
        "id": article.id,
        "path": article.path,
        "title": article.display_title,
        "date": article.date,
        "source": article.source,
        "lang": article.lang,
        "sentences": [
            {
                "index": s.index,
                "text": s.text,
                "start": s.start,
                "end": s.end,
                "topics": list(s.topics),
                "reasons": {m.topic: list(m.reasons) for m in s.matches},
            }
            for s in extraction.sentences
        ],
        "figures": [
            {
                "text": f.text,
                "start": f.start,
                "end": f.end,
                "sentence": f.sentence,
                "value": plain_number(f.value),
                "value_max": plain_number(f.value_max) if f.value_max is not None else None,
                "unit": f.unit,
                "qualifier": f.qualifier,
                "kind": f.kind,
                "subject": f.subject,
                "period": f.period,
            }
            for f in extraction.figures
        ],
        "entities": [{"type": e.type, "name": e.name, "mentions": len(e.mentions)} for e in extraction.entities],
        "keywords": [{"term": k.term, "score": plain_number(k.score)} for k in extraction.keywords],
    }
