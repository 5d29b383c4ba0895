"""nbgrader's check of every cell's grading metadata, with its schema checked once.

nbgrader's ``CheckCellMetadata`` runs twice per autograded notebook and checks
each cell's ``nbgrader`` metadata with ``jsonschema.validate``, which first
checks the *schema itself* against the JSON Schema meta-schema, again for every
cell: most of the step's time. :class:`CheckCellMetadata` here is the same step
(nbgrader's own validator, the same rules, the same errors: jsonschema's best
match, nbgrader's messages) with the schema checked and its validator built
once per process.
"""
from __future__ import annotations

import functools
import json
import os
import traceback

import jsonschema
from jsonschema.exceptions import best_match
from nbgrader.nbgraderformat import ValidationError, common, v3
from nbgrader.preprocessors import CheckCellMetadata as StockCheckCellMetadata


@functools.lru_cache(maxsize=None)
def _schema_validator(version: int):
    with open(os.path.join(common.root, f"v{version:d}.json"), encoding="utf-8") as fh:
        schema = json.load(fh)
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return schema, cls(schema)


class _CompiledSchemaCheck(common.BaseMetadataValidator):
    """Slots in under nbgrader's version-3 rules (which call ``super().validate_cell``)."""

    def __init__(self) -> None:
        self.schema = _schema_validator(self.schema_version)[0]

    def validate_cell(self, cell) -> None:
        # nbgrader's BaseMetadataValidator.validate_cell, with the prepared validator.
        if "nbgrader" not in cell.metadata:
            return
        schema = cell.metadata["nbgrader"].get("schema_version", 0)
        if schema < self.schema_version:
            raise common.SchemaTooOldError(
                "Outdated schema version: {} (expected {})".format(schema, self.schema_version),
                schema, self.schema_version)
        if schema > self.schema_version:
            raise common.SchemaTooNewError(
                "Schema version is too new: {} (expected {})".format(schema, self.schema_version),
                schema, self.schema_version)
        error = best_match(_schema_validator(self.schema_version)[1].iter_errors(cell.metadata["nbgrader"]))
        if error is not None:
            raise error


class MetadataValidator(v3.MetadataValidatorV3, _CompiledSchemaCheck):
    """nbgrader's version-3 metadata rules over a schema validator built once."""


class CheckCellMetadata(StockCheckCellMetadata):
    """nbgrader's ``CheckCellMetadata`` step with :class:`MetadataValidator`."""

    def preprocess(self, nb, resources):
        try:
            MetadataValidator().validate_nb(nb)
        except ValidationError:
            # As nbgrader says it, so that a grader sees the same refusal.
            self.log.error(traceback.format_exc())
            message = "Notebook failed to validate; the nbgrader metadata may be corrupted."
            self.log.error(message)
            raise ValidationError(message)
        return nb, resources
