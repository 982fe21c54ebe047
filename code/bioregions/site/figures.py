"""Static exports of every chart into figures/ (SVG via vl-convert, no browser)."""
from __future__ import annotations

from pathlib import Path

from ..data import load_all
from ..facts import belgian
from ..paths import PROJ_ROOT
from . import charts

FIGURES_DIR = PROJ_ROOT / "figures" if PROJ_ROOT else None


def figure_specs() -> dict:
    """Every site chart, by file stem, built from the validated data."""
    tables = load_all()
    indicators = tables["indicators"]
    firms, deals = belgian(tables)
    return {
        "deals-per-year": charts.deals_per_year_chart(deals),
        "foundings": charts.foundings_chart(firms),
        "policy-timeline": charts.policy_timeline_chart(tables["policy_events"]),
        "partner-types": charts.partner_types_chart(deals, tables["partners"]),
        "firm-outcomes": charts.firm_outcomes_chart(firms),
        "germany-dedicated-firms": charts.indicator_chart(indicators, "Germany", "number of dedicated biotech firms",
                                                          "Dedicated biotech firms, Germany"),
        "belgium-listed-value": charts.indicator_chart(indicators, "Belgium", "listed biotech market capitalisation",
                                                       "Listed biotech market value, Belgium"),
        "data-coverage": charts.coverage_chart(tables),
    }


def export_figures(target: Path | None = FIGURES_DIR) -> list[Path]:
    """Write one SVG per chart; width 'container' becomes a fixed width for the static file."""
    if target is None:
        raise ValueError("no figures folder: this copy of bioregions is outside a project; pass a target folder")
    target = Path(target)
    target.mkdir(parents=True, exist_ok=True)
    charts.use_site_renderers()  # the same theme as on the site
    written = []
    for stem, chart in figure_specs().items():
        path = target / f"{stem}.svg"
        charts.to_static(chart.properties(width=640), path)
        written.append(path)
    return written
