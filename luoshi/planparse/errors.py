"""The one error the parser raises: a readable, translatable reason a document cannot be parsed."""

from __future__ import annotations

# code -> (Chinese, English). Codes are stable: the Django layer keys its own translations on them.
MESSAGES: dict[str, tuple[str, str]] = {
    "empty": ("文件为空，没有可解析的内容", "The file is empty"),
    "too_large": (
        "文件过大（{size} 字节，上限 {limit} 字节）",
        "File too large ({size} bytes, limit {limit})",
    ),
    "binary": (
        "无法识别的文件内容（不是文本、Word 或 PDF 文档）",
        "Unrecognised content (not text, Word .docx or PDF)",
    ),
    "encoding": ("无法识别文本编码", "Cannot detect the text encoding"),
    "legacy_doc": (
        "不支持旧版 Word（.doc）格式，请另存为 .docx 后再导入",
        "Legacy Word .doc is not supported; save it as .docx",
    ),
    # The reader's exception (`detail`) stays in the error for the log, never in the words a
    # person reads ("PdfminerException" means nothing to them).
    "bad_docx": (
        "Word 文档已损坏或无法读取，请在 Word 中打开并另存为 .docx 后重新上传",
        "The Word document is damaged or cannot be read: open it in Word, save it as .docx again and upload that",
    ),
    "bad_pdf": (
        "PDF 文档已损坏或无法读取，请重新导出 PDF 或改传 Word 文档",
        "The PDF is damaged or cannot be read: export it again or upload the Word document",
    ),
    "pdf_no_text": (
        "PDF 没有文字层（可能是扫描件），请先进行文字识别（OCR）",
        "The PDF has no text layer (scanned?); run OCR first",
    ),
    "no_structure": (
        "未识别到方案结构（没有“一、”“（一）”“1.”等编号标题或任务）",
        "No plan structure found (no numbered headings or tasks)",
    ),
    "not_found": ("文件不存在：{path}", "File not found: {path}"),
    "archive_entries": (
        "Word 文档包含的文件过多（{count} 个，上限 {limit} 个），已拒绝",
        "The Word document holds too many entries ({count}, limit {limit})",
    ),
    "archive_too_large": (
        "Word 文档解压后过大（{size} 字节，上限 {limit} 字节），已拒绝",
        "The Word document expands to {size} bytes (limit {limit})",
    ),
    "archive_bomb": (
        "Word 文档的压缩比异常（{ratio} 倍），可能是压缩炸弹，已拒绝",
        "The Word document is compressed {ratio} times over: refused as a zip bomb",
    ),
    "unsafe_xml": (
        "Word 文档含有实体声明或外部引用（不安全的 XML），已拒绝",
        "The Word document declares XML entities or external references: refused",
    ),
    "too_many_lines": (
        "文本过长（超过 {limit} 行），不像一份方案",
        "The text has more than {limit} lines: not a plan",
    ),
    "too_many_paragraphs": (
        "文档段落过多（超过 {limit} 段），不像一份方案",
        "The document has more than {limit} paragraphs and table rows: not a plan",
    ),
    "paragraph_too_long": (
        "文档中有超过 {limit} 字的段落，不像一份方案",
        "A paragraph runs over {limit} characters: not a plan",
    ),
    "element_too_large": (
        "Word 文档中有过大的段落或表格（超过 {limit} 个 XML 元素），已拒绝",
        "A paragraph or table of the Word document holds over {limit} XML elements: refused",
    ),
    "too_many_pages": (
        "PDF 页数过多（{pages} 页，上限 {limit} 页）",
        "The PDF has too many pages ({pages}, limit {limit})",
    ),
    "too_many_tasks": (
        "识别出的任务过多（{count} 项，上限 {limit} 项），请检查文档",
        "Too many tasks found ({count}, limit {limit}): check the document",
    ),
}


class PlanParseError(ValueError):
    """A document that cannot become a plan.

    ``code`` is stable for programs; ``message_zh`` and ``message_en`` are one-line messages
    for people. ``str(error)`` gives the Chinese message followed by the English one.
    """

    def __init__(self, code: str, **params: object) -> None:
        zh, en = MESSAGES[code]
        self.code = code
        self.params = params
        self.message_zh = zh.format(**params)
        self.message_en = en.format(**params)
        super().__init__(f"{self.message_zh} ({self.message_en})")

    def message(self, language: str = "zh") -> str:
        return self.message_en if language.lower().startswith("en") else self.message_zh
