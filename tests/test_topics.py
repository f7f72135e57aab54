"""Topic assignment: lemmas not substrings, multi-word terms in any form,
context from the paragraph and the title, navec neighbours, reasons."""

from pathlib import Path

import pytest
import yaml

from generator.analyse import analyse
from generator.config import Topic, load_config
from generator.errors import ConfigError
from generator.records import Article
from generator.topics import assign_topics, build_lexicons

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def lexicons(repo_config):
    return build_lexicons(repo_config.topics)


def topics_of(body: str, lexicons, title: str = "") -> list[tuple[str, ...]]:
    analysis = analyse(Article(id="t", path="t.txt", title=title, body=body))
    return [s.topics for s in assign_topics(analysis, lexicons) if s.index > 0 or not title]


SENTENCES = [
    # inflected forms and multi-word terms in any case
    ("Товарооборота между странами за год стало больше на треть.", ("economy",)),
    ("Стороны обсудили загрузку Среднего коридора.", ("middle-corridor",)),
    ("Грузы пойдут по Транскаспийскому международному транспортному маршруту.", ("middle-corridor",)),
    ("Эксперты оценили перспективы ТМТМ.", ("middle-corridor",)),
    ("Актау получил статус культурной столицы тюркского мира.", ("culture",)),
    ("Особое значение имеет молодежная дипломатия.", ("youth",)),
    # generalisation beyond the lexicon (navec neighbours, compounds)
    ("Новый паромный терминал на Каспии заработает весной.", ("middle-corridor",)),
    ("Программа студенческого обмена между вузами расширится.", ("youth",)),
    ("Под Шымкентом открылся новый грузовой терминал.", ("middle-corridor",)),
    ("В Астане прошел этнофестиваль.", ("culture",)),
    ("Азербайджанская сторона строит новые суда-паромы.", ("middle-corridor",)),
    ("В Ташкенте прошел бизнес-форум.", ("economy",)),
    # logistics that is economy, logistics that is the corridor
    ("В Шымкенте построят оптово-распределительный центр для фермеров.", ("economy",)),
    ("Контейнерные перевозки из Китая в Европу через Казахстан выросли вдвое.", ("middle-corridor",)),
    # a youth festival of the arts is both; a youth forum is youth only
    ("Молодежный фестиваль искусств пройдет в Алматы.", ("culture", "youth")),
    ("В Бишкеке открылся молодежный форум.", ("youth",)),
    # «молодые предприниматели» are youth, not business; «общий язык» is no language
    ("На форум приехали молодые предприниматели.", ("youth",)),
    ("Лидеры быстро нашли общий язык.", ()),
    # a country or a city named is no topic; a port city alone is no corridor
    ("Президент Казахстана прибыл в Баку с официальным визитом.", ()),
    ("Аким Актау провел прием граждан.", ()),
    ("В аэропорту делегацию встретил министр.", ()),
    # words that look like a topic but are not about it here
    ("Министр транспорта провел встречу с послом Грузии.", ()),
    ("Стороны отметили традиционно дружественный характер отношений.", ()),
    ("Казахстан укрепляет позиции на международной сцене.", ()),
]


@pytest.mark.parametrize(("sentence", "expected"), SENTENCES)
def test_sentence_topics(sentence, expected, lexicons):
    assert topics_of(sentence, lexicons) == [expected]


def test_a_sentence_in_a_paragraph_about_a_topic_leans_that_way(lexicons):
    # «логистический» alone is weak: with corridor neighbours it decides
    body = "Порт Курык нарастил перевалку грузов. Там же заработает логистический центр."
    assert topics_of(body, lexicons)[1] == ("middle-corridor",)
    alone = "Там же заработает логистический центр."
    assert topics_of(alone, lexicons) == [()]


def test_a_title_about_a_topic_lends_its_weak_terms_weight(lexicons):
    title = "Средний коридор: итоги года"
    body = "Министр рассказал о новых проектах.\n\nОтдельно обсуждалась логистика."
    assert topics_of(body, lexicons, title=title) == [(), ("middle-corridor",)]
    assert topics_of(body, lexicons) == [(), ()]


def test_a_sentence_that_goes_on_about_the_previous_one_inherits_its_topic(lexicons):
    body = "В порту Актау открылся новый паромный терминал. Он позволит сократить время ожидания вдвое."
    assert topics_of(body, lexicons) == [("middle-corridor",), ("middle-corridor",)]


def test_every_sentence_is_kept_and_every_match_says_why(lexicons):
    body = "Товарооборот вырос. Визит завершился. Новый паромный терминал открылся в Баку."
    analysis = analyse(Article(id="t", path="t.txt", title="", body=body))
    result = assign_topics(analysis, lexicons)
    assert [s.index for s in result] == [s.index for s in analysis.sentences]
    assert result[1].topics == () and result[1].matches == ()
    assert result[0].matches[0].reasons == ("лексикон: товарооборот",)
    corridor = result[2].matches[0]
    assert any(r.startswith("navec: терминал≈") for r in corridor.reasons)
    assert corridor.score > 0


def test_a_fifth_topic_needs_only_config():
    energy = Topic(id="energy", title="Энергетика", terms=("нефтепровод", "атомная станция"), not_terms=())
    lexicons = build_lexicons((energy,))
    assert topics_of("В Казахстане построят атомную станцию.", lexicons) == [("energy",)]


def test_a_topic_of_phrases_only_still_names_its_neighbours():
    space = Topic(id="space", title="Космос", terms=("космический корабль", "орбитальная станция"))
    body = "Космонавт вышел на орбиту."
    result = assign_topics(analyse(Article(id="t", path="t.txt", title="", body=body)), build_lexicons((space,)))
    assert result[0].topics == ("space",)
    assert result[0].matches[0].reasons == ("navec: космонавт≈space",)


def _dev_scores(path: Path, lexicons) -> float:
    data = yaml.safe_load(path.read_text("utf-8"))
    tp = fp = fn = 0
    for item in data["articles"]:
        body = "\n".join(" ".join(text for text, _ in para) for para in item["paragraphs"])
        gold = {text: set(topics) for para in item["paragraphs"] for text, topics in para}
        analysis = analyse(Article(id="t", path="t.txt", title=item["title"], body=body))
        for s in assign_topics(analysis, lexicons):
            if s.index == 0:
                continue
            want, got = gold[s.text], set(s.topics)
            tp, fp, fn = tp + len(got & want), fp + len(got - want), fn + len(want - got)
    return 2 * tp / (2 * tp + fp + fn)


@pytest.mark.parametrize(
    ("name", "floor"),
    [("topics_dev.yml", 0.95), ("topics_holdout.yml", 0.85), ("topics_news.yml", 0.85), ("topics_blind.yml", 0.85)],
)
def test_dev_sets_keep_their_sentence_topic_f1(name, floor, lexicons):
    assert _dev_scores(DATA / name, lexicons) >= floor


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ("    weak_terms: [доллар, 5]\n", "line 5: topics[0].weak_terms must be non-empty strings"),
        ("    not_terms: общий язык\n", "line 5: key 'topics.0.not_terms' must be list"),
        ("    scope: [Казахстан, '']\n", "line 5: topics[0].scope must be non-empty strings"),
    ],
)
def test_weak_and_not_terms_are_validated_with_line_and_key(tmp_path, extra, message):
    path = tmp_path / "briefings.yml"
    path.write_text("topics:\n  - id: economy\n    title: Экономика\n    terms: [товарооборот]\n" + extra, "utf-8")
    with pytest.raises(ConfigError) as err:
        load_config(path)
    assert message in str(err.value)


def test_weak_and_not_terms_load_from_the_config(repo_config):
    economy = repo_config.topic("economy")
    assert "доллар" in economy.weak_terms and "политический капитал" in economy.not_terms


# The Middle Corridor has a scope (briefings.yml): cargo and ports count where the
# title or the first paragraph, or the paragraph itself, names the region.
SCOPED = [
    # nothing of the region anywhere: a transport plane and a port are no corridor
    (
        "",
        "В Филиппинском море потерпел крушение транспортный самолет ВМС США.\n"
        "На борту находились грузы и почта. Основные базы флота располагаются в японских портах.",
        [(), (), ()],
    ),
    # the first paragraph names Kazakhstan: the whole article is in scope
    (
        "",
        "Казахстан и Азербайджан подписали соглашение о сотрудничестве.\n"
        "Объем контейнерных перевозок вырастет вдвое. Новый паромный терминал откроется весной.",
        [(), ("middle-corridor",), ("middle-corridor",)],
    ),
    # so does the title
    (
        "Грузы из Актау пойдут в Баку",
        "Объем контейнерных перевозок вырастет вдвое.",
        [("middle-corridor",)],
    ),
    # so does the second paragraph of the lead
    (
        "",
        "Объем контейнерных перевозок вырос на 20%.\nОб этом сообщили в пресс-службе КТЖ.\n"
        "Новый терминал позволит нарастить перевалку грузов.",
        [("middle-corridor",), (), ("middle-corridor",)],
    ),
    # otherwise only the paragraph that names the region
    (
        "",
        "Авиакомпания получила новый грузовой самолет.\nСамолет будет летать по новому маршруту.\n"
        "Тем временем в порту Актау растут объемы перевалки грузов.",
        [(), (), ("middle-corridor",)],
    ),
]


@pytest.mark.parametrize(("title", "body", "expected"), SCOPED)
def test_a_scoped_topic_holds_only_where_its_region_is_named(title, body, expected, lexicons):
    assert topics_of(body, lexicons, title) == expected


def test_scope_loads_from_the_config(repo_config):
    corridor = repo_config.topic("middle-corridor")
    assert "Каспий" in corridor.scope and "Китай" not in corridor.scope
    assert repo_config.topic("economy").scope == ()
