"""bioregions: the research core behind the site. Load and validate the data package, name the domain's
categories (NBFs, agreed deals, alliances versus takeovers), build graphs and their measures.

It imports pandas, Frictionless (when validating) and networkx only; the site's charts, network views and
tables live in `bioregions.site`."""
from .data import (
    DataValidationError,
    allowed_values,
    load_alliances,
    load_all,
    load_bioregions,
    load_firms,
    load_indicators,
    load_partners,
    load_policy_events,
    load_sources,
    load_table,
    package_descriptor,
    validate,
)
from .domain import (
    agreed_deals,
    alliances_only,
    anchors,
    deals_with_names,
    failed_bids,
    how_to_cite,
    nbfs,
    owned_by_another_company,
    takeovers,
)
from .paths import DATA_DIR, DATAPACKAGE, PROJ_ROOT

__all__ = [
    "DATAPACKAGE", "DATA_DIR", "PROJ_ROOT", "DataValidationError", "agreed_deals", "alliances_only", "allowed_values",
    "anchors", "deals_with_names", "failed_bids", "how_to_cite", "load_all", "load_alliances", "load_bioregions",
    "load_firms", "load_indicators", "load_partners", "load_policy_events", "load_sources", "load_table", "nbfs",
    "owned_by_another_company", "package_descriptor", "takeovers", "validate",
]
