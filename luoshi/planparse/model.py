"""The parsed plan: frozen dataclasses whose ``to_dict()`` is the JSON contract.

Every task says which rule decided its lead and cooperating units (``rule``, a code of
:data:`RULES`) and how sure the parser is of them (``confidence``, 0–1; below
:data:`LOW_CONFIDENCE` a person should confirm the task before it is imported).
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Rule codes -> (Chinese, English). Codes are stable: the Django layer keys its own
# translations on them.
RULES: dict[str, tuple[str, str]] = {
    "label": (
        "责任条款标明了牵头、配合（牵头单位：、X牵头、Y参与、X会同Y、X指导）",
        "roles labelled in the clause (牵头单位：, X牵头, Y参与, X会同Y, X指导)",
    ),
    "table": ("任务分工表的牵头、配合栏", "lead and cooperating columns of a task table"),
    "rule_first": (
        "文件说明排在第一位的单位为牵头单位",
        "the document states that the first-listed unit leads",
    ),
    "rule_comma": (
        "文件说明逗号前的单位为牵头单位",
        "the document states that units before the comma lead",
    ),
    "joint": (
        "文件未说明牵头规则，所列单位共同负责",
        "no rule stated: the listed units are jointly responsible",
    ),
    "single": ("只列出一个责任单位", "a single responsible unit"),
    "comma": (
        "文件未说明规则，按惯例以逗号前的单位为牵头单位",
        "no rule stated: units before the comma are taken to lead, by convention",
    ),
    "none": ("未标注责任单位", "no responsible unit given"),
}

# How far each rule's reading can be trusted when nothing else is doubtful.
CONFIDENCE: dict[str, float] = {
    "label": 0.95,
    "table": 0.95,
    "single": 0.95,
    "rule_first": 0.9,
    "rule_comma": 0.9,
    "joint": 0.85,
    "comma": 0.6,
    "none": 0.4,
}

# Tasks below this confidence are shown for confirmation before an import.
LOW_CONFIDENCE = 0.7


def _number(value: float | None) -> float | int | None:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


@dataclass(frozen=True)
class Chapter:
    number: str
    title: str
    sections: tuple[str, ...] = ()
    text: str = ""  # everything under the heading, as written (保障措施 included)

    def to_dict(self) -> dict:
        return {
            "number": self.number,
            "title": self.title,
            "sections": list(self.sections),
            "text": self.text,
        }


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
    rule: str = "none"  # a code of RULES
    confidence: float = 0.0
    targets: tuple[Target, ...] = ()  # figures the task's own text sets

    @property
    def low_confidence(self) -> bool:
        return self.confidence < LOW_CONFIDENCE

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
            "rule": self.rule,
            "confidence": self.confidence,
            "targets": [t.to_dict() for t in self.targets],
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
    # The higher-level document the plan implements, as cited ("根据《…》（川办发〔2022〕13号）").
    parent_reference: str | None = None

    def to_dict(self) -> dict:
        return {
            "title": self.title,
            "issuer": self.issuer,
            "date": self.date,
            "doc_number": self.doc_number,
            "parent_reference": self.parent_reference,
            "chapters": [c.to_dict() for c in self.chapters],
            "targets": [t.to_dict() for t in self.targets],
            "qualitative_targets": [q.to_dict() for q in self.qualitative_targets],
            "tasks": [t.to_dict() for t in self.tasks],
            "warnings": list(self.warnings),
        }
