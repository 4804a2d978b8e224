"""The parsed plan: frozen dataclasses whose ``to_dict()`` is the JSON contract."""

from __future__ import annotations

from dataclasses import dataclass, field


def _number(value: float | None) -> float | int | None:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


@dataclass(frozen=True)
class Chapter:
    number: str
    title: str
    sections: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        return {"number": self.number, "title": self.title, "sections": list(self.sections)}


@dataclass(frozen=True)
class Target:
    """A numeric target: ``indicator`` ``comparator`` ``value`` ``unit`` by ``year``."""

    text: str
    indicator: str
    comparator: str
    value: float
    unit: str
    year: int | None

    def to_dict(self) -> dict:
        return {
            "text": self.text,
            "indicator": self.indicator,
            "comparator": self.comparator,
            "value": _number(self.value),
            "unit": self.unit,
            "year": self.year,
        }


@dataclass(frozen=True)
class QualitativeTarget:
    text: str
    year: int | None

    def to_dict(self) -> dict:
        return {"text": self.text, "year": self.year}


@dataclass(frozen=True)
class Task:
    number: str
    chapter: str | None
    section: str | None
    title: str
    text: str
    lead_units: tuple[str, ...] = ()
    cooperating_units: tuple[str, ...] = ()
    implicit_units: tuple[str, ...] = ()
    deadline: str | None = None
    deadline_date: str | None = None

    def to_dict(self) -> dict:
        return {
            "number": self.number,
            "chapter": self.chapter,
            "section": self.section,
            "title": self.title,
            "text": self.text,
            "lead_units": list(self.lead_units),
            "cooperating_units": list(self.cooperating_units),
            "implicit_units": list(self.implicit_units),
            "deadline": self.deadline,
            "deadline_date": self.deadline_date,
        }


@dataclass(frozen=True)
class Plan:
    title: str | None
    issuer: str | None
    date: str | None
    doc_number: str | None
    chapters: tuple[Chapter, ...] = ()
    targets: tuple[Target, ...] = ()
    qualitative_targets: tuple[QualitativeTarget, ...] = ()
    tasks: tuple[Task, ...] = ()
    warnings: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict:
        return {
            "title": self.title,
            "issuer": self.issuer,
            "date": self.date,
            "doc_number": self.doc_number,
            "chapters": [c.to_dict() for c in self.chapters],
            "targets": [t.to_dict() for t in self.targets],
            "qualitative_targets": [q.to_dict() for q in self.qualitative_targets],
            "tasks": [t.to_dict() for t in self.tasks],
            "warnings": list(self.warnings),
        }
