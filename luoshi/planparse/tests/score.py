"""Field-level accuracy of the parser over the annotated corpus (every fixture with an
``*.expected.json``), per document and overall.

    python -m luoshi.planparse.tests.score            # table of every document
    python -m luoshi.planparse.tests.score -v         # and what each got wrong
    python -m luoshi.planparse.tests.score --json     # machine-readable
    python -m luoshi.planparse.tests.score DIR ...    # other annotated folders as well

Scored fields (see ``golden.score_plan``): the title; per task its number, title, lead,
cooperating and implicit units (and its own targets when annotated); per target its
indicator, comparator, value, unit and year. Overall accuracy is fields right over fields
scored across all documents. A document the parser refuses scores 0.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

from luoshi.planparse import PlanParseError, parse_file

from .golden import FIXTURES, score_plan


@dataclass
class DocScore:
    name: str
    right: int
    total: int
    misses: list[str] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.right / self.total if self.total else 1.0


def sources(folders: list[Path]) -> list[tuple[Path, Path]]:
    out = []
    for folder in folders:
        for expected in sorted(folder.glob("*.expected.json")):
            stem = expected.name.removesuffix(".expected.json")
            docs = [p for p in folder.glob(stem + ".*") if not p.name.endswith(".json")]
            if docs:
                out.append((docs[0], expected))
    return out


def score_corpus(folders: list[Path] | None = None) -> list[DocScore]:
    results = []
    for doc, expected_path in sources(folders or [FIXTURES]):
        expected = json.loads(expected_path.read_text(encoding="utf-8"))
        try:
            actual = parse_file(doc).to_dict()
        except PlanParseError as exc:
            right, total, misses = score_plan({"tasks": [], "targets": []}, expected)
            results.append(DocScore(doc.name, 0, total, [f"refused: {exc}", *misses]))
            continue
        right, total, misses = score_plan(actual, expected)
        results.append(DocScore(doc.name, right, total, misses))
    return results


def overall(results: list[DocScore]) -> float:
    total = sum(r.total for r in results)
    return sum(r.right for r in results) / total if total else 1.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m luoshi.planparse.tests.score")
    parser.add_argument(
        "folders", nargs="*", type=Path, help="annotated folders (default: fixtures)"
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="list every wrong field")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    results = score_corpus(args.folders or None)
    if args.json:
        json.dump(
            {
                "overall": round(overall(results), 4),
                "documents": {r.name: round(r.accuracy, 4) for r in results},
            },
            sys.stdout,
            ensure_ascii=False,
            indent=2,
        )
        print()
        return 0
    width = max(len(r.name) for r in results)
    print(f"| {'document':<{width}} | fields | right | accuracy |")
    print(f"|{'-' * (width + 2)}|--------|-------|----------|")
    for r in results:
        print(f"| {r.name:<{width}} | {r.total:>6} | {r.right:>5} | {r.accuracy:>8.3f} |")
        if args.verbose:
            for miss in r.misses:
                print(f"    {miss}")
    worst = min(results, key=lambda r: r.accuracy)
    print(
        f"\noverall {overall(results):.3f} over {sum(r.total for r in results)} fields, "
        f"{len(results)} documents; lowest {worst.accuracy:.3f} ({worst.name})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
