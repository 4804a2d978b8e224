"""The bounds every reader keeps, so a hostile file costs a bounded amount of time and memory.

Real plans stay far below them: a provincial plan with its annexes runs to a few hundred
paragraphs, a few hundred tasks, a .docx of a few dozen entries whose document part
compresses 5–20 times, a PDF of well under a hundred pages. Anything beyond is refused with a
``PlanParseError`` naming the limit (measured in ``bench/bench_parse.py --hostile``).
"""

from __future__ import annotations

# .docx archives
MAX_ARCHIVE_ENTRIES = 1_000  # entries in the zip
MAX_EXPANDED_BYTES = 64 * 1024 * 1024  # sum of the entries' declared sizes
MAX_INFLATION = 100  # document part: expanded size over compressed size (above 1 MB)

# Every format
MAX_LINES = 200_000  # lines of a text file, counted before it is split
MAX_BLOCKS = 20_000  # paragraphs and table rows
MAX_PARAGRAPH_CHARS = 50_000  # one paragraph (a long task runs to a few thousand)
MAX_TASKS = 2_000

# PDF
MAX_PDF_PAGES = 300
