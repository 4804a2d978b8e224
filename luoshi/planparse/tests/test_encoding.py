"""Text files in any common Chinese encoding decode to the same plan."""

from __future__ import annotations

import pytest

from luoshi.planparse import parse_bytes
from luoshi.planparse.readers import decode

from .conftest import MINI_PLAN

RARE = "䶮"  # in GB18030, not in GBK


@pytest.mark.parametrize(
    "encoding",
    ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "gbk", "gb18030", "gb2312"],
)
def test_every_encoding_gives_the_same_plan(encoding):
    reference = parse_bytes(MINI_PLAN.encode("utf-8"), "a.txt").to_dict()
    assert parse_bytes(MINI_PLAN.encode(encoding), "a.txt").to_dict() == reference


def test_gb18030_only_characters_survive():
    text = MINI_PLAN.replace("益农信息社服务功能", f"{RARE}岭益农信息社服务功能")
    with pytest.raises(UnicodeEncodeError):
        text.encode("gbk")
    assert RARE in decode(text.encode("gb18030"))


def test_utf8_is_tried_strictly_first():
    # Valid UTF-8 must never be decoded as GBK mojibake.
    assert decode(MINI_PLAN.encode("utf-8")) == MINI_PLAN


def test_byte_order_mark_is_removed():
    assert not decode(MINI_PLAN.encode("utf-8-sig")).startswith("\ufeff")
    assert not decode(MINI_PLAN.encode("utf-16")).startswith("\ufeff")


def test_windows_line_endings_are_accepted():
    crlf = MINI_PLAN.replace("\n", "\r\n").encode("gbk")
    assert len(parse_bytes(crlf, "a.txt").tasks) == 3


def test_format_is_judged_by_content_not_extension():
    # A text plan saved with a .pdf or .docx name still parses as text.
    assert len(parse_bytes(MINI_PLAN.encode("gbk"), "plan.pdf").tasks) == 3
    assert len(parse_bytes(MINI_PLAN.encode("utf-8"), "plan.docx").tasks) == 3
