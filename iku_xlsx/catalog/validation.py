"""The catalog's rules that span fields: ids, labels a kind needs, sheet names, records.

pydantic has checked each field on its own (:mod:`iku_xlsx.catalog.model`); these rules see
the whole catalog. Each broken rule is (path in the file, code, message), placed by the loader.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from iku_xlsx.catalog.model import (
    RESERVED_SHEET_NAMES,
    SHEET_NAME_FORBIDDEN,
    SHEET_NAME_MAX,
    Aggregation,
    Catalog,
    IkmRole,
    Indicator,
    Kind,
    Unit,
)
from iku_xlsx.problems import Code

Fault = tuple[str, Code, str]  # the field at fault, the code, the message


def _indicator_paths(catalog: Catalog) -> Iterator[tuple[tuple[Any, ...], Unit, int, Indicator]]:
    for u, unit in enumerate(catalog.units):
        n = 0
        for s, sasaran in enumerate(unit.sasaran):
            for i, indicator in enumerate(sasaran.indicators):
                n += 1
                yield ("units", u, "sasaran", s, "indicators", i), unit, n, indicator


Place = tuple[Any, ...]  # where in the file: ("units", 6, "sasaran", 0, ...)


def semantic_problems(catalog: Catalog) -> list[tuple[Place, Code, str]]:
    """Rules that span fields: (path, code, message) for each one broken."""
    return _unit_problems(catalog) + _indicator_problems(catalog) + _head_problems(catalog)


def _unit_problems(catalog: Catalog) -> list[tuple[Place, Code, str]]:
    """Unit ids and sheet names unique (sheet names ignoring case) and valid; NIPs whole."""
    found: list[tuple[Place, Code, str]] = []
    seen_units: dict[str, int] = {}
    seen_sheets: dict[str, int] = {}
    for u, unit in enumerate(catalog.units):
        if unit.id in seen_units:
            message = f"unit id {unit.id} is already used by units[{seen_units[unit.id]}]"
            found.append((("units", u, "id"), Code.CATALOG_DUPLICATE_ID, message))
        seen_units.setdefault(unit.id, u)
        field = "sheet_name" if unit.sheet_name else "name"
        for reason in _sheet_name_faults(unit.sheet):
            hint = "" if unit.sheet_name else "; set sheet_name to a shorter or simpler name"
            message = f"{unit.sheet!r} cannot be a sheet name: {reason}{hint}"
            found.append((("units", u, field), Code.CATALOG_SHEET_NAME, message))
        folded = unit.sheet.casefold()
        if folded in seen_sheets:
            message = (
                f"sheet name {unit.sheet!r} is already used by units[{seen_sheets[folded]}] "
                "(sheet names are compared ignoring case)"
            )
            found.append((("units", u, field), Code.CATALOG_SHEET_NAME, message))
        seen_sheets.setdefault(folded, u)
        digits = unit.signatory.nip.replace(" ", "")
        if digits and len(digits) != 18:
            message = f"a NIP has 18 digits, this one has {len(digits)}"
            found.append((("units", u, "signatory", "nip"), Code.CATALOG_NIP, message))
    return found


def _head_problems(catalog: Catalog) -> list[tuple[Place, Code, str]]:
    """The head's NIP whole, as a unit signatory's."""
    digits = catalog.head.nip.replace(" ", "") if catalog.head else ""
    if digits and len(digits) != 18:
        message = f"a NIP has 18 digits, this one has {len(digits)}"
        return [(("head", "nip"), Code.CATALOG_NIP, message)]
    return []


def _indicator_problems(catalog: Catalog) -> list[tuple[Place, Code, str]]:
    """Each indicator's id, kind, cascade and records; the IKM survey kept by one unit."""
    found: list[tuple[Place, Code, str]] = []
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
                    Code.CATALOG_RECORDS,
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
) -> list[Fault]:
    """Checklists, desa records and the survey: one way per indicator, of the right kind."""
    ways = [
        field
        for field in ("checklist", "desa_documents", "desa_complete", "ikm", "derived_from")
        if getattr(indicator, field)
    ]
    if len(ways) > 1:
        return [(ways[1], Code.CATALOG_RECORDS, f"{' and '.join(ways)} exclude each other")]
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
                Code.CATALOG_RECORDS,
                f"{way} needs kind {expected.value}, not {indicator.kind.value}",
            )
        )
    sheet = indicator.records_sheet
    if sheet and len(sheet) > SHEET_NAME_MAX:
        faults.append(
            (
                "id",
                Code.CATALOG_SHEET_NAME,
                f"its records sheet {sheet!r} is over {SHEET_NAME_MAX} characters",
            )
        )
    if way in ("desa_documents", "desa_complete") and not catalog.desa:
        faults.append((way, Code.CATALOG_RECORDS, "desa records need the catalog's desa list"))
    if way == "desa_complete":
        source = indicators.get(indicator.desa_complete or "")
        if source is None or not source.desa_documents:
            faults.append(
                (
                    way,
                    Code.CATALOG_RECORDS,
                    f"{indicator.desa_complete} is not an indicator with desa_documents",
                )
            )
    for k, item in enumerate(indicator.checklist or []):
        if item.due is not None and item.due.startswith("02-29"):
            faults.append(
                (
                    "checklist",
                    Code.CATALOG_RECORDS,
                    f"item {k + 1}: 29 February is not in every year",
                )
            )
        elif item.due is not None:
            try:
                item.due_date(2001)
            except ValueError:
                faults.append(
                    ("checklist", Code.CATALOG_RECORDS, f"item {k + 1}: no such day {item.due}")
                )
    return faults


def _derivation_faults(indicator: Indicator, indicators: dict[str, Indicator]) -> list[Fault]:
    """A derived indicator sums existing, underived indicators of its own kind."""
    if indicator.derived_from is None:
        return []
    if indicator.kind is Kind.VALUE:
        return [("derived_from", Code.CATALOG_DERIVATION, "a value indicator cannot be a sum")]
    if not indicator.derived_from:
        return [("derived_from", Code.CATALOG_DERIVATION, "name at least one indicator")]
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
        faults.append(("derived_from", Code.CATALOG_DERIVATION, f"{source_id} {reason}"))
    return faults


def _indicator_faults(unit: Unit, n: int, indicator: Indicator) -> list[Fault]:
    faults: list[Fault] = []
    expected_id = f"{unit.id}_{n}"
    if indicator.id != expected_id:
        faults.append(
            (
                "id",
                Code.CATALOG_INDICATOR_ID,
                f"indicator id must be {expected_id} (unit id, '_', its position in the unit)",
            )
        )
    kind = indicator.kind
    if kind is Kind.RATIO:
        for label in ("numerator", "denominator"):
            if not getattr(indicator, label):
                faults.append(
                    (label, Code.CATALOG_MISSING_LABEL, f"a ratio indicator needs a {label} label")
                )
    else:
        if indicator.denominator:
            faults.append(
                ("denominator", Code.CATALOG_KIND, f"a {kind.value} indicator has no denominator")
            )
        if not indicator.unit_of_measure:
            faults.append(
                (
                    "unit_of_measure",
                    Code.CATALOG_KIND,
                    f"a {kind.value} indicator needs its unit of measure (satuan), e.g. 'laporan'",
                )
            )
    if indicator.aggregation is Aggregation.CUMULATIVE and kind is not Kind.RATIO:
        faults.append(
            (
                "aggregation",
                Code.CATALOG_KIND,
                f"cumulative aggregation is for ratio indicators; a {kind.value} indicator "
                "allows flow or stock",
            )
        )
    if indicator.valid_range is not None:
        low, high = indicator.valid_range
        if kind is not Kind.VALUE:
            faults.append(("valid_range", Code.CATALOG_KIND, "valid_range is for value indicators"))
        elif low > high:
            faults.append(
                ("valid_range", Code.CATALOG_RANGE, "valid_range is [min, max] with min <= max")
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
