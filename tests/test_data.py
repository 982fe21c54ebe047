"""The data package: the real tables validate and load typed; every kind of malformed input is refused,
naming file, row and column. Bad input is made from a small synthetic package (tests/fixtures/synthetic)
with the real schema, so new data never breaks these tests and each test fails on its own rule."""
from __future__ import annotations

import shutil

import pandas as pd
import pytest

from bioregions import data
from bioregions.paths import DATA_DIR
from conftest import FIXTURES

# ---- the real package ---------------------------------------------------------------------------


def test_real_package_validates_with_frictionless_and_the_project_rules():
    from frictionless import Package, system

    with system.use_context(trusted=True):
        report = Package(str(DATA_DIR / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:20]
    data.validate()  # raises DataValidationError listing every problem


def test_real_package_loads_with_schema_types():
    tables = data.load_all()
    firms, deals = tables["firms"], tables["alliances"]
    assert str(firms["founded_year"].dtype) == "Int64"
    assert str(tables["indicators"]["value"].dtype) == "Float64"
    assert str(deals["agreed"].dtype) == "boolean"
    for name, frame in tables.items():
        for field in data.table_schema(name)["fields"]:
            enum = field.get("constraints", {}).get("enum")
            if enum:  # categories in the schema's order, never retyped elsewhere
                assert list(frame[field["name"]].cat.categories) == enum, (name, field["name"])


# ---- the synthetic package ----------------------------------------------------------------------

@pytest.fixture
def package(tmp_path):
    """A copy of the synthetic tables with the real datapackage.json: valid until a test breaks it."""
    folder = tmp_path / "data"
    shutil.copytree(FIXTURES / "synthetic", folder)
    shutil.copy(DATA_DIR / "datapackage.json", folder / "datapackage.json")
    return folder


def edit(folder, name, change):
    frame = pd.read_csv(folder / f"{name}.csv", dtype=str, keep_default_na=False)
    changed = change(frame)
    (frame if changed is None else changed).to_csv(folder / f"{name}.csv", index=False)


def cell(name, row, column, value):
    """Set one cell: `row` counts data rows from 0 (the file's row row + 2)."""
    return lambda folder: edit(folder, name, lambda f: f.__setitem__(column, f[column].mask(f.index == row, value)))


def test_synthetic_package_is_valid(package):
    descriptor = data.validate(package)
    assert {r["name"] for r in descriptor["resources"]} >= {"firms", "alliances", "sources"}


def write(name, text):
    return lambda folder: (folder / f"{name}.csv").write_text(text, encoding="utf-8")


def header_only(name):
    return lambda folder: (folder / f"{name}.csv").write_text(
        (folder / f"{name}.csv").read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")


def swap_columns(name, first, second):
    def change(folder):
        frame = pd.read_csv(folder / f"{name}.csv", dtype=str, keep_default_na=False)
        columns = list(frame.columns)
        i, j = columns.index(first), columns.index(second)
        columns[i], columns[j] = columns[j], columns[i]
        frame[columns].to_csv(folder / f"{name}.csv", index=False)
    return change


# (corrupt the package, file named, row named, column named, words of the rule)
CASES = {
    "missing file": (lambda f: (f / "partners.csv").unlink(), "partners.csv", None, None, "file is missing"),
    "empty file": (write("bioregions", ""), "bioregions.csv", 1, None, "file is empty"),
    "header only": (header_only("policy_events"), "policy_events.csv", None, None, "header but no rows"),
    "missing column": (lambda f: edit(f, "firms", lambda t: t.drop(columns=["city"])),
                       "firms.csv", 1, "city", "required column is missing"),
    "extra column": (lambda f: edit(f, "firms", lambda t: t.insert(3, "colour", "red")),
                     "firms.csv", 1, "colour", "not in the schema"),
    "columns out of order": (swap_columns("partners", "name", "partner_type"), "partners.csv", 1, None,
                             "out of order"),
    "semicolon-separated file": (lambda f: (f / "firms.csv").write_text(
        (f / "firms.csv").read_text(encoding="utf-8").replace(",", ";"), encoding="utf-8"),
        "firms.csv", 1, None, "appears to be ';'-separated"),
    "mis-encoded file": (lambda f: (f / "partners.csv").write_bytes(
        (f / "partners.csv").read_bytes().replace("Venture Fund".encode(), "Venture F\xfcnd".encode("latin-1"))),
        "partners.csv", 3, "name", "not valid UTF-8"),
    "wrong type": (cell("firms", 1, "founded_year", "nineteen"), "firms.csv", 3, "founded_year", "type-error"),
    "duplicate id": (cell("firms", 2, "firm_id", "alpha-bio"), "firms.csv", 4, "firm_id", "unique"),
    "duplicate partner name": (cell("partners", 1, "name", "Big Pharma Inc"), "partners.csv", 3, "name", "unique"),
    "unknown foreign key": (cell("alliances", 1, "partner_id", "no-such-partner"), "alliances.csv", 3, "partner_id",
                            "foreign-key"),
    "year out of range": (cell("alliances", 0, "year", "1850"), "alliances.csv", 2, "year", "minimum"),
    "unknown category": (cell("firms", 0, "region", "Atlantis"), "firms.csv", 2, "region", "enum"),
    "missing required value": (cell("partners", 0, "name", ""), "partners.csv", 2, "name", "required"),
    "negative amount": (cell("alliances", 0, "upfront_amount", "-5"), "alliances.csv", 2, "upfront_amount", "minimum"),
    "malformed address": (cell("sources", 2, "url", "not a url"), "sources.csv", 4, "url", "pattern"),
    "missing source": (cell("policy_events", 1, "source_ids", ""), "policy_events.csv", 3, "source_ids", "required"),
    "unknown source id": (cell("indicators", 1, "source_ids", "S999"), "indicators.csv", 3, "source_ids",
                          "unknown source id"),
    "uncited source": (lambda f: edit(f, "policy_events", lambda t: t.__setitem__("source_ids", "S001")),
                       "sources.csv", 4, "source_id", "cited by no row"),
    # the cross-field rules, one case each
    "acquisition without a role": (cell("alliances", 2, "firm_role", ""), "alliances.csv", 4, "firm_role",
                                   "an acquisition needs firm_role"),
    "role on a non-acquisition": (cell("alliances", 0, "firm_role", "acquirer"), "alliances.csv", 2, "firm_role",
                                  "firm_role is only for acquisitions"),
    "upfront above total": (cell("alliances", 0, "upfront_amount", "500"), "alliances.csv", 2, "total_amount",
                            "upfront_amount is larger than total_amount"),
    "amount without a basis": (cell("alliances", 0, "amount_basis", ""), "alliances.csv", 2, "amount_basis",
                               "an amount needs amount_basis"),
    "basis without an amount": (cell("alliances", 1, "amount_basis", "deal terms"), "alliances.csv", 3,
                                "amount_basis", "amount_basis is only for rows with an amount"),
    "amount without a currency": (cell("alliances", 2, "currency", ""), "alliances.csv", 4, "currency",
                                  "an amount needs the currency"),
    "price without a currency": (cell("firms", 1, "acquisition_currency", ""), "firms.csv", 3,
                                 "acquisition_currency", "an acquisition value needs the currency"),
    "end before start": (cell("policy_events", 0, "end_year", "1980"), "policy_events.csv", 2, "end_year",
                         "end_year is before year"),
    # the deal-following fields, the firm's place and the sweep log
    "date in another year": (cell("alliances", 0, "announced_date", "2011-05"), "alliances.csv", 2, "announced_date",
                             "its year differs from year"),
    "date that does not exist": (cell("alliances", 0, "announced_date", "2010-02-30"), "alliances.csv", 2,
                                 "announced_date", "not a real date"),
    "malformed date": (cell("alliances", 0, "announced_date", "May 2010"), "alliances.csv", 2, "announced_date",
                       "pattern"),
    "relation without a deal": (cell("alliances", 4, "relates_to", ""), "alliances.csv", 6, "relation",
                                "relates_to and relation go together"),
    "relates to no deal": (cell("alliances", 4, "relates_to", "D099"), "alliances.csv", 6, "relates_to",
                           "names no deal_id"),
    "relates to another firm's deal": (cell("alliances", 4, "relates_to", "D003"), "alliances.csv", 6, "relates_to",
                                       "a deal of another firm"),
    "unknown relation": (cell("alliances", 4, "relation", "renames"), "alliances.csv", 6, "relation", "enum"),
    "region of another country": (cell("firms", 3, "region", "Flanders"), "firms.csv", 5, "region",
                                  "does not belong to the firm's country"),
    "coordinates outside the country": (cell("firms", 0, "longitude", "9.5"), "firms.csv", 2, "latitude",
                                        "outside the firm's country"),
    "coordinates without an origin": (cell("firms", 0, "coordinates_origin", ""), "firms.csv", 2, "latitude",
                                      "latitude and longitude go together"),
    "sweep of an unknown firm": (cell("sweep_log", 0, "firm_id", "no-such-firm"), "sweep_log.csv", 2, "firm_id",
                                 "foreign-key"),
    "sweep years reversed": (cell("sweep_log", 0, "years_to", "2001"), "sweep_log.csv", 2, "years_to",
                             "years_to is before years_from"),
    "unknown source kind": (cell("sources", 0, "kind", "rumour"), "sources.csv", 2, "kind", "enum"),
}


@pytest.mark.parametrize("case", CASES)
def test_malformed_input_is_refused_with_file_row_and_column(package, case):
    corrupt, file, row, column, rule = CASES[case]
    corrupt(package)
    with pytest.raises(data.DataValidationError) as refused:
        data.validate(package / "datapackage.json")
    message = str(refused.value)
    assert f"data/{file}" in message and rule in message, message
    if row is not None:
        assert f"row {row}" in message, message
    if column is not None:
        assert f"column {column!r}" in message, message
    with pytest.raises(data.DataValidationError):
        data.load_table("firms", package)  # refused whole, whatever the table


def test_every_problem_is_reported_in_one_pass(package):
    for corrupt in (cell("firms", 0, "region", "Atlantis"), cell("indicators", 1, "source_ids", "S999"),
                    cell("alliances", 2, "firm_role", "")):
        corrupt(package)
    with pytest.raises(data.DataValidationError) as refused:
        data.validate(package)
    rules = " | ".join(p.rule for p in refused.value.problems)
    assert "enum" in rules and "unknown source id" in rules and "firm_role" in rules, rules


def test_a_long_report_is_cut_with_a_count_of_the_rest(package):
    edit(package, "firms", lambda t: t.__setitem__("region", "Atlantis"))
    edit(package, "alliances", lambda t: t.__setitem__("year", "1850"))
    partners = pd.read_csv(package / "partners.csv", dtype=str, keep_default_na=False)
    extra = [partners.iloc[0].to_dict() | {"partner_id": f"p{i}", "name": f"P{i}", "partner_type": "nowhere"}
             for i in range(data.MAX_REPORTED)]
    pd.concat([partners, pd.DataFrame(extra)]).to_csv(package / "partners.csv", index=False)
    with pytest.raises(data.DataValidationError) as refused:
        data.validate(package)
    problems, message = refused.value.problems, str(refused.value)
    assert len(problems) > data.MAX_REPORTED
    assert message.count("\n  - ") == data.MAX_REPORTED
    assert f"... and {len(problems) - data.MAX_REPORTED} more" in message


def test_a_folder_or_a_missing_path_is_handled(package, tmp_path):
    assert data.validate(package)["name"] == data.validate(package / "datapackage.json")["name"]
    with pytest.raises(data.DataValidationError, match="no data package here"):
        data.validate(tmp_path / "nowhere")


def test_a_package_outside_any_project_says_how_to_point_at_one():
    with pytest.raises(data.DataValidationError, match="BIOREGIONS_ROOT"):
        data.validate(None)


def test_confidence_is_an_ordered_scale(package):
    deals = data.load_alliances(package)
    confidence = deals["confidence"]
    assert confidence.cat.ordered and list(confidence.cat.categories) == ["low", "medium", "high"]
    assert list(deals[confidence >= "medium"]["deal_id"]) == ["D001", "D002", "D003", "D005", "D006"]


def test_load_functions_read_another_package_and_notice_edits(package):
    assert data.load_firms(package).loc[0, "city"] == "Ghent"
    cell("firms", 0, "city", "Elsewhere")(package)
    assert data.load_firms(package).loc[0, "city"] == "Elsewhere"


def test_markup_in_text_stays_data(package):
    cell("firms", 0, "name", "<script>alert(1)</script>")(package)
    assert data.load_firms(package).loc[0, "name"] == "<script>alert(1)</script>"


def test_real_package_meets_the_population_and_sweep_targets():
    """The evidence base the chapters test claims on: a Belgian population, a German comparison set, a sweep."""
    tables = data.load_all()
    firms, deals = tables["firms"], tables["alliances"]
    assert (firms["country"] == "Belgium").sum() >= 150 and (firms["country"] == "Germany").sum() >= 30
    agreed = deals[deals["agreed"].fillna(True).astype(bool)]
    assert len(agreed) >= 600
    german = set(firms.loc[firms["country"] == "Germany", "firm_id"])
    assert agreed["firm_id"].isin(german).sum() >= 200
    assert firms["population_basis"].notna().all()
    swept = set(tables["sweep_log"]["firm_id"].dropna())
    assert {"galapagos", "argenx", "ablynx", "ucb", "thrombogenics", "morphosys", "evotec"} <= swept


def test_allowed_values_and_dating_fields_come_from_the_schema(package):
    assert data.allowed_values("firms", "region", package)[:3] == ["Flanders", "Wallonia", "Brussels-Capital"]
    assert data.dating_field("firms", package) == "founded_year"
    assert data.dating_field("alliances", package) == "year"
    assert data.dating_field("partners", package) is None
    with pytest.raises(KeyError, match="no list of allowed values"):
        data.allowed_values("firms", "name", package)
