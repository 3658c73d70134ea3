"""Test helpers: fill workbooks the way a person would, and read cells back by defined name."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import openpyxl

QUARTERS = (1, 2, 3, 4)
TEXTS = ("dua belas", "7,5", "1.234", "n/a")


def contract_names(indicator_id: str, kind: str) -> list[str]:
    """The defined names interfaces.md promises for one indicator, written out independently."""
    names = [f"{indicator_id}_TARGET", f"{indicator_id}_YEAR_VAL", f"{indicator_id}_CAPAIAN"]
    for q in QUARTERS:
        names += [f"{indicator_id}_TW{q}_NUM", f"{indicator_id}_TW{q}_VAL"]
        if kind == "ratio":
            names.append(f"{indicator_id}_TW{q}_DEN")
    return names


def name_cells(workbook: Any) -> dict[str, tuple[str, str]]:
    """Every workbook-level defined name -> (sheet, 'H12')."""
    cells = {}
    for name, definition in workbook.defined_names.items():
        destinations = list(definition.destinations)
        if len(destinations) == 1:
            sheet, ref = destinations[0]
            cells[name] = (sheet, ref.replace("$", ""))
    return cells


def fill(blank: Path, target: Path, values: dict[str, object]) -> None:
    """Type ``values`` (defined name -> value) into a copy of ``blank``, as a person would."""
    workbook = openpyxl.load_workbook(blank)
    cells = name_cells(workbook)
    for name, value in values.items():
        sheet, ref = cells[name]
        workbook[sheet][ref].value = value
    workbook.save(target)


def read_names(path: Path, names: list[str]) -> dict[str, object]:
    """The values (as a spreadsheet computed them) of the named cells; '' reads as None."""
    workbook = openpyxl.load_workbook(path, data_only=True)
    cells = name_cells(workbook)
    values = {}
    for name in names:
        sheet, ref = cells[name]
        value = workbook[sheet][ref].value
        values[name] = None if value == "" else value
    workbook.close()
    return values


def random_quarter(rng: random.Random, kind: str, whole: bool) -> tuple[object, object]:
    """One quarter's (numerator, denominator) as people type them, good and bad."""

    def amount(low: int = 0, high: int = 400) -> float:
        value = rng.randint(low, high)
        return value if whole or rng.random() < 0.5 else value + rng.choice((0.25, 0.5, 0.75))

    if kind != "ratio":
        choice = rng.random()
        if choice < 0.2:
            return None, None
        if choice < 0.3:
            return rng.choice(TEXTS), None
        if choice < 0.4:
            return 0, None
        if kind == "value":
            return round(rng.uniform(25, 100), 2), None
        return amount(0, 40), None
    choice = rng.random()
    if choice < 0.15:
        return None, None  # an empty quarter
    if choice < 0.25:
        return rng.choice((0, amount(1, 9))), 0  # zero denominator
    if choice < 0.32:
        return amount(), None  # numerator without denominator
    if choice < 0.38:
        return None, amount(1)  # denominator without numerator
    if choice < 0.43:
        return rng.choice(TEXTS), amount(1)  # text where a number belongs
    if choice < 0.46:
        return -amount(1, 20), amount(1)  # a pasted negative
    if choice < 0.50:
        den = amount(1, 50)
        return den + amount(1, 10), den  # a pasted numerator above its denominator
    den = amount(1)
    return min(den, amount(0, int(den))), den


def random_target(rng: random.Random, kind: str) -> object:
    choice = rng.random()
    if choice < 0.15:
        return None
    if choice < 0.25:
        return 0
    if kind == "ratio":
        return rng.choice((100, 95, 80, 87.5, 10, 5))
    if kind == "value":
        return rng.choice((75, 80.5, 90))
    return rng.choice((1, 12, 48, 72, 5))
