"""bioregions: the research library behind the site (data loading and validation, charts, networks)."""
from .charts import use_site_renderers
from .data import (
    DataValidationError,
    agreed_deals,
    load_alliances,
    load_bioregions,
    load_firms,
    load_indicators,
    load_partners,
    load_policy_events,
    load_sources,
    validate,
)
from .paths import DATA_DIR, PROJ_ROOT
from .tables import md_text, num, share, table, with_qualifier

__all__ = [
    "DATA_DIR", "PROJ_ROOT", "DataValidationError", "agreed_deals", "load_alliances", "load_bioregions", "load_firms",
    "load_indicators", "load_partners", "load_policy_events", "load_sources", "md_text", "num", "share", "table", "with_qualifier",
    "use_site_renderers", "validate",
]
