"""Who signs a consolidated report, where and when, and the period it covers.

The Rekap is signed by the head of the office: the catalog's ``head``, else the signatory of
the unit with id CAMAT. A catalog with neither gets a block with the Camat's title and room
for the name and NIP to be written by hand (and a warning, ``head-missing``): never the
first unit's head, which may be a Sekcam. The date is the report's (given, or today), the
Indonesian way ("5 Oktober 2026"); the period is "s.d. Triwulan III", the last quarter with
any figure, or the one given.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
from xlsxwriter.worksheet import Worksheet

from iku_xlsx.catalog import QUARTERS, Catalog, Signatory
from iku_xlsx.compute import DEN, NUM
from iku_xlsx.consolidation.result import KecamatanResult
from iku_xlsx.numbers import MONTHS
from iku_xlsx.writer.cells import merge
from iku_xlsx.writer.printing import DEFAULT_PAPER, paper_index
from iku_xlsx.writer.styles import Styles

HEAD_UNIT = "CAMAT"
QUARTER_NUMERALS = ("I", "II", "III", "IV")
BY_HAND = "(" + "." * 40 + ")"  # a name to be written by hand
NIP_BY_HAND = "NIP. " + "." * 30
SIGNATURE_ROWS = 7  # place and date, title, three rows to sign in, name, NIP


@dataclass(frozen=True)
class ReportSettings:
    """How a consolidated report is printed and signed: the paper ("A4" or "F4"), the date
    of the report (None: today) and the last quarter it covers (None: the last with data)."""

    paper: str = DEFAULT_PAPER
    date: dt.date | None = None
    quarter: int | None = None

    def __post_init__(self) -> None:
        paper_index(self.paper)
        if self.quarter is not None and self.quarter not in QUARTERS:
            raise ValueError(f"quarter {self.quarter!r}: a quarter is 1, 2, 3 or 4")

    @property
    def report_date(self) -> dt.date:
        return self.date or dt.date.today()


def indonesian_date(date: dt.date) -> str:
    """'5 Oktober 2026'."""
    return f"{date.day} {MONTHS[date.month - 1]} {date.year}"


def quarter_name(quarter: int) -> str:
    """'Triwulan III'."""
    return f"Triwulan {QUARTER_NUMERALS[quarter - 1]}"


def last_quarter(kecamatan: KecamatanResult) -> int | None:
    """The last quarter in which any indicator of the kecamatan has a figure; None without."""
    inputs = kecamatan.inputs
    if inputs.empty:
        return None
    figures = np.isfinite(inputs[NUM + DEN].to_numpy(dtype=float))  # one frame access
    quarters = len(QUARTERS)
    reported = [q for q in QUARTERS if figures[:, [q - 1, quarters + q - 1]].any()]
    return max(reported, default=None)


def covered_quarter(kecamatan: KecamatanResult, settings: ReportSettings) -> int | None:
    """The quarter the report covers up to: the one given, else the last with data."""
    return settings.quarter if settings.quarter is not None else last_quarter(kecamatan)


def period_line(year: int, quarter: int | None) -> str:
    """The heading's year line: 'TAHUN 2026 (S.D. TRIWULAN III)', or 'TAHUN 2026'."""
    if quarter is None:
        return f"TAHUN {year}"
    return f"TAHUN {year} (S.D. {quarter_name(quarter).upper()})"


def head_of(catalog: Catalog) -> Signatory | None:
    """The head of the office: the catalog's ``head``, else the Camat unit's signatory."""
    if catalog.head is not None:
        return catalog.head
    for unit in catalog.units:
        if unit.id == HEAD_UNIT:
            return unit.signatory
    return None


def write_head_signature(
    sheet: Worksheet,
    styles: Styles,
    catalog: Catalog,
    date: dt.date,
    row: int,
    first_col: int,
    last_col: int,
) -> None:
    """The head's signature block: place and date, title, room to sign, name, NIP."""
    head = head_of(catalog)
    if head is not None:  # a NIP left empty in the catalog: room to write it by hand
        nip = f"NIP. {head.nip}" if head.nip.strip() else NIP_BY_HAND
        title, name = head.title, head.name
    else:
        title, name, nip = f"Camat {catalog.kecamatan.name}", BY_HAND, NIP_BY_HAND
    lines = [
        (f"{catalog.signing.place}, {indonesian_date(date)}", styles.sign),
        (title, styles.sign),
        ("", styles.sign),
        ("", styles.sign),
        ("", styles.sign),
        (name, styles.sign_name if head is not None else styles.sign),
        (nip, styles.sign),
    ]
    assert len(lines) == SIGNATURE_ROWS
    for offset, (text, style) in enumerate(lines):
        merge(sheet, row + offset, first_col, row + offset, last_col, text, style)
