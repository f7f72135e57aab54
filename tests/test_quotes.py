"""Quotes and who said them: attribution after the quote, lead-ins with a colon,
pronouns and role words resolved to the last person named."""

import pytest

from generator.analyse import analyse
from generator.entities import extract_entities
from generator.quotes import extract_quotes
from generator.records import Article

CASES = [
    (
        "Министр иностранных дел Мурат Нуртлеу провел брифинг.\n"
        "«Мы рассчитываем на рост товарооборота с Турцией в ближайшие годы», — заявил он.",
        ["Мурат Нуртлеу"],
    ),
    (
        "Об этом рассказала азербайджанский политолог Анастасия Лаврина:\n"
        '"Главный стимул интеграции — это потребность стран в устойчивом развитии. '
        'Казахстан и Азербайджан реализуют совместные проекты", — отметила она.',
        ["Анастасия Лаврина"],
    ),
    (
        "По мнению Анастасии Лавриной, это не просто символ: «Алматы — это точка притяжения "
        "экономических и образовательных инициатив для всего региона».",
        ["Анастасия Лаврина"],
    ),
    (
        "Эксперт Анастасия Лаврина выступила на форуме. Президент Касым-Жомарт Токаев поддержал идею.\n"
        '"Совместные образовательные программы формируют мягкую силу тюркского мира", - добавила эксперт.',
        ["Анастасия Лаврина"],
    ),
    (
        "«Средний коридор становится главным маршрутом между Китаем и Европой», — сказал "
        "министр транспорта Казахстана Марат Карабаев.",
        ["Марат Карабаев"],
    ),
    # the speaker in the same sentence before the quote: «Как отметил X, «…»», «X заявил, что «…»»
    (
        "Как отметил министр транспорта Марат Карабаев, «объем перевозок по ТМТМ в этом году вырастет на 20%».",
        ["Марат Карабаев"],
    ),
    (
        "Глава МИД Турции Хакан Фидан заявил, что «тюркский мир должен говорить единым голосом».",
        ["Хакан Фидан"],
    ),
    (
        "Политолог Досым Сатпаев выступил на форуме. Показания Карабаева, по словам политолога, "
        "«нужно оставить на совести самого Карабаева и его адвокатов».",
        ["Досым Сатпаев"],  # the opener names the speaker, not the man spoken of
    ),
    (
        "Компания Марата Карабаева, «известная своими проектами в регионе и за его пределами», выросла.",
        [None],  # a comma alone introduces nobody
    ),
    (
        "Участники посетили театр «Астана Опера» и музей «Самрук-Казына».",
        [],  # names in quotation marks are no quotes
    ),
    (
        "В заявлении отмечается: «Стороны договорились расширить сотрудничество в сфере транзита и логистики».",
        [None],  # nobody named: the speaker stays unknown rather than guessed
    ),
]


@pytest.mark.parametrize(("body", "speakers"), CASES)
def test_quotes_and_their_speakers(body, speakers):
    analysis = analyse(Article(id="t", path="t.txt", title="", body=body))
    quotes = extract_quotes(analysis, extract_entities(analysis))
    assert [q.speaker for q in quotes] == speakers


def test_a_quote_over_two_sentences_is_one_quote_without_its_marks():
    body = (
        "Анастасия Лаврина подчеркнула роль молодежи:\n"
        '"Молодёжная дипломатия — это реальный инструмент. Совместные программы помогают '
        'молодым людям строить доверие", - сказала она.'
    )
    analysis = analyse(Article(id="t", path="t.txt", title="", body=body))
    (quote,) = extract_quotes(analysis, extract_entities(analysis))
    assert quote.text.startswith("Молодёжная дипломатия") and quote.text.endswith("строить доверие")
    assert quote.sentence == 1
