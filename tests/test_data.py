"""The data package: Frictionless validation, sources, keys, minimums, and refusal of malformed input."""
from __future__ import annotations

import shutil

import pandas as pd
import pytest

from bioregions import data
from bioregions.paths import DATA_DIR

MINIMUM_ROWS = {"firms": 45, "alliances": 150, "policy_events": 40}


@pytest.fixture(scope="module")
def tables():
    return {r["name"]: data.load_table(r["name"]) for r in data.validate()["resources"]}


def test_package_validates_with_frictionless():
    from frictionless import Package, system

    with system.use_context(trusted=True):
        report = Package(str(DATA_DIR / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:20]


@pytest.mark.parametrize("name, minimum", MINIMUM_ROWS.items())
def test_row_counts_meet_minimums(tables, name, minimum):
    assert len(tables[name]) >= minimum


def test_every_row_cites_an_existing_source(tables):
    known = set(tables["sources"]["source_id"])
    for name, frame in tables.items():
        if name == "sources":
            continue
        for index, cell in frame["source_ids"].items():
            ids = [s for s in str(cell).split(";") if s]
            assert ids, f"{name} row {index + 2} cites no source"
            assert set(ids) <= known, f"{name} row {index + 2} cites unknown {set(ids) - known}"


def test_foreign_keys_resolve(tables):
    assert set(tables["alliances"]["firm_id"]) <= set(tables["firms"]["firm_id"])
    assert set(tables["alliances"]["partner_id"]) <= set(tables["partners"]["partner_id"])


def test_named_firms_and_partners_are_present(tables):
    names = " ".join(tables["firms"]["name"].str.lower())
    for firm in ("ablynx", "galapagos", "argenx", "thrombogenics", "mithra", "ucb", "janssen", "gsk"):
        assert firm in names or firm in " ".join(tables["firms"]["former_names"].dropna().str.lower()), firm
    partner_ids = set(tables["partners"]["partner_id"])
    assert {"abbvie", "johnson-johnson"} <= partner_ids
    anchors = tables["firms"][tables["firms"]["role"] == "anchor"]
    assert len(anchors) >= 3
    argenx = tables["firms"].set_index("firm_id").loc["argenx"]
    assert pd.notna(argenx["legal_seat_note"])


def test_upfront_never_exceeds_total(tables):
    deals = tables["alliances"].dropna(subset=["upfront_amount", "total_amount"])
    too_big = deals[deals["upfront_amount"] > deals["total_amount"]]
    assert too_big.empty, too_big[["deal_id", "upfront_amount", "total_amount"]]


def test_amounts_have_a_currency(tables):
    deals = tables["alliances"]
    with_amount = deals["upfront_amount"].notna() | deals["total_amount"].notna()
    assert deals.loc[with_amount, "currency"].notna().all()


def test_deals_span_the_period(tables):
    years = tables["alliances"]["year"]
    assert years.min() <= 1990 and years.max() >= 2024


def test_loaded_types(tables):
    firms = tables["firms"]
    assert str(firms["founded_year"].dtype) == "Int64"
    assert isinstance(firms["region"].dtype, pd.CategoricalDtype)
    assert str(tables["indicators"]["value"].dtype) == "Float64"


def test_every_source_is_cited(tables):
    cited = {s for name, f in tables.items() if name != "sources" for cell in f["source_ids"] for s in str(cell).split(";")}
    assert set(tables["sources"]["source_id"]) <= cited


# ---- malformed input: each kind is refused, naming file, row and column -----------------------

def _edit_csv(folder, name, edit):
    frame = pd.read_csv(folder / f"{name}.csv", dtype=str, keep_default_na=False)
    frame = edit(frame)
    frame.to_csv(folder / f"{name}.csv", index=False)


@pytest.fixture
def bad_data(tmp_path):
    folder = tmp_path / "data"
    shutil.copytree(DATA_DIR, folder)
    return folder


def set_cell(name, row, column, value):
    def edit(frame):
        frame.loc[row, column] = value
        return frame
    return name, edit


def duplicate_id(frame):
    frame.loc[4, "firm_id"] = frame.loc[2, "firm_id"]
    return frame


CASES = {
    "missing column": (lambda f: _edit_csv(f, "firms", lambda t: t.drop(columns=["city"])),
                       "data/firms.csv", 1, "city", "required column is missing"),
    "wrong type": (lambda f: _edit_csv(f, *set_cell("firms", 3, "founded_year", "nineteen")),
                   "data/firms.csv", 5, "founded_year", "type-error"),
    "duplicate id": (lambda f: _edit_csv(f, "firms", duplicate_id),
                     "data/firms.csv", 6, "firm_id", "unique"),
    "unknown foreign key": (lambda f: _edit_csv(f, *set_cell("alliances", 10, "partner_id", "no-such-partner")),
                            "data/alliances.csv", 12, "partner_id", "foreign-key"),
    "year out of range": (lambda f: _edit_csv(f, *set_cell("alliances", 7, "year", "1850")),
                          "data/alliances.csv", 9, "year", "minimum"),
    "unknown category": (lambda f: _edit_csv(f, *set_cell("firms", 0, "region", "Atlantis")),
                         "data/firms.csv", 2, "region", "enum"),
    "missing source": (lambda f: _edit_csv(f, *set_cell("policy_events", 5, "source_ids", "")),
                       "data/policy_events.csv", 7, "source_ids", "required"),
    "unknown source id": (lambda f: _edit_csv(f, *set_cell("indicators", 2, "source_ids", "S999")),
                          "data/indicators.csv", 4, "source_ids", "unknown source id"),
    "missing required value": (lambda f: _edit_csv(f, *set_cell("partners", 1, "name", "")),
                               "data/partners.csv", 3, "name", "required"),
    "negative amount": (lambda f: _edit_csv(f, *set_cell("alliances", 0, "upfront_amount", "-5")),
                        "data/alliances.csv", 2, "upfront_amount", "minimum"),
    "malformed address": (lambda f: _edit_csv(f, *set_cell("sources", 3, "url", "not a url")),
                          "data/sources.csv", 5, "url", "pattern"),
    "empty file": (lambda f: (f / "bioregions.csv").write_bytes(b""),
                   "data/bioregions.csv", 1, None, "file is empty"),
    "acquisition without a role": (lambda f: _edit_csv(f, *set_cell("alliances", 7, "firm_role", "")),
                                   "data/alliances.csv", 9, "firm_role", "an acquisition needs firm_role"),
    "duplicate partner name": (lambda f: _edit_csv(f, *set_cell("partners", 140, "name", "Abbott Laboratories")),
                               "data/partners.csv", 142, "name", "unique"),
    "end before start": (lambda f: _edit_csv(f, *set_cell("policy_events", 3, "end_year", "1900")),
                         "data/policy_events.csv", 5, "end_year", "end_year is before year"),
    "amount without a basis": (lambda f: _edit_csv(f, *set_cell("alliances", 93, "amount_basis", "")),
                               "data/alliances.csv", 95, "amount_basis", "an amount needs amount_basis"),
    "semicolon-separated file": (lambda f: (f / "firms.csv").write_text(
                                     (f / "firms.csv").read_text(encoding="utf-8").replace(",", ";"), encoding="utf-8"),
                                 "data/firms.csv", 1, None, "appears to be ';'-separated"),
    "mis-encoded file": (lambda f: (f / "partners.csv").write_bytes(
                             (f / "partners.csv").read_bytes().replace("Sanofi".encode(), "Sanof\xe9".encode("latin-1"), 1)),
                         "data/partners.csv", None, "name", "not valid UTF-8"),
}


@pytest.mark.parametrize("case", CASES)
def test_malformed_input_is_refused_with_file_row_and_column(bad_data, case):
    corrupt, file, row, column, rule = CASES[case]
    corrupt(bad_data)
    with pytest.raises(data.DataValidationError) as refused:
        data.validate(bad_data / "datapackage.json")
    message = str(refused.value)
    assert file in message and rule in message, message
    if row is not None:
        assert f"row {row}" in message, message
    if column is not None:
        assert f"column {column!r}" in message, message
    with pytest.raises(data.DataValidationError):
        data.load_table("firms", bad_data / "datapackage.json")  # refused whole, whatever the table


def test_every_problem_is_reported_in_one_pass(bad_data):
    _edit_csv(bad_data, *set_cell("firms", 0, "region", "Atlantis"))
    _edit_csv(bad_data, *set_cell("indicators", 2, "source_ids", "S999"))
    _edit_csv(bad_data, *set_cell("alliances", 7, "firm_role", ""))
    with pytest.raises(data.DataValidationError) as refused:
        data.validate(bad_data / "datapackage.json")
    rules = " | ".join(p.rule for p in refused.value.problems)
    assert "enum" in rules and "unknown source id" in rules and "firm_role" in rules, rules


def test_a_folder_or_a_missing_path_is_handled(bad_data, tmp_path):
    assert data.validate(bad_data)["name"] == data.validate(bad_data / "datapackage.json")["name"]
    with pytest.raises(data.DataValidationError, match="no data package here"):
        data.validate(tmp_path / "nowhere")


def test_confidence_is_ordered(tables):
    confidence = tables["alliances"]["confidence"]
    assert confidence.cat.ordered and list(confidence.cat.categories) == ["low", "medium", "high"]
    assert (tables["alliances"][confidence >= "medium"]["confidence"] != "low").all()


def test_load_functions_read_another_package(bad_data):
    _edit_csv(bad_data, *set_cell("firms", 0, "city", "Elsewhere"))
    assert data.load_firms(bad_data / "datapackage.json").loc[0, "city"] == "Elsewhere"
    assert data.load_firms().loc[0, "city"] != "Elsewhere"


def test_failed_bids_are_flagged_and_typed(tables):
    deals = tables["alliances"]
    assert str(deals["agreed"].dtype) == "boolean"
    acquisitions = deals[deals["deal_type"] == "acquisition"]
    assert acquisitions["firm_role"].notna().all()
    assert (~deals["agreed"]).sum() >= 1


def test_markup_in_text_stays_data(bad_data):
    _edit_csv(bad_data, *set_cell("firms", 0, "name", "<script>alert(1)</script>"))
    firms = data.load_table("firms", bad_data / "datapackage.json")
    assert firms.loc[0, "name"] == "<script>alert(1)</script>"
