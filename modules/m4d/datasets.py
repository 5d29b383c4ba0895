"""Load the course's datasets as typed pandas DataFrames.

Every CSV in ``datasets/`` is described in ``datasets/datapackage.json`` (a
Frictionless data package). :func:`load` reads one resource by name and casts
each column to the type its schema gives; :func:`load_csv` does the same for a
practitioner's own file against a schema. A missing file, a missing column or a
value that does not fit its type raises :class:`m4d.InputError` naming the
file, the row and the column.

Fields that hold several values (for example the sectors of a case) are stored
as one string separated by semicolons and declared with ``"m4d:list": true``;
they load as Python lists.
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd

from m4d.errors import InputError
from m4d.i18n import N_, _, pgettext
from m4d.i18n.numbers import number

DATASETS_DIR = Path(__file__).resolve().parent / "datasets"
PACKAGE_FILE = DATASETS_DIR / "datapackage.json"
LIST_SEPARATOR = ";"

# Frictionless types -> how a cell is cast; "year" and "date" stay close to pandas.
_TRUE = {"true", "yes", "1"}
_FALSE = {"false", "no", "0"}


@lru_cache(maxsize=1)
def data_package() -> dict[str, Any]:
    """The data package descriptor (``datapackage.json``) as a dict."""
    if not PACKAGE_FILE.exists():
        raise InputError(_("The data package {path} is missing: restore it from the repository.").format(
            path=PACKAGE_FILE))
    try:
        return json.loads(PACKAGE_FILE.read_text(encoding="utf-8"))
    except json.JSONDecodeError as err:
        # Translators: {problem} is the JSON parser's own English description of the problem.
        raise InputError(_("{file} is not valid JSON (line {line}, column {column}: {problem}).").format(
            file=PACKAGE_FILE, line=err.lineno, column=err.colno, problem=err.msg)) from None


def resource_names() -> list[str]:
    """Names of every dataset in the data package."""
    return [r["name"] for r in data_package().get("resources", [])]


def resource(name: str) -> dict[str, Any]:
    """The descriptor of one dataset (title, path, licence, schema, ...)."""
    for res in data_package().get("resources", []):
        if res["name"] == name:
            return res
    known = ", ".join(sorted(resource_names())) or pgettext("no dataset at all", "none")
    raise InputError(_("There is no dataset called {name}. Known datasets: {known}.").format(
        name=repr(name), known=known))


def load(name: str) -> pd.DataFrame:
    """Load a course dataset by its name in the data package, with typed columns.

    The frame's ``attrs`` carry the dataset's title, source and whether its values
    are illustrative, so that a table or chart can say so wherever it is shown.
    """
    res = resource(name)
    frame = load_csv(DATASETS_DIR / res["path"], res["schema"])
    frame.attrs.update(
        name=name,
        title=res.get("title", name),
        illustrative=bool(res.get("m4d:illustrative", False)),
        source=res.get("sources", [{}])[0].get("title", "") if res.get("sources") else "",
    )
    return frame


def load_csv(path: str | Path, schema: dict[str, Any]) -> pd.DataFrame:
    """Read a CSV file and cast it to a Frictionless table schema.

    Raises :class:`InputError` naming the file, row (as a spreadsheet would
    number it, header = row 1) and column of the first problem found.
    """
    path = Path(path)
    raw = _read_text_table(path)
    fields = schema.get("fields", [])
    expected = [f["name"] for f in fields]
    missing = [c for c in expected if c not in raw.columns]
    if missing:
        raise InputError(_("{file} lacks the column(s) {missing}. Expected columns: {expected}.").format(
            file=path.name, missing=", ".join(missing), expected=", ".join(expected)))
    extra = [c for c in raw.columns if c not in expected]
    if extra:
        raise InputError(_("{file} has column(s) the schema does not describe: {extra}.").format(
            file=path.name, extra=", ".join(extra)))

    out: dict[str, Any] = {}
    for field in fields:
        out[field["name"]] = _cast_column(path.name, raw[field["name"]], field)
    frame = pd.DataFrame(out, index=raw.index)

    key = _as_list(schema.get("primaryKey"))
    if key:
        # A primary key may span several columns: it is the combination that must be unique.
        hashable = frame[key].map(lambda v: tuple(v) if isinstance(v, list) else v)
        repeated = hashable.duplicated(keep="first")
        if repeated.any():
            row = int(repeated.to_numpy().argmax())
            values = ", ".join(f"{k}={frame[k].iloc[row]!r}" for k in key)
            raise InputError(_("{file}, row {row}: the key ({values}) is repeated; each row needs a unique "
                               "{key}.").format(file=path.name, row=row + 2, values=values, key=" + ".join(key)))
    return frame


def _read_text_table(path: Path) -> pd.DataFrame:
    """Every cell of a CSV file as text, or an InputError that says what is wrong with the file."""
    if not path.exists():
        raise InputError(_("The file {path} does not exist. Check the path, or restore the file from the "
                           "repository.").format(path=path))
    if path.is_dir():
        raise InputError(_("{path} is a folder; give the path of a CSV file.").format(path=path))
    try:
        raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(_("{path} is not UTF-8 text. Save it as 'CSV UTF-8' and try again.").format(
            path=path)) from None
    except pd.errors.EmptyDataError:
        raise InputError(_("{path} is empty: it needs at least a header row.").format(path=path)) from None
    except pd.errors.ParserError as err:
        # Translators: {problem} is the CSV parser's own English description of the problem.
        raise InputError(_("{path} is not a well-formed CSV file ({problem}).").format(
            path=path, problem=err)) from None
    raw.columns = [str(c).strip() for c in raw.columns]
    return raw


def read_csv(path: str | Path, fields: dict[str, str] | None = None, required: list[str] | tuple = (),
             as_text: bool = False) -> pd.DataFrame:
    """Read a practitioner's CSV file for a command-line tool, with the loader's messages.

    ``fields`` maps a column to its type (``"string"``, ``"integer"``,
    ``"number"``, ``"boolean"``, ``"date"``); a cell that does not fit is
    reported with the file, the row (as a spreadsheet numbers it) and the
    column. ``required`` columns must exist and have no empty cell. Any other
    column is read as numbers when every filled cell is a number, and as text
    otherwise; other columns are allowed (unlike :func:`load_csv`, which
    checks a file against a dataset's full schema). A UTF-8 byte-order mark,
    as Excel writes it, is accepted. ``as_text=True`` returns every cell as
    text, for a caller that checks the cells itself.
    """
    path = Path(path)
    raw = _read_text_table(path)
    if as_text:  # the caller casts and checks every cell itself (the budget plan does)
        return raw
    fields = dict(fields or {})
    missing = [c for c in required if c not in raw.columns]
    if missing:
        raise InputError(_("{file} lacks the column(s) {missing}. Its columns are: {columns}.").format(
            file=path.name, missing=", ".join(missing),
            columns=", ".join(raw.columns) or pgettext("no column at all", "none")))
    out: dict[str, Any] = {}
    for name in raw.columns:
        if name in fields:
            field = {"name": name, "type": fields[name], "constraints": {"required": name in required}}
            column = _cast_column(path.name, raw[name], field)
            # Plain floats (NaN for an empty cell) suit the calculators better than nullable ones.
            out[name] = column.astype(float) if fields[name] == "number" else column
            continue
        cells = raw[name].str.strip()
        if name in required and (cells == "").any():
            row = int((cells == "").to_numpy().argmax()) + 2
            raise InputError(_("{file}, row {row}, column {column}: a value is required but the cell is empty.").format(
                file=path.name, row=row, column=name))
        numbers = pd.to_numeric(cells.where(cells != ""), errors="coerce")
        if ((cells != "") & numbers.isna()).any() or (cells == "").all():
            out[name] = cells.where(cells != "").astype(object)
        else:
            out[name] = numbers.astype(float)
    return pd.DataFrame(out, index=raw.index)


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def _cast_column(filename: str, column: pd.Series, field: dict[str, Any]) -> pd.Series:
    name, kind = field["name"], field.get("type", "string")
    constraints = field.get("constraints", {})
    required = constraints.get("required", False)
    values: list[Any] = []
    for i, cell in enumerate(column.tolist()):
        # Rows are numbered as a spreadsheet numbers them: the header is row 1.
        where = {"file": filename, "row": i + 2, "column": name}
        cell = cell.strip()
        if cell == "":
            if required:
                raise InputError(_("{file}, row {row}, column {column}: a value is required but the cell is "
                                   "empty.").format(**where))
            values.append(None)
            continue
        value = _cast_cell(where, cell, kind, field)
        enum = constraints.get("enum")
        if enum is not None:
            items = value if isinstance(value, list) else [value]
            for item in items:
                if item not in enum:
                    raise InputError(_("{file}, row {row}, column {column}: {value} is not one of the allowed values "
                                       "({allowed}).").format(**where, value=repr(item),
                                                              allowed=", ".join(map(str, enum))))
        lo, hi = constraints.get("minimum"), constraints.get("maximum")
        if lo is not None and value < lo:
            raise InputError(_("{file}, row {row}, column {column}: {value} is below the minimum {minimum}.").format(
                **where, value=number(value, ""), minimum=number(lo, "")))
        if hi is not None and value > hi:
            raise InputError(_("{file}, row {row}, column {column}: {value} is above the maximum {maximum}.").format(
                **where, value=number(value, ""), maximum=number(hi, "")))
        values.append(value)

    if kind == "integer" or kind == "year":
        return pd.Series(values, dtype="Int64", name=name)
    if kind == "number":
        return pd.Series(values, dtype="Float64", name=name)
    if kind == "boolean":
        return pd.Series(values, dtype="boolean", name=name)
    if kind == "date":
        return pd.Series(pd.to_datetime(values), name=name)
    if field.get("m4d:list"):
        return pd.Series([v if v is not None else [] for v in values], dtype=object, name=name)
    return pd.Series(values, dtype="string", name=name)


#: What a cell of each type must be: one whole sentence per type, for the translators.
_NOT_A = {
    "year": N_("{file}, row {row}, column {column}: {value} is not a year."),
    "integer": N_("{file}, row {row}, column {column}: {value} is not a whole number."),
    "number": N_("{file}, row {row}, column {column}: {value} is not a number."),
    "boolean": N_("{file}, row {row}, column {column}: {value} is not true or false."),
    "date": N_("{file}, row {row}, column {column}: {value} is not a date (YYYY-MM-DD)."),
}


def _cast_cell(where: dict[str, Any], cell: str, kind: str, field: dict[str, Any]) -> Any:
    try:
        if kind in ("integer", "year"):
            return int(cell)
        if kind == "number":
            return float(cell)
        if kind == "boolean":
            low = cell.lower()
            if low in _TRUE:
                return True
            if low in _FALSE:
                return False
            raise ValueError
        if kind == "date":
            return pd.Timestamp(cell)
    except (ValueError, TypeError):
        raise InputError(_(_NOT_A[kind]).format(**where, value=repr(cell))) from None
    if field.get("m4d:list"):
        return [part.strip() for part in cell.split(LIST_SEPARATOR) if part.strip()]
    return cell
