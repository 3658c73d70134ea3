"""The catalog's rules that span fields: ids, labels a kind needs, sheet names, records.

pydantic has checked each field on its own (:mod:`iku_xlsx.catalog.model`); these rules see
the whole catalog. Each broken rule is (path in the file, code, message), placed by the loader.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any

from iku_xlsx.catalog.model import (
    PERCENT,
    RESERVED_SHEET_NAMES,
    SHEET_NAME_FORBIDDEN,
    SHEET_NAME_MAX,
    Aggregation,
    Amounts,
    Catalog,
    IkmRole,
    Indicator,
    Kind,
    Polarity,
    Unit,
)
from iku_xlsx.numbers import format_number
from iku_xlsx.problems import Code

# The field at fault (or its path below the indicator: ("targets", 2025)), the code, the message
Fault = tuple[str | tuple[Any, ...], Code, str]


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
    return (
        _unit_problems(catalog)
        + _indicator_problems(catalog)
        + _rules_problems(catalog)
        + _head_problems(catalog)
    )


def _rules_problems(catalog: Catalog) -> list[tuple[Place, Code, str]]:
    """Categories from the highest down, each lower than the one before, the last open."""
    found: list[tuple[Place, Code, str]] = []
    bands = catalog.rules.categories
    place = ("rules", "categories")
    for k, band in enumerate(bands[:-1]):
        if band.min is None:
            message = "hanya kategori terakhir yang tanpa batas bawah; isi min kategori ini"
            found.append(((*place, k, "min"), Code.CATALOG_RULES, message))
    if bands[-1].min is not None:
        message = "kategori terakhir tanpa batas bawah: kosongkan min-nya (min: null)"
        found.append(((*place, len(bands) - 1, "min"), Code.CATALOG_RULES, message))
    lowest = [(k, band.min) for k, band in enumerate(bands) if band.min is not None]
    for (_, above), (k, below) in itertools.pairwise(lowest):
        if below >= above:
            message = (
                f"batas bawah {format_number(below)} harus lebih kecil dari kategori di atasnya "
                f"({format_number(above)}): kategori dari yang tertinggi ke yang terendah"
            )
            found.append(((*place, k, "min"), Code.CATALOG_RULES, message))
    names = [band.name.casefold() for band in bands]
    if len(set(names)) != len(names):
        found.append((place, Code.CATALOG_RULES, "nama kategori harus berbeda"))
    return found


def _unit_problems(catalog: Catalog) -> list[tuple[Place, Code, str]]:
    """Unit ids and sheet names unique (sheet names ignoring case) and valid; NIPs whole."""
    found: list[tuple[Place, Code, str]] = []
    seen_units: dict[str, int] = {}
    seen_sheets: dict[str, int] = {}
    for u, unit in enumerate(catalog.units):
        if unit.id in seen_units:
            message = (
                f"id unit {unit.id} sudah dipakai units[{seen_units[unit.id]}]; "
                "setiap unit perlu id sendiri"
            )
            found.append((("units", u, "id"), Code.CATALOG_DUPLICATE_ID, message))
        seen_units.setdefault(unit.id, u)
        field = "sheet_name" if unit.sheet_name else "name"
        for reason in _sheet_name_faults(unit.sheet):
            hint = "" if unit.sheet_name else SHEET_NAME_HINT
            message = f"{unit.sheet!r} tidak dapat menjadi nama lembar: {reason}{hint}"
            found.append((("units", u, field), Code.CATALOG_SHEET_NAME, message))
        folded = unit.sheet.casefold()
        if folded in seen_sheets:
            message = (
                f"nama lembar {unit.sheet!r} sudah dipakai units[{seen_sheets[folded]}] "
                "(huruf besar dan kecil dianggap sama)"
            )
            found.append((("units", u, field), Code.CATALOG_SHEET_NAME, message))
        seen_sheets.setdefault(folded, u)
        digits = unit.signatory.nip.replace(" ", "")
        if digits and len(digits) != 18:
            message = f"NIP terdiri atas 18 angka, yang ini {len(digits)}"
            found.append((("units", u, "signatory", "nip"), Code.CATALOG_NIP, message))
    return found


def _head_problems(catalog: Catalog) -> list[tuple[Place, Code, str]]:
    """The head's NIP whole, as a unit signatory's."""
    digits = catalog.head.nip.replace(" ", "") if catalog.head else ""
    if digits and len(digits) != 18:
        message = f"NIP terdiri atas 18 angka, yang ini {len(digits)}"
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
                    "semua indikator ikm milik satu unit (buku kerjanya memuat survei); "
                    f"{', '.join(sorted(survey_units))} sudah punya",
                )
            )
        if indicator.ikm:
            survey_units.add(unit.id)
        faults += _target_faults(indicator) + _budget_faults(indicator)
        found += [
            ((*path, *(field if isinstance(field, tuple) else (field,))), code, message)
            for field, code, message in faults
        ]
    return found


SHEET_NAME_HINT = "; isi sheet_name dengan nama yang lebih pendek atau sederhana"

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
        message = f"{' dan '.join(ways)} tidak dapat dipakai bersama: pilih satu"
        return [(ways[1], Code.CATALOG_RECORDS, message)]
    if not ways or ways[0] == "derived_from":
        return []
    way = ways[0]
    expected = RECORD_KINDS.get(way) or (
        Kind.VALUE if indicator.ikm is IkmRole.INDEX else Kind.RATIO
    )
    faults: list[Fault] = []
    if indicator.kind is not expected:
        faults.append(
            (
                "kind",
                Code.CATALOG_RECORDS,
                f"{way} memerlukan kind: {expected.value}, bukan {indicator.kind.value}",
            )
        )
    sheet = indicator.records_sheet
    if sheet and len(sheet) > SHEET_NAME_MAX:
        faults.append(
            (
                "id",
                Code.CATALOG_SHEET_NAME,
                f"nama lembar rinciannya {sheet!r} lebih dari {SHEET_NAME_MAX} karakter",
            )
        )
    if way in ("desa_documents", "desa_complete") and not catalog.desa:
        message = "catatan per desa memerlukan daftar desa katalog (desa: ...)"
        faults.append((way, Code.CATALOG_RECORDS, message))
    if way == "desa_complete":
        source = indicators.get(indicator.desa_complete or "")
        if source is None or not source.desa_documents:
            faults.append(
                (
                    way,
                    Code.CATALOG_RECORDS,
                    f"{indicator.desa_complete} bukan indikator dengan desa_documents",
                )
            )
    faults += _due_day_faults(indicator)
    return faults


def _due_day_faults(indicator: Indicator) -> list[Fault]:
    """A checklist item's due day that is not a day of every year, placed at its date."""
    faults: list[Fault] = []
    for k, item in enumerate(indicator.checklist or []):
        if item.due is not None and item.due.startswith("02-29"):
            faults.append(
                (
                    ("checklist", k, "due"),  # at the item's date: its line, its cell
                    Code.CATALOG_RECORDS,
                    f"butir {k + 1}: 29 Februari tidak ada setiap tahun; pakai 02-28 atau 03-01",
                )
            )
        elif item.due is not None:
            try:
                item.due_date(2001)
            except ValueError:
                message = f"butir {k + 1}: tanggal {item.due} tidak ada (tulis BB-HH, misal 03-31)"
                faults.append((("checklist", k, "due"), Code.CATALOG_RECORDS, message))
    return faults


def _derivation_faults(indicator: Indicator, indicators: dict[str, Indicator]) -> list[Fault]:
    """A derived indicator sums existing, underived indicators of its own kind."""
    if indicator.derived_from is None:
        return []
    if indicator.kind is Kind.VALUE:
        message = "indikator value tidak dapat dijumlahkan dari indikator lain"
        return [("derived_from", Code.CATALOG_DERIVATION, message)]
    if not indicator.derived_from:
        return [("derived_from", Code.CATALOG_DERIVATION, "sebutkan sedikitnya satu indikator")]
    faults: list[Fault] = []
    for source_id in indicator.derived_from:
        source = indicators.get(source_id)
        if source is None:
            reason = "tidak ada di katalog"
        elif source_id == indicator.id:
            reason = "adalah indikator ini sendiri"
        elif source.kind is not indicator.kind:
            reason = f"berjenis {source.kind.value}, indikator ini {indicator.kind.value}"
        elif source.derived_from is not None:
            reason = "juga dihitung dari indikator lain (penjumlahan hanya dari angka yang diketik)"
        else:
            continue
        faults.append(("derived_from", Code.CATALOG_DERIVATION, f"{source_id} {reason}"))
    return faults


def _indicator_faults(unit: Unit, n: int, indicator: Indicator) -> list[Fault]:
    """An indicator's id by its place, and the fields its kind needs or refuses."""
    faults: list[Fault] = []
    expected_id = f"{unit.id}_{n}"
    if indicator.id != expected_id:
        faults.append(
            (
                "id",
                Code.CATALOG_INDICATOR_ID,
                f"id indikator harus {expected_id} (id unit, '_', urutannya di unit)",
            )
        )
    return faults + _label_faults(indicator) + _measure_faults(indicator)


def _label_faults(indicator: Indicator) -> list[Fault]:
    """A ratio's two labels; another kind's satuan, and no denominator."""
    kind = indicator.kind
    if kind is Kind.RATIO:
        return [
            (label, Code.CATALOG_MISSING_LABEL, f"indikator ratio memerlukan label {label}")
            for label in ("numerator", "denominator")
            if not getattr(indicator, label)
        ]
    faults: list[Fault] = []
    if indicator.denominator:
        message = f"indikator {kind.value} tidak memiliki denominator (penyebut)"
        faults.append(("denominator", Code.CATALOG_KIND, message))
    if not indicator.unit_of_measure:
        message = f"indikator {kind.value} memerlukan unit_of_measure (satuan), misalnya 'laporan'"
        faults.append(("unit_of_measure", Code.CATALOG_KIND, message))
    return faults


def _measure_faults(indicator: Indicator) -> list[Fault]:
    """Aggregation, amounts, scale and valid range, each for the kinds it applies to."""
    kind = indicator.kind
    faults: list[Fault] = []
    if indicator.aggregation is Aggregation.CUMULATIVE and kind is not Kind.RATIO:
        message = (
            f"aggregation cumulative hanya untuk indikator ratio; indikator {kind.value} "
            "memakai flow atau stock"
        )
        faults.append(("aggregation", Code.CATALOG_KIND, message))
    if indicator.amounts is not Amounts.QUARTER and indicator.aggregation is not (
        Aggregation.CUMULATIVE
    ):
        message = "amounts hanya untuk rasio kumulatif (aggregation: cumulative)"
        faults.append(("amounts", Code.CATALOG_KIND, message))
    if indicator.scale != PERCENT:
        if kind is not Kind.RATIO:
            faults.append(("scale", Code.CATALOG_KIND, "scale hanya untuk indikator ratio"))
        elif not indicator.unit_of_measure:
            message = (
                f"rasio per {format_number(indicator.scale)} memerlukan unit_of_measure "
                "(satuan), misalnya 'per 1.000 penduduk'"
            )
            faults.append(("unit_of_measure", Code.CATALOG_KIND, message))
    if indicator.valid_range is not None:
        low, high = indicator.valid_range
        if kind is not Kind.VALUE:
            message = "valid_range hanya untuk indikator value"
            faults.append(("valid_range", Code.CATALOG_KIND, message))
        elif low > high:
            message = "valid_range ditulis [min, maks] dengan min tidak melebihi maks"
            faults.append(("valid_range", Code.CATALOG_RANGE, message))
    return faults


ROMAN = ("I", "II", "III", "IV")


def _target_faults(indicator: Indicator) -> list[Fault]:
    """Targets as a planner mistypes them: a percentage as a fraction (0.95 for 95 %), above
    100 where higher is better; quarter targets that are not four, run the wrong way, or do
    not end at the year's target."""
    return _percentage_faults(indicator) + [
        fault
        for year, values in (indicator.quarter_targets or {}).items()
        for fault in _quarter_target_faults(indicator, year, values)
    ]


def _all_targets(indicator: Indicator) -> list[tuple[tuple[Any, ...], float]]:
    """Every target of an indicator (and its standard), with its place below the indicator."""
    found: list[tuple[tuple[Any, ...], float]] = []
    if indicator.target is not None:
        found.append((("target",), indicator.target))
    found += [(("targets", year), value) for year, value in (indicator.targets or {}).items()]
    for year, values in (indicator.quarter_targets or {}).items():
        found += [(("quarter_targets", year, k), value) for k, value in enumerate(values)]
    if indicator.end_target is not None:
        found.append((("end_target",), indicator.end_target))
    if indicator.standard is not None:
        found.append((("standard", "value"), indicator.standard.value))
    return found


def _percentage_faults(indicator: Indicator) -> list[Fault]:
    """A ratio's target of 1 or less (Excel keeps 95 % as 0.95) where higher is better or
    beside others above 1; above its scale where higher is better (a ratio never is)."""
    if indicator.kind is not Kind.RATIO:
        return []
    targets = _all_targets(indicator)
    higher = indicator.polarity is Polarity.HIGHER
    above_one = any(value > 1 for _, value in targets)
    faults: list[Fault] = []
    for place, value in targets:
        what = "standar" if place[0] == "standard" else "target"  # a standard is typed alike
        if indicator.percentage and 0 < value <= 1 and (higher or above_one):
            meant = format_number(value * 100)
            message = (
                f"{what} {format_number(value)} tampaknya pecahan (Excel menyimpan 95 % sebagai "
                f"0,95); {what} persentase ditulis dalam poin persen: ketik {meant} untuk "
                f"{meant} %"
            )
            faults.append((place, Code.CATALOG_TARGET, message))
        elif higher and value > indicator.scale:
            unit = "%" if indicator.percentage else f"per {format_number(indicator.scale)}"
            message = (
                f"{what} {format_number(value)} melebihi {format_number(indicator.scale)} "
                f"{unit}: realisasi rasio ini (pembilang tidak melebihi penyebut) tidak pernah "
                "setinggi itu"
            )
            faults.append((place, Code.CATALOG_TARGET, message))
    return faults


def _quarter_target_faults(indicator: Indicator, year: int, values: list[float]) -> list[Fault]:
    """Four targets to date, running as sums to date or the polarity run, ending at the
    year's target."""
    place = ("quarter_targets", year)
    if len(values) != 4:
        message = (
            f"target s.d. triwulan tahun {year} harus 4 angka (s.d. TW I, II, III dan IV), "
            f"bukan {len(values)}"
        )
        return [(place, Code.CATALOG_TARGET, message)]
    faults: list[Fault] = []
    # to date, a flow count (or value) only adds up; a ratio or a position follows polarity
    sums = indicator.kind is not Kind.RATIO and indicator.aggregation is Aggregation.FLOW
    rising = sums or indicator.polarity is Polarity.HIGHER
    for k in range(1, 4):
        before, now = values[k - 1], values[k]
        if (now < before) if rising else (now > before):
            way = "turun" if rising else "naik"
            why = (
                "jumlah s.d. triwulan tidak pernah turun"
                if sums
                else f"indikator makin {'tinggi' if rising else 'rendah'} makin baik"
            )
            message = (
                f"target s.d. TW {ROMAN[k]} tahun {year} ({format_number(now)}) {way} dari s.d. "
                f"TW {ROMAN[k - 1]} ({format_number(before)}): {why}"
            )
            faults.append(((*place, k), Code.CATALOG_TARGET, message))
    annual = indicator.target_for(year)
    if annual is None:
        message = (
            f"target s.d. triwulan tahun {year} tanpa target tahunan {year}: isi juga "
            f"targets: {{{year}: {format_number(values[3])}}}"
        )
        faults.append((place, Code.CATALOG_TARGET, message))
    elif values[3] != annual:
        message = (
            f"target s.d. TW IV tahun {year} ({format_number(values[3])}) harus sama dengan "
            f"target tahunan {year} ({format_number(annual)})"
        )
        faults.append(((*place, 3), Code.CATALOG_TARGET, message))
    return faults


def _budget_faults(indicator: Indicator) -> list[Fault]:
    """Each year's realisation: at most the four quarters, in all not above the budget."""
    faults: list[Fault] = []
    for year in indicator.budget or {}:
        budget = indicator.budget_for(year)
        assert budget is not None, "a year listed has a budget"
        quarters = budget.realised or []
        place = ("budget", year, "realised")
        if len(quarters) > len(ROMAN):
            message = (
                f"realisasi anggaran tahun {year} paling banyak 4 angka (TW I s.d. TW IV, "
                f"masing-masing belanja triwulan itu saja), bukan {len(quarters)}"
            )
            faults.append((place, Code.CATALOG_BUDGET, message))
        spent = budget.total()
        if spent is not None and spent > budget.amount:
            message = (
                f"realisasi anggaran tahun {year} (Rp {format_number(spent, 2)}) melebihi "
                f"pagunya (Rp {format_number(budget.amount, 2)}): isi belanja setiap triwulan "
                "saja, bukan jumlah s.d. triwulan"
            )
            faults.append((place, Code.CATALOG_BUDGET, message))
    return faults


def _sheet_name_faults(name: str) -> list[str]:
    faults: list[str] = []
    if not name.strip():
        faults.append("kosong")
    if len(name) > SHEET_NAME_MAX:
        faults.append(f"panjangnya {len(name)} karakter, paling banyak {SHEET_NAME_MAX}")
    bad = sorted(SHEET_NAME_FORBIDDEN & set(name))
    if bad:
        faults.append("berisi " + " ".join(bad) + " (tidak boleh ada [ ] : * ? / \\)")
    if name.startswith("'") or name.endswith("'"):
        faults.append("diawali atau diakhiri tanda petik '")
    if name.casefold() in RESERVED_SHEET_NAMES:
        faults.append("nama itu dipakai Excel sendiri")
    return faults
