"""Quarto pre-render step (also run by the offline renderer): vendor the chart, network and table libraries;
write the version and commit line every page carries; write a profile page for every firm (firms/*.qmd and the
book part _firms.yml, which _quarto.yml reads through metadata-files)."""
from bioregions.site.assets import vendor_scripts, write_build_info
from bioregions.site.profiles import write_profiles

if __name__ == "__main__":
    for path in vendor_scripts() + [write_build_info()]:
        print(f"vendored {path.name} ({path.stat().st_size:,} bytes)")
    print(f"firm profiles: {len(write_profiles())} pages")
