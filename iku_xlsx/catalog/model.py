"""The IKU catalog as a typed model: an office, its units, goals (sasaran) and indicators.

pydantic checks each field's type and allowed values here; what spans fields (ids, labels a
kind needs, sheet names) is checked in :mod:`iku_xlsx.catalog.validation`, and
:mod:`iku_xlsx.catalog.loading` turns a file into this model with every error at its place.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import re
from dataclasses import dataclass
from enum import Enum
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

from iku_xlsx.problems import Problem
from iku_xlsx.rules import CATEGORIES

QUARTERS = (1, 2, 3, 4)

# Sheet names: Excel's own limits, and the sheet the writer keeps its metadata on.
SHEET_NAME_MAX = 31
SHEET_NAME_FORBIDDEN = set("[]:*?/\\")
RESERVED_SHEET_NAMES = {"history", "_iku_meta"}
RECORDS_SHEET_PREFIX = "Rincian "  # a checklist's or desa records' sheet: "Rincian PERKEU_1"

Text = Annotated[str, StringConstraints(min_length=1)]


def _no_bool(value: object) -> object:
    if isinstance(value, bool):
        raise ValueError("isi dengan angka, bukan true/false")
    return value


# A finite number written as a number (YAML's true and .inf are refused).
Number = Annotated[float, BeforeValidator(_no_bool), Field(allow_inf_nan=False)]


class Kind(str, Enum):
    """How an indicator's realisation is measured."""

    RATIO = "ratio"  # numerator / denominator x 100, in percent points
    COUNT = "count"  # a count against a count target
    VALUE = "value"  # a realisation typed directly (for example an IKM score)


class Aggregation(str, Enum):
    """How the quarters add up to the year."""

    FLOW = "flow"  # sum over the quarters (for a ratio: sum of numerators / sum of denominators)
    STOCK = "stock"  # the latest reported quarter: a position, not a sum
    CUMULATIVE = "cumulative"  # realisation to date / the latest annual amount (ratio only)


class Polarity(str, Enum):
    HIGHER = "higher"  # higher is better
    LOWER = "lower"  # lower is better


class Amounts(str, Enum):
    """How a cumulative ratio's amounts (a budget's realisation) are typed."""

    QUARTER = "quarter"  # each quarter's own amount; the sheet sums them
    TO_DATE = "to_date"  # realised to date ("s.d. triwulan"), as finance reports give them


class LowerRule(str, Enum):
    """The capaian of a lower-is-better indicator (realisation R, target T)."""

    TWICE_TARGET = "2t-r"  # (2T - R) / T x 100, floored at 0: PermenPAN's "kondisi khusus"
    TARGET_OVER = "t/r"  # T / R x 100, used by some e-SAKIP applications


class ZeroTarget(str, Enum):
    """The capaian of a lower-is-better indicator whose target is 0 (zero violations)."""

    NOT_COMPUTABLE = "not-computable"  # "-", as for any target of 0
    FULL_IF_ZERO = "100-if-zero"  # 100 when the realisation is 0, 0 otherwise


# Ratios are in percent points (x 100) unless the catalog says per mille and beyond.
Scale = Literal[100, 1000, 10000, 100000]
PERCENT: Scale = 100
YEARS = (2000, 2100)  # the reporting years a catalog and a workbook may have
Year = Annotated[int, Field(ge=YEARS[0], le=YEARS[1])]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=False)


class IkmRole(str, Enum):
    """What an indicator takes from the IKM survey (PermenPAN-RB 14/2017)."""

    INDEX = "index"  # the IKM of all respondents pooled (a value indicator)
    SHARE = "share"  # the share of services whose IKM reaches ikm_minimum (a ratio indicator)


_YEAR_PLACEHOLDER = re.compile(r"\{year([+-]\d+)?\}")


def with_year(text: str, year: int) -> str:
    """'LPPD {year-1}' in a 2025 workbook is 'LPPD 2024': names that follow the year."""
    return _YEAR_PLACEHOLDER.sub(lambda m: str(year + int(m[1] or 0)), text)


class ChecklistItem(_Model):
    """One report of a checklist indicator: listed under a quarter, due on a date."""

    name: Text = Field(
        description="The report, as listed; {year}, {year-1}, {year+1} follow the workbook's "
        "year ('LPPD {year-1}' is 'LPPD 2024' in a 2025 workbook)."
    )
    quarter: int = Field(ge=1, le=4, description="The triwulan it is listed under (1 to 4).")
    due: (
        Annotated[str, StringConstraints(pattern=r"^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$")] | None
    ) = Field(
        None,
        description="Its due date as MM-DD in the workbook's year; default: the last day of "
        "its quarter.",
    )

    def title(self, year: int) -> str:
        return with_year(self.name, year)

    def due_date(self, year: int) -> dt.date:
        if self.due is None:
            return quarter_end(year, self.quarter)
        month, day = (int(part) for part in self.due.split("-"))
        return dt.date(year, month, day)


class DesaDocument(_Model):
    """One record each desa hands in (a document, a recommendation), dated when it comes in."""

    name: Text = Field(description="e.g. 'Dokumen RKPDesa'.")
    due_quarter: int = Field(
        ge=1,
        le=4,
        description="By the end of which triwulan each desa should have it in: the rule of "
        "desa_complete indicators.",
    )


def quarter_end(year: int, quarter: int) -> dt.date:
    """The last day of a triwulan: 31 March, 30 June, 30 September, 31 December."""
    month = 3 * quarter
    return dt.date(year, month, 31 if month in (3, 12) else 30)


def quarter_start(year: int, quarter: int) -> dt.date:
    return dt.date(year, 3 * quarter - 2, 1)


class Baseline(_Model):
    """The Renstra's starting point of an indicator."""

    year: Year
    value: Number


# A sum of rupiah: a finite number of 0 or more (true/false refused).
Rupiah = Annotated[float, BeforeValidator(_no_bool), Field(ge=0, allow_inf_nan=False)]


class Budget(_Model):
    """A year's budget (pagu) of what the indicator measures, and what was spent of it."""

    amount: Rupiah = Field(description="The year's budget (pagu), in rupiah.")
    realised: list[Rupiah | None] | None = Field(
        None,
        description="What was spent in TW I, TW II, TW III and TW IV, each quarter's own amount "
        "(not to date), in rupiah; leave out or null the quarters not reported yet.",
    )

    def total(self) -> float | None:
        """The year's realisation: the quarters given summed; None when none is given."""
        spent = [amount for amount in self.realised or () if amount is not None]
        return sum(spent) if spent else None


class Standard(_Model):
    """A national or provincial standard an indicator's realisation is compared with in the
    annual report (an SPM, a ministry's norm, the province's target)."""

    value: Number = Field(ge=0, description="The standard, in the indicator's satuan.")
    source: Text = Field(
        description="Whose standard, as the report names it: e.g. 'SPM', 'Standar nasional', "
        "'Target RPJMD Provinsi'."
    )


class Indicator(_Model):
    """One IKU indicator (indikator kinerja utama)."""

    id: str = Field(
        "",
        description="<UNIT_ID>_<n>, n its position in the unit from 1; derived when omitted.",
    )
    name: Text = Field(description="The indicator as signed (Indikator Kinerja Utama).")
    explanation: str | None = Field(
        None,
        description="Penjelasan as signed. Ratios may omit it: it is then written out from the "
        "numerator and denominator labels as 'numerator / denominator x 100%'.",
    )
    numerator: str | None = Field(None, description="Label of the numerator (pembilang).")
    denominator: str | None = Field(None, description="Label of the denominator (penyebut).")
    kind: Kind = Field(description="ratio, count or value.")
    aggregation: Aggregation = Field(
        Aggregation.FLOW,
        description="flow, stock or cumulative (cumulative: ratios only). Default: stock for "
        "value indicators (a score is a position: never summed), flow for the others.",
    )
    polarity: Polarity = Field(Polarity.HIGHER, description="higher or lower is better.")
    unit_of_measure: str | None = Field(
        None, description="Satuan: '%' for ratios (the default); required for count and value."
    )
    target: Number | None = Field(
        None,
        ge=0,
        description="The annual target, the same every year (see targets); when a year has "
        "none the workbook asks for it.",
    )
    valid_range: tuple[Number, Number] | None = Field(
        None, description="[min, max] a typed value may take (value indicators only)."
    )
    whole_numbers: bool | None = Field(
        None,
        description="Inputs are whole numbers; default: yes for ratio and count, no for value.",
    )
    derived_from: list[str] | None = Field(
        None,
        description="Ids of indicators of the same kind whose numerators (and denominators) "
        "this one sums, quarter by quarter: a cascade, e.g. the Camat's complaints settled "
        "across the kecamatan from each unit's complaint indicator. Its own inputs are then "
        "computed, not typed.",
    )
    checklist: list[ChecklistItem] | None = Field(
        None,
        min_length=1,
        description="A ratio counted from named reports: each quarter's denominator is the items "
        "due in it, its numerator those submitted on or before their due date.",
    )
    desa_documents: list[DesaDocument] | None = Field(
        None,
        min_length=1,
        description="A count kept per desa (the catalog's desa): one date per desa and "
        "document; each quarter counts the dates that fall in it.",
    )
    desa_complete: str | None = Field(
        None,
        description="Id of an indicator with desa_documents: this ratio counts the desa whose "
        "documents due by the quarter's end are all in by then, over all desa.",
    )
    ikm: IkmRole | None = Field(
        None,
        description="Taken from the IKM survey sheet: 'index' (a value indicator: the pooled "
        "IKM) or 'share' (a ratio: services with an IKM of at least ikm_minimum).",
    )
    ikm_minimum: Number = Field(75, description="The IKM a service must reach ('share').")
    responsible: str = Field("", description="Penanggung jawab (may be blank, as signed).")
    data_source: str = Field("", description="Sumber data (may be blank, as signed).")
    # --- added in version 2: targets from the Perjanjian Kinerja and the Rencana Aksi --------
    targets: dict[Year, Annotated[float, BeforeValidator(_no_bool), Field(ge=0)]] | None = Field(
        None,
        description="The annual target per year, as signed in the Perjanjian Kinerja, e.g. "
        "{2025: 95, 2026: 96}; a year given here takes the place of target.",
    )
    quarter_targets: dict[Year, list[Number]] | None = Field(
        None,
        description="Per year, the Rencana Aksi's targets to date (s.d. TW I to TW IV), four "
        "numbers ending with the year's target, e.g. {2025: [25, 50, 75, 95]}.",
    )
    baseline: Baseline | None = Field(None, description="The Renstra's starting point.")
    end_target: Number | None = Field(
        None, ge=0, description="The Renstra's end-of-period target (kondisi kinerja akhir)."
    )
    budget: dict[Year, Rupiah | Budget] | None = Field(
        None,
        description="Rupiah per year, for the Evaluasi hasil Renja (Permendagri 86/2017): the "
        "year's budget (pagu) alone, {2025: 150000000}, or with what was spent each quarter, "
        "{2025: {amount: 150000000, realised: [30000000, 42000000, null, null]}}. The years "
        "listed make the Renstra's total. Left out of the fingerprint: budgets and their "
        "realisation change through the year without making the workbooks another version.",
    )
    program: str | None = Field(
        None,
        description="The program of the Perjanjian Kinerja that supports the indicator (and "
        "that its budget funds), e.g. 'Program Penyelenggaraan Pemerintahan dan Pelayanan "
        "Publik': the LKjIP's efisiensi table. Left out of the fingerprint, as budgets are.",
    )
    standard: Standard | None = Field(
        None,
        description="A national or provincial standard the year's realisation is compared "
        "with in the annual report, where one exists. Left out of the fingerprint.",
    )
    amounts: Amounts = Field(
        Amounts.QUARTER,
        description="For a cumulative ratio: how amounts are typed, each quarter's own "
        "('quarter') or realised to date ('to_date', s.d. triwulan, as finance reports them).",
    )
    scale: Scale = Field(
        PERCENT,
        description="A ratio is numerator / denominator x scale: 100 (percent points), or "
        "1000, 10000, 100000 (per 1.000 ... inhabitants: give unit_of_measure).",
    )

    @model_validator(mode="before")
    @classmethod
    def _default_aggregation(cls, data: object) -> object:
        """A value indicator without an aggregation is a stock: scores are never summed."""
        if isinstance(data, dict) and data.get("kind") == "value" and "aggregation" not in data:
            return {**data, "aggregation": "stock"}
        return data

    @property
    def satuan(self) -> str:
        percent = self.kind is Kind.RATIO and self.scale == PERCENT
        return self.unit_of_measure or ("%" if percent else "")

    @property
    def percentage(self) -> bool:
        """A ratio in percent points (targets above 100 or of 1 or less are suspect)."""
        return self.kind is Kind.RATIO and self.scale == PERCENT

    def target_for(self, year: int | None) -> float | None:
        """The annual target of ``year``: the Perjanjian Kinerja's, else the every-year one
        (also when the year is not known: no file said it)."""
        if self.targets and year in self.targets:
            return self.targets[year]
        return self.target

    def budget_for(self, year: int) -> Budget | None:
        """The budget of ``year`` (a bare amount given as a budget without realisation)."""
        given = (self.budget or {}).get(year)
        if given is None or isinstance(given, Budget):
            return given
        return Budget(amount=given)

    def quarter_targets_for(self, year: int | None) -> list[float] | None:
        """The Rencana Aksi's targets to date of ``year`` (TW I to TW IV), if given."""
        return None if year is None else (self.quarter_targets or {}).get(year)

    @property
    def penjelasan(self) -> str:
        """The explanation printed in the IKU table."""
        if self.explanation is not None:
            return self.explanation
        return f"{self.numerator} / {self.denominator} x 100%"

    @property
    def recorded(self) -> bool:
        """Whether its numerators (and denominators) are counted by formulas from records kept
        in the workbook (a checklist, desa records, the IKM survey), not typed."""
        return bool(self.checklist or self.desa_documents or self.desa_complete or self.ikm)

    @property
    def computed_inputs(self) -> bool:
        """Whether its quarter inputs are formulas: recorded, or a cascade's sums."""
        return self.recorded or self.derived_from is not None

    @property
    def records_sheet(self) -> str | None:
        """The sheet of its own records (checklist, desa records); None when it keeps none."""
        return f"{RECORDS_SHEET_PREFIX}{self.id}" if self.checklist or self.desa_documents else None

    @property
    def whole_inputs(self) -> bool:
        """Whether the typed figures must be whole numbers."""
        if self.whole_numbers is not None:
            return self.whole_numbers
        return self.kind is not Kind.VALUE


class Sasaran(_Model):
    """A goal (kinerja utama / tujuan / sasaran) and its indicators."""

    name: Text
    indicators: list[Indicator] = Field(min_length=1)


class Signatory(_Model):
    title: Text = Field(description="As signed, e.g. 'Plt. Kasi Trantib'.")
    name: Text
    nip: Annotated[str, StringConstraints(pattern=r"^[0-9 ]*$")] = Field(
        description="NIP as text, in its groups: '19860206 200412 2 001'. Quote it in YAML."
    )


class Unit(_Model):
    """A unit of the office (Camat, Sekretaris Camat, a Kasubbag or a Kasi): one sheet."""

    id: Annotated[str, StringConstraints(pattern=r"^[A-Z][A-Z0-9]*$")] = Field(
        description="Upper-case letters and digits, e.g. EKONOMI."
    )
    name: Text
    heading: Text = Field(description="The unit line of the sheet's heading, as signed.")
    sheet_name: str | None = Field(None, description="The sheet's name; defaults to name.")
    signatory: Signatory
    sasaran: list[Sasaran] = Field(min_length=1)

    @property
    def sheet(self) -> str:
        return self.sheet_name or self.name

    @property
    def indicators(self) -> list[Indicator]:
        return [indicator for sasaran in self.sasaran for indicator in sasaran.indicators]


class Government(_Model):
    name: Text = Field(description="e.g. Kabupaten Tapin.")
    code: str = Field("", description="Kemendagri code, e.g. 63.05.")
    heading: Text = Field(description="First heading line, e.g. PEMERINTAH KABUPATEN TAPIN.")


class Kecamatan(_Model):
    name: Text
    code: str = Field("", description="Kemendagri code, e.g. 63.05.05.")


class Signing(_Model):
    place: Text = Field(description="Place of signing, e.g. Baringin.")
    month: Text = Field(description="Month of signing, e.g. Februari.")


class Desa(_Model):
    code: str
    name: Text


class Band(_Model):
    """A capaian category: from its lowest capaian (none for the last) up to the next's."""

    min: Number | None = Field(
        None, description="The lowest capaian in it; none for the lowest band."
    )
    name: Text


def _permendagri_bands() -> list[Band]:
    """Permendagri 86/2017, "skala nilai peringkat kinerja" (see rules.CATEGORIES)."""
    return [Band(min=low if math.isfinite(low) else None, name=name) for low, name in CATEGORIES]


class Rules(_Model):
    """The rules of capaian that vary between kabupaten; each default has its source
    (docs/rules.md)."""

    lower_is_better: LowerRule = Field(
        LowerRule.TWICE_TARGET,
        description="The capaian of a lower-is-better indicator: '2t-r' ((2T - R) / T x 100, "
        "floored at 0; PermenPAN's kondisi khusus) or 't/r' (T / R x 100).",
    )
    lower_zero_target: ZeroTarget = Field(
        ZeroTarget.NOT_COMPUTABLE,
        description="A lower-is-better target of 0: 'not-computable' ('-') or '100-if-zero' "
        "(100 when the realisation is 0, else 0).",
    )
    categories: list[Band] = Field(
        default_factory=_permendagri_bands,
        min_length=2,
        description="The capaian categories, highest first, the last without min "
        "(default: Permendagri 86/2017: 91, 76, 66, 51).",
    )

    def bands(self) -> tuple[tuple[float, str], ...]:
        """(lowest capaian, name), highest first, the last from minus infinity."""
        return tuple(
            (-math.inf if band.min is None else band.min, band.name) for band in self.categories
        )


class Catalog(_Model):
    """An office's IKU catalog."""

    catalog_id: Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$")] = Field(
        description="Short lower-case id, the first word of every file name (e.g. cls)."
    )
    title: Text = Field("INDIKATOR KINERJA UTAMA", description="Second heading line.")
    government: Government
    kecamatan: Kecamatan
    year: Year
    signing: Signing
    desa: list[Desa] = Field(default_factory=list)
    ikm_services: list[Text] = Field(
        default_factory=list,
        description="The services (jenis layanan) of the IKM survey, listed on the survey "
        "sheet; empty rows follow for more.",
    )
    units: list[Unit] = Field(min_length=1)
    # --- added in version 2 -------------------------------------------------------------------
    rules: Rules = Field(
        default_factory=lambda: Rules(), description="The capaian rules that vary by kabupaten."
    )
    head: Signatory | None = Field(
        None,
        description="The head of the office, who signs the consolidated Rekap: title as signed "
        "('Camat Candi Laras Selatan', or 'Plt. Camat ...' / 'Plh. Camat ...' for an acting "
        "head), name, NIP. Default: the signatory of the unit with id CAMAT; without one the "
        "Rekap's signature block is left for the name to be written by hand.",
    )

    @property
    def indicators(self) -> list[Indicator]:
        return [indicator for unit in self.units for indicator in unit.indicators]

    def unit(self, unit_id: str) -> Unit:
        for unit in self.units:
            if unit.id == unit_id:
                return unit
        raise KeyError(unit_id)

    def for_year(self, year: int | None) -> Catalog:
        """The same catalog for another reporting year."""
        return self if year is None or year == self.year else self.model_copy(update={"year": year})

    def fingerprint(self) -> str:
        """A digest of everything but the year and the head: equal for workbooks of one
        catalog version. The head signs only the consolidated report, so a new (or acting)
        Camat does not make the workbooks already handed out another version. Fields added
        after version 1 count only where they are not at their defaults, so a catalog that
        does not use them keeps the fingerprint its workbooks carry. Budgets, programs and
        standards are left out too: they reach only the consolidated report, and a budget's
        realisation is updated through the year.
        """
        return _digest(_without_report_only(self.data(exclude={"year", "head"})))

    def year_fingerprint(self) -> str:
        """:meth:`fingerprint` of what the workbooks of the catalog's year show: the targets
        (and targets to date) of other years left out. Workbooks carry both, so a planner who
        writes next year's Perjanjian Kinerja targets into the catalog does not make this
        year's workbooks, or last year's rekap, another version."""
        return self.fingerprints().of_year(self.year)

    def fingerprints(self) -> Fingerprints:
        """:meth:`fingerprint` and the year fingerprints of every year, from one dump of the
        catalog (for those that need both: a workbook's metadata, the reader)."""
        data = _without_report_only(self.data(exclude={"year", "head"}))
        named = {
            int(year)
            for unit in data["units"]  # type: ignore[index]
            for sasaran in unit["sasaran"]
            for indicator in sasaran["indicators"]
            for field in YEARLY_FIELDS
            for year in indicator.get(field) or {}
        }
        return Fingerprints(
            whole=_digest(data),
            named={year: _digest(_of_year(data, year)) for year in named},
            other_years=_digest(_of_year(data, None)),
        )

    def data(self, exclude: set[str] | None = None, exclude_none: bool = False) -> object:
        """The catalog as plain data (JSON types), the later fields left out where they are
        at their defaults."""
        options: dict[str, Any] = {"mode": "json", "exclude": exclude, "exclude_none": exclude_none}
        full = self.model_dump(**options)
        sparse = self.model_dump(**options, exclude_defaults=True)
        return _without_later_defaults(full, sparse)


@dataclass(frozen=True)
class Fingerprints:
    """A catalog's fingerprint, whole and of each year alone."""

    whole: str  # Catalog.fingerprint()
    named: dict[int, str]  # of each year the catalog's targets name
    other_years: str  # of any year they do not name

    def of_year(self, year: int) -> str:
        """:meth:`Catalog.year_fingerprint` of the catalog for ``year``."""
        return self.named.get(year, self.other_years)


# Fields the model gained after workbooks were handed out (see Catalog.fingerprint).
LATER_FIELDS = frozenset(
    {
        "targets",
        "quarter_targets",
        "baseline",
        "end_target",
        "budget",
        "program",
        "standard",
        "amounts",
        "scale",
        "rules",
        "head",
    }
)
# An indicator's fields that hold a value per year, of which a workbook shows its year's only.
YEARLY_FIELDS = ("targets", "quarter_targets")
# An indicator's fields no workbook handed out shows: they reach only the consolidated report.
REPORT_ONLY_FIELDS = frozenset({"budget", "program", "standard"})


def _without_report_only(data: object) -> object:
    """A catalog's plain data without its indicators' report-only fields (budgets, programs,
    standards)."""
    assert isinstance(data, dict)
    for unit in data["units"]:
        for sasaran in unit["sasaran"]:
            for indicator in sasaran["indicators"]:
                for field in REPORT_ONLY_FIELDS:
                    indicator.pop(field, None)
    return data


def _digest(data: object) -> str:
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _of_year(data: object, year: int | None) -> object:
    """A catalog's plain data with its indicators' yearly fields kept for ``year`` only (left
    out where they name no such year)."""
    assert isinstance(data, dict)
    units = []
    for unit in data["units"]:
        sasaran = []
        for goal in unit["sasaran"]:
            indicators = []
            for indicator in goal["indicators"]:
                kept = dict(indicator)
                for field in YEARLY_FIELDS:
                    given = kept.pop(field, None) or {}
                    if str(year) in given:
                        kept[field] = {str(year): given[str(year)]}
                indicators.append(kept)
            sasaran.append({**goal, "indicators": indicators})
        units.append({**unit, "sasaran": sasaran})
    return {**data, "units": units}


def _without_later_defaults(full: object, sparse: object) -> object:
    """``full`` (a model dump) without the later fields that ``sparse`` (the same model
    dumped without its defaults) leaves out: those at their defaults."""
    if isinstance(full, dict):
        kept = sparse if isinstance(sparse, dict) else {}
        return {
            key: _without_later_defaults(value, kept.get(key))
            for key, value in full.items()
            if key not in LATER_FIELDS or key in kept
        }
    if isinstance(full, list):
        items = sparse if isinstance(sparse, list) and len(sparse) == len(full) else []
        return [
            _without_later_defaults(value, items[k] if items else {})
            for k, value in enumerate(full)
        ]
    return full


class CatalogError(Exception):
    """A catalog that cannot be used; ``problems`` says every place at fault."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(f"{p.where()}: {p.message}" for p in problems))
