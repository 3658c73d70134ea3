"""The tidy table as CSV, in the contract's format or the one an Indonesian Excel opens.

- ``standard`` (the contract's, the default): comma-separated, a dot as decimal mark, UTF-8,
  for programs (pandas, R, databases) and for Excel or LibreOffice set to English.
- ``id``: semicolon-separated, a comma as decimal mark, UTF-8 with a byte order mark: what
  an Excel (or LibreOffice) whose language and region are Indonesian reads as numbers by a
  double click, where it would read "86.46" as text and split nothing at a comma. The BOM
  tells Excel the file is UTF-8 (it guesses the Windows code page otherwise).

Both hold the same rows, columns and digits (up to 10 significant). The consolidated
workbook's "Data" sheet holds the table as typed numbers, which read in any locale.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from iku_xlsx.fileio import atomic_output


@dataclass(frozen=True)
class CsvFormat:
    separator: str
    decimal: str
    encoding: str


CSV_FORMATS = {
    "standard": CsvFormat(",", ".", "utf-8"),
    "id": CsvFormat(";", ",", "utf-8-sig"),
}
DEFAULT_CSV_FORMAT = "standard"


def find_csv_format(name: str) -> CsvFormat:
    """The format called ``name`` ("standard" or "id", case ignored)."""
    try:
        return CSV_FORMATS[name.lower()]
    except (KeyError, AttributeError):
        choices = ", ".join(CSV_FORMATS)
        raise ValueError(f"unknown CSV format {name!r}; choose one of {choices}") from None


def write_csv(table: pd.DataFrame, path: Path, format_name: str = DEFAULT_CSV_FORMAT) -> Path:
    """The tidy table as CSV in the format ``format_name``, written atomically."""
    chosen = find_csv_format(format_name)
    with atomic_output(path) as temporary:
        table.to_csv(
            temporary,
            index=False,
            float_format="%.10g",
            sep=chosen.separator,
            decimal=chosen.decimal,
            encoding=chosen.encoding,
        )
    return path
