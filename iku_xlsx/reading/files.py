"""Which files a batch reads: the files named, and every workbook in the folders named."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

WORKBOOK_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods"}


def find_workbooks(inputs: Iterable[str | Path]) -> list[Path]:
    """The files named, and every workbook file found (recursively) in the folders named."""
    found: list[Path] = []
    for item in map(Path, inputs):
        if item.is_dir():
            found += sorted(
                p for p in item.rglob("*") if p.suffix.lower() in WORKBOOK_SUFFIXES and p.is_file()
            )
        else:
            found.append(item)
    return list(dict.fromkeys(found))
