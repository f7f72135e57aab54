"""Extractions of all articles -> one Briefing per topic. Every item keeps a
SourceRef to the sentence it came from."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

from .config import Config, Topic
from .figures import subject_display
from .morph import fold
from .phrases import defining_keys
from .records import (
    Briefing,
    BriefingEntity,
    BriefingFigure,
    BriefingKeyword,
    BriefingQuote,
    BriefingSentence,
    Extraction,
    Keyword,
    SourceInfo,
    SourceRef,
)


def aggregate(extractions: list[Extraction], config: Config) -> list[Briefing]:
    ordered = sorted(extractions, key=_article_order)
    return [_briefing(topic, ordered, config) for topic in config.topics]


def _article_order(extraction: Extraction) -> tuple:
    # newest first when dated, then by id: deterministic whatever the file system does
    article = extraction.article
    return (article.date is None, _neg_date(article.date), article.id)


def _neg_date(date: str | None) -> str:
    if not date:
        return ""
    return "".join(chr(0x10FFFF - ord(c)) for c in date)


def _topic_sentences(extraction: Extraction, topic_id: str) -> set[int]:
    return {s.index for s in extraction.sentences if topic_id in s.topics}


def _briefing(topic: Topic, extractions: list[Extraction], config: Config) -> Briefing:
    summary_pool = []
    figures: list[BriefingFigure] = []
    quotes: list[BriefingQuote] = []
    quoted: set[tuple[str, str | None]] = set()
    sources: list[SourceInfo] = []
    reasons = []
    keyword_score: dict[str, float] = defaultdict(float)
    keyword_term: dict[str, str] = {}
    keyword_sources: dict[str, set[str]] = defaultdict(set)
    entity_refs: dict[tuple[str, str], list[SourceRef]] = defaultdict(list)
    entity_names: dict[tuple[str, str], str] = {}

    for rank, ex in enumerate(extractions):
        article = ex.article
        indices = _topic_sentences(ex, topic.id)
        if not indices:
            continue
        sources.append(
            SourceInfo(article.id, article.display_title, article.date, article.source, article.url, len(indices))
        )
        by_index = {s.index: s for s in ex.sentences}
        figure_sentences = {f.sentence for f in ex.figures}
        for index in sorted(indices):
            sentence = by_index[index]
            match = next(m for m in sentence.matches if m.topic == topic.id)
            reasons.append((SourceRef(article.id, index), match.reasons))
            if index == 0 and article.title:
                continue  # the title is a headline, not a summary line
            weight = match.score + (1.5 if index in figure_sentences else 0) + (0.5 if index <= 2 else 0)
            summary_pool.append((-weight, rank, index, sentence.text, article.id))
        in_body = {(f.value, f.unit) for f in ex.figures if not (article.title and f.sentence == 0)}
        for figure in ex.figures:
            if article.title and figure.sentence == 0 and (figure.value, figure.unit) in in_body:
                continue  # the headline repeats a figure of the text: the text's, with its context, is listed
            if figure.sentence in indices:
                shown = replace(figure, subject=subject_display(figure.subject)) if figure.subject else figure
                figures.append(
                    BriefingFigure(shown, SourceRef(article.id, figure.sentence), by_index[figure.sentence].text)
                )
        for quote in ex.quotes:
            said = (_reprint_key(quote.text), quote.speaker)
            if quote.sentence in indices and said not in quoted:
                quoted.add(said)  # a reprint quotes the same words again: once, from the newest source
                quotes.append(BriefingQuote(quote.text, quote.speaker, SourceRef(article.id, quote.sentence)))
        for place, keyword in enumerate(_topic_keywords(ex, topic.id, indices)):
            keyword_score[keyword.key] += 1.0 / (1 + place)  # an article's best keyword counts most
            keyword_term.setdefault(keyword.key, keyword.term)
            keyword_sources[keyword.key].add(article.id)
        for entity in ex.entities:
            refs = [SourceRef(article.id, m.sentence) for m in entity.mentions if m.sentence in indices]
            if refs:
                key = (entity.type, fold(entity.name))
                entity_refs[key].extend(refs)
                entity_names.setdefault(key, entity.name)

    chosen = _distinct_sentences(sorted(summary_pool), config.summary_sentences)
    chosen.sort(key=lambda item: (item[1], item[2]))  # back to reading order
    summary = tuple(BriefingSentence(text, SourceRef(aid, index)) for _, _, index, text, aid in chosen)

    # weighted by how many sources share a keyword; the topic's own terms («Средний коридор»
    # on its page) come first
    defining = _term_keys(topic)
    keywords = sorted(
        (
            BriefingKeyword(keyword_term[k], round(score * len(keyword_sources[k]), 6), k, len(keyword_sources[k]))
            for k, score in keyword_score.items()
        ),
        key=lambda kw: (kw.key not in defining, -kw.score, kw.key),
    )[: config.keywords_per_topic]
    entities = sorted(
        (
            BriefingEntity(kind, entity_names[(kind, key)], len(refs), tuple(refs))
            for (kind, key), refs in entity_refs.items()
        ),
        key=lambda e: (-e.mentions, e.type, e.name),
    )
    return Briefing(
        topic_id=topic.id,
        title=topic.title,
        description=topic.description,
        summary=summary,
        figures=tuple(figures),
        keywords=tuple(keywords),
        entities=tuple(entities),
        quotes=tuple(quotes),
        sources=tuple(sources),
        order=topic.order,
        topic_reasons=tuple(reasons),
    )


def _distinct_sentences(ranked: list[tuple], count: int) -> list[tuple]:
    """The first ``count`` of the ranked summary candidates, each text once: a wire
    story reprinted by several outlets would otherwise fill «Главное» with one sentence."""
    chosen, seen = [], set()
    for item in ranked:
        text = _reprint_key(item[3])
        if text not in seen:
            seen.add(text)
            chosen.append(item)
            if len(chosen) == count:
                break
    return chosen


def _reprint_key(text: str) -> str:
    """The same words in another outlet's copy: letter case, ё and spacing aside."""
    return " ".join(fold(text).split())


def _term_keys(topic: Topic) -> set[str]:
    """The topic's lexicon terms as keyword keys: folded lemmas."""
    return set(defining_keys(topic.terms))


def _topic_keywords(extraction: Extraction, topic_id: str, indices: set[int]) -> tuple[Keyword, ...]:
    """The article's keywords drawn from the topic's sentences; for an
    extraction made without them, its keywords that occur in those sentences."""
    for topic, keywords in extraction.topic_keywords:
        if topic == topic_id:
            return keywords
    return tuple(k for k in extraction.keywords if indices.intersection(k.sentences))
