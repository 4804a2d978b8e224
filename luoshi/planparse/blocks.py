"""What every reader produces: paragraphs and table rows, in document order."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Block:
    """A paragraph (``Block(text=...)``) or one table row (``Block(cells=..., table=n)``)."""

    text: str = ""
    cells: tuple[str, ...] | None = None
    table: int = -1

    @property
    def is_row(self) -> bool:
        return self.cells is not None
