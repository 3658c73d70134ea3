"""The metadata sheet: what a workbook is, written by the writer and trusted by the reader.

A workbook is known by this very hidden sheet (catalog fingerprint, kecamatan, year, units,
layout version), never by its file name: a renamed or copied file is still known.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from iku_xlsx._version import __version__
from iku_xlsx.catalog import Catalog, Unit
from iku_xlsx.contract.layout import LAYOUT_VERSION

META_SHEET = "_iku_meta"
FORMAT = "iku_xlsx"
CONSOLIDATED = "consolidated"  # the workbook_kind of a kecamatan's consolidated workbook
# The consolidated workbook's hidden sheet holding the tidy table as typed numbers: what an
# earlier year's reading compares with its recomputation.
DATA_SHEET = "Data"


@dataclass(frozen=True)
class WorkbookInfo:
    """What the metadata sheet says of a workbook being written."""

    catalog: Catalog
    units: tuple[Unit, ...]
    # "unit": one unit's file to hand out; "combined": the file holding them all;
    # "consolidated": a kecamatan's consolidated workbook
    kind: str

    def entries(self) -> list[tuple[str, str]]:
        """The sheet's rows: (key, value), as the reader parses them."""
        catalog = self.catalog
        fingerprints = catalog.fingerprints()
        entries = [
            ("format", FORMAT),
            ("layout_version", str(LAYOUT_VERSION)),
            ("generator", FORMAT),
            ("generator_version", __version__),
            ("catalog_id", catalog.catalog_id),
            ("catalog_fingerprint", fingerprints.whole),
            ("catalog_fingerprint_year", fingerprints.of_year(catalog.year)),
            ("government", catalog.government.name),
            ("kecamatan", catalog.kecamatan.name),
            ("kecamatan_code", catalog.kecamatan.code),
            ("year", str(catalog.year)),
            ("workbook_kind", self.kind),
            ("units", ",".join(unit.id for unit in self.units)),
        ]
        entries += [(f"sheet:{unit.id}", unit.sheet) for unit in self.units]
        return entries


@dataclass(frozen=True)
class WorkbookIdentity:
    """What the metadata sheet of a workbook being read says it is."""

    catalog_id: str
    fingerprint: str
    kecamatan: str
    year: int
    units: tuple[str, ...]
    sheets: dict[str, str]
    layout_version: int
    generator_version: str
    kind: str = ""  # unit, combined or consolidated ("" where the sheet does not say)
    # the catalog's fingerprint of the workbook's year alone ("" in workbooks made before it)
    year_fingerprint: str = ""

    @classmethod
    def from_rows(cls, rows: Sequence[Sequence[object]]) -> WorkbookIdentity:
        """Parse the metadata sheet; ValueError when it is not one of ours."""
        entries = {str(row[0]): str(row[1]) for row in rows if len(row) >= 2 and row[0]}
        if entries.get("format") != FORMAT:
            raise ValueError("no iku_xlsx metadata")
        try:
            year = _whole(entries["year"])
            if not 2000 <= year <= 2100:
                raise ValueError(f"year {year}")
            return cls(
                catalog_id=entries["catalog_id"],
                fingerprint=entries["catalog_fingerprint"],
                kecamatan=entries["kecamatan"],
                year=year,
                units=tuple(dict.fromkeys(u for u in entries["units"].split(",") if u)),
                sheets={
                    k.removeprefix("sheet:"): v
                    for k, v in entries.items()
                    if k.startswith("sheet:")
                },
                layout_version=_whole(entries["layout_version"]),
                generator_version=entries.get("generator_version", ""),
                kind=entries.get("workbook_kind", ""),
                year_fingerprint=entries.get("catalog_fingerprint_year", ""),
            )
        except (KeyError, ValueError, OverflowError) as error:
            raise ValueError(f"incomplete metadata: {error}") from None


def _whole(text: str) -> int:
    """A whole number written as text ("2025"; "2025.0" as a spreadsheet may store it)."""
    value = float(text)
    if not value.is_integer():
        raise ValueError(f"{text} is not a whole number")
    return int(value)
