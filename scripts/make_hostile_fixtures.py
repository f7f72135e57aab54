"""Writes tests/fixtures/hostile/: the corpus of bad and hostile inputs.

The files are committed; this script says how each was made (encodings,
binary headers, invisible characters are hard to see in an editor). Rerun it
after changing a case: ``python scripts/make_hostile_fixtures.py``.
The 20 MB file is not here: tests/test_hostile_cli.py makes it in a temporary folder.
"""

from __future__ import annotations

import shutil
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "hostile"

# Short news texts, one per file, so that no two readable seeds are duplicates by accident.
NEWS = {
    "utf8": (
        "Казахстан и Азербайджан расширят транзит по Среднему коридору\n\n"
        "Стороны договорились увеличить объём контейнерных перевозок через порт Актау. "
        "По данным министерства транспорта, в 2024 году через порт прошло 45 тысяч контейнеров."
    ),
    "utf8_bom": (
        "В Астане открылся форум молодых предпринимателей ОТГ\n\n"
        "Участниками форума стали более 300 студентов и стартапов из пяти стран. "
        "Организаторы объявили конкурс грантов на 50 миллионов тенге."
    ),
    "cp1251": (
        "Товарооборот Казахстана и Турции вырос на 12%\n\n"
        "Объём взаимной торговли за девять месяцев достиг 4,6 миллиарда долларов. "
        "Министр торговли назвал приоритетом экспорт зерна и металлов."
    ),
    "koi8r": (
        "В Шымкенте прошёл фестиваль тюркской музыки\n\n"
        "На сцене выступили ансамбли из Узбекистана, Кыргызстана и Венгрии. "
        "Фестиваль посетили около 20 тысяч зрителей."
    ),
    "utf16": (
        "ОТГ утвердила программу культурного обмена на 2025 год\n\n"
        "Программа включает гастроли театров, выставки и обмен студентами. "
        "Финансирование составит 3 миллиона долларов."
    ),
    "utf16le_nobom": (
        "Железная дорога Китай — Казахстан — Туркменистан — Иран нарастила перевозки\n\n"
        "За полгода по маршруту перевезено 1,2 миллиона тонн грузов, что на 18% больше, чем годом ранее."
    ),
    "crlf": (
        "Студенты из стран ОТГ смогут учиться по единой программе\n\n"
        "Тюркский университет начнёт приём заявок в марте. "
        "Первыми по программе обучатся 150 студентов."
    ),
    "mojibake": (
        "Азербайджан и Казахстан создадут совместное предприятие\n\n"
        "Компании двух стран вложат в проект 120 миллионов долларов, сообщает агентство Trend."
    ),
    "nul_bytes": (
        "Грузооборот порта Курык увеличился вдвое\n\n"
        "По итогам года порт обработал 2,1 миллиона тонн грузов. "
        "Новый паромный терминал введут в строй в 2026 году."
    ),
    "lone_surrogate": (
        "В Баку обсудили цифровизацию таможни\n\n"
        "Таможенные службы стран ОТГ договорились об обмене электронными декларациями."
    ),
    "name": (
        "Итоги саммита ОТГ в Габале\n\n"
        "Главы государств подписали декларацию из 120 пунктов. Следующий саммит пройдёт в Казахстане."
    ),
    "duplicate": (
        "Казахстан поставит в Азербайджан 500 тысяч тонн пшеницы\n\n"
        "Контракт подписан на три года, сообщает агентство Kazinform."
    ),
}

HOSTILE_TITLE = 'Саммит <script>alert("title")</script> | *ОТГ* # [ссылка](javascript:alert(1)) `код`'
HOSTILE_BODY = (
    "Делегаты обсудили <script>alert('body')</script> торговлю и <img src=x onerror=alert(2)> транспорт. "
    'Ссылка [нажми](javascript:alert(3)) и <a href="javascript:alert(4)">ещё одна</a> не должны работать. '
    "Товарооборот | вырос | на 25,2% — *рекорд* и __успех__, а # не заголовок, `код` не код. "
    "Шаблоны {{ config.site_name }} и {% include 'x' %} остаются текстом. "
    "Маркер <!-- briefings:begin summary --> и <!-- briefings:end summary --> в тексте статьи безвреден. "
    "Сущности &lt;b&gt; и &amp; и &#x3C;script&#x3E; печатаются как есть. "
    "Невидимые символы\u202e перевёрнуто\u202c и\u200b нулевой ширины\u2060 убраны. "
    'Атрибуты {: onclick="alert(5)" } и {#id .class} тоже текст.'
)

YAML_HOSTILE_MD = """---
title: "Ключ: значение - пункт & якорь ! тег --- \\"двойные\\" и 'одинарные' кавычки"
date: 2025-03-14
source: "- Агентство: «Тренд» & Co"
url: "javascript:alert(document.cookie)"
lang: ru
---

Президенты тюркских государств обсудили в Анкаре транспортные маршруты.

**Объём** инвестиций в логистику составит [2 миллиарда долларов](https://example.kz/a).
"""

NEWS_PAGE_HTML = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Казахстан и Кыргызстан запустят общий туристический маршрут — Новости Центральной Азии</title>
<meta property="og:title" content="Казахстан и Кыргызстан запустят общий туристический маршрут">
<meta property="og:site_name" content="Новости Центральной Азии">
<meta name="date" content="2025-05-20">
<script>window.tracker = function(){ document.write('<b>трекер</b>'); };</script>
<style>.ad{color:red}</style>
</head><body>
<nav><ul><li><a href="/">Главная</a></li><li><a href="/politics">Политика</a></li>
<li><a href="/economy">Экономика</a></li><li><a href="/sport">Спорт</a></li></ul></nav>
<div class="ad banner">Реклама: купите слона! Скидка 90% только сегодня!</div>
<article>
<h1>Казахстан и Кыргызстан запустят общий туристический маршрут</h1>
<p class="date">20 мая 2025</p>
<p>Министерства туризма двух стран договорились о создании единого маршрута «Великий Шёлковый путь»,
который объединит Алматы, Иссык-Куль и Бишкек. Маршрут планируют открыть к летнему сезону.</p>
<p>По оценке организаторов, в первый год маршрутом воспользуются до 200 тысяч туристов,
а поток иностранных гостей вырастет на 15%.</p>
<script>alert("в статье")</script>
<p>Для путешественников введут единый электронный билет на трансферы между городами.</p>
</article>
<aside class="related"><h3>Читайте также</h3><ul><li><a href="/1">Курс тенге</a></li>
<li><a href="/2">Погода</a></li></ul></aside>
<footer>© 2025 Новости Центральной Азии. Все права защищены. <a href="/privacy">Политика конфиденциальности</a></footer>
</body></html>
"""

# The same kind of page, saved by an old site in Windows-1251 and named .htm.
NEWS_PAGE_CP1251 = (
    NEWS_PAGE_HTML.replace(
        '<meta charset="utf-8">', '<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">'
    )
    .replace(
        "Казахстан и Кыргызстан запустят общий туристический маршрут",
        "Узбекистан и Казахстан откроют новый пункт пропуска",
    )
    .replace(
        "Министерства туризма двух стран договорились о создании единого маршрута «Великий Шёлковый путь»,",
        "Пограничные службы двух стран согласовали строительство пункта пропуска «Жибек жолы»,",
    )
    .replace(
        "который объединит Алматы, Иссык-Куль и Бишкек. Маршрут планируют открыть к летнему сезону.",
        "который ускорит проезд грузовиков. Пункт планируют открыть осенью.",
    )
    .replace("до 200 тысяч туристов", "до 3 тысяч грузовиков в сутки")
)

KAZAKH = (
    "Қазақстан мен Түркия сауда айналымын арттырады\n\n"
    "Қазақстан Президенті Түркия делегациясымен Астанада кездесу өткізді. "
    "Тараптар сауда, көлік және энергетика салаларындағы ынтымақтастықты талқылады."
)
ENGLISH = (
    "Kazakhstan and Azerbaijan sign a transit agreement\n\n"
    "The two countries agreed to expand container shipping across the Caspian Sea. "
    "Trade between them grew by 12 percent last year."
)
TURKISH = (
    "Türk Devletleri Teşkilatı zirvesi Bakü'de yapıldı\n\n"
    "Liderler ticaret, ulaşım ve enerji alanlarında işbirliğini görüştü. "
    "Zirvede ortak bir bildiri kabul edildi."
)

LONG_LINE_SENTENCE = "Страны ОТГ обсуждают транзит, торговлю и культурный обмен в рамках Среднего коридора. "

PYTHON_TAG_MD = """---
title: !!python/object/apply:os.system ["echo executed > /tmp/briefings-pwned"]
---
Текст статьи о сотрудничестве.
"""

ALIAS_BOMB_MD = (
    "---\n"
    + "\n".join(
        [
            "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]",
            *(f"{c}: &{c} [{', '.join(['*' + p] * 9)}]" for p, c in zip("abcdefgh", "bcdefghi", strict=True)),
            "title: *i",
        ]
    )
    + "\n---\nТекст статьи о сотрудничестве.\n"
)

BROKEN_FRONT_MATTER_MD = """---
title: Форум ОТГ
date: [2025-01-01
source: Trend
---
Текст статьи.
"""

NESTED_MD = "---\ntitle: " + "[" * 5000 + "]" * 5000 + "\n---\nТекст статьи.\n"

CONFIGS = {
    "unknown_key.yml": "seeds: seeds\ncolour: red\ntopics:\n  - id: economy\n    title: Экономика\n",
    "wrong_type.yml": "seeds: seeds\nsummary_sentences: много\ntopics:\n  - id: economy\n    title: Экономика\n",
    "slash_id.yml": "topics:\n  - id: economy/trade\n    title: Экономика\n",
    "dotdot_id.yml": "topics:\n  - id: ../../etc\n    title: Экономика\n",
    "python_tag.yml": "topics: !!python/object/apply:os.system ['echo pwned']\n",
    "not_yaml.yml": "topics:\n  - id: economy\n    title: [Экономика\n",
}

BRIEFINGS = {
    "invalid_yaml.md": "---\ntitle: Экономика\nkeywords: [товарооборот\ntopic: economy\n---\n\nТекст редактора.\n",
    "missing_end_marker.md": (
        "---\ntitle: Экономика\ntopic: economy\n---\n\n<!-- briefings:begin header -->\n# Экономика\n\n"
        "Текст редактора.\n"
    ),
    "no_front_matter.md": "# Экономика\n\nТекст редактора без front matter.\n",
}


def _pdf() -> bytes:
    stream = zlib.compress("Это не текст статьи, а поток PDF.".encode() * 40)
    return (
        b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
        b"4 0 obj\n<< /Length " + str(len(stream)).encode() + b" /Filter /FlateDecode >>\nstream\n" + stream + b"\n"
        b"endstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
    )


def _png() -> bytes:
    return (
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
        b"\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\x89\x99=\x1d\x00\x00\x00\x00IEND\xaeB`\x82"
    )


def seeds() -> dict[str, bytes]:
    nul = NEWS["nul_bytes"].encode()
    surrogate = NEWS["lone_surrogate"].encode("utf-16-le")
    return {
        "utf8.txt": NEWS["utf8"].encode(),
        "utf8_bom.txt": b"\xef\xbb\xbf" + NEWS["utf8_bom"].encode(),
        "cp1251.txt": NEWS["cp1251"].encode("cp1251"),
        "koi8r.txt": NEWS["koi8r"].encode("koi8_r"),
        "utf16.txt": NEWS["utf16"].encode("utf-16"),
        "utf16le_nobom.txt": NEWS["utf16le_nobom"].encode("utf-16-le"),
        "crlf.txt": NEWS["crlf"].replace("\n", "\r\n").encode(),
        # UTF-8 that was read as CP1251 and saved again: valid UTF-8 holding mojibake
        "mojibake_utf8.txt": NEWS["mojibake"].encode().decode("cp1251").encode(),
        "nul_bytes.txt": nul.replace(b" ", b" \x00", 2),
        "lone_surrogate.txt": b"\xff\xfe" + surrogate[:40] + b"\x00\xd8" + surrogate[40:],
        "Итоги саммита. ОТГ 2025.txt": NEWS["name"].encode(),
        "duplicate_a.txt": NEWS["duplicate"].encode(),
        "duplicate b.txt": NEWS["duplicate"].encode(),
        "duplicate_c_cp1251.txt": NEWS["duplicate"].replace("\n", "\r\n").encode("cp1251"),
        "front_matter.md": YAML_HOSTILE_MD.encode(),
        "news_page.html": NEWS_PAGE_HTML.encode(),
        "hostile_markup.txt": f"{HOSTILE_TITLE}\n\n{HOSTILE_BODY}".encode(),
        "news_page_cp1251.htm": NEWS_PAGE_CP1251.encode("cp1251"),
        "kazakh.txt": KAZAKH.encode(),
        "english.txt": ENGLISH.encode(),
        "turkish.txt": TURKISH.encode("cp1254"),
        "huge_number.txt": (
            "Товарооборот достиг рекорда\n\nТоварооборот составил 1" + "0" * 400 + " долларов, а экспорт вырос на "
            "99999999999999999999999999 процентов и 1e308 тенге."
        ).encode(),
        "long_line.txt": (LONG_LINE_SENTENCE * (100_000 // len(LONG_LINE_SENTENCE) + 1))[:100_000].encode(),
        "empty.txt": b"",
        "whitespace.txt": b"  \r\n\t\n   \n\xe2\x80\x8b\n",
        "png_renamed.txt": _png(),
        "pdf_renamed.txt": _pdf(),
        "python_tag.md": PYTHON_TAG_MD.encode(),
        "alias_bomb.md": ALIAS_BOMB_MD.encode(),
        "broken_front_matter.md": BROKEN_FRONT_MATTER_MD.encode(),
        "nested_front_matter.md": NESTED_MD.encode(),
    }


def main() -> None:
    shutil.rmtree(ROOT, ignore_errors=True)
    for folder, files in (
        ("seeds", seeds()),
        ("config", {k: v.encode() for k, v in CONFIGS.items()}),
        ("briefings", {k: v.encode() for k, v in BRIEFINGS.items()}),
    ):
        (ROOT / folder).mkdir(parents=True, exist_ok=True)
        for name, data in files.items():
            (ROOT / folder / name).write_bytes(data)


if __name__ == "__main__":
    main()
