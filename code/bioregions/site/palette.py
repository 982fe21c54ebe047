"""One colour per meaning, on every page: regions, deal types, partner types, statuses, countries.

Values and their order come from the schema (data/datapackage.json); each meaning has its own list of
hues, taken in that order, so a value keeps its colour in every chart, network and key."""
from __future__ import annotations

from functools import lru_cache

from ..data import allowed_values

# Colour-blind-aware hues; each list is longer than the schema's list of values for that meaning.
HUES = {
    ("firms", "region"): ["#d9822b", "#b23a48", "#7a5c99"],
    ("alliances", "deal_type"): ["#1f5f8b", "#d9822b", "#3c8d5a", "#b23a48", "#7a5c99", "#6b7a8f", "#c7a02e",
                                 "#2a9d8f", "#e07b91", "#8c6d31"],
    ("partners", "partner_type"): ["#1f5f8b", "#3c8d5a", "#2a9d8f", "#6b7a8f", "#c7a02e", "#e07b91", "#8c6d31",
                                   "#9aa5b1"],
    ("firms", "status"): ["#3c8d5a", "#1f5f8b", "#7a5c99", "#6b7a8f", "#c7a02e", "#2a9d8f"],
    # Belgium gold; Germany the hue German firms carry in networks.
    ("firms", "country"): ["#c7a02e", "#5b8fb9"],
    # Out (the firm grants rights), in, both ways, no rights transfer.
    ("alliances", "rights_direction"): ["#1f5f8b", "#d9822b", "#7a5c99", "#6b7a8f"],
}
# What a chart shows for an empty cell (a firm whose status no source reports).
MISSING = "not known"
MISSING_COLOUR = "#b8c0c8"
# Region hues mark Belgian firms; German firms, whose Länder carry no hue of their own, share Germany's.
OTHER_REGION = HUES[("firms", "country")][1]


@lru_cache(maxsize=None)
def colours(table: str, field: str) -> dict[str, str]:
    """{value: colour} for one meaning, in schema order (a value beyond the hue list is an error)."""
    values = allowed_values(table, field)
    hues = HUES[(table, field)]
    if table == "firms" and field == "region":
        hues = hues + [OTHER_REGION] * max(0, len(values) - len(hues))
    if len(values) > len(hues):
        raise ValueError(f"palette: {table}.{field} has {len(values)} values but only {len(hues)} hues")
    return dict(zip(values, hues))


def scale(table: str, field: str, present=None, missing: bool | str = False) -> tuple[list[str], list[str]]:
    """(domain, range) for an Altair colour scale: the schema's values (those `present`, if given) in order,
    plus a grey entry for empty cells when `missing` is set (True: labelled "not known"; a string: that label)."""
    mapping = colours(table, field)
    keep = set(map(str, present)) if present is not None else set(mapping)
    domain = [value for value in mapping if value in keep]
    hues = [mapping[value] for value in domain]
    if missing:
        domain, hues = domain + [missing if isinstance(missing, str) else MISSING], hues + [MISSING_COLOUR]
    return domain, hues


def css_name(field: str, value: str) -> str:
    """The CSS custom property that holds a meaning's colour, e.g. --colour-region-flanders."""
    slug = "".join(ch if ch.isalnum() else "-" for ch in value.lower()).strip("-")
    return f"--colour-{field.replace('_', '-')}-{slug}"


def css_colour(field: str, value: str, colour: str) -> str:
    """A CSS colour that reads the palette stylesheet's property, with the colour itself as the fallback."""
    return f"var({css_name(field, value)}, {colour})"


def css() -> str:
    """CSS custom properties for every meaning (`--colour-<field>-<value>`): assets/vendor/palette.css, which both
    renderers load, so that keys and stylesheets use the charts' and networks' colours."""
    lines = [":root {"]
    for (table, field) in HUES:
        for value, colour in colours(table, field).items():
            lines.append(f"  {css_name(field, value)}: {colour};")
    lines.append(f"  --colour-missing: {MISSING_COLOUR};")
    lines.append("}")
    return "\n".join(lines) + "\n"
