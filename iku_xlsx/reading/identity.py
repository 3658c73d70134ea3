"""Which catalog a workbook was made from, told by its metadata sheet, never its file name."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from iku_xlsx.catalog import Catalog
from iku_xlsx.catalog.finding import BUILTIN, CatalogFinder, folders_around
from iku_xlsx.contract.layout import LAYOUT_VERSION, READABLE_LAYOUTS
from iku_xlsx.contract.metadata import WorkbookIdentity
from iku_xlsx.problems import Code, Problem

_MODIFIED = re.compile(rb"<dcterms:modified[^<>]*>([^<]+)</dcterms:modified>")


class KnownCatalogs:
    """The catalogs a batch is read with, by every fingerprint their workbooks may carry: the
    catalog's own, and its year's alone (:meth:`Catalog.year_fingerprint`), so that a catalog
    that gained another year's targets still knows the workbooks made before."""

    def __init__(self, catalogs: Iterable[Catalog]):
        self.catalogs = list(catalogs)
        self.by_fingerprint: dict[str, Catalog] = {}
        # the fingerprint of the years a catalog's targets do not name: the years it does
        self._named: dict[str, frozenset[int]] = {}
        for catalog in self.catalogs:
            fingerprints = catalog.fingerprints()
            self.by_fingerprint[fingerprints.whole] = catalog
            self.by_fingerprint.update(dict.fromkeys(fingerprints.named.values(), catalog))
            self.by_fingerprint.setdefault(fingerprints.other_years, catalog)
            self._named[fingerprints.other_years] = frozenset(fingerprints.named)

    def key(self, identity: WorkbookIdentity) -> str | None:
        """The fingerprint by which a workbook is known: its catalog's, else its year's
        alone (not for a year whose targets the catalog names differently)."""
        for fingerprint in (identity.fingerprint, identity.year_fingerprint):
            # the fingerprint of the years a catalog's targets do not name knows no other
            named = self._named.get(fingerprint, frozenset())
            if fingerprint in self.by_fingerprint and identity.year not in named:
                return fingerprint
        return None

    def __getitem__(self, key: str) -> Catalog:
        return self.by_fingerprint[key]


def identify(
    path: Path,
    identity: WorkbookIdentity,
    known: KnownCatalogs,
    year: int | None,
    problems: list[Problem],
) -> Catalog | None:
    """The catalog (among ``known``) a workbook was made from, or None with the reason added
    to ``problems``; a workbook of another ``year`` than expected, or whose file name names
    another unit, is said so too."""
    if identity.layout_version not in READABLE_LAYOUTS:
        problems.append(
            Problem(
                str(path),
                Code.UNKNOWN_LAYOUT,
                f"tata letak versi {identity.layout_version} tidak dikenal (versi ini membaca "
                f"{LAYOUT_VERSION}); gunakan blanko dari versi yang sama",
            )
        )
        return None
    key = known.key(identity)
    if key is None:
        problems.append(_unknown_catalog(path, identity, known.catalogs))
        return None
    catalog = known[key]
    if year is not None and identity.year != year:
        problems.append(
            Problem(
                str(path),
                Code.WRONG_YEAR,
                f"buku kerja tahun {identity.year}; yang diharapkan tahun {year}",
            )
        )
    units = {unit.id for unit in catalog.units}
    unknown = [unit_id for unit_id in identity.units if unit_id not in units]
    if unknown or not identity.units:
        problems.append(
            Problem(
                str(path),
                Code.NOT_IKU_WORKBOOK,
                f"metadata menyebut unit yang tidak ada di katalog: {', '.join(unknown) or '-'}",
            )
        )
        return None
    named = _unit_word(path, catalog)
    if named and len(identity.units) == 1 and named != identity.units[0]:
        problems.append(
            Problem(
                str(path),
                Code.WRONG_UNIT,
                f"nama berkas menyebut unit {named}, tetapi isinya unit "
                f"{identity.units[0]}; periksa apakah berkas tertukar",
            )
        )
    return catalog


def _unknown_catalog(path: Path, identity: WorkbookIdentity, catalogs: list[Catalog]) -> Problem:
    """Another version of a known kecamatan's catalog, or another kecamatan altogether."""
    same_place = [
        catalog.fingerprint()
        for catalog in catalogs
        if catalog.kecamatan.name == identity.kecamatan
    ]
    if same_place:
        return Problem(
            str(path),
            Code.WRONG_CATALOG,
            "buku kerja dibuat dari katalog IKU versi lain "
            f"(sidik jari {identity.fingerprint[:12]}, yang berlaku {same_place[0][:12]}); "
            + _fix(identity),
        )
    expected = ", ".join(sorted({c.kecamatan.name for c in catalogs}))
    return Problem(
        str(path),
        Code.WRONG_KECAMATAN,
        f"buku kerja untuk Kecamatan {identity.kecamatan}; yang diharapkan Kecamatan "
        f"{expected}; {_fix(identity)}",
    )


def say_which_catalog(
    path: Path, identity: WorkbookIdentity | None, problems: list[Problem], finder: CatalogFinder
) -> None:
    """Give a workbook refused for its catalog the fix: the catalog file near it that it was
    made from ("pakai katalog katalog.yaml"), found by its fingerprint."""
    refused = (Code.WRONG_CATALOG.value, Code.WRONG_KECAMATAN.value)
    for k, problem in enumerate(problems):
        if problem.code not in refused or identity is None:
            continue
        found = finder.find(identity.fingerprint, folders_around([path]))
        if found is not None:
            message = problem.message.replace(_fix(identity), _fix(identity, found))
            problems[k] = replace(problem, message=message)


def _fix(identity: WorkbookIdentity, found: str | None = None) -> str:
    """What to do with a workbook of another catalog: use the catalog ``found`` (a file, or
    the built-in one), else the one its blank was made from."""
    if found == BUILTIN:
        return "buku kerja ini dari katalog bawaan iku-xlsx: pakai katalog bawaan"
    if found is not None:
        return f"buku kerja ini dari katalog {found}: pakai katalog {found}"
    return (
        f"pakai katalog yang dipakai membuat blankonya (katalog '{identity.catalog_id}'), "
        "atau isi ulang pada blanko terbaru"
    )


def _unit_word(path: Path, catalog: Catalog) -> str | None:
    """The unit id the file name carries as a word of its own (cls-2025-EKONOMI.xlsx)."""
    words = set(re.split(r"[-_ .]+", path.stem.upper()))
    found = [unit.id for unit in catalog.units if unit.id in words]
    return found[0] if len(found) == 1 else None


def saved_time(core_xml: bytes | None) -> str | None:
    """When the file was last saved, as its document properties say (ISO 8601)."""
    match = _MODIFIED.search(core_xml or b"")
    return match[1].decode("ascii", errors="replace").strip() if match else None
