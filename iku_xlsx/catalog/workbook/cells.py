"""What a catalog workbook's cell may hold: each kind reads a typed value into the model's
value (or says, in Bahasa Indonesia, what to type instead) and writes it back.

Values are read as typed: a number typed as text ("97,5", "95%") is refused with what to
type, never guessed into a target; text typed into a column formatted as text stays text.
The one leniency is for ids and codes: a code Excel took for a number (a desa code typed
into a cell not formatted as text) is read as its digits while it has no more than Excel
keeps exactly (15).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from iku_xlsx.numbers import format_number, parse_indonesian_number, what_to_type

EXACT_DIGITS = 15  # Excel keeps 15 significant digits of a number: longer codes lose theirs
TEXT_FORMAT = "@"  # a column formatted as text keeps "63.05" and an 18-digit NIP as typed
AS_TEXT = "format kolomnya sebagai Teks (klik kanan > Format Cells > Text) lalu ketik ulang"


class CellFault(ValueError):
    """A cell's value that cannot be read; the message says what to type."""


def _typed(value: object) -> str:
    """What a planner typed, quoted as a message shows it."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, float)):
        return format_number(value)
    return f'"{value}"'


def _not_a_date(value: object) -> None:
    if isinstance(value, (dt.date, dt.time, dt.timedelta)):
        raise CellFault(
            f"berisi tanggal/waktu ({value}); Excel mengubah ketikan seperti 1/2 menjadi tanggal"
        )


@dataclass(frozen=True)
class Validation:
    """A column's data validation in the workbook: a list to pick from, or a prompt only."""

    kind: str = "any"  # any, list, decimal, integer
    source: Sequence[str | int] | str = ()  # the list's items, or a range ("=Unit!$A$2:$A$1001")
    strict: bool = True  # stop a value not in the list (False: warn, and let it be typed)
    bounds: tuple[float, float] = (-1e15, 1e15)


class CellKind:
    """How one column reads and writes: the base is free text."""

    number_format = TEXT_FORMAT

    def read(self, value: object) -> Any:
        """The model's value of a non-empty cell, or :class:`CellFault`."""
        if isinstance(value, str):
            return value
        _not_a_date(value)
        if isinstance(value, bool):
            raise CellFault(f"berisi nilai logika {_typed(value)}; seharusnya teks")
        if isinstance(value, (int, float)) and value == int(value):
            digits = str(abs(int(value)))
            if len(digits) <= EXACT_DIGITS:
                return str(int(value))
            raise CellFault(
                f"terbaca sebagai angka {digits[:EXACT_DIGITS]}...: Excel membulatkan angka "
                f"lebih dari {EXACT_DIGITS} digit; {AS_TEXT}"
            )
        raise CellFault(f"terbaca sebagai angka {_typed(value)}, bukan teks; {AS_TEXT}")

    def write(self, value: Any) -> object:
        """The cell's value for the model's ``value`` (never None: empty cells are not written)."""
        return str(value)

    def validation(self) -> Validation:
        return Validation()


@dataclass(frozen=True)
class Text(CellKind):
    """Free text; ``suggestions`` are offered in a list that lets anything else be typed."""

    suggestions: tuple[str, ...] = ()

    def validation(self) -> Validation:
        if self.suggestions:
            return Validation("list", self.suggestions, strict=False)
        return Validation()


@dataclass(frozen=True)
class Number(CellKind):
    """A number, typed as a number."""

    number_format = "General"

    def read(self, value: object) -> Any:
        if isinstance(value, bool):
            raise CellFault(f"berisi nilai logika {_typed(value)}; seharusnya angka")
        if isinstance(value, (int, float)):
            if not math.isfinite(value):
                raise CellFault("bukan angka yang sah")
            return value
        _not_a_date(value)
        text = str(value).strip()
        meant = parse_indonesian_number(text)
        if meant is None:
            raise CellFault(f"berisi teks {_typed(text)}; seharusnya angka (contoh: 95 atau 97,5)")
        percent = " (tanpa tanda %: persen ditulis dalam poin persen)" if "%" in text else ""
        raise CellFault(
            f"diketik sebagai teks {_typed(text)}; hapus isi sel, lalu ketik "
            f"{what_to_type(meant)}{percent}"
        )

    def write(self, value: Any) -> object:
        return value

    def validation(self) -> Validation:
        return Validation("decimal")


@dataclass(frozen=True)
class Whole(Number):
    """A whole number from ``low`` to ``high`` (a year)."""

    low: int = 2000
    high: int = 2100
    number_format = "0"

    def read(self, value: object) -> Any:
        number = super().read(value)
        if number != int(number):
            raise CellFault(
                f"{_typed(number)} bukan bilangan bulat; ketik {self.low} s.d. {self.high}"
            )
        return int(number)

    def validation(self) -> Validation:
        return Validation("integer", bounds=(self.low, self.high))


@dataclass(frozen=True)
class Option:
    """One choice: the model's value, the word the dropdown shows, other words accepted."""

    value: Any
    label: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Choice(CellKind):
    """One of a few values, picked from a dropdown of their Indonesian words; the model's own
    words (ratio, flow, ...) are read too, whatever the case."""

    options: tuple[Option, ...]
    words: dict[str, Any] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        words: dict[str, Any] = {}
        for option in self.options:
            value = option.value.value if isinstance(option.value, Enum) else option.value
            for word in (option.label, str(value), *option.aliases):
                words.setdefault(_folded(word), option.value)
        object.__setattr__(self, "words", words)

    @property
    def number_format(self) -> str:  # type: ignore[override]
        numeric = all(isinstance(option.value, int) for option in self.options)
        return "General" if numeric else TEXT_FORMAT

    def read(self, value: object) -> Any:
        if isinstance(value, bool) and value in self.words.values():
            return value
        key = str(value)
        if isinstance(value, (int, float)) and value == int(value):
            key = str(int(value))  # 1000, not Indonesian "1.000" nor 1000.0
        found = self.words.get(_folded(key), _UNKNOWN)
        if found is _UNKNOWN:
            labels = ", ".join(option.label for option in self.options)
            raise CellFault(f"{_typed(value)} tidak dikenal; pilih salah satu: {labels}")
        return found

    def write(self, value: Any) -> object:
        for option in self.options:
            if option.value == value:
                return _shown(option)
        raise ValueError(f"{value!r} is not one of the choices")

    def validation(self) -> Validation:
        return Validation("list", tuple(_shown(option) for option in self.options))


def _shown(option: Option) -> str | int:
    """An option as the dropdown shows it: a number (a scale) as a number."""
    return int(option.label) if option.label.isdigit() else option.label


_UNKNOWN = object()


def _folded(text: str) -> str:
    return " ".join(text.split()).casefold()


@dataclass(frozen=True)
class Reference(CellKind):
    """An id of another sheet's rows (a unit's, an indicator's), picked from that column."""

    sheet: str
    column: str  # its letter on that sheet
    last_row: int

    def read(self, value: object) -> Any:
        return super().read(value).strip()

    def validation(self) -> Validation:
        quoted = f"'{self.sheet}'" if " " in self.sheet else self.sheet
        source = f"={quoted}!${self.column}$2:${self.column}${self.last_row}"
        return Validation("list", source, strict=False)


@dataclass(frozen=True)
class IdList(CellKind):
    """Ids separated by commas: 'UMPEG_4, TRANTIB_1'."""

    def read(self, value: object) -> Any:
        return [part.strip() for part in re.split(r"[,;\n]", super().read(value)) if part.strip()]

    def write(self, value: Any) -> object:
        return ", ".join(value)


@dataclass(frozen=True)
class MonthDay(CellKind):
    """A day of the year as MM-DD ('02-28'), typed as text or as a date (its year ignored)."""

    def read(self, value: object) -> Any:
        if isinstance(value, (dt.date, dt.datetime)):
            return f"{value.month:02d}-{value.day:02d}"
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            raise CellFault(
                f"terbaca sebagai angka {_typed(value)}; ketik bulan-tanggal sebagai teks, "
                "mis. 02-28 untuk 28 Februari"
            )
        return super().read(value).strip()
