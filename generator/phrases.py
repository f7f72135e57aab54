"""Noun phrases over tagged tokens, and their display form in the nominative.

«Организации тюркских государств» -> «Организация тюркских государств»:
the head noun and the adjectives that agree with it go to the nominative;
the genitive tail stays as it is.
"""

from __future__ import annotations

from collections.abc import Sequence

from .morph import best_parse, fold, match_case
from .records import Token

NOUNS = ("NOUN", "PROPN")
MODIFIERS = ("ADJ",)


def is_acronym(word: str) -> bool:
    letters = [ch for ch in word if ch.isalpha()]
    return len(letters) >= 2 and all(ch.isupper() for ch in letters)


def phrase_key(tokens: Sequence[Token]) -> str:
    """The merge key of a phrase: its lemmas, folded (ё = е)."""
    return " ".join(fold(t.lemma) for t in tokens)


def noun_phrases(tokens: Sequence[Token], max_words: int = 4) -> list[tuple[int, int]]:
    """(start, end) token index ranges of ADJ* NOUN (NOUN-in-genitive)* chunks.

    Only contiguous runs of words, so a phrase never crosses punctuation."""
    found: list[tuple[int, int]] = []
    i, n = 0, len(tokens)
    while i < n:
        j = i
        while j < n and tokens[j].pos in MODIFIERS:
            j += 1
        if j < n and tokens[j].pos in NOUNS:
            end = j + 1
            while (
                end < n
                and tokens[end].pos in NOUNS + MODIFIERS
                and (tokens[end].feat("Case") == "Gen" or tokens[end].pos == "PROPN")
                and end - i < max_words
            ):
                # an adjective only belongs here as part of a following genitive noun
                if tokens[end].pos in MODIFIERS:
                    k = end
                    while k < n and tokens[k].pos in MODIFIERS:
                        k += 1
                    if k >= n or tokens[k].pos not in NOUNS or k - i >= max_words:
                        break
                    end = k + 1
                else:
                    end += 1
            if end - i <= max_words:
                found.append((i, end))
            i = end
        else:
            i = max(j, i + 1)
    return found


def _to_nominative(token: Token, number: str | None, gender: str | None) -> str:
    grammemes = {"nomn"}
    if number == "Plur":
        grammemes.add("plur")
    elif token.pos in MODIFIERS and gender:
        grammemes.add({"Masc": "masc", "Fem": "femn", "Neut": "neut"}[gender])
        grammemes.add("sing")
    parse = best_parse(token.text, token.pos, token.feats)
    if parse is None:
        return token.text
    form = parse.inflect(grammemes)
    if form is None:
        return token.text
    return match_case(token.text, form.word)


def nominative(tokens: Sequence[Token]) -> str:
    """Display form of a noun phrase: head and its agreeing adjectives in the
    nominative; acronyms, hyphenated parts and the genitive tail as written."""
    if not tokens:
        return ""
    head = next((i for i, t in enumerate(tokens) if t.pos in NOUNS), None)
    if head is None:
        return " ".join(t.text for t in tokens)
    head_token = tokens[head]
    number = head_token.feat("Number")
    parse = best_parse(head_token.text, head_token.pos, head_token.feats)
    gender = head_token.feat("Gender")
    if parse is not None and parse.tag.gender:
        gender = {"masc": "Masc", "femn": "Fem", "neut": "Neut"}.get(parse.tag.gender, gender)
    words = []
    for i, token in enumerate(tokens):
        already = token.feat("Case") == "Nom"
        if (
            i > head
            or is_acronym(token.text)
            or already
            or not any(ch.isalpha() for ch in token.text)
            or ("-" in token.text and token.pos in NOUNS)
        ):
            words.append(token.text)
        else:
            words.append(_to_nominative(token, number, gender))
    return " ".join(words)
