"""The parser is pure Python: no module in luoshi/planparse imports Django."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1]


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


def test_no_planparse_module_imports_django():
    offenders = [
        f"{path.relative_to(PACKAGE)}: {name}"
        for path in sorted(PACKAGE.rglob("*.py"))
        for name in _imports(path)
        if name == "django" or name.startswith("django.")
    ]
    assert offenders == []


def test_the_check_sees_every_module_and_catches_a_django_import(tmp_path):
    """The check walks every module of the package, nested ones included, and the import
    reader catches each way of writing a Django import."""
    seen = {p.relative_to(PACKAGE).as_posix() for p in PACKAGE.rglob("*.py")}
    assert {"__init__.py", "units.py", "readers.py"} <= seen
    assert any("/" in name for name in seen), "nested packages are walked too"
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import django\nimport django.conf as c\nfrom django.db import models\n"
        "from . import sibling\nimport re\n",
        encoding="utf-8",
    )
    found = _imports(sample)
    assert [n for n in found if n == "django" or n.startswith("django.")] == [
        "django",
        "django.conf",
        "django.db",
    ]
