"""Command line: ``python -m luoshi.planparse FILE --format json|md|xlsx|docx [-o OUT]``.

JSON and Markdown go to stdout (UTF-8) unless ``-o`` is given; xlsx and docx need ``-o``.
A document that cannot be parsed prints one line on stderr and exits with status 2.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TextIO

from . import DEFAULT_MAX_BYTES, PlanParseError, parse_file
from .export import to_markdown, write_docx, write_xlsx

FORMATS = ("json", "md", "xlsx", "docx")


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage errors through our streams, without exiting the process."""

    def __init__(self, *args, stderr: TextIO, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._stderr = stderr

    def error(self, message: str):
        raise _UsageError(message)

    def print_help(self, file=None) -> None:
        super().print_help(file or self._stderr)

    def exit(self, status: int = 0, message: str | None = None):
        if message:
            self._stderr.write(message)
        raise _Exit(status)


class _UsageError(Exception):
    pass


class _Exit(Exception):
    def __init__(self, status: int) -> None:
        self.status = status


def _build_parser(stderr: TextIO) -> _Parser:
    parser = _Parser(
        prog="python -m luoshi.planparse",
        description="Parse a government action plan (text, .docx or text PDF) into a structured plan.",
        stderr=stderr,
    )
    parser.add_argument("file", help="plan document: .txt (any Chinese encoding), .docx or .pdf")
    parser.add_argument("--format", "-f", choices=FORMATS, default="json", help="output format")
    parser.add_argument("-o", "--output", help="output file (required for xlsx and docx)")
    parser.add_argument(
        "--max-bytes",
        type=int,
        default=DEFAULT_MAX_BYTES,
        help="refuse larger inputs (default 20 MB)",
    )
    parser.add_argument(
        "--lang", choices=("zh", "en"), default="zh", help="language of error messages"
    )
    return parser


def main(
    argv: list[str] | None = None, stdout: TextIO | None = None, stderr: TextIO | None = None
) -> int:
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    parser = _build_parser(stderr)
    try:
        args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    except _UsageError as exc:
        stderr.write(f"{parser.prog}: {exc}\n")
        return 2
    except _Exit as exc:
        return exc.status
    if args.format in ("xlsx", "docx") and not args.output:
        stderr.write(f"{parser.prog}: --format {args.format} needs -o OUTPUT\n")
        return 2
    try:
        plan = parse_file(args.file, max_bytes=args.max_bytes)
        if args.format in ("json", "md"):
            text = (
                json.dumps(plan.to_dict(), ensure_ascii=False, indent=2) + "\n"
                if args.format == "json"
                else to_markdown(plan)
            )
            if args.output:
                with open(args.output, "w", encoding="utf-8") as fh:
                    fh.write(text)
            else:
                _write_utf8(stdout, text)
        elif args.format == "xlsx":
            write_xlsx(plan, args.output)
        else:
            write_docx(plan, args.output)
    except PlanParseError as exc:
        stderr.write(f"{exc.message(args.lang)}\n")
        return 2
    except OSError as exc:
        stderr.write(f"{exc.strerror or exc}: {exc.filename or args.output}\n")
        return 2
    return 0


def _write_utf8(stream: TextIO, text: str) -> None:
    """Write UTF-8 whatever the console encoding; fall back to text for StringIO and the like."""
    buffer = getattr(stream, "buffer", None)
    if buffer is not None:
        stream.flush()
        buffer.write(text.encode("utf-8"))
        buffer.flush()
    else:
        stream.write(text)
