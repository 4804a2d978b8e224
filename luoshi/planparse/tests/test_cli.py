"""The command line: outputs, exit codes, one-line errors."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

from luoshi.planparse.cli import main
from luoshi.planparse.model import RULES

from .golden import FIXTURES

SUINING = str(FIXTURES / "suining-2022-action-plan.txt")
ROOT = Path(__file__).resolve().parents[3]


def _run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_json_goes_to_stdout_unescaped():
    code, out, err = _run(SUINING, "--format", "json")
    assert code == 0 and err == ""
    data = json.loads(out)
    assert data["title"] == "遂宁市增强协同创新发展能力行动方案"
    assert "遂宁" in out and "\\u" not in out


def test_markdown_goes_to_stdout():
    code, out, _ = _run(SUINING, "--format", "md")
    assert code == 0 and out.startswith("# 遂宁市")


def test_xlsx_and_docx_are_written_to_the_output_file(tmp_path):
    for fmt in ("xlsx", "docx"):
        target = tmp_path / f"plan.{fmt}"
        assert _run(SUINING, "--format", fmt, "-o", str(target))[0] == 0
        assert target.read_bytes().startswith(b"PK")


def test_json_can_be_written_to_a_file(tmp_path):
    target = tmp_path / "plan.json"
    assert _run(SUINING, "-o", str(target))[0] == 0
    assert json.loads(target.read_text(encoding="utf-8"))["issuer"] == "遂宁市人民政府办公室"


def test_binary_formats_need_an_output_file():
    code, out, err = _run(SUINING, "--format", "xlsx")
    assert code == 2 and out == "" and err.count("\n") == 1


def test_unparseable_input_is_one_line_on_stderr_with_status_2(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    code, out, err = _run(str(empty))
    assert (code, out) == (2, "")
    assert err == "文件为空，没有可解析的内容\n"
    code, _, err = _run(str(empty), "--lang", "en")
    assert err == "The file is empty\n"


def test_missing_file_and_bad_arguments_exit_2_without_traceback(tmp_path):
    assert _run(str(tmp_path / "nope.txt"))[0] == 2
    code, _, err = _run(SUINING, "--format", "pdf")
    assert code == 2 and "Traceback" not in err
    assert _run()[0] == 2


def test_unwritable_output_is_reported(tmp_path):
    code, _, err = _run(SUINING, "--format", "xlsx", "-o", str(tmp_path / "missing-dir" / "x.xlsx"))
    assert code == 2 and "Traceback" not in err and err.count("\n") == 1


def test_runs_as_a_module():
    result = subprocess.run(
        [sys.executable, "-m", "luoshi.planparse", SUINING, "--format", "json"],
        capture_output=True,
        cwd=ROOT,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr.decode()
    assert json.loads(result.stdout.decode("utf-8"))["date"] == "2022-06-02"


def test_json_contract_carries_rule_and_confidence_per_task_and_chapter_text():
    code, out, _ = _run(SUINING, "--format", "json")
    data = json.loads(out)
    assert code == 0
    first = data["tasks"][0]
    assert first["rule"] == "rule_comma" and 0 < first["confidence"] <= 1
    assert {t["rule"] for t in data["tasks"]} <= set(RULES)
    guarantee = next(c for c in data["chapters"] if c["title"] == "保障措施")
    assert guarantee["text"].startswith("(一)强化组织领导")
    assert data["parent_reference"] == "川办发〔2022〕13号"
