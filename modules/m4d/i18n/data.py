"""The course data in the reader's language, with every CSV kept once, in English.

``locales/datasets.yml`` lists, for each resource of the data package, the
columns a reader sees as words (titles, summaries, the values of a coded column
such as a case's sectors). Each distinct value of such a column is a msgid of
the one catalogue ``locales/<language>/LC_MESSAGES/datasets.po``, with the
context ``<resource>.<column>`` (so "health" as a sector and "health" elsewhere
can be translated differently).

Codes stay codes: :func:`translate_frame` returns a copy for display, while
filters, joins and the tests keep using the English values of
:func:`m4d.datasets.load`. A coded column's value is shown with
:func:`translate_value`, and a filter's option keeps the English value as its
``value`` and the translation as its label.
"""
from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from typing import Any

import pandas as pd

from m4d.errors import InputError
from m4d.i18n.catalogues import PACKAGE_LOCALES, catalogue, locales_dir
from m4d.i18n.languages import SOURCE_LANGUAGE, language

DOMAIN = "datasets"
COLUMNS_FILE = "datasets.yml"


@lru_cache(maxsize=4)
def _declared(path: str) -> dict[str, tuple[str, ...]]:
    import yaml

    try:
        with open(path, encoding="utf-8") as fh:
            declared = yaml.safe_load(fh) or {}
    except FileNotFoundError:
        return {}
    if not isinstance(declared, dict) or not all(isinstance(v, list) for v in declared.values()):
        raise InputError(f"{path} must map each resource name to a list of its translatable columns.")
    return {str(name): tuple(str(c) for c in columns) for name, columns in declared.items()}


def _columns_file() -> str:
    # The list lives with the catalogues; a locales folder of translations only falls back to the package's list.
    configured = locales_dir() / COLUMNS_FILE
    return str(configured if configured.exists() else PACKAGE_LOCALES / COLUMNS_FILE)


def translatable_columns(resource: str) -> tuple[str, ...]:
    """The columns of ``resource`` that are shown in the reader's language (none if it is not listed)."""
    return _declared(_columns_file()).get(resource, ())


def context(resource: str, column: str) -> str:
    return f"{resource}.{column}"


def translate_value(resource: str, column: str, value: Any, lang: str | None = None) -> Any:
    """One value of a translatable column in ``lang``; a list is translated item by item; missing stays missing."""
    lang = lang or language()
    if lang == SOURCE_LANGUAGE or value is None or value is pd.NA:
        return value
    if isinstance(value, (list, tuple)):
        return type(value)(translate_value(resource, column, v, lang) for v in value)
    if not isinstance(value, str):
        return value
    return catalogue(DOMAIN, lang).gettext(value, context(resource, column))


def translate_frame(frame: pd.DataFrame, resource: str, lang: str | None = None) -> pd.DataFrame:
    """A copy of ``frame`` (rows of ``resource``) whose translatable columns are in ``lang``, for display."""
    lang = lang or language()
    if lang == SOURCE_LANGUAGE:
        return frame
    shown = frame.copy()
    for column in translatable_columns(resource):
        if column in shown.columns:
            shown[column] = [translate_value(resource, column, v, lang) for v in shown[column]]
    return shown


def data_messages() -> Iterator[tuple[str, str, str]]:
    """Every distinct value of every translatable column: (context, value, where) for the catalogue."""
    from m4d import datasets

    for resource, columns in sorted(_declared(_columns_file()).items()):
        frame = datasets.load(resource)
        described = {f["name"]: f for f in datasets.resource(resource)["schema"]["fields"]}
        for column in columns:
            if column not in frame.columns:
                raise InputError(f"{COLUMNS_FILE} lists the column {column!r} of {resource!r}, which has no such "
                                 f"column: remove it from the list or fix its name.")
            seen: dict[str, None] = {}
            # A coded column's whole vocabulary, in the data package's order, even values no row uses yet.
            for value in described[column].get("m4d:vocabulary", []):
                seen.setdefault(str(value))
            for value in frame[column]:
                for item in value if isinstance(value, list) else [value]:
                    if isinstance(item, str) and item.strip():
                        seen.setdefault(item)
            for value in seen:
                yield context(resource, column), value, f"datasets/{resource}.csv:{column}"


#: The context of the data package's own texts (a dataset's and a column's title and description).
PACKAGE_CONTEXT = "datapackage"
_DESCRIBED = ("title", "description")
#: The words `m4d data` puts beside the package's texts; they live in this catalogue with them.
PACKAGE_LABELS = ("illustrative", "sourced", "Illustrative: made up for teaching.")


def package_text(text: str | None, lang: str | None = None) -> str | None:
    """A title or description of ``datasets/datapackage.json`` in ``lang`` (English when untranslated)."""
    lang = lang or language()
    if lang == SOURCE_LANGUAGE or not isinstance(text, str) or not text.strip():
        return text
    return catalogue(DOMAIN, lang).gettext(text, PACKAGE_CONTEXT)


def describe_resource(name: str, lang: str | None = None) -> dict[str, Any]:
    """What the data package says about a dataset, in ``lang``: its title, its description and, for each
    column, its title and description. Names (of the dataset and its columns) stay as they are: they are
    what a program or a spreadsheet uses."""
    from m4d import datasets

    res = datasets.resource(name)
    shown = {"name": name, "path": res.get("path", ""), "illustrative": bool(res.get("m4d:illustrative", False))}
    shown.update({key: package_text(res.get(key), lang) or "" for key in _DESCRIBED})
    shown["fields"] = [{"name": f["name"], "type": f.get("type", "string"),
                        **{key: package_text(f.get(key), lang) or "" for key in _DESCRIBED}}
                       for f in res.get("schema", {}).get("fields", [])]
    return shown


def package_messages() -> Iterator[tuple[str, str, str]]:
    """Every title and description of the data package: (context, text, where) for the catalogue."""
    from m4d import datasets

    for label in PACKAGE_LABELS:
        yield PACKAGE_CONTEXT, label, "modules/m4d/data_cli.py"
    for res in datasets.data_package().get("resources", []):
        for key in _DESCRIBED:
            if isinstance(res.get(key), str) and res[key].strip():
                yield PACKAGE_CONTEXT, res[key], f"datasets/datapackage.json:{res['name']}.{key}"
        for field in res.get("schema", {}).get("fields", []):
            for key in _DESCRIBED:
                if isinstance(field.get(key), str) and field[key].strip():
                    yield PACKAGE_CONTEXT, field[key], f"datasets/datapackage.json:{res['name']}.{field['name']}.{key}"


def source_value(resource: str, column: str, text: Any) -> Any:
    """The English value of the course data that ``text`` translates (in French or Spanish), else ``text``.

    For logic that reads words of a value a reader may see translated (the frequency "chaque trimestre" of a
    translated plan is the course's "quarterly"): a value of the partners' own is returned unchanged."""
    if not isinstance(text, str) or not text.strip():
        return text
    from m4d.i18n.languages import LANGUAGES

    wanted = context(resource, column)
    for lang in LANGUAGES:
        if lang == SOURCE_LANGUAGE:
            continue
        for (ctx, english), shown in catalogue(DOMAIN, lang).messages.items():
            if ctx == wanted and shown == text:
                return english
    return text
