"""Bytes of a seed file -> clean text, or an InputError naming the file.

Order of decisions: a byte-order mark decides (UTF-8, UTF-16, UTF-32);
a known binary signature (PDF, PNG, ZIP, ...) is refused by name; UTF-16
without a mark is recognised by its zero bytes; then strict UTF-8; then
UTF-8 with a few damaged bytes (dropped); then the legacy Russian code pages, scored
so that mojibake (KOI8-R read as CP1251, UTF-8 read as CP1251) loses.
A file nothing reads cleanly is refused, and text that was already
mojibake when saved is repaired (ftfy): never mojibake in a briefing.

The text that comes out has LF line ends, NFC letters and no control or
invisible formatting characters (NUL, bidi overrides, zero-width spaces,
soft hyphens): they only ever hide or spoof text.
"""

from __future__ import annotations

import codecs
import functools
import re
import unicodedata
from collections import Counter
from importlib import resources
from pathlib import Path

import yaml

from .errors import InputError

_BOMS = (  # longest first: the UTF-32-LE mark starts with the UTF-16-LE one
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Damaged bytes tolerated in an otherwise valid Unicode file (each becomes U+FFFD).
_MAX_DAMAGE_SHARE = 0.002
_MAX_DAMAGE_ABSOLUTE = 3
# Control characters (NUL, ...) a text file may hold by accident (a few, under 5%); more is binary data.
_MAX_STRAY_CONTROLS = 8
# Line ends of every kind become "\n".
_LINE_BREAKS = re.compile("\r\n|[\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
# Zero-width joiner and non-joiner shape real words (Persian, emoji); every
# other format character (bidi overrides, zero-width space, soft hyphen, BOM,
# tag characters) is dropped.
_KEPT_FORMAT = frozenset("\u200c\u200d")
_NOT_TEXT = ("binary file, not text", "seeds must be .txt, .md or .html articles")
SAVE_AS_UTF8 = "save it as UTF-8 and run again"


@functools.cache
def rules() -> dict:
    text = resources.files("generator.data").joinpath("input_rules.yml").read_text("utf-8")
    return yaml.safe_load(text)


def decode(data: bytes, path: Path, declared: str | None = None) -> str:
    """Bytes -> clean text. ``declared`` is an encoding the file names itself
    (an HTML meta charset): tried before guessing."""
    text = clean(repair_mojibake(_decode_raw(data, path, declared)))
    if not text.strip():
        raise InputError(path, "empty file: only whitespace or invisible characters", "put an article's text into it")
    return text


def repair_mojibake(text: str) -> str:
    """Text that was already mojibake when saved («РўРѕРІР°СЂ», «Ð¢Ð¾Ð²Ð°Ñ€»: UTF-8
    once read as CP1251 or Latin-1) is put back by ftfy. Only the encoding is
    fixed: quotes, entities, ligatures and widths stay as written."""
    import ftfy

    config = ftfy.TextFixerConfig(
        unescape_html=False,
        remove_terminal_escapes=False,
        fix_latin_ligatures=False,
        fix_character_width=False,
        uncurl_quotes=False,
        fix_line_breaks=False,
        fix_surrogates=False,
        remove_control_chars=False,
        normalization=None,
        explain=False,
    )
    return ftfy.fix_text(text, config=config)


def clean(text: str) -> str:
    """LF line ends, NFC, no control characters except tab and newline, no invisible formatting."""
    text = _LINE_BREAKS.sub("\n", text)
    dropped = {ord(ch): None for ch in set(text) if not _keep(ch)}  # each distinct character judged once
    if dropped:
        text = text.translate(dropped)
    return unicodedata.normalize("NFC", text)


def _keep(ch: str) -> bool:
    if ch in "\n\t":
        return True
    category = unicodedata.category(ch)
    if category in ("Cc", "Cs") or ch in "\ufffd\ufffe\uffff":  # U+FFFD marks a damaged byte: drop it
        return False
    return category != "Cf" or ch in _KEPT_FORMAT


def _decode_raw(data: bytes, path: Path, declared: str | None) -> str:
    if not data.strip():
        raise InputError(path, "empty file", "put an article's text into it")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _decode_unicode(data[len(bom) :], encoding, path)
    kind = binary_kind(data)
    if kind:
        raise InputError(path, f"binary file ({kind}), not text", "save the article's text as .txt, .md or .html")
    if b"\x00" in data:
        text = _utf16_without_bom(data)
        if text is not None:
            return text
    try:
        return _refuse_binary(data.decode("utf-8"), path)
    except UnicodeDecodeError:
        pass
    if declared:
        text = _try_declared(data, declared)
        if text is not None:
            return text
    damaged = _damaged_utf8(data)
    if damaged is not None:
        return _refuse_binary(damaged, path)
    return _refuse_binary(_decode_legacy(data, path), path)


def _refuse_binary(text: str, path: Path) -> str:
    """A stray NUL or two is dropped later; many control characters mean binary data."""
    share = _control_share(text)
    if share > 0.05 or share * len(text) > max(_MAX_STRAY_CONTROLS, 0.01 * len(text)):
        raise InputError(path, *_NOT_TEXT)
    return text


def binary_kind(data: bytes) -> str | None:
    """'a PDF document', 'a PNG image', ... for a known binary signature."""
    head = data[:32].decode("latin-1")
    for signature in rules()["binary_signatures"]:
        if head.startswith(signature["magic"]):
            return signature["name"]
    return None


def _decode_unicode(data: bytes, encoding: str, path: Path) -> str:
    text = data.decode(encoding, errors="replace")
    if _too_damaged(text, text.count("\ufffd") - _count_replacement_chars(data, encoding)):
        name = encoding.split("-")[0].upper() + "-" + encoding.split("-")[1]
        raise InputError(path, f"broken {name} text: many bytes are not valid {name}", SAVE_AS_UTF8)
    return text


def _count_replacement_chars(data: bytes, encoding: str) -> int:
    """U+FFFD the file itself holds (they are not damage)."""
    return data.count("\ufffd".encode(encoding))


def _too_damaged(text: str, damaged: int) -> bool:
    return damaged > max(_MAX_DAMAGE_ABSOLUTE, _MAX_DAMAGE_SHARE * len(text))


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 saved without a byte-order mark: of the two byte orders, the one
    that reads as ordinary text (the wrong one gives CJK and symbols)."""
    if len(data) % 2 or len(data) < 4:
        return None
    for encoding in ("utf-16-le", "utf-16-be"):
        text = data.decode(encoding, errors="replace")
        if not _too_damaged(text, text.count("\ufffd")) and _ordinary_share(text) > 0.9:
            return text
    return None


def _ordinary_share(text: str) -> float:
    """Share of characters from the scripts and punctuation of this corpus."""
    ordinary = sum(
        1 for ch in text if ch in "\n\t" or (" " <= ch <= "\u052f" and ch != "\x7f") or "\u2000" <= ch <= "\u206f"
    )
    return ordinary / len(text) if text else 0.0


def _try_declared(data: bytes, declared: str) -> str | None:
    try:
        name = codecs.lookup(declared).name
        return data.decode(name)
    except (LookupError, UnicodeDecodeError):
        return None


def _damaged_utf8(data: bytes) -> str | None:
    """UTF-8 with a few broken bytes (a truncated download, a bad copy): keep
    it with U+FFFD in their place, if most non-ASCII text is valid UTF-8."""
    text = data.decode("utf-8", errors="replace")
    damaged = text.count("\ufffd") - data.count("\ufffd".encode())
    valid_multibyte = sum(1 for ch in text if ord(ch) > 0x7F and ch != "\ufffd")
    if damaged and not _too_damaged(text, damaged) and valid_multibyte >= 20 * damaged:
        return text
    return None


def _decode_legacy(data: bytes, path: Path) -> str:
    candidates = []
    for encoding in rules()["cyrillic_encodings"]:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        candidates.append((_russian_score(text), encoding, text))
    if candidates:
        score, _, text = max(candidates, key=lambda c: c[0])
        if score > 0 and _cyrillic_share(text) >= 0.3:
            return text
    latin = _decode_latin(data)
    if latin is not None:
        return latin
    if _control_share(data.decode("latin-1")) > 0.01:
        raise InputError(path, *_NOT_TEXT)
    raise InputError(path, "unknown text encoding: not UTF-8, UTF-16, CP1251 or KOI8-R", SAVE_AS_UTF8)


def _decode_latin(data: bytes) -> str | None:
    from charset_normalizer import from_bytes  # only needed for rare non-Cyrillic legacy files

    best = from_bytes(data, cp_isolation=list(rules()["latin_encodings"])).best()
    if best is None:
        return None
    text = str(best)
    if _control_share(text) > 0.001 or _cyrillic_share(text) > 0:
        return None
    return text


def _russian_score(text: str) -> float:
    """How much a decoding looks like real Cyrillic text, per letter: Russian
    letters count for, letters of no known alphabet, in-word case flips
    (ПРиВЕТ, the mark of KOI8-R read as CP1251) and box-drawing
    characters (CP866 read wrong) count against."""
    russian = set(rules()["russian_letters"])
    other = set(rules()["other_cyrillic_letters"])
    letters = good = bad = 0
    previous = ""
    for ch in text:
        if ch.isalpha():
            letters += 1
            if ch in russian or ch in other or ch.isascii():
                good += 1
            else:
                bad += 1
            if previous.isalpha() and previous.islower() and ch.isupper():
                bad += 1
        elif "\u2500" <= ch <= "\u259f" or (unicodedata.category(ch) == "Cc" and ch not in "\n\r\t"):
            bad += 2
        previous = ch
    if not letters:
        return 0.0
    return (good - 4 * bad) / letters


# Unicode's control characters (category Cc) but the line ends and tab
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _control_share(text: str) -> float:
    if not text:
        return 0.0
    return len(_CONTROL.findall(text)) / len(text)


def _cyrillic_share(text: str) -> float:
    letters = {ch: n for ch, n in Counter(text).items() if ch.isalpha()}
    if not letters:
        return 0.0
    return sum(n for ch, n in letters.items() if "\u0400" <= ch <= "\u052f") / sum(letters.values())
