"""Layering rules from STYLE.md, checked on the source: views neither query nor save,
and the parser imports nothing from Django."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2]


def _views():
    return sorted(PACKAGE.glob("*/views.py")) + sorted(PACKAGE.glob("*/views/*.py"))


@pytest.mark.parametrize("path", _views(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_views_call_selectors_and_services_instead_of_the_orm(path):
    offences = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Attribute) and node.attr in {
            "objects",
            "save",
            "delete",
            "bulk_create",
            "update",
        }:
            if node.attr == "update" and not (
                isinstance(node.value, ast.Attribute) and node.value.attr == "objects"
            ):
                continue
            if node.attr == "delete" and not isinstance(node.value, ast.Name):
                continue
            offences.append(f"line {node.lineno}: .{node.attr}")
    assert not offences, f"{path.name} touches the ORM directly: {offences}"


def test_the_parser_imports_nothing_from_django():
    parser = PACKAGE / "planparse"
    if not parser.exists():
        pytest.skip("planparse not present")
    for path in parser.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                assert not name.split(".")[0] == "django", f"{path} imports {name}"
                assert not name.startswith("luoshi.") or name.startswith("luoshi.planparse"), (
                    f"{path} imports {name}"
                )
