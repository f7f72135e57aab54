"""Keywords on short real Russian news text: YAKE's options, merged forms,
nominative display, acronyms, names, sentence boundaries, no verbs."""

from __future__ import annotations

from dataclasses import replace

import pytest

from generator.aggregate import aggregate
from generator.analyse import analyse
from generator.config import Config, Topic
from generator.editorial import apply_editor, editor_keys
from generator.entities import extract_entities
from generator.extract import extract
from generator.keywords import (
    YakeOptions,
    extract_keywords,
    keyword_sets,
    lemma_text,
    stop_phrases,
    stopwords,
    yake_scores,
)
from generator.phrases import term_key
from generator.records import Analysis, Article, Extraction, Keyword, SentenceTopics, TopicMatch

NEWS = (
    "Казахстан и Азербайджан обсудили развитие Среднего коридора",
    "Премьер-министр Казахстана провел переговоры с делегацией Азербайджана в Астане. "
    "Стороны обсудили развитие Среднего коридора и рост товарооборота. "
    "По итогам года товарооборот между странами превысил миллиард долларов. "
    "Эксперты связывают рост с Транскаспийским международным транспортным маршрутом (ТМТМ). "
    "Маршрут ТМТМ сокращает время доставки грузов из Китая в Европу. "
    "Министр отметил, что Средний коридор остается приоритетом для стран ОТГ. "
    "Страны ОТГ намерены увеличить объём перевозок по Среднему коридору.",
)


def analysed(body: str, title: str = "") -> Analysis:
    return analyse(Article(id="t", path="t.txt", title=title, body=body))


@pytest.fixture(scope="module")
def news() -> Analysis:
    title, body = NEWS
    return analysed(body, title)


@pytest.fixture(scope="module")
def news_keywords(news: Analysis) -> tuple[Keyword, ...]:
    return extract_keywords(news, top=10)


def test_keywords_are_best_first_with_plain_float_scores(news_keywords) -> None:
    assert news_keywords
    scores = [k.score for k in news_keywords]
    assert all(type(s) is float and 0 < s <= 1 for s in scores)
    assert scores == sorted(scores, reverse=True)


def test_the_topic_of_the_article_is_among_the_first(news_keywords) -> None:
    assert "Средний коридор" in [k.term for k in news_keywords[:3]]


def test_a_generic_head_gives_way_to_its_genitive(news: Analysis) -> None:
    keys = [k.key for k in extract_keywords(news, top=50)]
    assert "развитие средний коридор" not in keys  # «развитие Среднего коридора» is about the corridor
    assert "рост товарооборот" not in keys
    assert "средний коридор" in keys
    assert "товарооборот" in keys


def test_inflected_forms_are_one_keyword(news_keywords) -> None:
    keys = [k.key for k in news_keywords]
    assert len(keys) == len(set(keys))
    corridor = next(k for k in news_keywords if k.key == "средний коридор")
    assert set(corridor.sentences) >= {0, 2, 6, 7}  # «Среднего коридора», «Средний коридор», «Среднему коридору»


@pytest.mark.parametrize(("key", "term"), [("тмтм", "ТМТМ"), ("отг", "ОТГ")])
def test_acronyms_are_upper_case(news: Analysis, key: str, term: str) -> None:
    keywords = extract_keywords(news, top=30)
    assert next(k.term for k in keywords if k.key == key) == term


def test_display_is_nominative(news: Analysis) -> None:
    terms = {k.key: k.term for k in extract_keywords(news, top=30)}
    assert terms["товарооборот"] == "товарооборот"
    assert terms["международный транспортный маршрут"] == "международный транспортный маршрут"
    assert terms["делегация азербайджан"] == "делегация Азербайджана"


def test_no_keyword_crosses_a_sentence_boundary() -> None:
    analysis = analysed(
        "Премьер-министр Республики Казахстан Олжас Бектенов провел встречу с генеральным секретарем ОТГ.",
        title="Казахстан и ОТГ: новые горизонты в сотрудничестве",
    )
    for keyword in extract_keywords(analysis, top=30):
        assert not ("сотрудничество" in keyword.key and "премьер-министр" in keyword.key)
        words = keyword.key.split()
        assert any(" ".join(words) in " ".join(analysis_keys(analysis, index)) for index in keyword.sentences), keyword


def analysis_keys(analysis: Analysis, index: int) -> list[str]:
    from generator.phrases import word_key

    return [word_key(t) for t in analysis.sentences[index].tokens]


@pytest.mark.parametrize(
    "body",
    [
        "Министры провели встречу и подчеркнули важность сотрудничества. Они договорились продолжить работу.",
        "Делегации обсудили, согласовали и подписали меморандум о транзите грузов.",
    ],
)
def test_no_verb_only_keywords(body: str) -> None:
    analysis = analysed(body)
    verbs = {t.lemma for s in analysis.sentences for t in s.tokens if t.pos == "VERB"}
    keywords = extract_keywords(analysis, top=20)
    assert keywords
    for keyword in keywords:
        assert keyword.key not in verbs
        assert not set(keyword.key.split()) <= verbs


def test_a_surname_joins_the_full_name() -> None:
    analysis = analysed(
        "Президент Казахстана Касым-Жомарт Токаев прибыл в Баку. "
        "Токаев провел переговоры с президентом Азербайджана. "
        "По словам Токаева, стороны договорились о расширении транзита."
    )
    keys = [k.key for k in extract_keywords(analysis, top=20)]
    assert "касым-жомарт токаев" in keys
    assert "токаев" not in keys
    term = next(k.term for k in extract_keywords(analysis, top=20) if k.key == "касым-жомарт токаев")
    assert term == "Касым-Жомарт Токаев"


def test_a_name_is_shown_as_the_entity_stage_names_it() -> None:
    # the keyword stage alone reads «Хоакином Фениксом» as «Хоакино Фениксом»; the
    # entity stage, which weighs every mention and the dictionary, gets it right
    analysis = analysed(
        "Фильм снят вместе с Хоакином Фениксом. Режиссер давно хотела работать с Хоакином Фениксом, "
        "рассказала она. Критики восхищаются Хоакином Фениксом."
    )
    terms = [k.term for k in extract_keywords(analysis, entities=extract_entities(analysis))]
    assert "Хоакин Феникс" in terms
    assert not [t for t in terms if "Фениксом" in t]


def test_a_person_keyword_goes_without_the_patronymic() -> None:
    analysis = analysed(
        "Нурлан Абдыкаримович Ермекбаев провел заседание. Нурлан Абдыкаримович Ермекбаев отметил рост торговли."
    )
    terms = [k.term for k in extract_keywords(analysis, entities=extract_entities(analysis))]
    assert "Нурлан Ермекбаев" in terms


def test_an_inflected_acronym_and_a_predicate_adjective_read_right() -> None:
    analysis = analysed(
        "По данным ВЦИОМа, родители довольны школой. Согласно данным ВЦИОМа, учителя довольны тоже. "
        "Опрос ВЦИОМа охватил 1600 человек."
    )
    terms = [k.term for k in extract_keywords(analysis, top=20)]
    assert "ВЦИОМ" in terms and "Вциом" not in terms
    assert not [t for t in terms if t.startswith("довольн") or t.startswith("данные")]


def test_an_indeclinable_word_keeps_its_form() -> None:
    # pymorphy3 reads «тенге» as a form of «тенг» and «Актобе» of «актоба»
    analysis = analysed(
        "Фонд направил 1,2 трлн тенге на проекты в Актобе. Жители Актобе ждут новых проектов. "
        "Доходы в тенге выросли за полугодие."
    )
    terms = [k.term for k in extract_keywords(analysis, top=20)]
    assert "Актобе" in terms and not [t for t in terms if t.startswith(("тенг", "Актоб")) and t != "Актобе"]
    assert "полугодие" not in terms


def test_a_word_in_capitals_reads_as_running_text_and_an_acronym_stays() -> None:
    analysis = analysed(
        "ВЕЧЕР ПАМЯТИ БРЮСОВА прошел в Москве. Стихи Брюсова читали актеры. Лекцию прочел сотрудник ИМЭМО РАН."
    )
    terms = [k.term for k in extract_keywords(analysis, top=20)]
    assert "Брюсов" in terms and "ИМЭМО" in terms
    assert not [t for t in terms if "БРЮСОВ" in t or "ВЕЧЕР" in t]


def test_units_are_no_keywords() -> None:
    analysis = analysed(
        "Газпром добыл 500 млрд куб. м газа. Добыча газа выросла на 10 млрд куб. м. "
        "Трубопровод длиной 300 километров построят за два года. Подробнее на стр. 5 и стр. 7."
    )
    keys = {k.key for k in extract_keywords(analysis, top=20)}
    assert not keys & {"куб", "километр", "стр"}
    assert "газпром" in keys


def test_stop_phrases_never_come_out(news: Analysis) -> None:
    for keyword in extract_keywords(news, top=50):
        assert keyword.key not in stop_phrases()
        assert not set(keyword.key.split()) & stopwords()


def test_same_input_same_output(news: Analysis) -> None:
    assert extract_keywords(news, top=15) == extract_keywords(news, top=15)


def test_empty_article_has_no_keywords() -> None:
    assert extract_keywords(analysed("."), top=10) == ()


def test_yake_reads_lemmas_one_sentence_per_line(news: Analysis) -> None:
    text = lemma_text(news.sentences)
    assert len(text.splitlines()) == len(news.sentences)
    assert "Средний коридор" in text
    assert "Среднего" not in text
    assert "ТМТМ" in text


# Each YAKE option we set changes what YAKE returns (YAKE 0.7.3 silently ignores
# names it does not read, such as the camelCase ones of its README).
@pytest.mark.parametrize(
    "changed",
    [
        {"n": 1},
        {"dedup_lim": 0.5},
        {"window_size": 3},
        {"top": 5},
        {"stopwords": frozenset()},
    ],
)
def test_each_yake_option_changes_the_output(news: Analysis, changed: dict) -> None:
    text = lemma_text(news.sentences)
    default = yake_scores(text)
    other = yake_scores(text, replace(YakeOptions(), **changed))
    assert other != default


@pytest.fixture(scope="module")
def seed_lemma_texts() -> list[str]:
    """The repository's own seed articles as YAKE reads them."""
    from pathlib import Path

    from generator.ingest import load_article

    seeds = sorted((Path(__file__).parent.parent / "seeds").glob("*.txt"))
    assert seeds
    return [lemma_text(analyse(load_article(path)).sentences) for path in seeds]


def test_yake_rust_scores_equal_the_reference_yake(news: Analysis, seed_lemma_texts: list[str]) -> None:
    """yake-rust does the scoring because it is ten times faster; on ordinary
    news text it must give what the reference implementation (yake 0.7.3) gives."""
    import yake

    for text in [lemma_text(news.sentences), *seed_lemma_texts]:
        reference = yake.KeywordExtractor(n=3, dedup_lim=1.0, window_size=1, top=10_000, stopwords=set(stopwords()))
        expected = {_fold_unmarked(k): float(v) for k, v in reference.extract_keywords(text)}
        ours = yake_scores(text)
        assert len(expected) > 50
        for key, score in expected.items():
            assert ours[key] == pytest.approx(score, rel=1e-9), key
        # the one difference: a word of three hyphenated parts («Рио-де-Жанейро»),
        # which the reference never scores, is scored like any other word
        assert set(ours) - set(expected) == {k for k in ours if any(w.count("-") >= 2 for w in k.split())}


def test_a_text_yake_rust_cannot_take_is_scored_by_the_reference(seed_lemma_texts: list[str]) -> None:
    """yake-rust panics (ending the process) on very long texts and rejects a
    lone surrogate: those texts go to the reference yake, with the same options."""
    import yake

    from generator.keywords import RUST_MAX_CHARS

    long = "\n".join(seed_lemma_texts * (RUST_MAX_CHARS // len("\n".join(seed_lemma_texts)) + 1))
    assert len(long) > RUST_MAX_CHARS
    reference = yake.KeywordExtractor(n=3, dedup_lim=1.0, window_size=1, top=10_000, stopwords=set(stopwords()))
    assert yake_scores(long) == {_fold_unmarked(k): float(v) for k, v in reference.extract_keywords(long)}
    broken = "Президент Казахстана посетил \udcff Астану .\nПрезидент Казахстана провел переговоры ."
    assert "президент казахстана" in yake_scores(broken)


def test_a_yake_rust_panic_becomes_the_reference_scores_not_the_end_of_the_build() -> None:
    from generator.keywords import _rust_scores

    words = "Президент Казахстана провел переговоры .\n" * 2
    assert _rust_scores(words, YakeOptions(), set(stopwords()))
    assert _rust_scores("x" * 300_000, YakeOptions(), set(stopwords())) is None  # panics inside yake-rust


def _fold_unmarked(phrase: str) -> str:
    from generator.keywords import _unmark
    from generator.morph import fold

    return _unmark(fold(phrase))


def test_yake_scores_are_plain_floats(news: Analysis) -> None:
    scores = yake_scores(lemma_text(news.sentences))
    assert scores
    assert all(type(v) is float for v in scores.values())


def test_two_letter_acronyms_are_candidates() -> None:
    analysis = analysed(
        "ЕС ввел новые пошлины. Представители ЕС встретились в Брюсселе. Решение ЕС вступит в силу летом."
    )
    assert "ес" in [k.key for k in extract_keywords(analysis, top=10)]


def test_topic_keywords_come_from_the_topic_sentences(news: Analysis) -> None:
    trade = {2, 3}  # «рост товарооборота», «товарооборот между странами»
    route = {4, 5}  # ТМТМ
    _, per_topic = keyword_sets(news, 10, {"trade": trade, "route": route, "empty": set()})
    by_topic = dict(per_topic)
    assert sorted(by_topic) == ["route", "trade"]
    assert "товарооборот" in [k.key for k in by_topic["trade"]]
    assert "товарооборот" not in [k.key for k in by_topic["route"]]
    assert "тмтм" in [k.key for k in by_topic["route"]]
    for keywords, sentences in ((by_topic["trade"], trade), (by_topic["route"], route)):
        assert all(set(k.sentences) & sentences for k in keywords)


def _extraction(article_id: str, keywords: tuple[Keyword, ...]) -> Extraction:
    article = Article(id=article_id, path=f"{article_id}.txt", title="", body="Текст.")
    sentence = SentenceTopics(0, "Текст.", 0, 6, ("economy",), (TopicMatch("economy", ("экономика",)),))
    return Extraction(article, (sentence,), (), (), keywords, topic_keywords=(("economy", keywords),))


def test_topic_keywords_shared_by_more_sources_rank_higher() -> None:
    shared = Keyword("Средний коридор", 0.5, "средний коридор", (0,))
    single = Keyword("товарооборот", 0.9, "товарооборот", (0,))
    config = Config(topics=(Topic("economy", "Экономика"),))
    extractions = [_extraction("a", (single, shared)), _extraction("b", (shared,))]
    briefing = aggregate(extractions, config)[0]
    assert [k.key for k in briefing.keywords] == ["средний коридор", "товарооборот"]
    assert [k.sources for k in briefing.keywords] == [2, 1]
    assert briefing.keywords[0].term == "Средний коридор"


@pytest.mark.parametrize(
    ("editor", "kept"),
    [
        ({"drop_keywords": ["средний коридор"]}, ["товарооборот"]),  # by the key, or the term in any case
        ({"drop_keywords": ["Товарооборот"]}, ["средний коридор"]),
        ({"pin_keywords": ["товарооборот"]}, ["товарооборот", "средний коридор"]),
    ],
)
def test_editor_drop_and_pin_match_keyword_terms_and_keys(editor: dict, kept: list[str]) -> None:
    shared = Keyword("Средний коридор", 0.5, "средний коридор", (0,))
    single = Keyword("товарооборот", 0.9, "товарооборот", (0,))
    config = Config(topics=(Topic("economy", "Экономика"),))
    briefing = aggregate([_extraction("a", (single, shared)), _extraction("b", (shared,))], config)[0]
    edited = apply_editor(briefing, editor_keys(editor, "economy.md"))
    assert [k.key for k in edited.keywords] == kept


@pytest.mark.parametrize(
    ("body", "key", "term"),
    [
        (
            "Власти РФ ответили на санкции. В РФ заявили, что санкции незаконны. Россия готовит ответ.",
            "россия",
            "Россия",
        ),
        (
            "Власти Соединённых Штатов ввели пошлины. Соединённые Штаты объяснили решение. Пошлины вступят в силу.",
            "сша",
            "США",
        ),
        ("Евросоюз продлил санкции. Решение Евросоюза вступит в силу в марте.", "ес", "ЕС"),
    ],
)
def test_other_names_of_one_thing_are_one_keyword(body: str, key: str, term: str) -> None:
    keywords = extract_keywords(analysed(body), top=10)
    assert term in [k.term for k in keywords if k.key == key]
    assert "рф" not in [k.key for k in keywords]
    assert "евросоюз" not in [k.key for k in keywords]


def test_a_relational_adjective_counts_for_its_noun() -> None:
    analysis = analysed(
        "Турецкие власти задержали трейдера. Турецкий суд продлил арест. "
        "Адвокаты обжаловали решение турецкого суда в апелляционной инстанции."
    )
    keywords = extract_keywords(analysis, top=10)
    turkey = next(k for k in keywords if k.key == "турция")
    assert turkey.term == "Турция"
    assert turkey.sentences == (0, 1, 2)


@pytest.mark.parametrize(
    "body",
    [
        "Агентство RT сообщило о задержании. По данным RT, задержанных трое. RT опубликовало видео.",
        "Встреча прошла в январе. В январе стороны подписали соглашение о транзите.",
    ],
)
def test_outlets_and_months_are_no_keywords(body: str) -> None:
    keys = [k.key for k in extract_keywords(analysed(body), top=10)]
    assert "rt" not in keys
    assert "январь" not in keys
    assert keys


def test_script_text_is_no_keyword() -> None:
    body = "Сайт показал ошибку getState при загрузке. Функция toLowerCase вызвала сбой на сайте министерства."
    keys = [k.key for k in extract_keywords(analysed(body), top=10)]
    assert "getstate" not in keys
    assert "tolowercase" not in keys


def test_an_acronym_the_article_defines_takes_in_its_full_name() -> None:
    analysis = analysed(
        "Министры обсудили работу Организации тюркских государств (ОТГ) в Астане. "
        "Страны ОТГ договорились о новых маршрутах. Секретариат ОТГ подготовит план."
    )
    keywords = extract_keywords(analysis, top=10)
    otg = next(k for k in keywords if k.key == "отг")
    assert otg.term == "ОТГ"
    assert otg.sentences == (0, 1, 2)
    keys = [k.key for k in keywords]
    assert "организация тюркский государство" not in keys
    assert "тюркский государство" not in keys  # part of the name, no mention of its own


def test_a_topic_term_in_the_topic_sentences_comes_first(news: Analysis) -> None:
    route = {4, 5, 6, 7}
    _, plain = keyword_sets(news, 10, {"route": route})
    _, defined = keyword_sets(news, 10, {"route": route}, defining={"route": frozenset({term_key("ТМТМ")})})
    assert dict(defined)["route"][0].key == "тмтм"
    assert "тмтм" in [k.key for k in dict(plain)["route"]]


def test_the_topic_terms_lead_the_briefing_tags() -> None:
    shared = Keyword("ОТГ", 0.9, "отг", (0,))
    corridor = Keyword("Средний коридор", 0.5, "средний коридор", (0,))
    config = Config(topics=(Topic("economy", "Экономика", terms=("Средний коридор",)),))
    briefing = aggregate([_extraction("a", (shared, corridor)), _extraction("b", (shared,))], config)[0]
    assert [k.key for k in briefing.keywords] == ["средний коридор", "отг"]


ENGLISH_TITLE = "Kazakhstan and Azerbaijan sign Middle Corridor agreement"
ENGLISH_BODY = (
    "ASTANA, November 3. Kazakhstan and Azerbaijan signed an agreement on the Middle Corridor on Monday, "
    "President Kassym-Jomart Tokayev said after talks with Ilham Aliyev in Astana. "
    "The Trans-Caspian International Transport Route carried 4.5 million tons of cargo in 2024. "
    "The Organization of Turkic States will hold its summit in Gabala next year."
)


def test_an_article_in_a_latin_script_language_gets_yake_phrases_in_its_own_words(repo_config) -> None:
    """Russian noun phrases and lemmas would read English as noise («ASTANA», «November»):
    YAKE picks the phrases, with its English stop words, each traced to its sentences."""
    article = Article(id="en", path="en.txt", title=ENGLISH_TITLE, body=ENGLISH_BODY, lang="en")
    extraction = extract(article, repo_config)
    terms = [k.term for k in extraction.keywords]
    assert "Middle Corridor agreement" in terms
    assert "President Kassym-Jomart Tokayev" in terms
    assert "Middle Corridor" not in terms  # a part of a phrase already chosen
    text = {s.index: s.text.lower() for s in extraction.sentences}
    for keyword in extraction.keywords:
        assert keyword.sentences and all(keyword.term.lower() in text[i] for i in keyword.sentences)
        assert 0 < keyword.score <= 1 and type(keyword.score) is float
    assert len(terms) == len(set(terms)) <= repo_config.keywords_per_article
    assert extract(article, repo_config) == extraction  # deterministic
    # natasha's NER is for Cyrillic text: only the gazetteer names things here
    assert [(e.type, e.name) for e in extraction.entities] == [("ORG", "Организация тюркских государств")]


@pytest.mark.parametrize(
    ("lang", "body"),
    [
        ("ja", "カザフスタンとアゼルバイジャンは中央回廊に関する協定に署名した。"),  # no spaces: no words YAKE can tell
        ("tr", "Kazakistan ve Azerbaycan anlaşma imzaladı. " + "a" * 5000 + "."),
        ("en", "https://example.com/a?b=c 12345 67890 !!! ??? ..."),
        ("de", ""),
    ],
)
def test_no_sentence_or_junk_run_becomes_a_keyword(repo_config, lang: str, body: str) -> None:
    article = Article(id=lang, path=f"{lang}.txt", title="", body=body, lang=lang)
    keywords = extract(article, repo_config).keywords
    assert all(len(word) <= 40 for k in keywords for word in k.term.split())
    if lang == "ja":
        assert keywords == ()


def test_an_abbreviation_with_capitals_inside_is_one_keyword_as_written() -> None:
    """«ТюркПА» does not inflect: pymorphy3 read it as the genitive of «тюркп»."""
    found = extract_keywords(
        analysed(
            "Студенты отметили 30-летие ТюркПА в Баку. Делегации ТюркПА обсудили молодежные программы. "
            "Секретариат ТюркПА провел форум."
        )
    )
    terms = [k.term for k in found]
    assert "ТюркПА" in terms
    assert not [t for t in terms if t.lower().startswith("тюркп") and t != "ТюркПА"]


@pytest.mark.parametrize("word", ["АО", "ТОО", "ПАО"])
def test_a_company_legal_form_is_no_keyword_candidate(word: str) -> None:
    from generator.keywords import candidates

    found = candidates(analysed(f"{word} «Казахстан темир жолы» увеличило перевозки. Акционеры {word} одобрили план."))
    assert word.lower() not in found
    assert found  # the rest of the sentence still has its phrases


def test_a_common_noun_pymorphy3_knows_only_as_a_name_is_written_in_lowercase() -> None:
    """«Аким области» at a sentence start is the region's governor («аким»), not
    the given name Аким (generator/data/common_nouns_ru.txt)."""
    found = extract_keywords(
        analysed(
            "Аким области Дархан Сатыбалды провел совещание. Аким области поручил ускорить ремонт дорог. "
            "Аким области посетил стройку."
        )
    )
    terms = [k.term for k in found]
    assert "аким области" in terms
    assert "Аким области" not in terms
