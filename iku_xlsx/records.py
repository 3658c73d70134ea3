"""What the records sheets compute, in Python: checklists, desa records and the IKM survey.

The library's own computation of the records' formulas (see :mod:`iku_xlsx.formulas`), from
the same rules: the reader uses it to count each quarter's numerator and denominator from the
records (never from the cached results), and the consolidated workbook to cache its formulas.
Each class holds one records sheet's inputs as meant and answers with the values of its
computed cells, keyed by defined name.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from iku_xlsx.catalog import QUARTERS, IkmRole, Indicator, quarter_end, quarter_start
from iku_xlsx.layout import (
    IKM_UNSUR,
    SURVEY_KEY,
)
from iku_xlsx.rules import ikm, minimum_sample, mutu

Day = dt.date | dt.datetime


def _day(value: Day) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def in_quarter(value: Day, year: int, quarter: int) -> bool:
    """Whether a date (a time of day included) falls in the quarter."""
    return quarter_start(year, quarter) <= _day(value) <= quarter_end(year, quarter)


def reported_quarters(last: int | None) -> tuple[int, ...]:
    """The quarters a checklist or desa records report: up to the last one, if given."""
    return tuple(q for q in QUARTERS if last is not None and q <= last)


@dataclass
class ChecklistRecords:
    """A checklist's items: due dates (from the catalog) and submission dates (typed)."""

    indicator: Indicator
    year: int
    done: list[Day | None]
    last: int | None
    unreadable: set[int] = field(default_factory=set)  # items whose cell holds no date

    @property
    def due(self) -> list[dt.date]:
        return [item.due_date(self.year) for item in self.indicator.checklist or ()]

    def status(self, item: int) -> str:
        done, due = self.done[item - 1], self.due[item - 1]
        if item in self.unreadable:
            return "Bukan tanggal"
        if done is None:
            return "Belum"
        return "Tepat waktu" if _day(done) <= due else "Terlambat"

    def inputs(self) -> dict[str, float | None]:
        """Each quarter's numerator and denominator, keyed 'TW1_NUM', 'TW1_DEN', ..."""
        values: dict[str, float | None] = {}
        for q in QUARTERS:
            reported = q in reported_quarters(self.last)
            due = [k for k, day in enumerate(self.due) if in_quarter(day, self.year, q)]
            on_time = [k for k in due if self.status(k + 1) == "Tepat waktu"]
            values[f"TW{q}_DEN"] = float(len(due)) if reported else None
            values[f"TW{q}_NUM"] = float(len(on_time)) if reported else None
        return values

    def computed(self) -> dict[str, object]:
        """Every computed cell of its sheet, by defined name (the status has none: by item)."""
        prefix = self.indicator.id
        values: dict[str, object] = {}
        for k, due in enumerate(self.due, start=1):
            values[f"{prefix}_ITEM{k}_DUE"] = due
            values[f"{prefix}_ITEM{k}_STATUS"] = self.status(k)
        return values


@dataclass
class DesaRecords:
    """Desa records: a date per desa and document (None where none came in)."""

    indicator: Indicator
    year: int
    dates: list[list[Day | None]]  # desa x document
    last: int | None

    @property
    def due_quarters(self) -> list[int]:
        return [document.due_quarter for document in self.indicator.desa_documents or ()]

    def complete(self, desa: int, quarter: int) -> bool:
        """Every document due by the quarter's end is in, dated on or before it."""
        end = quarter_end(self.year, quarter)
        return all(
            day is not None and _day(day) <= end
            for day, due in zip(self.dates[desa - 1], self.due_quarters, strict=True)
            if due <= quarter
        )

    def inputs(self) -> dict[str, float | None]:
        """Each quarter's count: the record dates in it."""
        every = [day for row in self.dates for day in row if day is not None]
        return {
            f"TW{q}_NUM": float(sum(in_quarter(day, self.year, q) for day in every))
            if q in reported_quarters(self.last)
            else None
            for q in QUARTERS
        }

    def complete_inputs(self) -> dict[str, float | None]:
        """For a desa_complete indicator: the complete desa over all desa, per quarter."""
        values: dict[str, float | None] = {}
        for q in QUARTERS:
            reported = q in reported_quarters(self.last)
            count = sum(self.complete(i, q) for i in range(1, len(self.dates) + 1))
            values[f"TW{q}_NUM"] = float(count) if reported else None
            values[f"TW{q}_DEN"] = float(len(self.dates)) if reported else None
        return values

    def computed(self) -> dict[str, object]:
        prefix = self.indicator.id
        values: dict[str, object] = {}
        for j, due in enumerate(self.due_quarters, start=1):
            values[f"{prefix}_DOC{j}_DUE"] = due
        for i in range(1, len(self.dates) + 1):
            for q in QUARTERS:
                values[f"{prefix}_DESA{i}_LENGKAP_TW{q}"] = 1 if self.complete(i, q) else 0
        return values


@dataclass
class ServiceRow:
    """One service of the IKM survey, as meant (None where empty)."""

    name: str | None = None
    population: float | None = None
    respondents: float | None = None
    scores: list[float | None] = field(default_factory=lambda: [None] * len(IKM_UNSUR))

    @property
    def total(self) -> float | None:
        present = [score for score in self.scores if score is not None]
        return sum(present) if present else None

    @property
    def ikm(self) -> float | None:
        """The service's IKM, when its respondents (more than 0) and nine sums are in."""
        if self.respondents is None or self.respondents <= 0 or None in self.scores:
            return None
        return ikm(sum(self.scores), self.respondents)  # type: ignore[arg-type]

    @property
    def minimum_sample(self) -> int | None:
        return None if self.population is None else minimum_sample(self.population)


@dataclass
class Survey:
    """The IKM survey sheet: its services and the quarter it was held."""

    rows: list[ServiceRow]
    quarter: int | None

    @property
    def surveyed(self) -> list[ServiceRow]:
        """The services whose IKM can be computed."""
        return [row for row in self.rows if row.ikm is not None]

    @property
    def respondents(self) -> float:
        return sum(row.respondents or 0 for row in self.surveyed)

    @property
    def pooled(self) -> float | None:
        """All respondents pooled: per unsur all sums over all respondents, mean x 25."""
        if not self.respondents:
            return None
        return ikm(sum(row.total or 0 for row in self.surveyed), self.respondents)

    def inputs(self, indicator: Indicator) -> dict[str, float | None]:
        """CAMAT_1 (index) or CAMAT_2 (share) in the survey's quarter; nothing elsewhere."""
        values: dict[str, float | None] = {}
        for q in QUARTERS:
            held = self.quarter == q and bool(self.surveyed)
            if indicator.ikm is IkmRole.INDEX:
                values[f"TW{q}_NUM"] = self.pooled if held else None
            else:
                reaching = [r for r in self.surveyed if r.ikm >= indicator.ikm_minimum]  # type: ignore[operator]
                values[f"TW{q}_NUM"] = float(len(reaching)) if held else None
                values[f"TW{q}_DEN"] = float(len(self.surveyed)) if held else None
        return values

    def computed(self) -> dict[str, object]:
        values: dict[str, object] = {}
        for n, row in enumerate(self.rows, start=1):
            values[f"IKM_L{n}_SAMPEL"] = row.minimum_sample
            values[f"IKM_L{n}_JUMLAH"] = row.total
            values[f"IKM_L{n}_NILAI"] = row.ikm
            values[f"IKM_L{n}_MUTU"] = None if row.ikm is None else mutu(row.ikm)
        values["IKM_RESPONDEN"] = self.respondents
        values["IKM_NILAI"] = self.pooled
        values["IKM_MUTU"] = None if self.pooled is None else mutu(self.pooled)
        return values


Records = ChecklistRecords | DesaRecords | Survey


def records_inputs(
    indicator: Indicator, records: dict[str, Records]
) -> dict[str, float | None] | None:
    """A recorded indicator's quarter inputs from the records at hand (keyed by the owning
    indicator's id, or 'IKM'); None when its records are not among them."""
    if indicator.checklist or indicator.desa_documents:
        own = records.get(indicator.id)
        return None if own is None else own.inputs()  # type: ignore[union-attr,call-arg]
    if indicator.desa_complete:
        source = records.get(indicator.desa_complete)
        return source.complete_inputs() if isinstance(source, DesaRecords) else None
    if indicator.ikm:
        survey = records.get(SURVEY_KEY)
        return survey.inputs(indicator) if isinstance(survey, Survey) else None
    return None
