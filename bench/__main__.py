"""Run benchmarks: `python -m bench` (all but the optional ones) or `python -m bench NAME [options]`.

A benchmark is a module of this package with a `main(argv)` function; one that needs
something outside the project (`OPTIONAL = True`, e.g. a local LLM server) runs only
when named.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
from collections.abc import Callable
from pathlib import Path


def benchmarks() -> dict[str, Callable[[list[str]], None]]:
    found = {}
    for module in pkgutil.iter_modules([str(Path(__file__).parent)]):
        if module.name.startswith("_"):
            continue
        loaded = importlib.import_module(f"bench.{module.name}")
        if callable(getattr(loaded, "main", None)):
            found[module.name] = loaded.main
    return found


def main(argv: list[str]) -> None:
    available = benchmarks()
    if argv and argv[0] in ("-h", "--help"):
        print(f"{__doc__}\nbenchmarks: {', '.join(sorted(available))}")
        return
    if argv and argv[0] not in available:
        sys.exit(f"unknown benchmark {argv[0]!r}; choose from: {', '.join(sorted(available))}")
    if argv:
        available[argv[0]](argv[1:])
        return
    for name in sorted(available):
        if getattr(importlib.import_module(f"bench.{name}"), "OPTIONAL", False):
            print(f"(skipping the optional benchmark {name}: `python -m bench {name}` runs it)")
            continue
        available[name]([])


if __name__ == "__main__":
    main(sys.argv[1:])
