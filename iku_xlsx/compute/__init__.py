"""The library's own computation of every figure a workbook's formulas show.

A reader never trusts a cached result: it recomputes from the inputs with these and compares.

- :mod:`~iku_xlsx.compute.indicators`: realisation, capaian and kategori of many indicators
  at once (pandas), and the tidy table;
- :mod:`~iku_xlsx.compute.records`: what the records sheets count (checklists, desa records,
  the IKM survey).
"""

from iku_xlsx.compute.indicators import (
    DASH,
    DEN,
    NUM,
    PERIODS,
    TIDY_COLUMNS,
    VAL,
    compute,
    tidy_table,
)

__all__ = ["DASH", "DEN", "NUM", "PERIODS", "TIDY_COLUMNS", "VAL", "compute", "tidy_table"]
