"""Command line: `python -m sitebuild build | stale | bench | clean`."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import BuildError
from .build import build


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sitebuild", description=__doc__)
    parser.add_argument("command", choices=["build", "stale", "bench", "clean"],
                        help="stale: list the pages the next offline build would execute")
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="project folder (has _quarto.yml)")
    parser.add_argument("--engine", choices=["auto", "offline", "quarto"], default="auto")
    parser.add_argument("--jobs", type=int, default=2, help="pages executed in parallel")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    try:
        if args.command == "build":
            build(root, engine=args.engine, jobs=args.jobs)
        elif args.command == "stale":
            from .build import stale_pages
            print("\n".join(stale_pages(root)) or "(no page would execute: every page is cached)")
        elif args.command == "bench":
            from .bench import run_bench
            run_bench(root, jobs=args.jobs)
        else:
            import shutil

            from .project import load_project
            out = load_project(root).output_dir
            for name in (out, ".cache/sitebuild", f".{out}.building"):
                shutil.rmtree(root / name, ignore_errors=True)
    except BuildError as exc:
        print(f"BUILD FAILED: {exc}", file=sys.stderr)
        print("The previous site, if any, was left as it was.", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
