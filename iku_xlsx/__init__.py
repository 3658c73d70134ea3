"""iku_xlsx: IKU (Indikator Kinerja Utama) workbooks for Indonesian kecamatan offices.

The library first; the ``iku-xlsx`` command is a thin layer over these functions::

    from iku_xlsx import load_catalog, write_blanks

    catalog = load_catalog(year=2025)          # the built-in catalog (Candi Laras Selatan)
    result = write_blanks(catalog, "blanko", combined=True)
    print(result.written)
"""

__version__ = "0.1.0"

from iku_xlsx.blanks import BlankResult, write_blanks
from iku_xlsx.catalog import (
    Catalog,
    CatalogError,
    check_catalog,
    load_catalog,
)
from iku_xlsx.problems import Problem, Severity
from iku_xlsx.writer import write_workbook

__all__ = [
    "BlankResult",
    "Catalog",
    "CatalogError",
    "Problem",
    "Severity",
    "__version__",
    "check_catalog",
    "load_catalog",
    "write_blanks",
    "write_workbook",
]
