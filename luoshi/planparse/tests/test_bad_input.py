"""Input that cannot be a plan raises PlanParseError with a code and a message in both
languages; never a traceback, never a silently empty plan."""

from __future__ import annotations

import io
import zipfile

import pytest

from luoshi.planparse import PlanParseError, parse_bytes, parse_file, parse_text

from .conftest import image_only_pdf


def _error(data: bytes, name: str = "x.txt", **kwargs) -> PlanParseError:
    with pytest.raises(PlanParseError) as info:
        parse_bytes(data, name, **kwargs)
    return info.value


def test_error_is_a_value_error_with_code_and_one_line_messages():
    err = _error(b"")
    assert isinstance(err, ValueError)
    assert err.code == "empty"
    assert err.message_zh and err.message_en
    assert "\n" not in str(err)
    assert err.message("en") == err.message_en
    assert err.message("zh") == err.message_zh


@pytest.mark.parametrize("data", [b"", b"   \n\n\t  ", "\ufeff".encode()])
def test_empty_files_are_refused(data):
    assert _error(data).code == "empty"


def test_empty_text_is_refused():
    with pytest.raises(PlanParseError) as info:
        parse_text("  \n ")
    assert info.value.code == "empty"


def test_binary_garbage_is_refused():
    garbage = bytes((i * 7919 + 13) % 256 for i in range(6000))
    assert _error(garbage, "plan.txt").code == "binary"


@pytest.mark.parametrize("magic", [b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff\xe0", b"\x1f\x8b\x08"])
def test_images_and_archives_are_refused_whatever_their_name(magic):
    assert _error(magic + b"\x00" * 200, "plan.txt").code == "binary"


def test_legacy_word_doc_asks_for_docx():
    assert (
        _error(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500, "plan.doc").code == "legacy_doc"
    )


def test_zip_that_is_not_a_word_document_is_refused():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("xl/workbook.xml", "<workbook/>")
    assert _error(buf.getvalue(), "plan.docx").code == "binary"


def test_truncated_docx_is_reported_as_damaged():
    assert _error(b"PK\x03\x04" + b"\x00" * 300, "plan.docx").code == "bad_docx"


def test_scanned_pdf_without_text_layer_asks_for_ocr():
    assert _error(image_only_pdf(), "scan.pdf").code == "pdf_no_text"


def test_damaged_pdf_is_reported():
    assert _error(b"%PDF-1.7\n" + b"\x00garbage" * 50, "plan.pdf").code in (
        "bad_pdf",
        "pdf_no_text",
    )


def test_text_without_any_structure_is_refused():
    text = "这是一段普通的文字，没有标题，也没有编号。\n我们今天讨论天气，明天讨论交通。\n"
    assert _error(text.encode(), "note.txt").code == "no_structure"


def test_english_text_is_refused_as_having_no_structure():
    assert _error(b"hello world\nno plan here\n", "a.txt").code == "no_structure"


def test_oversized_input_is_refused_before_parsing(tmp_path):
    big = tmp_path / "big.txt"
    big.write_bytes(b"a" * 2048)
    with pytest.raises(PlanParseError) as info:
        parse_file(big, max_bytes=1024)
    assert info.value.code == "too_large"
    assert _error(b"a" * 2048, max_bytes=1024).code == "too_large"
    with pytest.raises(PlanParseError):
        parse_text("一、" + "字" * 3000, max_bytes=1024)


def test_default_size_limit_is_20_megabytes():
    from luoshi.planparse import DEFAULT_MAX_BYTES

    assert DEFAULT_MAX_BYTES == 20 * 1024 * 1024


def test_missing_file_is_a_parse_error(tmp_path):
    with pytest.raises(PlanParseError) as info:
        parse_file(tmp_path / "nope.txt")
    assert info.value.code == "not_found"


def test_clause_without_units_is_a_warning_not_a_crash():
    plan = parse_text(
        "XX方案\n一、重点任务\n1.做好甲工作。内容。（责任单位：）\n2.做好乙工作。内容。（责任单位：市财政局）\n"
    )
    assert [t.lead_units for t in plan.tasks] == [(), ("市财政局",)]
    assert any("未列出单位" in w for w in plan.warnings)


def test_unknown_looking_unit_is_flagged():
    plan = parse_text("XX方案\n一、重点任务\n1.做好甲工作。内容。（责任单位：尽快落实到位）\n")
    assert any("尽快落实到位" in w and "不像单位名称" in w for w in plan.warnings)
