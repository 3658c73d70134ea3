"""Which files a batch reads: the files named, and every workbook in the folders named.

Lock and temporary files that programs leave beside a workbook are found too, so that a
consolidation can list them as skipped (never as problems): Excel's owner file
``~$name.xlsx``, LibreOffice's ``.~lock.name.xlsx#``, Excel's temporary saves ``~WRL0001.tmp``,
editors' backups and locks (``name.xlsx~``, ``.#name.xlsx``, ``#name.xlsx#``), and macOS's
``._name.xlsx`` (the resource fork a Mac writes on a USB stick).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from iku_xlsx.problems import Code, Problem

WORKBOOK_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods"}
TEMPORARY_PREFIXES = ("~", ".~lock.", ".#", "._")


def is_temporary(path: Path) -> bool:
    """Whether ``path`` names a lock or temporary file, not a workbook (by its name only)."""
    name = path.name
    return (
        name.startswith(TEMPORARY_PREFIXES)
        or name.endswith("~")
        or (name.startswith("#") and name.endswith("#"))
        or name.lower().endswith((".tmp", ".swp"))
    )


def _of_a_workbook(path: Path) -> bool:
    """A workbook, or a lock or temporary file of one (or Excel's ``~*.tmp``)."""
    if path.suffix.lower() in WORKBOOK_SUFFIXES:
        return True
    if not is_temporary(path):
        return False
    name = path.name.lower()
    return any(suffix in name for suffix in WORKBOOK_SUFFIXES) or (
        name.startswith("~") and name.endswith(".tmp")
    )


def find_workbooks(inputs: Iterable[str | Path]) -> list[Path]:
    """The files named, and every workbook file found (recursively) in the folders named,
    with the lock and temporary files of workbooks among them (read as skipped)."""
    found: list[Path] = []
    for item in map(Path, inputs):
        if item.is_dir():
            found += sorted(p for p in item.rglob("*") if _of_a_workbook(p) and p.is_file())
        else:
            found.append(item)
    return list(dict.fromkeys(found))


def missing_inputs(inputs: Iterable[str | Path]) -> list[Problem]:
    """A problem for each input that does not exist: the command was misused (exit 2)."""
    problems = []
    for item in map(Path, inputs):
        if not item.exists():
            what = "berkas" if item.suffix.lower() in {*WORKBOOK_SUFFIXES, ".csv"} else "folder"
            problems.append(
                Problem(
                    str(item),
                    Code.INPUT_MISSING,
                    f"{what} tidak ada; periksa nama dan letaknya (tidak ada yang dibaca "
                    "atau ditulis)",
                )
            )
    return problems
