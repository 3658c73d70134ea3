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

import sys
from importlib import import_module
from types import ModuleType
from typing import TYPE_CHECKING, Any

# Each public name and the module it lives in, imported when first used: the command's
# --help and the catalog commands start without pandas, openpyxl or xlsxwriter.
_PUBLIC = {
    "BlankResult": "blanks",
    "write_blanks": "blanks",
    "Catalog": "catalog",
    "CatalogError": "catalog",
    "check_catalog": "catalog",
    "load_catalog": "catalog",
    "CheckResult": "check",
    "check_workbooks": "check",
    "Consolidation": "consolidate",
    "consolidate": "consolidate",
    "Problem": "problems",
    "Severity": "problems",
    "WorkbookReading": "reader",
    "iter_workbooks": "reader",
    "read_workbook": "reader",
    "read_workbooks": "reader",
    "write_workbook": "writer",
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
    "write_workbook",
]


def __getattr__(name: str) -> Any:
    if name in _PUBLIC:
        value = getattr(import_module(f"{__name__}.{_PUBLIC[name]}"), name)
        globals()[name] = value  # once: the next use is a plain attribute
        return value
    try:  # a submodule (iku_xlsx.reader), as when the package imported them all at once
        return import_module(f"{__name__}.{name}")
    except ModuleNotFoundError as error:
        if error.name != f"{__name__}.{name}":
            raise  # a missing dependency of that submodule: say so
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class _Package(ModuleType):
    """Importing a submodule sets it as the package's attribute of its name; for
    ``consolidate`` (module and function) that would hide the function. The public names
    stay what they are."""

    def __setattr__(self, name: str, value: Any) -> None:
        if name in _PUBLIC and isinstance(value, ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


if TYPE_CHECKING:  # what the names are, for type checkers and editors
    from iku_xlsx.blanks import BlankResult, write_blanks
    from iku_xlsx.catalog import Catalog, CatalogError, check_catalog, load_catalog
    from iku_xlsx.check import CheckResult, check_workbooks
    from iku_xlsx.consolidate import Consolidation, consolidate
    from iku_xlsx.problems import Problem, Severity
    from iku_xlsx.reader import WorkbookReading, iter_workbooks, read_workbook, read_workbooks
    from iku_xlsx.writer import write_workbook
