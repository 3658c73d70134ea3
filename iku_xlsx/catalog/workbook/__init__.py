"""Catalogs written in Excel, as XLSForm writes forms: a workbook of one sheet per table.

- :mod:`~.layout`: the sheets and their columns, as data (headers, fields, widths, prompts);
- :mod:`~.cells`: what a cell of each kind may hold, read and written;
- :mod:`~.writing`: a catalog (or the empty template) as a workbook;
- :mod:`~.reading`: a workbook back into a catalog, every problem at its sheet and cell.
"""

from iku_xlsx.catalog.workbook.reading import (
    check_catalog_workbook,
    load_catalog_workbook,
    read_catalog_workbook,
)
from iku_xlsx.catalog.workbook.writing import write_catalog_workbook

__all__ = [
    "check_catalog_workbook",
    "load_catalog_workbook",
    "read_catalog_workbook",
    "write_catalog_workbook",
]
