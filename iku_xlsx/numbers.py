"""Numbers the Indonesian way: a dot between thousands, a comma before the decimals; and the
months' names.

Unit heads type "1.234" for 1234 and "7,5" for 7.5; every message shows numbers so.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

MONTHS = (  # a date as signed: 5 Oktober 2026
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)

_PLAIN = re.compile(r"^-?\d+$")
_THOUSANDS = re.compile(r"^-?\d{1,3}(\.\d{3})+(,\d+)?$")  # 1.234 or 1.234.567,5
_DECIMAL_COMMA = re.compile(r"^-?\d+,\d+$")  # 7,5


def parse_indonesian_number(text: str) -> float | None:
    """'1.234' -> 1234, '7,5' -> 7.5, '1.234,5' -> 1234.5, '12' -> 12; None if not a number."""
    text = text.strip().removesuffix("%").strip()  # "5 10" stays text: never guessed
    if _PLAIN.match(text):
        return float(text)
    if _THOUSANDS.match(text):
        return float(text.replace(".", "").replace(",", "."))
    if _DECIMAL_COMMA.match(text):
        return float(text.replace(",", "."))
    return None


def format_number(value: float, decimals: int = 6) -> str:
    """A number the Indonesian way: 1.234,5 (at most ``decimals`` decimals)."""
    value = round(value, decimals)
    if value == int(value):
        return f"{int(value):,}".replace(",", ".")
    whole, _, fraction = f"{value:,.{decimals}f}".rstrip("0").partition(".")
    return whole.replace(",", ".") + "," + fraction


def format_fixed(value: float, decimals: int = 2) -> str:
    """A number the Indonesian way with exactly ``decimals`` decimals, rounded half up as a
    spreadsheet shows it: 1.234,50; 86,46; 150.000.000 (``decimals`` 0)."""
    shown = Decimal(f"{value:.15g}").quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)
    whole, _, fraction = f"{abs(shown):,.{decimals}f}".partition(".")
    sign = "-" if shown < 0 else ""
    return sign + whole.replace(",", ".") + ("," + fraction if fraction else "")


def what_to_type(value: float) -> str:
    """What to type for ``value`` so that Excel takes it as a number: its digits without
    thousands separators ("1548"), a fraction with the decimal mark of each language."""
    value = round(value, 6)
    if value == int(value):
        return f"{int(value)} (tanpa titik ribuan dan tanpa tanda petik ')"
    plain = f"{value:.6f}".rstrip("0")
    return (
        f"{plain.replace('.', ',')} bila Excel berbahasa Indonesia, atau {plain} bila "
        "berbahasa Inggris (tanpa titik ribuan dan tanpa tanda petik ')"
    )
