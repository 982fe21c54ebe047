"""Static exports of every chart into figures/ (SVG via vl-convert, no browser)."""
from __future__ import annotations

from pathlib import Path

from ..data import load_all
from ..facts import belgian, partnering_1993, policy_1996
from ..paths import PROJ_ROOT
from . import charts

FIGURES_DIR = PROJ_ROOT / "figures" if PROJ_ROOT else None


def figure_specs() -> dict:
    """Every site chart, by file stem, built from the validated data."""
    tables = load_all()
    indicators = tables["indicators"]
    firms, deals = belgian(tables)
    early, policy = partnering_1993(), policy_1996()
    return {
        "deals-per-year": charts.deals_per_year_chart(deals),
        "foundings": charts.foundings_chart(firms),
        "policy-timeline": charts.policy_timeline_chart(tables["policy_events"], policy.other_dates),
        "partner-types": charts.partner_types_chart(deals, tables["partners"]),
        "firm-outcomes": charts.firm_outcomes_chart(firms),
        "germany-dedicated-firms": charts.indicator_chart(indicators, "Germany", "number of dedicated biotech firms",
                                                          "Dedicated biotech firms, Germany"),
        "belgium-listed-value": charts.indicator_chart(indicators, "Belgium", "listed biotech market capitalisation",
                                                       "Listed biotech market value, Belgium"),
        "data-coverage": charts.coverage_chart(tables),
        # 1993 and 1996 chapters
        "deal-periods": charts.deal_periods_chart(early.by_period),
        "survival-exit": charts.survival_chart(early.km_exit, "exit", "Time from founding to exit", early.window),
        "survival-listing": charts.survival_chart(early.km_listing, "listing", "Time from founding to listing",
                                                  early.window),
        "firm-paths": charts.firm_paths_chart(early.paths, early.record_end),
        "partnering-pitfalls": charts.pitfalls_chart(early.pitfalls),
        "foundings-policy": charts.foundings_vs_policy_chart(policy.foundings_vs_policy),
        "spinoff-origins": charts.origins_chart(policy.parents),
        "instrument-kinds": charts.instrument_kinds_chart(policy.by_kind),
        "policy-then-now": charts.instruments_over_time_chart(policy.over_time, policy.paper_year),
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
