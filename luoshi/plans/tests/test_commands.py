"""Command-line tools: exit codes are exactly 0 or 2, with one line and no traceback on errors."""

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from luoshi.org.models import UnitAlias
from luoshi.plans.models import Plan, PlanRevision, Task

ROOT = Path(__file__).resolve().parents[3]
DATA = ROOT / "luoshi" / "plans" / "data" / "suining-2022-action-plan.txt"


def run(command, *args, **options):
    """(exit code, stdout, stderr) of a management command called in-process."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command(command, *args, stdout=out, stderr=err, **options)
        code = 0
    except SystemExit as exc:
        code = exc.code
    return code, out.getvalue(), err.getvalue()


def with_unknown(tmp_path) -> Path:
    path = tmp_path / "plan.txt"
    path.write_text(DATA.read_text("utf-8").replace("市科协)", "市科学技术普及协会)"), "utf-8")
    return path


@pytest.mark.django_db
def test_import_plan_imports_and_a_second_run_changes_nothing(directory, units):
    code, out, _ = run("import_plan", str(DATA), region="遂宁市", coordinating_unit="市科技局")
    assert code == 0 and "Imported plan" in out
    plan = Plan.objects.get()
    assert plan.coordinating_unit == units["kjj"] and Task.objects.filter(plan=plan).count() == 25
    code, out, _ = run("import_plan", str(DATA))
    assert code == 0 and "nothing changed" in out
    assert PlanRevision.objects.count() == 1


@pytest.mark.django_db
def test_import_plan_dry_run_prints_the_preview_and_writes_nothing(directory):
    code, out, _ = run("import_plan", str(DATA), dry_run=True)
    assert code == 0
    assert (
        "遂宁市增强协同创新发展能力行动方案" in out and "25" in out and "川办发〔2022〕13号" in out
    )
    assert not Plan.objects.exists()


@pytest.mark.django_db
def test_import_plan_exits_2_on_unknown_units_unless_mapped(directory, units, tmp_path):
    path = with_unknown(tmp_path)
    code, _, err = run("import_plan", str(path))
    assert code == 2 and "市科学技术普及协会" in err and len(err.strip().splitlines()) == 1
    assert not Plan.objects.exists()
    code, out, _ = run("import_plan", str(path), map=["市科学技术普及协会=市科协"])
    assert code == 0 and "Imported plan" in out
    assert UnitAlias.objects.filter(unit=units["kx"], name="市科学技术普及协会").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("args", "options", "fragment"),
    [
        (["/no/such/file.txt"], {}, "no such file"),
        ([None], {}, "garbage.txt"),
        ([str(DATA)], {"region": "火星市"}, "no single place"),
        ([str(DATA)], {"map": ["市科协=不存在的局"]}, "is not a unit"),
        ([str(DATA)], {"coordinating_unit": "不存在的局"}, "is not a unit"),
    ],
    ids=["missing-file", "garbage", "unknown-region", "bad-map", "bad-office"],
)
def test_import_plan_errors_exit_2_with_one_line(directory, tmp_path, args, options, fragment):
    if args == [None]:
        garbage = tmp_path / "garbage.txt"
        garbage.write_bytes(bytes(range(256)) * 20)
        args = [str(garbage)]
    code, _, err = run("import_plan", *args, **options)
    assert code == 2 and fragment in err and len(err.strip().splitlines()) == 1
    assert not Plan.objects.exists()


@pytest.mark.django_db
def test_export_breakdown_writes_the_file_or_exits_2(plan, tmp_path):
    out = tmp_path / "b.docx"
    code, stdout, _ = run("export_breakdown", plan=plan.pk, fmt="docx", output=str(out))
    assert code == 0 and out.stat().st_size > 1000
    code, _, err = run("export_breakdown", plan=999999, fmt="xlsx", output=str(tmp_path / "x.xlsx"))
    assert code == 2 and "no plan" in err
    code, _, err = run(
        "export_breakdown", plan=plan.pk, fmt="xlsx", output=str(tmp_path / "no" / "dir" / "x.xlsx")
    )
    assert code == 2 and "cannot write" in err


def test_parse_in_process_returns_the_parsers_exit_code(tmp_path):
    code, out, _ = run("parse", str(DATA), "--format", "md")
    assert code == 0 and "任务分解表" in out
    garbage = tmp_path / "garbage.bin"
    garbage.write_bytes(bytes(range(256)) * 20)
    code, _, err = run("parse", str(garbage))
    assert code == 2 and err.strip()


def luoshi(*args):
    env = {
        **os.environ,
        "LUOSHI_VAR_DIR": str(Path(os.environ.get("TMPDIR", "/tmp")) / "luoshi-cli-test"),
    }
    return subprocess.run(
        [sys.executable, "-m", "luoshi", *args], cwd=ROOT, env=env, capture_output=True, timeout=120
    )


def test_luoshi_parse_prints_json_and_exits_0():
    result = luoshi("parse", str(DATA), "--format", "json")
    assert result.returncode == 0, result.stderr.decode()
    parsed = json.loads(result.stdout.decode("utf-8"))
    assert len(parsed["tasks"]) == 25 and parsed["title"] == "遂宁市增强协同创新发展能力行动方案"


def test_luoshi_parse_writes_xlsx_with_o(tmp_path):
    out = tmp_path / "p.xlsx"
    result = luoshi("parse", str(DATA), "--format", "xlsx", "-o", str(out))
    assert result.returncode == 0 and out.exists()


@pytest.mark.parametrize(
    "args",
    [
        ["parse", "/no/such/file.txt"],
        ["parse", "GARBAGE"],
        ["parse"],
        ["parse", str(DATA), "--format", "xlsx"],
    ],
    ids=["missing", "garbage", "no-args", "xlsx-without-o"],
)
def test_luoshi_parse_errors_exit_2_with_one_line_and_no_traceback(tmp_path, args):
    if "GARBAGE" in args:
        garbage = tmp_path / "garbage.txt"
        garbage.write_bytes(bytes(range(256)) * 20)
        args = [a if a != "GARBAGE" else str(garbage) for a in args]
    result = luoshi(*args)
    stderr = result.stderr.decode()
    assert result.returncode == 2
    assert "Traceback" not in stderr and stderr.strip()
