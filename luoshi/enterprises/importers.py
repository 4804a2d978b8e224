"""The lists `luoshi import-registry KIND FILE` takes besides the registry's own (high-tech,
tech-SME and enterprise lists): apps above the registry (patents, platforms) register theirs
from their AppConfig.ready(), as computations are registered with indicators, so this app
never imports them.

    register(ListImporter(kind="patents", preview=..., commit=..., describe=...))

- `preview(actor=None, file_name=..., data=...)` reads and matches the list without changing
  anything and returns the kept batch: `.summary` holds the counts rows, new, matched,
  changed, withdrawn and errors; `.plan["rows"]` the rows, each with its `line` and `errors`.
- `commit(actor=None, batch=...)` applies it all at once and returns a summary;
  `describe(summary)` says in one line what was done.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class ListImporter:
    kind: str
    preview: Callable[..., object]
    commit: Callable[..., dict]
    describe: Callable[[dict], str]


_REGISTER: dict[str, ListImporter] = {}


def register(importer: ListImporter) -> None:
    _REGISTER[importer.kind] = importer


def get(kind: str) -> ListImporter | None:
    return _REGISTER.get(kind)


def kinds() -> list[str]:
    return sorted(_REGISTER)
