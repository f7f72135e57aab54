"""Aggregation: many articles' extractions -> one briefing per topic."""

from __future__ import annotations

from dataclasses import replace

from generator.aggregate import aggregate
from generator.config import Config, Topic
from generator.records import Article, Extraction, Figure, Quote, SentenceTopics, TopicMatch

REPRINTED = "Товарооборот Казахстана и Азербайджана за девять месяцев вырос на 12,5%."


def _article(article_id: str, date: str, sentences: list[str], quotes: tuple[Quote, ...] = ()) -> Extraction:
    body = " ".join(sentences)
    found, start = [], 0
    for index, text in enumerate(sentences):
        start = body.index(text, start)
        match = TopicMatch("economy", ("лексикон: товарооборот",), 1.0)
        found.append(SentenceTopics(index, text, start, start + len(text), ("economy",), (match,)))
        start += len(text)
    article = Article(id=article_id, path=f"{article_id}.txt", title="", body=body, date=date)
    return Extraction(article, tuple(found), (), (), (), quotes)


def test_a_reprinted_sentence_is_one_summary_line() -> None:
    """The same wire text from three outlets (letter case and spaces aside): one line, the newest source's."""
    extractions = [
        _article("kazinform", "2025-10-02", [REPRINTED, "Экспорт зерна в Азербайджан удвоился."]),
        _article("trend", "2025-10-03", [REPRINTED.replace(" за ", "  за ")]),
        _article("baq", "2025-10-01", [REPRINTED.upper()]),
    ]
    briefing = aggregate(extractions, Config(topics=(Topic("economy", "Экономика"),), summary_sentences=5))[0]
    lines = [(s.ref.article, s.text) for s in briefing.summary]
    assert len(lines) == 2
    assert lines[0][0] == "trend"  # newest first, and the reprints of it left out
    assert lines[1] == ("kazinform", "Экспорт зерна в Азербайджан удвоился.")
    assert len(briefing.sources) == 3  # every outlet is still a source


def test_a_reprinted_quote_is_quoted_once() -> None:
    words = "Средний коридор станет главным маршрутом между Азией и Европой"
    said = [f"«{words}», — заявил Токаев."]
    extractions = [
        _article("kazinform", "2025-10-02", said, (Quote(words, "Токаев", 0),)),
        _article("trend", "2025-10-03", said, (Quote(words, "Токаев", 0),)),
        _article("baq", "2025-10-01", said, (Quote(words, "Алиев", 0),)),  # other speaker: its own quote
    ]
    briefing = aggregate(extractions, Config(topics=(Topic("economy", "Экономика"),)))[0]
    assert [(q.speaker, q.ref.article) for q in briefing.quotes] == [("Токаев", "trend"), ("Алиев", "baq")]


def test_a_figure_the_headline_repeats_is_listed_once() -> None:
    title, body = "В Туркестане прошел XII фестиваль", "В Туркестане завершился XII фестиваль тюркской культуры."
    match = TopicMatch("economy", ("лексикон: фестиваль",), 1.0)
    article = Article(id="a", path="a.txt", title=title, body=body, date="2026-09-02")
    sentences = (
        SentenceTopics(0, title, 0, len(title), ("economy",), (match,)),
        SentenceTopics(1, body, len(title) + 2, len(title) + 2 + len(body), ("economy",), (match,)),
    )
    twelfth = Figure("XII фестиваль", 0, 0, 0, 12, "ordinal", kind="ordinal", subject="фестиваль")
    figures = (twelfth, replace(twelfth, sentence=1))
    briefing = aggregate([Extraction(article, sentences, figures, (), ())], Config(topics=(Topic("economy", "Э"),)))[0]
    assert [f.ref.sentence for f in briefing.figures] == [1]
