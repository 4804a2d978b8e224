"""Layering rules from STYLE.md, checked on the source: the apps stand on floors and import
only downwards, with no cycle between them; views, API endpoints, template tags and
management commands neither query nor save; the parser imports nothing from Django."""

import ast
import re
from collections import defaultdict
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2]

# An app imports only apps on lower floors (or on its own floor, without a cycle). Tests
# may import anything; migrations name other apps only as strings.
FLOORS = {
    "planparse": 0,
    "core": 0,
    "org": 1,
    "accounts": 2,
    "plans": 3,
    "supervision": 4,
    "indicators": 4,
    "assessment": 5,
    "enterprises": 5,
    "subsidies": 6,
    "contracts": 5,
    "patents": 5,
    "platforms": 5,
    "organisations": 5,
    "instruments": 5,
    "vouchers": 5,
    "experts": 5,
    "finance": 5,
    "talent": 5,
    "projects": 5,
    "public": 7,
    "demo": 8,
    "config": 9,
}


def _thin_modules():
    """Views, API endpoints, template tags and management commands: authenticate, parse,
    call a selector or a service, render."""
    found = set()
    for pattern in (
        "*/views*.py",
        "*/views/*.py",
        "*/api.py",
        "*/api/*.py",
        "*/templatetags/*.py",
        "*/management/commands/*.py",
    ):
        found.update(PACKAGE.glob(pattern))
    return sorted(p for p in found if p.name != "__init__.py")


def _imported_modules(path: Path) -> list[str]:
    names = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
            # `from luoshi import plans` imports the app plans.
            if node.module == "luoshi":
                names += [f"luoshi.{a.name}" for a in node.names]
    return names


def _app_imports() -> dict[str, dict[str, list[str]]]:
    """app -> imported app -> the files (relative paths) that import it."""
    graph: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).parts
        if len(parts) < 2 or "tests" in parts or "migrations" in parts:
            continue
        app = parts[0]
        for name in _imported_modules(path):
            bits = name.split(".")
            if bits[0] == "luoshi" and len(bits) > 1 and bits[1] != app:
                graph[app][bits[1]].append(str(path.relative_to(PACKAGE)))
    return graph


def test_every_app_stands_on_a_floor():
    apps = {p.parent.name for p in PACKAGE.glob("*/__init__.py")}
    assert apps == set(FLOORS), f"give each app a floor: {sorted(apps ^ set(FLOORS))}"


@pytest.mark.parametrize("app", sorted(FLOORS))
def test_an_app_imports_only_apps_on_lower_floors(app):
    upward = {
        other: files
        for other, files in _app_imports()[app].items()
        if FLOORS.get(other, 99) > FLOORS[app]
    }
    assert not upward, f"{app} (floor {FLOORS[app]}) imports higher apps: {upward}"


def test_core_imports_no_other_luoshi_app():
    assert not _app_imports()["core"], dict(_app_imports()["core"])


def test_org_imports_neither_accounts_nor_anything_above():
    assert set(_app_imports()["org"]) <= {"core"}, dict(_app_imports()["org"])


def test_plans_imports_neither_supervision_nor_indicators():
    assert not {"supervision", "indicators", "demo"} & set(_app_imports()["plans"])


def test_only_configuration_imports_the_demo():
    importers = {app for app, imported in _app_imports().items() if "demo" in imported}
    assert importers <= {"config"}, importers


def test_no_import_cycle_between_apps():
    graph = {app: set(imported) for app, imported in _app_imports().items()}

    def reaches(start, goal, seen=()):
        return any(
            nxt == goal or (nxt not in seen and reaches(nxt, goal, (*seen, nxt)))
            for nxt in graph.get(start, ())
        )

    cycles = sorted(app for app in graph if reaches(app, app))
    assert not cycles, f"apps that import themselves through others: {cycles}"


@pytest.mark.parametrize("path", _thin_modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_thin_modules_call_selectors_and_services_instead_of_the_orm(path):
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


def _luoshi_imports(app: str) -> dict[str, list[str]]:
    """Every luoshi module an app's code imports -> the files that import it."""
    found: dict[str, list[str]] = defaultdict(list)
    for path in sorted((PACKAGE / app).rglob("*.py")):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                # `from luoshi.supervision import status` reaches luoshi.supervision.status.
                names = [f"{node.module}.{a.name}" for a in node.names]
            else:
                continue
            for name in names:
                if name.startswith("luoshi."):
                    found[name].append(str(path.relative_to(PACKAGE)))
    return found


def test_indicators_reach_supervision_only_through_the_status_read_model():
    reached = {
        name: files
        for name, files in _luoshi_imports("indicators").items()
        if name.startswith("luoshi.supervision") and name != "luoshi.supervision.status"
    }
    assert "luoshi.supervision.status" in _luoshi_imports("indicators")  # the dashboard's lights
    assert not reached, reached


def test_lights_are_computed_only_in_the_status_read_model():
    """No page family computes a light of its own: the light rules are imported by the
    status package alone."""
    outside = {}
    for app in FLOORS:
        for name, files in _luoshi_imports(app).items():
            if name.startswith("luoshi.supervision.status.lights"):
                files = [f for f in files if not f.startswith("supervision/status/")]
                if files:
                    outside[name] = files
    assert not outside, outside


def test_who_acted_is_decided_by_actor_or_none_alone():
    """`created_by`, `updated_by` and the audit's actor take the person through one helper
    (core.audit.actor_or_none), so a command or a background task is recorded alike."""
    pattern = re.compile(
        r"getattr\(\s*actor\s*,\s*[\"']is_authenticated[\"']\s*,\s*False\s*\)\s*else\s+None"
    )
    found = [
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if "migrations" not in path.parts
        and path != PACKAGE / "core" / "audit.py"
        and pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert found == []


def _indexed_columns(model) -> list[tuple[str, ...]]:
    """The column lists the database indexes for `model`: unique and db_index fields (a
    foreign key's own index included), Meta.indexes and unique constraints."""
    column = lambda name: model._meta.get_field(name.lstrip("-")).column  # noqa: E731
    found = [
        (f.column,)
        for f in model._meta.local_concrete_fields
        if not f.primary_key and (f.unique or f.db_index)
    ]
    found += [
        tuple(map(column, index.fields))
        for index in model._meta.indexes
        if not index.expressions and index.condition is None
    ]
    found += [
        tuple(map(column, c.fields))
        for c in model._meta.constraints
        if getattr(c, "fields", None) and getattr(c, "condition", None) is None
    ]
    found += [tuple(map(column, fields)) for fields in model._meta.unique_together]
    return found


def test_no_table_keeps_the_same_index_twice():
    """Every index is written on every insert: two on the same columns (a foreign key's own
    index and a Meta index on it) cost an import time and buy nothing."""
    from django.apps import apps

    twice = set()
    for model in apps.get_models():
        if model.__module__.startswith("luoshi."):
            indexed = _indexed_columns(model)
            twice |= {f"{model._meta.label}: {c}" for c in indexed if indexed.count(c) > 1}
    assert not twice, sorted(twice)
