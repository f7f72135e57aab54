"""Scores of topic assignment and entity extraction on the dev sets in tests/data.

Topics (tests/data/topics_*.yml): sentence-topic and article-topic precision,
recall and F1, next to a naive substring lexicon (the baseline).
Entities (tests/data/entities_*.yml): entities found, matched on lemmas of the
name (P/R/F1), and the share of found ones whose name is written exactly right.

    python scripts/bench_topics.py [--errors] [FILE.yml ...]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.config import load_config  # noqa: E402
from generator.entities import extract_entities  # noqa: E402
from generator.extract import analysis_for_extraction  # noqa: E402
from generator.morph import fold, lemmatize  # noqa: E402
from generator.records import Article  # noqa: E402
from generator.topics import assign_topics, build_lexicons  # noqa: E402


def dev_articles(path: Path):
    """(Article, [(sentence text, expected topics)]) per dev article."""
    data = yaml.safe_load(path.read_text("utf-8"))
    for n, item in enumerate(data["articles"]):
        paragraphs = item["paragraphs"]
        body = "\n".join(" ".join(text for text, _ in para) for para in paragraphs)
        gold = [(item["title"], set(item.get("title_topics", [])))]
        gold += [(text, set(topics)) for para in paragraphs for text, topics in para]
        yield Article(id=f"{path.stem}-{n}", path=str(path), title=item["title"], body=body), gold


def naive(text: str, topics) -> set[str]:
    low = fold(text)
    return {t.id for t in topics if any(fold(term) in low for term in t.terms)}


def f1(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


class Tally:
    def __init__(self):
        self.tp = self.fp = self.fn = 0

    def add(self, got: set[str], want: set[str]):
        self.tp += len(got & want)
        self.fp += len(got - want)
        self.fn += len(want - got)

    def line(self, name: str) -> str:
        p, r, f = f1(self.tp, self.fp, self.fn)
        return f"{name:28s} P={p:.3f} R={r:.3f} F1={f:.3f}"


def name_key(name: str) -> str:
    return " ".join(fold(lemmatize(w)) for w in name.replace("-", " ").split())


def natasha_names(text: str) -> list[str]:
    """The baseline: natasha's NER spans with natasha's own normalizer, one per normal form."""
    from natasha import Doc, MorphVocab, NewsEmbedding, NewsMorphTagger, NewsNERTagger, Segmenter

    global _NATASHA
    if "_NATASHA" not in globals():
        emb = NewsEmbedding()
        _NATASHA = (Segmenter(), MorphVocab(), NewsMorphTagger(emb), NewsNERTagger(emb))
    segmenter, vocab, morph, ner = _NATASHA
    doc = Doc(text)
    doc.segment(segmenter)
    doc.tag_morph(morph)
    doc.tag_ner(ner)
    for span in doc.spans:
        span.normalize(vocab)
    return [span.normal for span in doc.spans]


def bench_entities(path: Path, show_errors: bool, baseline: bool = False) -> None:
    data = yaml.safe_load(path.read_text("utf-8"))
    tally, exact, found = Tally(), 0, 0
    for n, item in enumerate(data["texts"]):
        article = Article(id=f"{path.stem}-{n}", path=str(path), title="", body=item["text"])
        if baseline:
            got = {name_key(name): name for name in natasha_names(item["text"])}
        else:
            got = {name_key(e.name): e.name for e in extract_entities(analysis_for_extraction(article))}
        want = {name_key(name): name for _, name in item["entities"]}
        tally.add(set(got), set(want))
        for key in sorted(set(got) & set(want)):
            found += 1
            exact += got[key] == want[key]
            if show_errors and got[key] != want[key]:
                print(f"  name: want {want[key]!r} got {got[key]!r}")
        if show_errors:
            for key in sorted(set(want) - set(got)):
                print(f"  missed {want[key]!r}: {item['text'][:60]}")
            for key in sorted(set(got) - set(want)):
                print(f"  extra {got[key]!r}: {item['text'][:60]}")
    print(path.name + (" (natasha's NER + normalizer)" if baseline else ""))
    print(tally.line("  entities found"))
    print(f"  {'names exact':26s} {exact}/{found} = {exact / found if found else 0:.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--errors", action="store_true", help="list the sentences with a wrong topic set")
    parser.add_argument("--baseline", action="store_true", help="also score natasha's own entity normalizer")
    args = parser.parse_args()
    data_dir = ROOT / "tests" / "data"
    files = args.files or sorted(data_dir.glob("topics_*.yml")) + sorted(data_dir.glob("entities_*.yml"))
    config = load_config(ROOT / "briefings.yml")
    lexicons = build_lexicons(config.topics)
    for path in files:
        if path.name.startswith("entities"):
            bench_entities(path, args.errors)
            if args.baseline:
                bench_entities(path, False, baseline=True)
            continue
        sent, art, base_sent, base_art = Tally(), Tally(), Tally(), Tally()
        for article, gold in dev_articles(path):
            analysis = analysis_for_extraction(article)
            assigned = assign_topics(analysis, lexicons)
            got = {fold(s.text.strip()): set(s.topics) for s in assigned}
            why = {fold(s.text.strip()): {m.topic: m.reasons for m in s.matches} for s in assigned}
            art_got, art_want, art_base = set(), set(), set()
            for index, (text, want) in enumerate(gold):
                mine = got.get(fold(text.strip()), set())
                base = naive(text, config.topics)
                if index > 0:  # titles carry no gold labels
                    sent.add(mine, want)
                    base_sent.add(base, want)
                art_got |= mine
                art_want |= want
                art_base |= base
                if args.errors and mine != want and index > 0:
                    print(f"  want {sorted(want)} got {sorted(mine)}: {text}\n      {why.get(fold(text.strip()))}")
            art.add(art_got, art_want)
            base_art.add(art_base, art_want)
        print(path.name)
        print(sent.line("  sentence-topic"))
        print(art.line("  article-topic"))
        print(base_sent.line("  baseline sentence-topic"))
        print(base_art.line("  baseline article-topic"))


if __name__ == "__main__":
    main()
