"""A working folder's settings: which catalog and which reporting year, in ``iku-xlsx.yaml``.

The planner's page writes the file when the office is set up and reads it when it starts;
the command may read the same file. It is small and plain, so that a person can read it::

    # iku-xlsx: pengaturan folder kerja ini
    catalog: katalog.yaml    # relative to the folder (or absolute); left out: the built-in one
    year: 2025
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Optional

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

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
