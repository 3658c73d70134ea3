"""What the records sheets compute, in Python: checklists, desa records and the IKM survey.

The library's own computation of the records' formulas (see :mod:`iku_xlsx.writer.formulas`), from
the same rules: the reader uses it to count each quarter's numerator and denominator from the
records (never from the cached results), and the consolidated workbook to cache its formulas.
Each class holds one records sheet's inputs as meant and answers with the values of its
computed cells, keyed by defined name.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property

from iku_xlsx.catalog import QUARTERS, IkmRole, Indicator
from iku_xlsx.contract import names
from iku_xlsx.contract.names import Part
from iku_xlsx.contract.records_layout import SURVEY_KEY
from iku_xlsx.rules import IKM_UNSUR, ikm, minimum_sample, mutu

NUM, DEN = Part.NUM, Part.DEN

Day = dt.date | dt.datetime


def _day(value: Day) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def quarter_of(value: Day, year: int) -> int | None:
    """The quarter of ``year`` a date (a time of day included) falls in; None outside it."""
    return (value.month + 2) // 3 if value.year == year else None


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

    @cached_property
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
        due_in = [quarter_of(day, self.year) for day in self.due]
        on_time = [self.status(k) == "Tepat waktu" for k in range(1, len(self.due) + 1)]
        reported = reported_quarters(self.last)
        for q in QUARTERS:
            values[names.quarter_suffix(q, DEN)] = float(due_in.count(q)) if q in reported else None
            values[names.quarter_suffix(q, NUM)] = (
                float(sum(on for quarter, on in zip(due_in, on_time, strict=True) if quarter == q))
                if q in reported
                else None
            )
        return values

    def computed(self) -> dict[str, object]:
        """Every computed cell of its sheet, by defined name (the status has none: by item)."""
        indicator_id = self.indicator.id
        values: dict[str, object] = {}
        for k, due in enumerate(self.due, start=1):
            values[names.item(indicator_id, k, "DUE")] = due
            values[names.item(indicator_id, k, "STATUS")] = self.status(k)
        return values


@dataclass
class DesaRecords:
    """Desa records: a date per desa and document (None where none came in)."""

    indicator: Indicator
    year: int
    dates: list[list[Day | None]]  # desa x document
    last: int | None

    @cached_property
    def due_quarters(self) -> list[int]:
        return [document.due_quarter for document in self.indicator.desa_documents or ()]

    def complete(self, desa: int, quarter: int) -> bool:
        """Every document due by the quarter's end is in, dated on or before it."""
        return self._complete_by_quarter(self.dates[desa - 1])[quarter - 1]

    def _complete_by_quarter(self, row: list[Day | None]) -> list[bool]:
        """:meth:`complete` of one desa's row of dates, for each quarter."""
        # the quarter by whose end each document is in (5: never, or only after the year)
        came = [
            5 if day is None else (quarter_of(day, self.year) or (1 if day.year < self.year else 5))
            for day in row
        ]
        pairs = list(zip(came, self.due_quarters, strict=True))
        return [all(k <= q for k, due in pairs if due <= q) for q in QUARTERS]

    def inputs(self) -> dict[str, float | None]:
        """Each quarter's count: the record dates in it."""
        counted = [
            quarter_of(day, self.year) for row in self.dates for day in row if day is not None
        ]
        reported = reported_quarters(self.last)
        return {
            names.quarter_suffix(q, NUM): float(counted.count(q)) if q in reported else None
            for q in QUARTERS
        }

    def complete_inputs(self) -> dict[str, float | None]:
        """For a desa_complete indicator: the complete desa over all desa, per quarter."""
        values: dict[str, float | None] = {}
        complete = [self._complete_by_quarter(row) for row in self.dates]
        reported = reported_quarters(self.last)
        for q in QUARTERS:
            count = sum(by_quarter[q - 1] for by_quarter in complete)
            values[names.quarter_suffix(q, NUM)] = float(count) if q in reported else None
            values[names.quarter_suffix(q, DEN)] = float(len(self.dates)) if q in reported else None
        return values

    def computed(self) -> dict[str, object]:
        indicator_id = self.indicator.id
        values: dict[str, object] = {}
        for j, due in enumerate(self.due_quarters, start=1):
            values[names.document_due(indicator_id, j)] = due
        for i, row in enumerate(self.dates, start=1):
            for q, complete in zip(QUARTERS, self._complete_by_quarter(row), strict=True):
                values[names.desa_complete(indicator_id, i, q)] = 1 if complete else 0
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
            num, den = names.quarter_suffix(q, NUM), names.quarter_suffix(q, DEN)
            if indicator.ikm is IkmRole.INDEX:
                values[num] = self.pooled if held else None
            else:
                reaching = [r for r in self.surveyed if r.ikm >= indicator.ikm_minimum]  # type: ignore[operator]
                values[num] = float(len(reaching)) if held else None
                values[den] = float(len(self.surveyed)) if held else None
        return values

    def computed(self) -> dict[str, object]:
        values: dict[str, object] = {}
        for n, row in enumerate(self.rows, start=1):
            values[names.service(n, "SAMPEL")] = row.minimum_sample
            values[names.service(n, "JUMLAH")] = row.total
            values[names.service(n, "NILAI")] = row.ikm
            values[names.service(n, "MUTU")] = None if row.ikm is None else mutu(row.ikm)
        values[names.POOLED_RESPONDENTS] = self.respondents
        values[names.POOLED_IKM] = self.pooled
        values[names.POOLED_MUTU] = None if self.pooled is None else mutu(self.pooled)
        return values


Records = ChecklistRecords | DesaRecords | Survey


def records_inputs(
    indicator: Indicator, records: dict[str, Records]
) -> dict[str, float | None] | None:
    """A recorded indicator's quarter inputs from the records at hand (keyed by the owning
    indicator's id, or 'IKM'); None when its records are not among them."""
    if indicator.checklist or indicator.desa_documents:
        own = records.get(indicator.id)
        return None if own is None else own.inputs()  # type: ignore[call-arg]
    if indicator.desa_complete:
        source = records.get(indicator.desa_complete)
        return source.complete_inputs() if isinstance(source, DesaRecords) else None
    if indicator.ikm:
        survey = records.get(SURVEY_KEY)
        return survey.inputs(indicator) if isinstance(survey, Survey) else None
    return None
