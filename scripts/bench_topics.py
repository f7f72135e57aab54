"""Scores of topic assignment on the dev sets in tests/data (topics_*.yml).

Prints sentence-topic and article-topic precision, recall and F1, next to a
naive substring lexicon (the baseline), and lists the sentences it got wrong.

    python scripts/bench_topics.py [--errors] [FILE.yml ...]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.analyse import analyse  # noqa: E402
from generator.config import load_config  # noqa: E402
from generator.morph import fold  # noqa: E402
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--errors", action="store_true", help="list the sentences with a wrong topic set")
    args = parser.parse_args()
    files = args.files or sorted((ROOT / "tests" / "data").glob("topics_*.yml"))
    config = load_config(ROOT / "briefings.yml")
    lexicons = build_lexicons(config.topics)
    for path in files:
        sent, art, base_sent, base_art = Tally(), Tally(), Tally(), Tally()
        for article, gold in dev_articles(path):
            analysis = analyse(article)
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
