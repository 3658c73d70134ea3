"""What the gate refuses a file with, and the bounds beyond which it refuses."""

from __future__ import annotations

from enum import Enum

from iku_xlsx.problems import Code

MAX_FILE_BYTES = 50 * 1024**2  # a unit workbook is about 15 KB; a filled one under 1 MB
MAX_TOTAL_UNCOMPRESSED = 64 * 1024**2
# A sheet's extent, from its cells' and rows' references: the reader allocates rows x columns,
# so one far-away cell (XFD1048576) would ask for hundreds of gigabytes. An IKU sheet uses 17
# columns and a few hundred rows; a reference to row 10,000 or beyond, or to a column past CZ
# (104), is refused, which bounds a sheet to about a million cells.
MAX_ROWS = 9_999
MAX_COLUMN = "CZ"
MAX_COLUMNS = 104  # CZ
MAX_ENTRIES = 5_000
MAX_RATIO = 200  # XML compresses 5 to 30 times; zip bombs a thousand times and more
RATIO_APPLIES_ABOVE = 1024**2  # tiny entries may compress extremely well and harmlessly
MAX_SHARED_STRINGS = 1_000_000
# The parser copies a cell's content into every repeat of it (OpenDocument), and a shared
# string into every cell that refers to it (.xlsx): what that would expand to is bounded.
MAX_EXPANDED_BYTES = 256 * 1024**2
# What may stand before an XML part's root besides a DTD: comments and processing
# instructions. A real prolog has two or three; past this many the whole part is searched.
MAX_PROLOG_SKIPS = 16
PROLOG_BYTES_UNPARSED = 1024  # read of the parts no parser reads (a real prolog: 100 bytes)


class FileKind(str, Enum):
    XLSX = "xlsx"  # an Office Open XML workbook (.xlsx, .xlsm)
    ODS = "ods"  # an OpenDocument spreadsheet
    XLS = "xls"  # a legacy Excel 97-2003 workbook


class Refusal(Exception):
    """The file is refused before parsing; ``code`` and ``message`` (Bahasa Indonesia) say why."""

    def __init__(self, code: Code, message: str):
        super().__init__(message)
        self.code = code
        self.message = message
