"""The IKU catalog: what an office measures, read from a file and validated.

- :mod:`~iku_xlsx.catalog.model`: the typed model (office, units, sasaran, indicators);
- :mod:`~iku_xlsx.catalog.validation`: the rules that span fields;
- :mod:`~iku_xlsx.catalog.loading`: files into the model, each error at its place;
- :mod:`~iku_xlsx.catalog.workbook`: catalogs written in Excel, read and written (imported
  when used: it needs openpyxl and xlsxwriter);
- ``data/``: the built-in catalog, the signed IKU of Kecamatan Candi Laras Selatan (2020).
"""

from iku_xlsx.catalog.loading import (
    BUILTIN_CATALOG,
    builtin_catalog_text,
    catalog_files,
    catalog_json_schema,
    check_catalog,
    dump_catalog,
    is_catalog_workbook,
    load_catalog,
    load_catalogs,
    parse_catalog,
)
from iku_xlsx.catalog.model import (
    PERCENT,
    QUARTERS,
    RECORDS_SHEET_PREFIX,
    Aggregation,
    Amounts,
    Band,
    Baseline,
    Budget,
    Catalog,
    CatalogError,
    ChecklistItem,
    Desa,
    DesaDocument,
    IkmRole,
    Indicator,
    Kind,
    LowerRule,
    Polarity,
    Rules,
    Sasaran,
    Signatory,
    Unit,
    ZeroTarget,
    quarter_end,
    quarter_start,
    with_year,
)

__all__ = [
    "BUILTIN_CATALOG",
    "PERCENT",
    "QUARTERS",
    "RECORDS_SHEET_PREFIX",
    "Aggregation",
    "Amounts",
    "Band",
    "Baseline",
    "Budget",
    "Catalog",
    "CatalogError",
    "ChecklistItem",
    "Desa",
    "DesaDocument",
    "IkmRole",
    "Indicator",
    "Kind",
    "LowerRule",
    "Polarity",
    "Rules",
    "Sasaran",
    "Signatory",
    "Unit",
    "ZeroTarget",
    "builtin_catalog_text",
    "catalog_files",
    "catalog_json_schema",
    "check_catalog",
    "dump_catalog",
    "is_catalog_workbook",
    "load_catalog",
    "load_catalogs",
    "parse_catalog",
    "quarter_end",
    "quarter_start",
    "with_year",
]
