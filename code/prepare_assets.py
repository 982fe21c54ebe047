"""Quarto pre-render step (also run by the offline renderer): vendor the chart, network and table libraries;
write the version and commit line every page carries."""
from bioregions.site.assets import vendor_scripts, write_build_info

if __name__ == "__main__":
    for path in vendor_scripts() + [write_build_info()]:
        print(f"vendored {path.name} ({path.stat().st_size:,} bytes)")
