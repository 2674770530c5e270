"""The command line: `reader [PATH…]`, `reader export`, `reader diff`."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from reader import __version__

COMMANDS = ("export", "diff")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="reader",
        description="Read, compare and export collections of scraped news articles.",
        epilog="With no PATH, opens the sample articles. Commands: "
        "`reader export [PATH…]` (JSON Lines), `reader diff A B` (side-by-side diff).",
    )
    parser.add_argument("--version", action="version", version=f"reader {__version__}")
    parser.add_argument("paths", nargs="*", metavar="PATH", help="files or folders to open")
    return parser


def build_export_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="reader export",
        description="Print the articles under each PATH as JSON Lines.",
    )
    parser.add_argument("paths", nargs="*", metavar="PATH", help="files or folders")
    parser.add_argument("-o", "--output", metavar="FILE", help="write to FILE, not stdout")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] == "export":
        from reader.export import run_export

        return run_export(build_export_parser().parse_args(args[1:]))
    if args and args[0] == "diff":
        from reader.diff_cli import run_diff

        return run_diff(args[1:])
    options = build_parser().parse_args(args)
    from reader.app import run_app

    return run_app(options.paths)
