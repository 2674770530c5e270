"""The command line: `reader [PATH…]`, `reader export`, `reader diff`, `reader cache`."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from reader import __version__

COMMANDS = ("export", "diff", "cache")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="reader",
        description="Read, compare and export collections of scraped news articles.",
        epilog="With no PATH, opens the sample articles. Commands: "
        "`reader export [PATH…]` (JSON Lines), `reader diff A B` (side-by-side diff), "
        "`reader cache info|clear`.",
    )
    parser.add_argument("--version", action="version", version=f"reader {__version__}")
    add_store_options(parser)
    parser.add_argument("paths", nargs="*", metavar="PATH", help="files or folders to open")
    return parser


def add_store_options(parser: argparse.ArgumentParser, data: bool = True) -> None:
    parser.add_argument(
        "--cache-dir", metavar="DIR", help="where parsed files are cached ($READER_CACHE_DIR)"
    )
    if data:
        parser.add_argument(
            "--data-dir", metavar="DIR", help="where read marks are kept ($READER_DATA_DIR)"
        )


def use_store_options(options: argparse.Namespace) -> None:
    """Options win over the environment; passing them on through it means every
    part that opens the store (the app included) sees the same folders."""
    if getattr(options, "cache_dir", None):
        os.environ["READER_CACHE_DIR"] = options.cache_dir
    if getattr(options, "data_dir", None):
        os.environ["READER_DATA_DIR"] = options.data_dir


def build_export_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="reader export",
        description="Print the articles under each PATH as JSON Lines.",
    )
    parser.add_argument("paths", nargs="*", metavar="PATH", help="files or folders")
    parser.add_argument("-o", "--output", metavar="FILE", help="write to FILE, not stdout")
    parser.add_argument("--no-cache", action="store_true", help="read every file, skip the cache")
    add_store_options(parser, data=False)
    return parser


def build_cache_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="reader cache",
        description="Show or clear the cache of parsed files (read marks are never touched).",
    )
    parser.add_argument("action", choices=("info", "clear"))
    add_store_options(parser)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] == "export":
        from reader.export import run_export

        options = build_export_parser().parse_args(args[1:])
        use_store_options(options)
        return run_export(options)
    if args and args[0] == "diff":
        from reader.diff_cli import run_diff

        return run_diff(args[1:])
    if args and args[0] == "cache":
        from reader.cache_cli import run_cache

        options = build_cache_parser().parse_args(args[1:])
        use_store_options(options)
        return run_cache(options)
    options = build_parser().parse_args(args)
    use_store_options(options)
    from reader.app import run_app

    return run_app(options.paths)
