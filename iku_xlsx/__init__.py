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

from importlib import import_module
from typing import TYPE_CHECKING, Any

from iku_xlsx._version import __version__

# Each public name and the module it lives in, imported when first used: the command's
# --help and the catalog commands start without pandas, openpyxl or xlsxwriter.
_PUBLIC = {
    "BlankResult": "writer.blanks",
    "write_blanks": "writer.blanks",
    "Catalog": "catalog",
    "CatalogError": "catalog",
    "check_catalog": "catalog",
    "load_catalog": "catalog",
    "write_catalog_workbook": "catalog.workbook",
    "CheckResult": "jobs.check",
    "check_workbooks": "jobs.check",
    "Consolidation": "consolidation.result",
    "consolidate": "jobs.consolidate",
    "Problem": "problems",
    "Severity": "problems",
    "WorkbookReading": "reading",
    "iter_workbooks": "reading",
    "read_workbook": "reading",
    "read_workbooks": "reading",
    "write_workbook": "writer.workbook",
}
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
    "write_catalog_workbook",
    "write_workbook",
]


def __getattr__(name: str) -> Any:
    if name in _PUBLIC:
        value = getattr(import_module(f"{__name__}.{_PUBLIC[name]}"), name)
        globals()[name] = value  # once: the next use is a plain attribute
        return value
    try:  # a subpackage or module (iku_xlsx.reading), as a plain import would give it
        return import_module(f"{__name__}.{name}")
    except ModuleNotFoundError as error:
        if error.name != f"{__name__}.{name}":
            raise  # a missing dependency of that submodule: say so
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


if TYPE_CHECKING:  # what the names are, for type checkers and editors
    from iku_xlsx.catalog import Catalog, CatalogError, check_catalog, load_catalog
    from iku_xlsx.catalog.workbook import write_catalog_workbook
    from iku_xlsx.consolidation.result import Consolidation
    from iku_xlsx.jobs.check import CheckResult, check_workbooks
    from iku_xlsx.jobs.consolidate import consolidate
    from iku_xlsx.problems import Problem, Severity
    from iku_xlsx.reading import WorkbookReading, iter_workbooks, read_workbook, read_workbooks
    from iku_xlsx.writer.blanks import BlankResult, write_blanks
    from iku_xlsx.writer.workbook import write_workbook
