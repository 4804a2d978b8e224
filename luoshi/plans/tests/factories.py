"""Documents for tests: a plan as .docx, and synthetic plans of any size."""

import io


def docx_bytes(paragraphs: list[str]) -> bytes:
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


UNITS = [
    "市科技局",
    "市发展改革委",
    "市经济和信息化局",
    "市财政局",
    "市教育体育局",
    "市商务局",
    "市统计局",
]


def plan_text(
    title: str,
    tasks: int,
    sections: int = 2,
    units: list[str] | None = None,
    group: str = "各县(市、区)政府",
) -> str:
    """A plan in the Suining genre with `tasks` tasks spread over `sections` sections; every
    task's cooperating units end with `group` (none when empty)."""
    units = units or UNITS
    lines = [
        title,
        "一、总体要求",
        "(一)发展目标。到2025年,科技型中小企业达到600家。",
        "二、重点任务",
    ]
    per_section = max(1, -(-tasks // sections))
    number = 0
    for s in range(sections):
        lines.append(f"({'一二三四五六七八九十'[s % 10]})第{s + 1}组工作")
        for _ in range(per_section):
            if number >= tasks:
                break
            number += 1
            lead = units[number % len(units)]
            coop = "、".join([*(u for u in units[:3] if u != lead), *([group] if group else [])])
            lines.append(
                f"{number}.推进第{number}项工作。认真做好第{number}项工作。(责任单位:{lead},{coop})"
            )
    return "\n".join(lines) + "\n"
