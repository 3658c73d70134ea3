"""A working folder's settings: which catalog and which reporting year, in ``iku-xlsx.yaml``.

The office is chosen once: the planner's page writes the file when the office is set up
(or ``iku-xlsx init``), and every command run in the folder, or in a folder below it, reads
it (:func:`choose_office`), so that forgetting ``--catalog`` never consolidates against
another office's catalog. It is small and plain, so that a person can read it::

    # iku-xlsx: pengaturan folder kerja ini
    catalog: katalog.yaml    # relative to the folder (or absolute); left out: the built-in one
    year: 2025
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from iku_xlsx.catalog import load_catalog

SETTINGS_FILE = "iku-xlsx.yaml"
HEADER = "# iku-xlsx: pengaturan folder kerja ini (ditulis oleh halaman perencana)\n"


class Settings(BaseModel):
    """What a working folder is set up for."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    year: int = Field(ge=2000, le=2100, description="The reporting year.")
    catalog: Optional[str] = Field(
        None,
        min_length=1,
        description="The catalog file, relative to the folder (or absolute); None: built-in.",
    )

    def catalog_path(self, folder: str | Path) -> Path | None:
        """The catalog file as a path (None for the built-in catalog)."""
        return None if self.catalog is None else Path(folder) / self.catalog


class SettingsError(ValueError):
    """A settings file that cannot be used; the message names the file and the fault."""


def load_settings(folder: str | Path) -> Settings | None:
    """The settings of ``folder``, or None when it has no settings file.

    Raises :class:`SettingsError` for a file that is not valid (unknown keys included).
    """
    path = Path(folder) / SETTINGS_FILE
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as error:
        raise SettingsError(f"{path}: cannot be read: {error}") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise SettingsError(f"{path}: not valid YAML: {error}") from None
    if not isinstance(data, dict):
        raise SettingsError(f"{path}: expected 'year: 2025' and optionally 'catalog: FILE'")
    try:
        return Settings.model_validate(data)
    except ValidationError as error:
        faults = "; ".join(
            f"{'.'.join(map(str, detail['loc'])) or 'file'}: {detail['msg']}"
            for detail in error.errors()
        )
        raise SettingsError(f"{path}: {faults}") from None


def save_settings(folder: str | Path, settings: Settings) -> Path:
    """Write ``settings`` into ``folder`` atomically (a complete file or the old one)."""
    path = Path(folder) / SETTINGS_FILE
    body = yaml.safe_dump(
        settings.model_dump(exclude_none=True), sort_keys=True, allow_unicode=True
    )
    handle, temporary = tempfile.mkstemp(
        prefix=f".{SETTINGS_FILE}.", suffix=".tmp", dir=path.parent
    )
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(HEADER + body)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    finally:
        Path(temporary).unlink(missing_ok=True)
    return path


def find_settings(start: str | Path | None = None) -> Path | None:
    """The settings file of the folder ``start`` (default: the current one), or of the
    nearest folder above it that has one; None when there is none."""
    folder = Path.cwd() if start is None else Path(start)
    for candidate in (folder, *folder.resolve().parents):
        path = candidate / SETTINGS_FILE
        if path.is_file():
            return path
    return None


@dataclass(frozen=True)
class OfficeChoice:
    """The catalogs and year a command works with, and the settings file they came from."""

    catalogs: tuple[Path, ...]  # empty: the built-in catalog
    year: int | None  # None: the catalog's (or, consolidating, the workbooks') year
    settings_file: Path | None = None  # where what the flags left out came from
    taken: tuple[str, ...] = ()  # what came from it: "catalog", "year"

    def describe(self) -> str | None:
        """One line for the person running the command: what was taken from the file."""
        if self.settings_file is None or not self.taken:
            return None
        words = []
        if "catalog" in self.taken:
            words.append(f"catalog {', '.join(map(str, self.catalogs)) or '(built-in)'}")
        if "year" in self.taken:
            words.append(f"year {self.year}")
        return f"{self.settings_file}: {' and '.join(words)}"


def choose_office(
    catalogs: Sequence[Path] | None, year: int | None, start: str | Path | None = None
) -> OfficeChoice:
    """The flags given, and what they leave out from the nearest settings file above
    ``start`` (a catalog named there is relative to the file's folder); without a file,
    the built-in catalog. Raises :class:`SettingsError` for a file that is not valid."""
    if catalogs and year is not None:
        return OfficeChoice(tuple(catalogs), year)
    path = find_settings(start)
    settings = None if path is None else load_settings(path.parent)
    if settings is None or path is None:
        return OfficeChoice(tuple(catalogs or ()), year)
    chosen = settings.catalog_path(path.parent)
    return OfficeChoice(
        tuple(catalogs) if catalogs else (() if chosen is None else (chosen,)),
        settings.year if year is None else year,
        path,
        tuple(name for name, given in (("catalog", catalogs), ("year", year)) if not given),
    )


def set_up_folder(
    folder: str | Path, catalog: str | Path | None, year: int | None, *, force: bool = False
) -> tuple[Path, Settings]:
    """Write ``folder``'s settings: ``catalog`` (None: the built-in one), validated first,
    named relative to the folder when it is inside it, and ``year`` (default: the
    catalog's). Raises ``FileExistsError`` when the folder has settings and not ``force``,
    :class:`~iku_xlsx.catalog.CatalogError` for an invalid catalog."""
    folder = Path(folder)
    if (folder / SETTINGS_FILE).exists() and not force:
        raise FileExistsError(f"{folder / SETTINGS_FILE} exists; use --force to replace it")
    loaded = load_catalog(catalog, year=year)
    named = None
    if catalog is not None:
        path = Path(catalog).resolve()
        inside = path.is_relative_to(folder.resolve())
        named = (path.relative_to(folder.resolve()) if inside else path).as_posix()
    settings = Settings(year=loaded.year, catalog=named)
    return save_settings(folder, settings), settings
