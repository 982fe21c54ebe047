"""Load and validate the data package: one function per table, each returning a typed DataFrame.

Validation runs the Frictionless checks declared in data/datapackage.json (types, required fields,
enums, ranges, patterns, primary and foreign keys) plus what a Table Schema cannot say: that files are
readable UTF-8 with the schema's columns, that every row's `source_ids` exist, and the cross-field rules
in RULES. Bad input is refused whole, with every problem found listed at once."""
from __future__ import annotations

import csv
import hashlib
import io
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from .paths import DATAPACKAGE, PROJ_ROOT

MAX_REPORTED = 50


@dataclass(frozen=True)
class Problem:
    file: str
    row: int | None      # data row number as a spreadsheet shows it (header = row 1)
    column: str | None
    value: str | None
    rule: str

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row}"
        if self.column:
            where += f", column {self.column!r}"
        value = f" (value {self.value!r})" if self.value not in (None, "") else ""
        return f"{where}: {self.rule}{value}"


class DataValidationError(ValueError):
    """The data package was refused; `problems` lists every problem found (file, row, column, rule)."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        shown = "\n".join(f"  - {p}" for p in problems[:MAX_REPORTED])
        more = f"\n  ... and {len(problems) - MAX_REPORTED} more" if len(problems) > MAX_REPORTED else ""
        super().__init__(f"data package refused, {len(problems)} problem(s):\n{shown}{more}")


def _descriptor(package_path: Path) -> dict:
    try:
        return json.loads(package_path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise DataValidationError([Problem(package_path.name, None, None, None, f"cannot read descriptor: {exc}")])


def _display(path: Path) -> str:
    """A path for messages: relative to the project folder when inside it, else absolute."""
    path = Path(path).resolve()
    if PROJ_ROOT is not None:
        try:
            return path.relative_to(PROJ_ROOT).as_posix()
        except ValueError:
            pass
    return path.as_posix()


def _check_files(package_path: Path, descriptor: dict) -> list[Problem]:
    """Before Frictionless: each file exists, is UTF-8, is not empty, and has exactly the schema's columns."""
    problems = []
    for resource in descriptor["resources"]:
        path = package_path.parent / resource["path"]
        name = _display(path)
        if not path.exists():
            problems.append(Problem(name, None, None, None, "file is missing"))
            continue
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            problems.append(Problem(name, line, _bad_column(raw, line), None,
                                    f"not valid UTF-8 (byte {exc.start}: {exc.reason}); save the file as UTF-8"))
            continue
        rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
        if not rows:
            problems.append(Problem(name, 1, None, None, "file is empty: row 1 should be the header"))
            continue
        expected = [f["name"] for f in resource["schema"]["fields"]]
        header = rows[0]
        if len(header) == 1 and header[0].count(";") >= len(expected) // 2:
            problems.append(Problem(name, 1, None, None, "the file appears to be ';'-separated (as some spreadsheet "
                                    "locales save CSV); save it comma-separated"))
            continue
        for column in expected:
            if column not in header:
                problems.append(Problem(name, 1, column, None, "required column is missing from the header"))
        for column in header:
            if column not in expected:
                problems.append(Problem(name, 1, column, None, "column is not in the schema (datapackage.json)"))
        if not problems and header != expected:
            problems.append(Problem(name, 1, None, None, f"columns are out of order; expected {expected}"))
        if len(rows) == 1:
            problems.append(Problem(name, None, None, None, "file has a header but no rows"))
    return problems


def _bad_column(raw: bytes, line: int) -> str | None:
    """The column holding the first undecodable byte on `line` (for the error message)."""
    lines = raw.decode("utf-8", errors="replace").split("\n")
    header = next(csv.reader([lines[0]]))
    fields = next(csv.reader([lines[line - 1]]), [])
    for column, cell in zip(header, fields):
        if "\ufffd" in cell:
            return column
    return None


def _frictionless_problems(package_path: Path) -> list[Problem]:
    from frictionless import FrictionlessException, Package, system

    try:
        with system.use_context(trusted=True):
            report = Package(str(package_path)).validate()
    except FrictionlessException as exc:
        reasons = "; ".join(r.message for r in exc.reasons) if getattr(exc, "reasons", None) else ""
        return [Problem(package_path.name, None, None, None, f"{exc.error.message} {reasons}".strip())]
    problems = []
    for task in report.tasks:
        name = _display(package_path.parent / Path(task.place).name) if task.place else task.name
        for error in task.errors:
            # Row-level errors (primary and foreign keys) name their fields in field_names/field_cells.
            column = getattr(error, "field_name", None) or ", ".join(getattr(error, "field_names", None) or []) or None
            cell = getattr(error, "cell", None)
            if cell is None and getattr(error, "field_cells", None):
                cell = ", ".join(map(str, error.field_cells))
            problems.append(Problem(
                file=name,
                row=getattr(error, "row_number", None),
                column=column,
                value=None if cell is None else str(cell),
                rule=f"{error.type}: {error.note}",
            ))
    for error in report.errors:
        problems.append(Problem(package_path.name, None, None, None, f"{error.type}: {error.note}"))
    return problems


def _raw_tables(package_path: Path, descriptor: dict) -> dict[str, tuple[Path, pd.DataFrame]]:
    """Every table as text cells with its path, read once for the checks a Table Schema cannot make."""
    folder = package_path.parent
    return {r["name"]: (folder / r["path"], pd.read_csv(folder / r["path"], dtype=str, keep_default_na=False))
            for r in descriptor["resources"]}


def _source_problems(tables: dict[str, tuple[Path, pd.DataFrame]]) -> list[Problem]:
    """Every `source_ids` entry must name a row of the sources table (a list-valued foreign key), and
    every source must be cited."""
    sources_path, sources = tables["sources"]
    known = set(sources["source_id"])
    problems, used = [], set()
    for name, (path, table) in tables.items():
        if name == "sources":
            continue
        for index, cell in table["source_ids"].items():
            for source_id in filter(None, (s.strip() for s in cell.split(";"))):
                used.add(source_id)
                if source_id not in known:
                    problems.append(Problem(_display(path), index + 2, "source_ids", source_id,
                                            f"unknown source id (not in {_display(sources_path)})"))
    for index, source_id in sources["source_id"].items():
        if source_id not in used:
            problems.append(Problem(_display(sources_path), index + 2, "source_id", source_id,
                                    "source is cited by no row (remove it or cite it)"))
    return problems


# Cross-field rules a Table Schema cannot express: (table, column, rule text, test that flags a bad row).
RULES = [
    ("alliances", "firm_role", "an acquisition needs firm_role (acquirer, acquired, seller or merger)",
     lambda row: row["deal_type"] == "acquisition" and not row["firm_role"]),
    ("alliances", "firm_role", "firm_role is only for acquisitions; leave it empty for other deal types",
     lambda row: row["deal_type"] != "acquisition" and bool(row["firm_role"])),
    ("alliances", "total_amount", "upfront_amount is larger than total_amount",
     lambda row: bool(row["upfront_amount"] and row["total_amount"])
     and _number(row["upfront_amount"]) > _number(row["total_amount"])),
    ("alliances", "amount_basis", "an amount needs amount_basis (what the amounts measure)",
     lambda row: bool(row["upfront_amount"] or row["total_amount"]) and not row["amount_basis"]),
    ("alliances", "amount_basis", "amount_basis is only for rows with an amount",
     lambda row: not (row["upfront_amount"] or row["total_amount"]) and bool(row["amount_basis"])),
    ("alliances", "currency", "an amount needs the currency the source states",
     lambda row: bool(row["upfront_amount"] or row["total_amount"]) and not row["currency"]),
    ("firms", "acquisition_currency", "an acquisition value needs the currency the source states",
     lambda row: bool(row["acquisition_value"]) and not row["acquisition_currency"]),
    ("policy_events", "end_year", "end_year is before year",
     lambda row: bool(row["end_year"] and row["year"]) and _number(row["end_year"]) < _number(row["year"])),
    ("alliances", "announced_date", "announced_date is not a real date or its year differs from year",
     lambda row: bool(row["announced_date"]) and not _date_agrees(row["announced_date"], row["year"])),
    ("alliances", "relation", "relates_to and relation go together: name the earlier deal and how this row changes it",
     lambda row: bool(row["relates_to"]) != bool(row["relation"])),
    ("firms", "region", "region does not belong to the firm's country (Belgian regions for Belgium, Länder for Germany)",
     lambda row: bool(row["country"]) and bool(row["region"]) and (row["region"] in BELGIAN_REGIONS) != (row["country"] == "Belgium")),
    ("firms", "latitude", "latitude and longitude go together, with coordinates_origin saying where they come from",
     lambda row: len({bool(row["latitude"]), bool(row["longitude"]), bool(row["coordinates_origin"])}) > 1),
    ("firms", "latitude", "the coordinates fall outside the firm's country (its bounding box)",
     lambda row: bool(row["latitude"] and row["longitude"]) and not _inside(row["country"], row["latitude"], row["longitude"])),
    ("sweep_log", "years_to", "years_to is before years_from",
     lambda row: bool(row["years_from"] and row["years_to"]) and _number(row["years_to"]) < _number(row["years_from"])),
]

BELGIAN_REGIONS = ("Flanders", "Wallonia", "Brussels-Capital")
# Bounding boxes (south, west, north, east; WGS84 degrees) of the countries firms may be in.
COUNTRY_BOXES = {"Belgium": (49.49, 2.54, 51.51, 6.41), "Germany": (47.27, 5.86, 55.06, 15.05)}


def _date_agrees(text: str, year: str) -> bool:
    """A YYYY-MM or YYYY-MM-DD date that exists and falls in `year`."""
    import datetime

    parts = text.split("-")
    try:
        datetime.date(int(parts[0]), int(parts[1]), int(parts[2]) if len(parts) > 2 else 1)
    except (ValueError, IndexError):
        return False
    return parts[0] == year


def _inside(country: str, latitude: str, longitude: str) -> bool:
    box = COUNTRY_BOXES.get(country)
    if box is None:
        return True  # an unknown country is the enum check's problem
    south, west, north, east = box
    return south <= _number(latitude) <= north and west <= _number(longitude) <= east


def _number(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        return float("nan")  # a type error Frictionless reports; NaN compares false here


def _relation_problems(tables: dict[str, tuple[Path, pd.DataFrame]]) -> list[Problem]:
    """Each `relates_to` names an existing deal of the same firm (the life of one deal, followed row by row)."""
    if "alliances" not in tables:
        return []
    path, deals = tables["alliances"]
    firm_of = dict(zip(deals["deal_id"], deals["firm_id"]))
    problems = []
    for index, row in deals.iterrows():
        earlier = row["relates_to"]
        if not earlier:
            continue
        if earlier not in firm_of:
            problems.append(Problem(_display(path), index + 2, "relates_to", earlier, "relates_to names no deal_id of this table"))
        elif firm_of[earlier] != row["firm_id"]:
            problems.append(Problem(_display(path), index + 2, "relates_to", earlier,
                                    f"relates_to names a deal of another firm ({firm_of[earlier]}, not {row['firm_id']})"))
        elif earlier == row["deal_id"]:
            problems.append(Problem(_display(path), index + 2, "relates_to", earlier, "a deal cannot relate to itself"))
    return problems


def _rule_problems(tables: dict[str, tuple[Path, pd.DataFrame]]) -> list[Problem]:
    """Apply RULES row by row."""
    problems = []
    for table, column, rule, is_bad in RULES:
        if table not in tables:
            continue  # a package without that table (an analyst's subset)
        path, frame = tables[table]
        for index, row in frame.iterrows():
            if is_bad(row):
                problems.append(Problem(_display(path), index + 2, column, row[column], rule))
    return problems


def _fingerprint(package_path: Path) -> str:
    digest = hashlib.sha256(package_path.read_bytes())
    for path in sorted(package_path.parent.glob("*.csv")):
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()


def _package_file(package_path) -> Path:
    """The descriptor to read: a folder means its datapackage.json; a missing file is a clear error."""
    if package_path is None:
        raise DataValidationError([Problem("datapackage.json", None, None, None,
                                           "this copy of bioregions is outside a project: set BIOREGIONS_ROOT to the "
                                           "project folder or pass the path of a datapackage.json")])
    path = Path(package_path)
    if path.is_dir():
        path = path / "datapackage.json"
    if not path.is_file():
        hint = (" (the package looks for the project via _quarto.yml; set BIOREGIONS_ROOT to the project folder "
                "or pass the path of a datapackage.json)") if Path(package_path) == DATAPACKAGE else ""
        raise DataValidationError([Problem(_display(path), None, None, None, f"no data package here{hint}")])
    return path


def validate(package_path: Path = DATAPACKAGE) -> dict:
    """Validate the whole package (a datapackage.json or its folder); raise DataValidationError naming
    file, row, column, value and rule of every problem."""
    package_path = _package_file(package_path)
    descriptor, problems = _checked(package_path.resolve(), _fingerprint(package_path))
    if problems:
        raise DataValidationError(list(problems))
    return descriptor


@lru_cache(maxsize=8)
def _checked(package_path: Path, fingerprint: str) -> tuple[dict, list[Problem]]:
    """The descriptor and every problem of the package with these bytes (a broken package is remembered too:
    loading each of its tables reports the same problems without checking again)."""
    descriptor = _descriptor(package_path)
    # Later checks need readable files with the schema's columns, so structure problems stop here.
    problems = _check_files(package_path, descriptor)
    if not problems:
        tables = _raw_tables(package_path, descriptor)
        problems = (_frictionless_problems(package_path) + _source_problems(tables) + _rule_problems(tables)
                    + _relation_problems(tables))
    return descriptor, problems


PANDAS_TYPES = {"integer": "Int64", "number": "Float64", "string": "string", "boolean": "boolean"}
BOOLEANS = {"true": True, "false": False}


def _resource(descriptor: dict, name: str, package_path: Path) -> dict:
    resource = next((r for r in descriptor["resources"] if r["name"] == name), None)
    if resource is None:
        raise KeyError(f"no table named {name!r} in {package_path}")
    return resource


def table_names(package_path: Path = DATAPACKAGE) -> list[str]:
    """The package's tables, in the descriptor's order."""
    return [resource["name"] for resource in _descriptor(_package_file(package_path))["resources"]]


def allowed_values(table: str, field: str, package_path: Path = DATAPACKAGE) -> list[str]:
    """The values a field may take, in the schema's order (the order every chart and legend uses)."""
    package_path = _package_file(package_path)
    descriptor = _descriptor(package_path)
    fields = {f["name"]: f for f in _resource(descriptor, table, package_path)["schema"]["fields"]}
    if field not in fields or "enum" not in fields[field].get("constraints", {}):
        raise KeyError(f"{table}.{field} has no list of allowed values in {_display(package_path)}")
    return list(fields[field]["constraints"]["enum"])


def allowed_values_present(table: str, field: str, values, package_path: Path = DATAPACKAGE) -> list[str]:
    """The allowed values of a field that occur in `values`, in the schema's order (a chart's sort or a filter)."""
    seen = set(map(str, values))
    return [value for value in allowed_values(table, field, package_path) if value in seen]


def load_table(name: str, package_path: Path = DATAPACKAGE) -> pd.DataFrame:
    """A validated table as a typed DataFrame: nullable ints, floats and booleans, strings, and enums as
    categories in schema order (ordered where the schema says `categoriesOrdered`)."""
    descriptor = validate(package_path)
    package_path = _package_file(package_path)
    resource = _resource(descriptor, name, package_path)
    fields = resource["schema"]["fields"]
    frame = pd.read_csv(Path(package_path).parent / resource["path"], dtype=str, keep_default_na=False)
    for field in fields:
        column = frame[field["name"]].replace("", None)
        enum = field.get("constraints", {}).get("enum")
        if enum:
            # `categoriesOrdered` (Data Package v2) marks a scale, lowest first: low < medium < high.
            frame[field["name"]] = pd.Categorical(column, categories=enum,
                                                  ordered=bool(field.get("categoriesOrdered")))
        elif field["type"] == "string":
            frame[field["name"]] = column.astype("string")
        elif field["type"] == "boolean":
            frame[field["name"]] = column.map(BOOLEANS).astype("boolean")
        else:
            frame[field["name"]] = pd.to_numeric(column).astype(PANDAS_TYPES[field["type"]])
    # Only the title rides along: pandas deep-copies `attrs` on every operation, and the schema would make
    # each filter or merge copy a few hundred dictionaries (table_schema gives it instead).
    frame.attrs["title"] = resource.get("title", name)
    return frame


def table_schema(name: str, package_path: Path = DATAPACKAGE) -> dict:
    """The Table Schema of one table, from the descriptor."""
    package_path = _package_file(package_path)
    return _resource(_descriptor(package_path), name, package_path)["schema"]


def load_sources(package_path: Path = DATAPACKAGE) -> pd.DataFrame:
    """Every public page the data cites."""
    return load_table("sources", package_path)


def load_firms(package_path: Path = DATAPACKAGE) -> pd.DataFrame:
    """Belgian NBFs and anchor firms."""
    return load_table("firms", package_path)


def load_partners(package_path: Path = DATAPACKAGE) -> pd.DataFrame:
    """Counterparties of the alliances."""
    return load_table("partners", package_path)


def load_alliances(package_path: Path = DATAPACKAGE) -> pd.DataFrame:
    """One row per deal."""
    return load_table("alliances", package_path)


def load_policy_events(package_path: Path = DATAPACKAGE) -> pd.DataFrame:
    """Belgian regional, federal and EU policy instruments and institutions."""
    return load_table("policy_events", package_path)


def load_bioregions(package_path: Path = DATAPACKAGE) -> pd.DataFrame:
    """German and Belgian cluster programmes and organisations."""
    return load_table("bioregions", package_path)


def load_indicators(package_path: Path = DATAPACKAGE) -> pd.DataFrame:
    """Indicators over time, each with its scope."""
    return load_table("indicators", package_path)


def package_descriptor(package_path: Path = DATAPACKAGE) -> dict:
    """The validated datapackage.json as a dict (for the data appendix)."""
    return validate(package_path)


def load_all(package_path: Path = DATAPACKAGE) -> dict[str, pd.DataFrame]:
    """Every table of the package, by name, in the descriptor's order."""
    return {r["name"]: load_table(r["name"], package_path) for r in validate(package_path)["resources"]}


def dating_field(table: str, package_path: Path = DATAPACKAGE) -> str | None:
    """The field that dates a table's rows: `year` if it has one, else its first integer `*_year` field."""
    package_path = _package_file(package_path)
    fields = _resource(_descriptor(package_path), table, package_path)["schema"]["fields"]
    names = [f["name"] for f in fields]
    if "year" in names:
        return "year"
    return next((f["name"] for f in fields if f["type"] == "integer" and f["name"].endswith("_year")), None)
