"""A legacy .xls, parsed apart: in a child process (:mod:`.xls_child`), bounded.

python-calamine builds every sheet's whole grid when it opens an .xls, from cell records the
gate cannot read (a binary format inside an OLE container): one cell at IV65536 makes a grid
of 16.7 million cells, half a gigabyte per sheet, and a few sheets abort the process. So an
.xls is parsed in a child process, with its memory (on POSIX) and time bounded, and only its
values come back. Legacy files are rare: the child's start (a tenth of a second) is paid only
for them.
"""

from __future__ import annotations

import io
import pickle
import subprocess
import sys
from pathlib import Path
from typing import Any

from python_calamine import CalamineWorkbook

from iku_xlsx.gate.inspection import Inspection
from iku_xlsx.gate.refusal import MAX_COLUMN, MAX_COLUMNS, MAX_ROWS, FileKind, Refusal
from iku_xlsx.problems import Code

XLS_MEMORY_LIMIT = 1024**3
XLS_SECONDS = 30
XLS_OUTPUT_BYTES = 64 * 1024**2  # the values sent back: an IKU workbook's are some 100 KB
CHILD = Path(__file__).with_name("xls_child.py")


class ParsedSheet:
    """A sheet parsed in the child, answering as python-calamine's sheet does."""

    def __init__(self, start: tuple[int, int] | None, rows: list[list[Any]]):
        self.start, self.rows = start or (0, 0), rows

    def to_python(self, skip_empty_area: bool = True) -> list[list[Any]]:
        if not skip_empty_area:
            return self.rows
        row, col = self.start
        return [values[col:] for values in self.rows[row:]]


class ParsedBook:
    """An .xls parsed in the child, answering as python-calamine's workbook does."""

    def __init__(self, sheet_names: list[str], sheets: dict[str, tuple[Any, list[list[Any]]]]):
        self.sheet_names = sheet_names
        self._sheets = sheets

    def get_sheet_by_name(self, name: str) -> ParsedSheet:
        return ParsedSheet(*self._sheets[name])

    def close(self) -> None:
        pass


Book = CalamineWorkbook | ParsedBook  # a workbook as parsed: here, or in the child


def parsed_workbook(inspection: Inspection) -> Book:
    """python-calamine's reading of a file the gate let through (an .xls in a child process,
    see above); raises :class:`Refusal` when an .xls is beyond the bounds."""
    if inspection.kind is not FileKind.XLS:
        return CalamineWorkbook.from_filelike(io.BytesIO(inspection.workbook))
    try:
        child = subprocess.run(
            [
                sys.executable,
                "-I",  # nothing from the environment, nor this folder on the path
                str(CHILD),
                str(XLS_MEMORY_LIMIT),
                str((MAX_ROWS + 1) * MAX_COLUMNS),
                str(XLS_OUTPUT_BYTES),
            ],
            input=inspection.data,
            capture_output=True,
            timeout=XLS_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired:
        child = None
    if child is None or child.returncode != 0:
        if child is not None and b"CalamineError" in child.stderr:
            message = child.stderr.decode("utf-8", "replace").strip().splitlines()[-1]
            raise Refusal(Code.UNREADABLE, f"berkas .xls tidak dapat dibaca ({message})")
        raise Refusal(
            Code.TOO_LARGE,
            "berkas .xls ini memuat lembar yang terlalu besar untuk dibaca (melewati baris "
            f"{MAX_ROWS} atau kolom {MAX_COLUMN}, atau lebih dari {XLS_SECONDS} detik); "
            "simpan sebagai .xlsx lalu kirim kembali",
        )
    return ParsedBook(*pickle.loads(child.stdout))  # our own child's output: trusted
