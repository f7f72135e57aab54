"""Precision / recall of the key-figure extractor against natasha's MoneyExtractor
on the figures table (tests/data/figures_cases.yaml). Prints a small report.

A found figure counts as right when its (value, unit) equals an expected one in the
same sentence; subject and period are scored on the figures found right.

    python scripts/bench_figures.py
"""

from __future__ import annotations

import math
import sys
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.extract import analysis_for_extraction  # noqa: E402
from generator.figures import extract_figures  # noqa: E402
from generator.records import Article  # noqa: E402

CASES = ROOT / "tests" / "data" / "figures_cases.yaml"
HOLDOUT = ROOT / "tests" / "data" / "figures_holdout.yaml"
MONEY_UNITS = {"USD", "EUR", "RUB", "KZT", "AZN", "UZS", "KGS", "TRY", "CNY", "HUF", "TMT", "GBP"}


def key(value: float, unit: str) -> tuple[float, str]:
    return (float(f"{value:.6g}"), unit)


def load_cases(path: Path = CASES) -> list[tuple[str, list[dict]]]:
    data = yaml.safe_load(path.read_text("utf-8"))
    cases = []
    for group in data.values():
        for case in group:
            rows = []
            for item in case["figures"]:
                if isinstance(item, list):
                    item = dict(zip(("v", "u", "s", "p"), item, strict=True))
                rows.append(item)
            cases.append((case["text"], rows))
    return cases


def ours(texts: list[str]) -> list[list[tuple[tuple[float, str], str | None, str | None]]]:
    article = Article(id="bench", path="bench.txt", title="", body="\n".join(texts))
    starts, offset = [], 0
    for text in texts:
        starts.append(offset)
        offset += len(text) + 1
    found: list[list] = [[] for _ in texts]
    for figure in extract_figures(analysis_for_extraction(article)):
        index = max(i for i, start in enumerate(starts) if start <= figure.start)
        found[index].append((key(figure.value, figure.unit), figure.subject, figure.period))
    return found


def natasha_money(texts: list[str]) -> list[list[tuple[tuple[float, str], None, None]]]:
    from natasha import MoneyExtractor, MorphVocab

    extractor = MoneyExtractor(MorphVocab())
    return [[(key(m.fact.amount, m.fact.currency), None, None) for m in extractor(text)] for text in texts]


def score(cases, predicted, only_money: bool = False, has_context: bool = True) -> dict[str, float]:
    tp = fp = fn = 0
    subject_right = period_right = 0
    for (_, expected), found in zip(cases, predicted, strict=True):
        wanted = [e for e in expected if not only_money or e["u"] in MONEY_UNITS]
        want = Counter(key(e["v"], e["u"]) for e in wanted)
        details = {key(e["v"], e["u"]): e for e in wanted}
        for figure_key, subject, period in found:
            if only_money and figure_key[1] not in MONEY_UNITS:
                continue
            if want[figure_key] > 0:
                want[figure_key] -= 1
                tp += 1
                expected_row = details[figure_key]
                subject_right += subject == expected_row["s"]
                period_right += (None if expected_row["p"] is None else str(expected_row["p"])) == period
            else:
                fp += 1
        fn += sum(want.values())
    precision = tp / (tp + fp) if tp + fp else math.nan
    recall = tp / (tp + fn) if tp + fn else math.nan
    f1 = 2 * precision * recall / (precision + recall) if tp else 0.0
    return {
        "figures": tp + fn,
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "subject": subject_right / tp if tp and has_context else math.nan,
        "period": period_right / tp if tp and has_context else math.nan,
    }


def report(path: Path) -> None:
    cases = load_cases(path)
    texts = [text for text, _ in cases]
    mine, theirs = ours(texts), natasha_money(texts)
    rows = [
        ("figures.py, all figures", score(cases, mine)),
        ("natasha MoneyExtractor, all figures", score(cases, theirs, has_context=False)),
        ("figures.py, money only", score(cases, mine, only_money=True)),
        ("natasha MoneyExtractor, money only", score(cases, theirs, only_money=True, has_context=False)),
    ]
    print(f"{path.relative_to(ROOT)}: {len(cases)} sentences, {rows[0][1]['figures']} expected figures")
    print(f"{'extractor':40} {'n':>4} {'P':>6} {'R':>6} {'F1':>6} {'subj':>6} {'period':>6}")
    for name, result in rows:
        print(
            f"{name:40} {result['figures']:>4} {result['precision']:6.3f} {result['recall']:6.3f} "
            f"{result['f1']:6.3f} {result['subject']:6.3f} {result['period']:6.3f}"
        )
    print()


def main() -> None:
    print("value+unit must match; subject/period: share right among the figures found right; nan = none given")
    print()
    report(CASES)
    report(HOLDOUT)


if __name__ == "__main__":
    main()
