"""Test helpers: fill workbooks the way a person would, and read cells back by defined name."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path
from typing import Any

import openpyxl

QUARTERS = (1, 2, 3, 4)
TEXTS = ("dua belas", "7,5", "1.234", "n/a")


def contract_names(indicator_id: str, kind: str) -> list[str]:
    """The defined names docs/contract.md promises for one indicator, written out independently."""
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


# Notes a unit head writes beside a report (KETERANGAN), as typed -> as the rekap shows them:
# text, and numbers and dates typed where text belongs (shown as the cell showed them)
NOTES = {
    "dikirim lewat surel": "dikirim lewat surel",
    "terlambat: menunggu tanda tangan Camat": "terlambat: menunggu tanda tangan Camat",
    "2": "2",
    2: "2",
    7.5: "7,5",
    dt.date(2025, 3, 15): "15/03/2025",
}


def random_records(catalog: Any, rng: random.Random, valid: bool = False) -> dict[str, object]:
    """Records as unit heads keep them, by defined name: report dates on time, late, on the
    due day itself (also with a time of day), missing or typed as text; desa dates in, out of
    and around the year; IKM services complete, incomplete or without respondents. With
    ``valid``, only what passes the checks (warnings aside)."""
    year = catalog.year
    values: dict[str, object] = {}

    def quarter_cell(name: str) -> None:
        last = rng.choice((None, 1, 2, 3, 4, 4, 3))
        if last is not None:
            values[name] = last

    for indicator in catalog.indicators:
        if indicator.checklist:
            quarter_cell(f"{indicator.id}_LAST_TW")
            for k, item in enumerate(indicator.checklist, start=1):
                due = item.due_date(year)
                choice = rng.random()
                if choice < 0.25:
                    continue
                if choice < 0.35:
                    done: object = due  # on the day itself
                elif choice < 0.42:
                    done = dt.datetime(due.year, due.month, due.day, 16, 30)
                elif choice < 0.47 and not valid:
                    done = "sudah"  # text, not a date
                else:
                    done = due + dt.timedelta(days=rng.randint(-60, 30))
                values[f"{indicator.id}_ITEM{k}_DONE"] = done
                if rng.random() < 0.3:  # the unit head's note on it: free text, kept as typed
                    values[f"{indicator.id}_ITEM{k}_NOTE"] = rng.choice(list(NOTES))
        if indicator.desa_documents:
            quarter_cell(f"{indicator.id}_LAST_TW")
            for i in range(1, len(catalog.desa) + 1):
                for j in range(1, len(indicator.desa_documents) + 1):
                    choice = rng.random()
                    if choice < 0.25:
                        continue
                    if choice < 0.28 and not valid:
                        day: object = "ada"
                    else:
                        early = 0 if valid else -20  # a date before the year is an error
                        day = dt.date(year, 1, 1) + dt.timedelta(days=rng.randint(early, 380))
                    values[f"{indicator.id}_DESA{i}_DOC{j}"] = day
    if any(indicator.ikm for indicator in catalog.indicators):
        quarter_cell("IKM_TRIWULAN")
        for n in range(1, rng.randint(0, 7) + 1):
            values[f"IKM_L{n}_NAMA"] = f"Layanan {n}"
            respondents = rng.choice((0, None, rng.randint(1, 150), rng.randint(1, 150)))
            if valid:
                respondents = rng.randint(1, 150)
            if respondents is not None:
                values[f"IKM_L{n}_RESPONDEN"] = respondents
            for j in range(1, 10):
                if rng.random() < 0.03:
                    continue  # an unsur left empty
                r = respondents or 1
                values[f"IKM_L{n}_U{j}"] = rng.randint(r, 4 * r)
    return values
