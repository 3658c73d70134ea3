"""Which catalog file a workbook was made from, found among the catalogs near it.

A workbook of another catalog than the one given is refused (``wrong-catalog``); the fix a
planner needs is the file to use instead ("pakai katalog katalog.yaml"). The workbook's
metadata carries its catalog's fingerprint, so the catalog files in the folders around it
(the inbox, the working folder above it, the current folder) are loaded, each once, and
matched by theirs: YAML files, and workbooks named as catalogs (``katalog.xlsx``).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from iku_xlsx.catalog.loading import CATALOG_SUFFIXES, load_catalog
from iku_xlsx.catalog.model import CatalogError

MAX_CATALOG_BYTES = 2_000_000  # the built-in catalog is 30 kB; a settings file is tiny
MAX_FILES_PER_FOLDER = 30  # a folder of many YAML files is not a working folder: skip the rest
BUILTIN = "bawaan"  # how a message names the built-in catalog
WORKBOOK_CATALOG_STEMS = ("katalog", "catalog")  # katalog.xlsx: the page's name for one


class CatalogFinder:
    """Catalog files by fingerprint, folder by folder, each folder looked at once."""

    def __init__(self) -> None:
        self._folders: dict[Path, dict[str, str]] = {}
        self._builtin: str | None = None

    def find(self, fingerprint: str, folders: Iterable[Path]) -> str | None:
        """The catalog with ``fingerprint``: a file's path as given, :data:`BUILTIN` for the
        built-in catalog, or None when none of ``folders`` holds it."""
        for folder in folders:
            found = self._catalogs_in(folder).get(fingerprint)
            if found is not None:
                return found
        return BUILTIN if fingerprint == self._builtin_fingerprint() else None

    def _catalogs_in(self, folder: Path) -> dict[str, str]:
        key = folder.resolve()
        if key not in self._folders:
            self._folders[key] = _catalogs_in(folder)
        return self._folders[key]

    def _builtin_fingerprint(self) -> str:
        if self._builtin is None:
            self._builtin = load_catalog().fingerprint()
        return self._builtin


def _catalogs_in(folder: Path) -> dict[str, str]:
    """Fingerprint -> path of each valid catalog file directly in ``folder`` (files that are
    not catalogs, or cannot be read, are passed over: this only looks for a hint)."""
    found: dict[str, str] = {}
    try:
        files = sorted(p for p in folder.iterdir() if _may_be_a_catalog(p))
    except OSError:
        return found
    for path in files[:MAX_FILES_PER_FOLDER]:
        try:
            if not path.is_file() or path.stat().st_size > MAX_CATALOG_BYTES:
                continue
            found.setdefault(load_catalog(path).fingerprint(), str(path))
        except (CatalogError, OSError, ValueError):
            continue
    return found


def _may_be_a_catalog(path: Path) -> bool:
    """A YAML file, or a workbook named as a catalog (katalog*.xlsx, catalog*.xlsx): the
    other workbooks beside an inbox are the units', not catalogs."""
    suffix, stem = path.suffix.lower(), path.stem.lower()
    return suffix in CATALOG_SUFFIXES or (
        suffix == ".xlsx" and stem.startswith(WORKBOOK_CATALOG_STEMS)
    )


def folders_around(files: Iterable[Path], start: Path | None = None) -> list[Path]:
    """Where to look for the catalog of ``files``: each file's folder and the one above it
    (a working folder holds its catalog beside the inbox), then ``start`` (default: the
    current folder), each once, in that order."""
    folders: list[Path] = []
    for file in files:
        folders += [file.parent, file.parent.parent]
    folders.append(Path.cwd() if start is None else start)
    seen: set[Path] = set()
    unique = []
    for folder in folders:
        key = folder.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(folder)
    return unique
