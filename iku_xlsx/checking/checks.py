"""The checks of a filled unit sheet: what people typed, and what the formulas show.

Every problem names its cell and says, in Bahasa Indonesia, what was found and what is
expected: these messages go back to the unit head.

Decisions:
- A number typed as text is an error: the sheet's own formulas ignore text, so the printed
  sheet would show other figures than the data. The message says how it reads the Indonesian
  way ("1.234", a dot between groups of three digits, is 1234; "7,5" is 7.5; "1.234,5" is
  1234.5; a trailing "%" is dropped), and the tidy table carries that reading; anything else
  that is text ("dua belas", "1.5", "5 10") is never guessed.
- A whole-number input holding a fraction is an error; when a thousand times it is whole (Excel
  in an English locale reads "1.234" as 1.234) the message suggests the whole number.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from dataclasses import dataclass
from typing import NamedTuple

from iku_xlsx.catalog import Amounts, Indicator, Kind, Polarity
from iku_xlsx.contract import names
from iku_xlsx.contract.names import Part
from iku_xlsx.numbers import format_number, parse_indonesian_number, what_to_type
from iku_xlsx.problems import Code, Problem, Severity
from iku_xlsx.rules import NOT_COMPUTABLE

QUARTER_NAMES = {1: "TW I", 2: "TW II", 3: "TW III", 4: "TW IV"}
MAX_AMOUNT = 1e15  # above any budget in Rupiah: a typing slip, and a float's exact whole limit


class ErrorValue(str):
    """A cell's Excel error value ("#N/A", "#DIV/0!"), which python-calamine reads as empty."""


class Cell(NamedTuple):
    """One cell as read: where it is and what it holds (None when empty)."""

    sheet: str
    address: str
    value: object


@dataclass
class TypedNumber:
    """A number read from an input cell: as the user meant it, and as the workbook sees it."""

    meant: float | None  # with Indonesian-formatted text interpreted
    seen: float | None  # what the formulas see: only real numbers


class CellChecker:
    """Collects the problems of one workbook, each located at a cell."""

    def __init__(self, file: str, text_results_readable: bool = True):
        self.file = file
        self.problems: list[Problem] = []
        # python-calamine reads a legacy .xls formula's text result ("" or "-") as 0
        self.text_results_readable = text_results_readable

    def add(self, cell: Cell, code: Code, message: str, severity: Severity | None = None) -> None:
        """A problem at ``cell``; ``severity`` defaults to the code's."""
        severity = severity or code.severity
        self.problems.append(Problem(self.file, code, message, severity, cell.sheet, cell.address))

    def number(self, cell: Cell, label: str) -> TypedNumber:
        """Read a number from an input cell, reporting text, dates and Indonesian formats."""
        value = cell.value
        if value is None or value == "":
            return TypedNumber(None, None)
        if isinstance(value, bool):
            self.add(
                cell, Code.NOT_A_NUMBER, f"{label} berisi nilai logika {value}; seharusnya angka."
            )
            return TypedNumber(None, None)
        if isinstance(value, ErrorValue):
            self.add(
                cell,
                Code.ERROR_VALUE,
                f"{label} berisi nilai galat {value} (rumus yang gagal dihitung); seharusnya "
                "angka yang diketik, atau kosong bila belum ada data.",
            )
            return TypedNumber(None, None)
        if isinstance(value, (int, float)):
            if not math.isfinite(value):
                self.add(cell, Code.NOT_A_NUMBER, f"{label} bukan angka yang sah.")
                return TypedNumber(None, None)
            return TypedNumber(float(value), float(value))
        if isinstance(value, (dt.date, dt.time, dt.timedelta)):
            self.add(
                cell,
                Code.NOT_A_NUMBER,
                f"{label} berisi tanggal/waktu ({value}); seharusnya "
                "angka. Excel mengubah ketikan seperti 1/2 menjadi tanggal.",
            )
            return TypedNumber(None, None)
        text = str(value).strip()
        meant = parse_indonesian_number(text)
        if meant is None:
            self.add(
                cell,
                Code.NOT_A_NUMBER,
                f'{label} berisi teks "{text}"; seharusnya angka (contoh: 12 atau 7,5).',
            )
            return TypedNumber(None, None)
        self.add(
            cell,
            Code.NUMBER_AS_TEXT,
            f'{label} diketik sebagai teks "{text}": rumus lembar ini tidak menghitungnya. '
            f"Hapus isi sel, lalu ketik {what_to_type(meant)}.",
        )
        return TypedNumber(meant, None)


def cell_text(value: object) -> str:
    """A cell's value as text, as the cell shows it: 2 (not 2.0), 7,5, 15/03/2025: for the
    free text carried into the rekap (kendala, notes), where a number or date may be typed."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, float)):
        return format_number(value)
    if isinstance(value, dt.datetime) and value.time() != dt.time():
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


# What a message calls each computed cell of an indicator.
FORMULA_NAMES = {
    **{names.quarter_suffix(q, Part.VAL): f"realisasi {name}" for q, name in QUARTER_NAMES.items()},
    names.year_suffix(Part.NUM): "pembilang tahunan",
    names.year_suffix(Part.DEN): "penyebut tahunan",
    names.year_suffix(Part.VAL): "realisasi tahunan",
    names.CAPAIAN: "capaian",
    names.KATEGORI: "kategori",
    **{
        names.quarter_suffix(q, Part.TARGET): f"target s.d. {name}"
        for q, name in QUARTER_NAMES.items()
    },
    **{
        names.quarter_suffix(q, Part.TODATE): f"realisasi s.d. {name}"
        for q, name in QUARTER_NAMES.items()
    },
    **{
        names.quarter_suffix(q, Part.CAPAIAN): f"capaian s.d. {name}"
        for q, name in QUARTER_NAMES.items()
    },
}


def input_label(indicator: Indicator, role: str, quarter: int | None = None) -> str:
    """'EKONOMI_3 pembilang TW II': what a message calls an input cell."""
    names = {
        "num": {Kind.RATIO: "pembilang", Kind.COUNT: "jumlah", Kind.VALUE: "nilai"}[indicator.kind],
        "den": "penyebut",
        "target": "target tahunan",
    }
    when = f" {QUARTER_NAMES[quarter]}" if quarter else ""
    return f"{indicator.id} {names[role]}{when}"


def check_amount(
    checker: CellChecker, cell: Cell, reading: TypedNumber, indicator: Indicator, label: str
) -> None:
    """Sign, wholeness and range of one typed amount."""
    value = reading.meant
    if value is None or _negative(checker, cell, value, label):
        return
    if value > MAX_AMOUNT:
        checker.add(
            cell,
            Code.OUT_OF_RANGE,
            f"{label} bernilai {value:.3g}, terlalu besar untuk isian IKU; periksa ketikannya.",
        )
        return
    if indicator.whole_inputs and value != int(value):
        hint = ""
        thousandths = abs(value * 1000 - round(value * 1000)) < 1e-6
        if thousandths and abs(value * 100 - round(value * 100)) > 1e-6:  # exactly 3 decimals
            meant = round(value * 1000)
            hint = (
                f" Apakah maksudnya {format_number(meant)}? Bila ya, ketik {meant} "
                "(tanpa titik ribuan)."
            )
        checker.add(
            cell,
            Code.NOT_WHOLE,
            f"{label} bernilai {format_number(value)}; seharusnya bilangan bulat.{hint}",
        )
    _check_valid_range(checker, cell, value, indicator, label)


def _negative(checker: CellChecker, cell: Cell, value: float, label: str) -> bool:
    """Report a negative amount or target; True when it was one."""
    if value >= 0:
        return False
    checker.add(
        cell,
        Code.NEGATIVE,
        f"{label} bernilai negatif ({format_number(value)}); seharusnya 0 atau lebih.",
    )
    return True


def check_quarter_pair(
    checker: CellChecker,
    indicator: Indicator,
    quarter: int,
    num: tuple[Cell, TypedNumber],
    den: tuple[Cell, TypedNumber],
) -> None:
    """A ratio's numerator and denominator belong together, the numerator not above."""
    (num_cell, n), (den_cell, d) = num, den
    when = QUARTER_NAMES[quarter]
    if n.meant is not None and d.meant is None and den_cell.value in (None, ""):
        checker.add(
            num_cell,
            Code.NUMERATOR_WITHOUT_DENOMINATOR,
            f"{indicator.id} {when}: pembilang terisi ({format_number(n.meant)}) tetapi "
            f"penyebut ({den_cell.address}) kosong; isi keduanya atau kosongkan keduanya.",
        )
    elif d.meant is not None and n.meant is None and num_cell.value in (None, ""):
        checker.add(
            den_cell,
            Code.DENOMINATOR_WITHOUT_NUMERATOR,
            f"{indicator.id} {when}: penyebut terisi ({format_number(d.meant)}) tetapi "
            f"pembilang ({num_cell.address}) kosong; isi pembilang (0 bila memang nihil) "
            "atau kosongkan keduanya.",
        )
    elif n.meant is not None and d.meant is not None and n.meant > d.meant:
        checker.add(
            num_cell,
            Code.NUMERATOR_ABOVE_DENOMINATOR,
            f"{indicator.id} {when}: pembilang ({format_number(n.meant)}) melebihi "
            f"penyebut ({format_number(d.meant)}); pembilang tidak boleh lebih besar.",
        )


def check_target(
    checker: CellChecker,
    cell: Cell,
    reading: TypedNumber,
    indicator: Indicator,
    label: str,
    *,
    required: bool = True,
) -> None:
    """A typed target (``label`` names it): empty (a warning where ``required``: its
    capaian cannot be computed, the rest is read all the same), negative, a fraction for a
    percentage, above a ratio's scale, outside a value's range."""
    value = reading.meant
    if value is None:
        if required and cell.value in (None, ""):
            checker.add(
                cell,
                Code.TARGET_MISSING,
                f"{label} belum diisi: capaian belum dapat dihitung (realisasi tetap dibaca "
                "dan direkap). Isi target sesuai Perjanjian Kinerja.",
            )
        return
    if _negative(checker, cell, value, label):
        return
    if indicator.percentage and 0 < value <= 1:
        lower = indicator.polarity is Polarity.LOWER
        checker.add(
            cell,
            Code.TARGET_AS_FRACTION,
            f"{label} bernilai {format_number(value)}: tampaknya diketik sebagai persen "
            f"Excel (100% tersimpan sebagai 1). Target dalam poin persen: ketik "
            f"{format_number(value * 100)} untuk {format_number(value * 100)}%.",
            Severity.WARNING if lower else Severity.ERROR,
        )
    elif indicator.kind is Kind.RATIO and value > indicator.scale:
        scale = format_number(indicator.scale)
        checker.add(
            cell,
            Code.OUT_OF_RANGE,
            f"{label} bernilai {format_number(value)}; target rasio ini berada antara 0 dan "
            f"{scale}{' (persen)' if indicator.percentage else ''}.",
        )
    else:
        _check_valid_range(checker, cell, value, indicator, label)


def check_amounts(
    checker: CellChecker,
    indicator: Indicator,
    nums: list[tuple[Cell, TypedNumber]],
    dens: list[tuple[Cell, TypedNumber]],
) -> None:
    """A cumulative ratio's amounts (a budget's realisation) as the catalog says they are
    typed: to date, they never fall; each quarter's own, their sum to date never passes the
    annual amount. Either mistake means the other way was typed, and a realisation past
    100 % would follow."""
    reported = [
        (q, num_cell, n.meant, d.meant)
        for q, ((num_cell, n), (_, d)) in enumerate(zip(nums, dens, strict=True), start=1)
        if n.meant is not None and d.meant is not None
    ]
    if indicator.amounts is Amounts.TO_DATE:
        for (q0, _, before, _), (q, cell, now, _) in itertools.pairwise(reported):
            if now < before:
                checker.add(
                    cell,
                    Code.AMOUNT_FALLING,
                    f"{indicator.id} pembilang {QUARTER_NAMES[q]} ({format_number(now)}) lebih "
                    f"kecil dari {QUARTER_NAMES[q0]} ({format_number(before)}): lembar ini "
                    "meminta realisasi s.d. triwulan (sejak awal tahun), yang tidak pernah "
                    "turun. Ketik realisasi s.d. triwulan, bukan realisasi triwulan itu saja.",
                )
        return
    summed = 0.0
    for q, num_cell, num, den in reported:
        summed += num
        if summed > den > 0:  # an amount of 0 shows "-", not a realisation
            checker.add(
                num_cell,
                Code.AMOUNTS_ABOVE_ANNUAL,
                f"{indicator.id}: jumlah pembilang TW I s.d. {QUARTER_NAMES[q]} "
                f"({format_number(summed)}) melebihi penyebut {QUARTER_NAMES[q]} "
                f"({format_number(den)}), realisasi di atas 100 %. Lembar ini meminta "
                "realisasi pada triwulan itu saja, bukan s.d. triwulan: ketik selisihnya "
                "dengan triwulan sebelumnya.",
            )
            return


def _check_valid_range(
    checker: CellChecker, cell: Cell, value: float, indicator: Indicator, label: str
) -> None:
    """A value indicator's figure (or target) within the catalog's valid_range."""
    if indicator.kind is Kind.VALUE and indicator.valid_range:
        low, high = indicator.valid_range
        if not low <= value <= high:
            checker.add(
                cell,
                Code.OUT_OF_RANGE,
                f"{label} bernilai {format_number(value)}, di luar rentang yang mungkin "
                f"({format_number(low)} sampai {format_number(high)}).",
            )


def shown(value: float | None, dash: bool = False, empty: str | None = None) -> object:
    """What a formula cell shows for a computed figure: a number, "-" or nothing."""
    if dash:
        return NOT_COMPUTABLE
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return empty
    return value


def check_cached(checker: CellChecker, cell: Cell, expected: object, label: str) -> None:
    """A formula's cached result must be what its inputs give; else it was typed over.

    ``label`` names the cell in the message ("EKONOMI_1 capaian").
    """
    cached = cell.value
    if cached is None or cached == "":
        return  # never calculated (a fresh blank, or saved by a program that does not)
    numeric = isinstance(expected, (int, float)) and not isinstance(expected, bool)
    if cached == 0 and not numeric and not checker.text_results_readable:
        return  # a text result that the .xls reader shows as 0: nothing can be concluded
    if numeric and isinstance(cached, (int, float)) and not isinstance(cached, bool):
        if math.isclose(cached, expected, rel_tol=1e-9, abs_tol=1e-9):  # type: ignore[arg-type]
            return
    elif cached == expected:
        return
    wanted = (
        "kosong"
        if expected is None
        else (format_number(expected, 2) if numeric else f'"{expected}"')  # type: ignore[arg-type]
    )
    if isinstance(cached, (dt.date, dt.datetime)):
        found = cached.strftime("%d/%m/%Y")
    elif isinstance(cached, (int, float)):
        found = format_number(cached, 2)
    else:
        found = f'"{cached}"'
    checker.add(
        cell,
        Code.FORMULA_OVERWRITTEN,
        f"{label}: sel berisi {found}, padahal rumusnya menghasilkan "
        f"{wanted} dari isian. Rumus telah ditimpa, atau buku kerja belum dihitung ulang "
        "(tekan F9 lalu simpan); sel ini harus dihitung otomatis (minta blanko baru bila "
        "rumusnya hilang).",
    )
