"""What goes into a sheet's cells beyond the blank: inputs, cached results, other sheets.

A blank has none of it; a consolidated workbook carries the collected inputs and the
library's computed results, both keyed by defined name.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from iku_xlsx.contract.records_layout import RecordsLayout


@dataclass(frozen=True)
class Fill:
    """What goes into a sheet's cells beyond the blank: inputs, cached results, other sheets."""

    values: Mapping[str, object]
    cached: Mapping[str, object]
    located: Mapping[str, str]
    records: Mapping[str, RecordsLayout]
    year: int

    def cached_result(self, name: str) -> object:
        """A formula's cached result: the library's own computation, or "" in a blank (so
        that a file never calculated reads back empty, and LibreOffice recalculates it)."""
        value = self.cached.get(name)
        return "" if value is None else value
