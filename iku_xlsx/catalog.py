"""The IKU catalog: a typed model of an office, its units, goals (sasaran) and indicators.

A catalog is a YAML file. The built-in one is the signed IKU document of Kecamatan Candi Laras
Selatan (2020); other offices write their own. Loading validates in two passes: pydantic checks
types and allowed values, then :func:`_semantic_problems` checks what spans fields (ids, labels a
kind needs, sheet names). Every error names its place: the path in the file, the unit and
indicator it belongs to, and the YAML line.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Iterator
from enum import Enum
from importlib import resources
from pathlib import Path
from typing import Annotated, Any

import yaml
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    model_validator,
)

from iku_xlsx.problems import Problem

BUILTIN_CATALOG = "cls-2020.yaml"
QUARTERS = (1, 2, 3, 4)

# Sheet names: Excel's own limits, and the sheet the writer keeps its metadata on.
SHEET_NAME_MAX = 31
SHEET_NAME_FORBIDDEN = set("[]:*?/\\")
RESERVED_SHEET_NAMES = {"history", "_iku_meta"}
RECORDS_SHEET_PREFIX = "Rincian "  # a checklist's or desa records' sheet: "Rincian PERKEU_1"

Text = Annotated[str, StringConstraints(min_length=1)]


def _no_bool(value: object) -> object:
    if isinstance(value, bool):
        raise ValueError("a number is needed here, not true/false")
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


class Indicator(_Model):
    """One IKU indicator (indikator kinerja utama)."""

    id: str | None = Field(
        None,
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
        None, ge=0, description="The annual target; when omitted the workbook asks for it."
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

    @model_validator(mode="before")
    @classmethod
    def _default_aggregation(cls, data: object) -> object:
        """A value indicator without an aggregation is a stock: scores are never summed."""
        if isinstance(data, dict) and data.get("kind") == "value" and "aggregation" not in data:
            return {**data, "aggregation": "stock"}
        return data

    @property
    def satuan(self) -> str:
        return self.unit_of_measure or ("%" if self.kind is Kind.RATIO else "")

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


class Catalog(_Model):
    """An office's IKU catalog."""

    catalog_id: Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$")] = Field(
        description="Short lower-case id, the first word of every file name (e.g. cls)."
    )
    title: Text = Field("INDIKATOR KINERJA UTAMA", description="Second heading line.")
    government: Government
    kecamatan: Kecamatan
    year: int = Field(ge=2000, le=2100)
    signing: Signing
    desa: list[Desa] = Field(default_factory=list)
    ikm_services: list[Text] = Field(
        default_factory=list,
        description="The services (jenis layanan) of the IKM survey, listed on the survey "
        "sheet; empty rows follow for more.",
    )
    units: list[Unit] = Field(min_length=1)

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
        """A digest of everything but the year: equal for workbooks of one catalog version."""
        data = self.model_dump(mode="json", exclude={"year"})
        text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


class CatalogError(Exception):
    """A catalog that cannot be used; ``problems`` says every place at fault."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(f"{p.where()}: {p.message}" for p in problems))


# --- loading -------------------------------------------------------------------------------


def builtin_catalog_text() -> str:
    """The built-in catalog's YAML, comments included."""
    return resources.files("iku_xlsx").joinpath("data").joinpath(BUILTIN_CATALOG).read_text("utf-8")


def load_catalog(path: str | Path | None = None, *, year: int | None = None) -> Catalog:
    """Load and validate a catalog (the built-in one when ``path`` is None).

    Raises :class:`CatalogError` naming every place at fault, or ``OSError`` when the file
    cannot be read.
    """
    if path is None:
        text, name = builtin_catalog_text(), f"<built-in {BUILTIN_CATALOG}>"
    else:
        try:
            text, name = Path(path).read_text(encoding="utf-8-sig"), str(path)
        except UnicodeDecodeError:
            raise CatalogError([_not_utf8(path)]) from None
    catalog, problems = parse_catalog(text, name)
    if catalog is None:
        raise CatalogError(problems)
    return catalog.for_year(year)


def check_catalog(path: str | Path) -> list[Problem]:
    """Every problem of the catalog file at ``path`` (empty when it is valid)."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        return [_not_utf8(path)]
    return parse_catalog(text, str(path))[1]


def _not_utf8(path: str | Path) -> Problem:
    return Problem(str(path), "catalog-encoding", "the file is not UTF-8 text (save it as UTF-8)")


def parse_catalog(text: str, name: str = "<catalog>") -> tuple[Catalog | None, list[Problem]]:
    """Validate catalog YAML text: the catalog (None if invalid) and its problems."""
    try:
        raw = yaml.safe_load(text)
        root = yaml.compose(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else None
        reason = getattr(error, "problem", None) or str(error)
        return None, [Problem(name, "catalog-yaml", f"not valid YAML: {reason}", location=where)]
    if not isinstance(raw, dict):
        return None, [
            Problem(
                name, "catalog-shape", "a catalog is a YAML mapping (catalog_id: ..., units: ...)"
            )
        ]
    duplicates = list(_duplicate_keys(root))
    if duplicates:
        return None, [
            Problem(
                name,
                "catalog-duplicate-key",
                f"the key {key!r} is given twice in one "
                f"mapping (first on line {first}); only one may stay",
                location=f"line {line}",
            )
            for key, first, line in duplicates
        ]
    raw = _with_derived_ids(raw)
    try:
        catalog = Catalog.model_validate(raw)
    except ValidationError as error:
        problems = [
            Problem(
                name,
                "catalog-field",
                _pydantic_message(detail),
                location=_describe(raw, root, detail["loc"]),
            )
            for detail in error.errors(include_url=False)
        ]
        return None, problems
    problems = [
        Problem(name, code, message, location=_describe(raw, root, loc))
        for loc, code, message in _semantic_problems(catalog)
    ]
    return (None if problems else catalog), problems


def catalog_json_schema() -> dict[str, Any]:
    """The JSON Schema of a catalog file, for editors that complete and check YAML."""
    schema = Catalog.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "iku_xlsx catalog"
    return schema


def dump_catalog(catalog: Catalog) -> str:
    """A catalog as YAML text (comments are not kept: export the built-in file for those)."""
    data = catalog.model_dump(mode="json", exclude_none=True)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


# --- validation helpers --------------------------------------------------------------------


def _with_derived_ids(raw: dict[str, Any]) -> dict[str, Any]:
    """Fill in omitted indicator ids as <UNIT_ID>_<n>, so a catalog may leave them out."""
    units = raw.get("units")
    if not isinstance(units, list):
        return raw
    for unit in units:
        if not isinstance(unit, dict) or not isinstance(unit.get("sasaran"), list):
            continue
        n = 0
        for sasaran in unit["sasaran"]:
            indicators = sasaran.get("indicators") if isinstance(sasaran, dict) else None
            for indicator in indicators if isinstance(indicators, list) else []:
                n += 1
                if isinstance(indicator, dict) and indicator.get("id") is None:
                    indicator["id"] = f"{unit.get('id')}_{n}"
    return raw


def _duplicate_keys(node: yaml.Node | None) -> Iterator[tuple[str, int, int]]:
    """(key, first line, repeated line) for each key given twice in a mapping; YAML keeps the
    last silently, which would hide a mistake."""
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            key, line = str(key_node.value), key_node.start_mark.line + 1
            if key in seen:
                yield key, seen[key], line
            seen.setdefault(key, line)
            yield from _duplicate_keys(value_node)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _duplicate_keys(item)


def _indicator_paths(catalog: Catalog) -> Iterator[tuple[tuple[Any, ...], Unit, int, Indicator]]:
    for u, unit in enumerate(catalog.units):
        n = 0
        for s, sasaran in enumerate(unit.sasaran):
            for i, indicator in enumerate(sasaran.indicators):
                n += 1
                yield ("units", u, "sasaran", s, "indicators", i), unit, n, indicator


def _semantic_problems(catalog: Catalog) -> list[tuple[tuple[Any, ...], str, str]]:
    """Rules that span fields: (path, code, message) for each one broken."""
    found: list[tuple[tuple[Any, ...], str, str]] = []
    seen_units: dict[str, int] = {}
    seen_sheets: dict[str, int] = {}
    for u, unit in enumerate(catalog.units):
        if unit.id in seen_units:
            found.append(
                (
                    ("units", u, "id"),
                    "catalog-duplicate-id",
                    f"unit id {unit.id} is already used by units[{seen_units[unit.id]}]",
                )
            )
        seen_units.setdefault(unit.id, u)
        field = "sheet_name" if unit.sheet_name else "name"
        for reason in _sheet_name_faults(unit.sheet):
            hint = "" if unit.sheet_name else "; set sheet_name to a shorter or simpler name"
            found.append(
                (
                    ("units", u, field),
                    "catalog-sheet-name",
                    f"{unit.sheet!r} cannot be a sheet name: {reason}{hint}",
                )
            )
        folded = unit.sheet.casefold()
        if folded in seen_sheets:
            found.append(
                (
                    ("units", u, field),
                    "catalog-sheet-name",
                    f"sheet name {unit.sheet!r} is already used by units[{seen_sheets[folded]}] "
                    "(sheet names are compared ignoring case)",
                )
            )
        seen_sheets.setdefault(folded, u)
        digits = unit.signatory.nip.replace(" ", "")
        if digits and len(digits) != 18:
            found.append(
                (
                    ("units", u, "signatory", "nip"),
                    "catalog-nip",
                    f"a NIP has 18 digits, this one has {len(digits)}",
                )
            )
    indicators = {indicator.id: indicator for indicator in catalog.indicators}
    survey_units: set[str] = set()
    for path, unit, n, indicator in _indicator_paths(catalog):
        faults = (
            _indicator_faults(unit, n, indicator)
            + _derivation_faults(indicator, indicators)
            + _records_faults(catalog, indicator, indicators)
        )
        if indicator.ikm and survey_units - {unit.id}:
            faults.append(
                (
                    "ikm",
                    "catalog-records",
                    "every ikm indicator belongs to one unit (its workbook holds the survey); "
                    f"{', '.join(sorted(survey_units))} has one already",
                )
            )
        if indicator.ikm:
            survey_units.add(unit.id)
        found += [((*path, field), code, message) for field, code, message in faults]
    return found


# Which kind each way of keeping records counts into.
RECORD_KINDS = {"checklist": Kind.RATIO, "desa_documents": Kind.COUNT, "desa_complete": Kind.RATIO}


def _records_faults(
    catalog: Catalog, indicator: Indicator, indicators: dict[str, Indicator]
) -> list[tuple[str, str, str]]:
    """Checklists, desa records and the survey: one way per indicator, of the right kind."""
    ways = [
        field
        for field in ("checklist", "desa_documents", "desa_complete", "ikm", "derived_from")
        if getattr(indicator, field)
    ]
    if len(ways) > 1:
        return [(ways[1], "catalog-records", f"{' and '.join(ways)} exclude each other")]
    if not ways or ways[0] == "derived_from":
        return []
    way = ways[0]
    expected = RECORD_KINDS.get(way) or (
        Kind.VALUE if indicator.ikm is IkmRole.INDEX else Kind.RATIO
    )
    faults = []
    if indicator.kind is not expected:
        faults.append(
            (
                "kind",
                "catalog-records",
                f"{way} needs kind {expected.value}, not {indicator.kind.value}",
            )
        )
    sheet = indicator.records_sheet
    if sheet and len(sheet) > SHEET_NAME_MAX:
        faults.append(
            (
                "id",
                "catalog-sheet-name",
                f"its records sheet {sheet!r} is over {SHEET_NAME_MAX} characters",
            )
        )
    if way in ("desa_documents", "desa_complete") and not catalog.desa:
        faults.append((way, "catalog-records", "desa records need the catalog's desa list"))
    if way == "desa_complete":
        source = indicators.get(indicator.desa_complete or "")
        if source is None or not source.desa_documents:
            faults.append(
                (
                    way,
                    "catalog-records",
                    f"{indicator.desa_complete} is not an indicator with desa_documents",
                )
            )
    for k, item in enumerate(indicator.checklist or []):
        if item.due is not None and item.due.startswith("02-29"):
            faults.append(
                ("checklist", "catalog-records", f"item {k + 1}: 29 February is not in every year")
            )
        elif item.due is not None:
            try:
                item.due_date(2001)
            except ValueError:
                faults.append(
                    ("checklist", "catalog-records", f"item {k + 1}: no such day {item.due}")
                )
    return faults


def _derivation_faults(
    indicator: Indicator, indicators: dict[str, Indicator]
) -> list[tuple[str, str, str]]:
    """A derived indicator sums existing, underived indicators of its own kind."""
    if indicator.derived_from is None:
        return []
    if indicator.kind is Kind.VALUE:
        return [("derived_from", "catalog-derivation", "a value indicator cannot be a sum")]
    if not indicator.derived_from:
        return [("derived_from", "catalog-derivation", "name at least one indicator")]
    faults = []
    for source_id in indicator.derived_from:
        source = indicators.get(source_id)
        if source is None:
            reason = "is not in the catalog"
        elif source_id == indicator.id:
            reason = "is the indicator itself"
        elif source.kind is not indicator.kind:
            reason = f"is a {source.kind.value} indicator, this one a {indicator.kind.value}"
        elif source.derived_from is not None:
            reason = "is derived itself (a cascade sums typed figures only)"
        else:
            continue
        faults.append(("derived_from", "catalog-derivation", f"{source_id} {reason}"))
    return faults


def _indicator_faults(unit: Unit, n: int, indicator: Indicator) -> list[tuple[str, str, str]]:
    faults: list[tuple[str, str, str]] = []
    expected_id = f"{unit.id}_{n}"
    if indicator.id != expected_id:
        faults.append(
            (
                "id",
                "catalog-indicator-id",
                f"indicator id must be {expected_id} (unit id, '_', its position in the unit)",
            )
        )
    kind = indicator.kind
    if kind is Kind.RATIO:
        for label in ("numerator", "denominator"):
            if not getattr(indicator, label):
                faults.append(
                    (label, "catalog-missing-label", f"a ratio indicator needs a {label} label")
                )
    else:
        if indicator.denominator:
            faults.append(
                ("denominator", "catalog-kind", f"a {kind.value} indicator has no denominator")
            )
        if not indicator.unit_of_measure:
            faults.append(
                (
                    "unit_of_measure",
                    "catalog-kind",
                    f"a {kind.value} indicator needs its unit of measure (satuan), e.g. 'laporan'",
                )
            )
    if indicator.aggregation is Aggregation.CUMULATIVE and kind is not Kind.RATIO:
        faults.append(
            (
                "aggregation",
                "catalog-kind",
                f"cumulative aggregation is for ratio indicators; a {kind.value} indicator "
                "allows flow or stock",
            )
        )
    if indicator.valid_range is not None:
        low, high = indicator.valid_range
        if kind is not Kind.VALUE:
            faults.append(("valid_range", "catalog-kind", "valid_range is for value indicators"))
        elif low > high:
            faults.append(
                ("valid_range", "catalog-range", "valid_range is [min, max] with min <= max")
            )
    return faults


def _sheet_name_faults(name: str) -> list[str]:
    faults = []
    if not name.strip():
        faults.append("it is empty")
    if len(name) > SHEET_NAME_MAX:
        faults.append(f"it has {len(name)} characters, at most {SHEET_NAME_MAX} are allowed")
    bad = sorted(SHEET_NAME_FORBIDDEN & set(name))
    if bad:
        faults.append("it contains " + " ".join(bad) + " (none of [ ] : * ? / \\ is allowed)")
    if name.startswith("'") or name.endswith("'"):
        faults.append("it starts or ends with an apostrophe")
    if name.casefold() in RESERVED_SHEET_NAMES:
        faults.append("the name is reserved")
    return faults


def _pydantic_message(detail: dict[str, Any]) -> str:
    field = detail["loc"][-1] if detail["loc"] else "catalog"
    message = detail["msg"]
    if detail["type"] == "missing":
        return f"field {field!r} is required"
    if detail["type"] == "extra_forbidden":
        return f"unknown field {field!r}"
    if detail["type"] == "string_type" and field == "nip":
        return 'the NIP must be text: quote it, e.g. nip: "19860206 200412 2 001"'
    return f"field {field!r}: {message}"


def _describe(raw: Any, root: yaml.Node | None, loc: tuple[Any, ...]) -> str:
    """'units[6] KESRA > sasaran[0] > indicators[0] KESRA_1 > kind (line 120)'."""
    parts: list[str] = []
    value, node, line = raw, root, None
    for key in loc:
        label = f"[{key}]" if isinstance(key, int) else (" > " if parts else "") + str(key)
        if isinstance(value, dict):
            value = value.get(key)
        elif isinstance(value, list) and isinstance(key, int) and key < len(value):
            value = value[key]
        else:
            value = None
        if isinstance(key, int) and isinstance(value, dict) and value.get("id"):
            label += f" {value['id']}"
        parts.append(label)
        node = _child_node(node, key)
        if node is not None:
            line = node.start_mark.line + 1
    text = "".join(parts) or "top level"
    return f"{text} (line {line})" if line else text


def _child_node(node: yaml.Node | None, key: Any) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if key_node.value == key:
                return value_node
    if isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
        return node.value[key]
    return None
