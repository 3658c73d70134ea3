"""The library's own computation of every figure a workbook's formulas show.

A reader never trusts a cached result: it recomputes from the inputs with these and compares.

- :mod:`~iku_xlsx.compute.indicators`: realisation, capaian and kategori of many indicators
  at once (pandas), and the tidy table;
- :mod:`~iku_xlsx.compute.records`: what the records sheets count (checklists, desa records,
  the IKM survey).
"""

from iku_xlsx.compute.indicators import (
    CAPAIAN_TO_DATE,
    DASH,
    DEN,
    NUM,
    PERIODS,
    PREVIOUS_COLUMNS,
    QUARTER_TARGET,
    REPORTED,
    TARGET_TO_DATE,
    TIDY_COLUMNS,
    TIDY_COLUMNS_ADDED,
    TO_DATE,
    TO_DATE_DASH,
    VAL,
    compute,
    tidy_table,
)

__all__ = [
    "CAPAIAN_TO_DATE",
    "DASH",
    "DEN",
    "NUM",
    "PERIODS",
    "PREVIOUS_COLUMNS",
    "QUARTER_TARGET",
    "REPORTED",
    "TARGET_TO_DATE",
    "TIDY_COLUMNS",
    "TIDY_COLUMNS_ADDED",
    "TO_DATE",
    "TO_DATE_DASH",
    "VAL",
    "compute",
    "tidy_table",
]
