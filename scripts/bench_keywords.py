"""Keyword benchmark: P/R/F1 at 5 and 10 with lemma matching on a Russian news
keyphrase set, for plain YAKE (n=3), plain YAKE (n=1) and ours, side by side.

    python scripts/bench_keywords.py [DATASET.jsonl] [--limit N] [--no-cache]

Both sides are lemmatized word by word with pymorphy3 and folded (ё -> е); a hit
counts only when a whole predicted phrase equals a whole gold phrase. Scores are
macro averages over documents, in percent. The dataset is for evaluation only:
nothing of it is written into the repository. The natasha analyses are cached
as a pickle under the system temp directory (keyed by the dataset and the
analysis code), so a second run takes seconds.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import pickle
import sys
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import yake  # noqa: E402

from generator.entities import extract_entities  # noqa: E402
from generator.extract import analysis_for_extraction  # noqa: E402
from generator.ingest import SeedFile, parse_article  # noqa: E402
from generator.keywords import extract_keywords  # noqa: E402
from generator.morph import analyzer, fold  # noqa: E402
from generator.records import Analysis  # noqa: E402

DEFAULT_DATASET = ROOT.parent / "shared" / "eval" / "ru_keyphrase_news.jsonl"
CUTOFFS = (5, 10)


def load_dataset(path: Path, limit: int | None) -> list[dict]:
    if not path.is_file():
        sys.exit(f"bench_keywords: dataset not found: {path} (pass its path as the first argument)")
    docs = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    return docs[:limit] if limit else docs


def lemma_phrase(phrase: str) -> str:
    """«Организации тюркских государств» -> «организация тюркский государство»."""
    words = fold(phrase).replace("«", " ").replace("»", " ").replace('"', " ").split()
    return " ".join(fold(analyzer().parse(w)[0].normal_form) for w in words)


def unique_lemmas(phrases: Iterable[str]) -> list[str]:
    seen: list[str] = []
    for phrase in phrases:
        lemma = lemma_phrase(phrase)
        if lemma and lemma not in seen:
            seen.append(lemma)
    return seen


def scores_at(predicted: list[str], gold: set[str], k: int) -> tuple[float, float, float]:
    top = predicted[:k]
    hits = sum(1 for p in top if p in gold)
    precision = hits / len(top) if top else 0.0
    recall = hits / len(gold) if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if hits else 0.0
    return precision, recall, f1


def _cache_path(dataset: Path, limit: int | None) -> Path:
    digest = hashlib.sha256(dataset.read_bytes())
    for name in ("analyse.py", "morph.py", "ingest.py", "records.py", "extract.py", "figures.py"):
        digest.update((ROOT / "generator" / name).read_bytes())
    digest.update(str(limit).encode())
    return Path(tempfile.gettempdir()) / f"bench_keywords_{digest.hexdigest()[:16]}.pkl"


def analyses(docs: list[dict], dataset: Path, limit: int | None, use_cache: bool) -> list[Analysis]:
    cache = _cache_path(dataset, limit)
    if use_cache and cache.is_file():
        with cache.open("rb") as handle:
            return pickle.load(handle)
    result = []
    for doc in docs:
        stem = doc["id"].replace(":", "_")
        article = parse_article(SeedFile(Path(f"{stem}.txt"), doc["text"].encode("utf-8")))
        result.append(analysis_for_extraction(article))
    if use_cache:
        with cache.open("wb") as handle:
            pickle.dump(result, handle)
    return result


def plain_yake(n: int) -> Callable[[dict, Analysis], list[str]]:
    extractor = yake.KeywordExtractor(lan="ru", n=n, top=max(CUTOFFS))

    def run(doc: dict, _analysis: Analysis) -> list[str]:
        return [phrase for phrase, _score in extractor.extract_keywords(doc["text"])]

    return run


def ours(_doc: dict, analysis: Analysis) -> list[str]:
    entities = extract_entities(analysis)  # names are shown as the entity stage names them, as in extract()
    return [k.term for k in extract_keywords(analysis, top=max(CUTOFFS), entities=entities)]


def evaluate(name: str, run, docs: list[dict], items: list[Analysis]) -> dict[str, float]:
    totals = {f"{m}@{k}": 0.0 for k in CUTOFFS for m in ("P", "R", "F1")}
    for doc, analysis in zip(docs, items, strict=True):
        gold = set(unique_lemmas(doc["keyphrases"]))
        predicted = unique_lemmas(run(doc, analysis))
        for k in CUTOFFS:
            p, r, f = scores_at(predicted, gold, k)
            totals[f"P@{k}"] += p
            totals[f"R@{k}"] += r
            totals[f"F1@{k}"] += f
    return {key: 100 * value / len(docs) for key, value in totals.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dataset", nargs="?", type=Path, default=DEFAULT_DATASET)
    parser.add_argument("--limit", type=int, default=None, help="only the first N documents")
    parser.add_argument("--no-cache", action="store_true", help="re-run natasha, do not read or write the cache")
    parser.add_argument("--only-ours", action="store_true", help="skip the YAKE baselines")
    args = parser.parse_args(argv)
    docs = load_dataset(args.dataset, args.limit)
    items = analyses(docs, args.dataset, args.limit, not args.no_cache)
    runs = [("ours (Russian-aware YAKE)", ours)]
    if not args.only_ours:
        runs = [("plain YAKE n=3", plain_yake(3)), ("plain YAKE n=1", plain_yake(1)), *runs]
    columns = [f"{m}@{k}" for k in CUTOFFS for m in ("P", "R", "F1")]
    print(f"{len(docs)} documents, lemma matching, whole phrases, macro average (%)")
    print(f"{'extractor':<28}" + "".join(f"{c:>8}" for c in columns))
    for name, run in runs:
        result = evaluate(name, run, docs, items)
        print(f"{name:<28}" + "".join(f"{result[c]:>8.1f}" for c in columns))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
