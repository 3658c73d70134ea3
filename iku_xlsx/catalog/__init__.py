"""The IKU catalog: what an office measures, read from a file and validated.

- :mod:`~iku_xlsx.catalog.model`: the typed model (office, units, sasaran, indicators);
- :mod:`~iku_xlsx.catalog.validation`: the rules that span fields;
- :mod:`~iku_xlsx.catalog.loading`: files into the model, each error at its place;
- ``data/``: the built-in catalog, the signed IKU of Kecamatan Candi Laras Selatan (2020).
"""

from iku_xlsx.catalog.loading import (
    BUILTIN_CATALOG,
    builtin_catalog_text,
    catalog_files,
    catalog_json_schema,
    check_catalog,
    dump_catalog,
    load_catalog,
    load_catalogs,
    parse_catalog,
)
from iku_xlsx.catalog.model import (
    QUARTERS,
    RECORDS_SHEET_PREFIX,
    Aggregation,
    Catalog,
    CatalogError,
    ChecklistItem,
    Desa,
    DesaDocument,
    IkmRole,
    Indicator,
    Kind,
    Polarity,
    Sasaran,
    Signatory,
    Unit,
    quarter_end,
    quarter_start,
    with_year,
)

__all__ = [
    "BUILTIN_CATALOG",
    "QUARTERS",
    "RECORDS_SHEET_PREFIX",
    "Aggregation",
    "Catalog",
    "CatalogError",
    "ChecklistItem",
    "Desa",
    "DesaDocument",
    "IkmRole",
    "Indicator",
    "Kind",
    "Polarity",
    "Sasaran",
    "Signatory",
    "Unit",
    "builtin_catalog_text",
    "catalog_files",
    "catalog_json_schema",
    "check_catalog",
    "dump_catalog",
    "load_catalog",
    "load_catalogs",
    "parse_catalog",
    "quarter_end",
    "quarter_start",
    "with_year",
]
