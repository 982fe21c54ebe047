"""Quarto pre-render step (also run by the offline renderer): vendor the chart and network libraries."""
from bioregions.site.assets import vendor_scripts

if __name__ == "__main__":
    for path in vendor_scripts():
        print(f"vendored {path.name} ({path.stat().st_size:,} bytes)")
