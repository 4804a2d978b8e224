"""Hostile files (generated here, never committed) are refused with a clear bilingual
reason, in bounded time and memory: the limits of ``luoshi.planparse.limits``."""

from __future__ import annotations

import time
import tracemalloc

import pytest

from luoshi.planparse import PlanParseError, parse_bytes, parse_text
from luoshi.planparse.limits import MAX_BLOCKS, MAX_PDF_PAGES

from . import hostile
from .conftest import docx_bytes

# The bound the issue sets for every reader on every hostile file.
SECONDS = 5.0
PEAK_MB = 200

EXPECTED = {
    "docx_inflated_62kb_to_20mb": "archive_bomb",
    "docx_120k_paragraphs": "too_many_paragraphs",
    "docx_giant_paragraph": "element_too_large",
    "docx_deep_nesting": "bad_docx",
    "docx_billion_laughs": "unsafe_xml",
    "docx_external_entity": "unsafe_xml",
    "docx_zip_bomb_256mb": "archive_too_large",
    "docx_100k_entries": "archive_entries",
    "pdf_5000_pages": "too_many_pages",
    "pdf_5000_pages_declaring_1": "too_many_pages",
    "text_20mb_line_breaks": "too_many_lines",
    "text_18mb_paragraph": "paragraph_too_long",
}


def test_every_hostile_file_has_an_expected_refusal():
    assert set(EXPECTED) == set(hostile.ALL)


@pytest.mark.parametrize("name", sorted(hostile.ALL))
def test_hostile_file_is_refused_in_bounded_time_and_memory(name):
    data = hostile.ALL[name]()
    started = time.perf_counter()
    with pytest.raises(PlanParseError) as refused:
        parse_bytes(data, name, max_bytes=20 * 1024 * 1024)
    elapsed = time.perf_counter() - started
    assert refused.value.code == EXPECTED[name]
    assert refused.value.message_zh and refused.value.message_en
    assert elapsed < SECONDS, f"{name} took {elapsed:.1f} s"
    tracemalloc.start()
    try:
        with pytest.raises(PlanParseError):
            parse_bytes(data, name, max_bytes=20 * 1024 * 1024)
        peak = tracemalloc.get_traced_memory()[1] / 1024 / 1024
    finally:
        tracemalloc.stop()
    assert peak < PEAK_MB, f"{name} peaked at {peak:.0f} MB"


def test_the_inflated_docx_is_small_and_would_expand_to_twenty_megabytes():
    data = hostile.docx_inflated()
    assert len(data) < 100 * 1024
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert zf.getinfo("word/document.xml").file_size >= 19 * 1024 * 1024


def test_a_real_document_near_the_limits_still_parses():
    # A long plan: 300 tasks with clauses, well inside every limit.
    lines = ["XX市三年行动方案", "一、重点任务"]
    lines += [
        f"{k}.推进第{k}项工作。内容。（责任单位：市发展改革委，市财政局）" for k in range(1, 301)
    ]
    data = docx_bytes(lines)
    plan = parse_bytes(data, "long.docx")
    assert len(plan.tasks) == 300
    assert plan.tasks[0].lead_units == ("市发展改革委",)


def test_limits_are_stated_in_the_message():
    with pytest.raises(PlanParseError) as refused:
        parse_bytes(hostile.pdf_many_pages(MAX_PDF_PAGES + 1))
    assert str(MAX_PDF_PAGES) in refused.value.message_zh
    with pytest.raises(PlanParseError) as refused:
        parse_text("XX方案\n" + "一、甲\n" * (MAX_BLOCKS + 1))
    assert refused.value.code == "too_many_paragraphs"
    assert str(MAX_BLOCKS) in refused.value.message_en


@pytest.mark.parametrize(
    "fixture", ["v06_nanchong_docx_task_table.docx", "v08_leshan_text_pdf.pdf"]
)
def test_damaged_files_are_refused_never_crash(fixture):
    import logging
    import random

    from .golden import FIXTURES

    original = (FIXTURES / fixture).read_bytes()
    rng = random.Random(11)
    logging.disable(logging.WARNING)  # pdfminer reports every damaged stream
    try:
        for _ in range(40):
            data = bytearray(original)
            if rng.random() < 0.5:
                del data[rng.randrange(len(data)) :]
            else:
                for _ in range(rng.choice([1, 5, 20])):
                    data[rng.randrange(len(data))] = rng.randrange(256)
            try:
                parse_bytes(bytes(data))
            except PlanParseError:
                pass
    finally:
        logging.disable(logging.NOTSET)
