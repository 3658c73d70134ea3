"""iku_xlsx: IKU (Indikator Kinerja Utama) workbooks for Indonesian kecamatan offices.

The library first; the ``iku-xlsx`` command is a thin layer over these functions::

    from iku_xlsx import check_workbooks, load_catalog, write_blanks

    catalog = load_catalog(year=2025)          # the built-in catalog (Candi Laras Selatan)
    result = write_blanks(catalog, "blanko", combined=True)
    print(result.written)

    checked = check_workbooks(["masuk/"], catalog, year=2025)
    print(checked.table, checked.problems, checked.exit_code)

    result = consolidate(["masuk/"], catalog, out="rekap.xlsx", csv="rekap.csv")
"""

__version__ = "0.4.0"

from iku_xlsx.blanks import BlankResult, write_blanks
from iku_xlsx.catalog import Catalog, CatalogError, check_catalog, load_catalog
from iku_xlsx.check import CheckResult, check_workbooks
from iku_xlsx.consolidate import Consolidation, consolidate
from iku_xlsx.problems import Problem, Severity
from iku_xlsx.reader import (
    WorkbookReading,
    iter_workbooks,
    read_workbook,
    read_workbooks,
)
from iku_xlsx.writer import write_workbook

__all__ = [
    "BlankResult",
    "Catalog",
    "CatalogError",
    "CheckResult",
    "Consolidation",
    "Problem",
    "Severity",
    "WorkbookReading",
    "__version__",
    "check_catalog",
    "check_workbooks",
    "consolidate",
    "iter_workbooks",
    "load_catalog",
    "read_workbook",
    "read_workbooks",
    "write_blanks",
    "write_workbook",
]
