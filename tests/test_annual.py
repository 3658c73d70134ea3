"""The annual report end to end: two years of blanks filled with known values, 2024
consolidated, 2025 consolidated with 2024's workbook as the earlier year and the LKjIP
document; the workbook recalculated by LibreOffice and the document read back, every number
compared with tests/oracle.py's computation from what the units typed in both years.

Two catalogs: the built-in one with a plan laid over it (per-year targets, a zero target, a
lower-is-better position, the Renstra's baselines and end targets, an end target equal to its
baseline, budgets with and without their spending), under the regulations' rules and under the
other rules a kabupaten may choose. The 2025 workbooks are recalculated in one LibreOffice
call, the documents printed in another.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import random
import subprocess
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
import yaml
from docx import Document
from docx.oxml.ns import qn
from hypothesis import given
from hypothesis import strategies as st

from iku_xlsx import consolidate, load_catalog, write_blanks
from iku_xlsx.catalog import (
    Catalog,
    Indicator,
    builtin_catalog_text,
    dump_catalog,
    parse_catalog,
)
from iku_xlsx.compute.budget import budget_figures
from iku_xlsx.numbers import format_fixed, parse_indonesian_number
from iku_xlsx.reports.lkjip import kendala_parts

from . import oracle
from .libreoffice import REQUIRE_VARIABLE, convert
from .printing import poppler_missing
from .workbooks import QUARTERS, fill, random_records, read_names

EARLIER, YEAR = 2024, 2025
REPORT_DATE = dt.date(2026, 1, 20)
# The plan laid over the built-in catalog (as an office writes it into its catalog).
PLAN = {
    "SEKCAM_1": {"targets": {2024: 95, 2025: 100}, "baseline": {"year": 2020, "value": 70},
                 "end_target": 100, "standard": {"value": 90, "source": "SPM"}},
    # a lower-is-better position: the share of assets in bad condition, say
    "SEKCAM_2": {"polarity": "lower", "targets": {2024: 20, 2025: 15},
                 "baseline": {"year": 2020, "value": 30}, "end_target": 10,
                 "standard": {"value": 12.5, "source": "Standar provinsi"}},
    "SEKCAM_5": {
        "targets": {2024: 94, 2025: 95},
        "program": "Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota",
        "amounts": "to_date",
        "baseline": {"year": 2020, "value": 88.5},
        "end_target": 98,
        "budget": {
            2022: {"amount": 2_100_000_000,
                   "realised": [400_000_000, 520_000_000, None, 530_000_000]},
            2023: {"amount": 2_250_000_000,
                   "realised": [450_000_000, 560_000_000, 590_000_000]},
            2024: {"amount": 2_300_000_000,
                   "realised": [470_000_000, 575_000_000, 610_000_000, 560_000_000]},
            2025: {"amount": 2_450_000_000, "realised": [520_000_000, None, 590_000_000]},
            2026: 2_600_000_000,
        },
    },
    # a lower-is-better ratio whose end target is 0 (no complaints left): "-" or 100 if met
    "UMPEG_4": {"polarity": "lower", "targets": {2024: 10, 2025: 5},
                "baseline": {"year": 2020, "value": 25}, "end_target": 0,
                "standard": {"value": 0, "source": "Standar nasional"}},
    # a target of 0 this year; an end target equal to the baseline: no way to cover
    "EKONOMI_1": {"targets": {2024: 80, 2025: 0}, "baseline": {"year": 2020, "value": 80},
                  "end_target": 80, "standard": {"value": 60, "source": "SPM"}},
    "TRANTIB_2": {"baseline": {"year": 2020, "value": 0}, "end_target": 4},
    # a budget whose 2023 spending is not given: the Renstra up to last year is "-"
    "PEMBANGUNAN_2": {
        "targets": {2024: 70, 2025: 75},
        "program": "Program Pemberdayaan Masyarakat Desa",
        "budget": {2023: 100_000_000, 2024: {"amount": 150_000_000, "realised": [20_000_000]},
                   2025: {"amount": 0}},
    },
    "CAMAT_1": {"targets": {2024: 78, 2025: 80}, "baseline": {"year": 2020, "value": 72.5},
                "end_target": 85, "budget": {2025: 25_000_000}},
}  # fmt: skip
OTHER_RULES = {
    "lower_is_better": "t/r",
    "lower_zero_target": "100-if-zero",
    "categories": [{"min": 90, "name": "Baik"}, {"min": 70, "name": "Cukup"}, {"name": "Kurang"}],
}
KENDALA = {  # what three units wrote, and the parts of the LKjIP table it makes
    "SEKCAM_2": "Kendala: aset lama belum dihapus. Tindak lanjut: usulan penghapusan ke BPKAD.",
    "EKONOMI_2": "Data pelaku usaha belum lengkap / pendataan ulang bersama desa",
    "KESRA_1": "Pendukung: kader aktif. Kendala: hujan deras di TW IV.",
}
CAPAIAN_COLUMNS = [  # the contract's columns of the first table, in order
    "No",
    "Sasaran",
    "Indikator Kinerja",
    "Satuan",
    "Target",
    "Realisasi",
    "Capaian (%)",
    "Kategori",
    "Realisasi tahun lalu",
    "Capaian tahun lalu (%)",
    "Target akhir Renstra",
    "Capaian terhadap target akhir Renstra (%)",
]
STANDARDS = {k: plan["standard"]["value"] for k, plan in PLAN.items() if "standard" in plan}
RUPIAH = ["RENSTRA", "BEFORE", "PAGU", "TW1", "TW2", "TW3", "TW4", "YEAR", "CAPAIAN"]
RUPIAH += ["TODATE", "RENSTRA_CAPAIAN"]


def annual_catalog(rules: dict | None = None, catalog_id: str = "cls") -> Catalog:
    """The built-in catalog with the plan laid over it, parsed as a file would be."""
    data = yaml.safe_load(builtin_catalog_text())
    for unit in data["units"]:
        for sasaran in unit["sasaran"]:
            for indicator in sasaran["indicators"]:
                indicator.update(PLAN.get(indicator["id"], {}))
    if rules is not None:
        data["rules"] = rules
    data["catalog_id"] = catalog_id
    catalog, problems = parse_catalog(yaml.safe_dump(data, allow_unicode=True))
    assert catalog is not None, [(p.location, p.message) for p in problems]
    return catalog.for_year(YEAR)


def _rules(catalog: Catalog) -> oracle.Rules:
    data = catalog.rules.model_dump(mode="json")
    bands = tuple((band["min"], band["name"]) for band in data["categories"][:-1])
    return oracle.Rules(
        data["lower_is_better"], data["lower_zero_target"], bands, data["categories"][-1]["name"]
    )


# --- the units' figures, and what they must give -------------------------------------------


def typed_figures(catalog: Catalog, rng: random.Random) -> dict[str, object]:
    """Valid figures for every typed indicator of ``catalog``'s year, by defined name: empty
    quarters, zero denominators, amounts typed to date where the catalog says so."""
    values: dict[str, object] = {}
    for indicator in catalog.indicators:
        if indicator.target_for(catalog.year) is None:
            values[f"{indicator.id}_TARGET"] = rng.choice((80, 90, 100))
        if indicator.computed_inputs:
            continue
        spent, budget = 0, rng.randint(200, 400)
        for q in QUARTERS:
            if rng.random() < 0.2:
                continue  # a quarter not reported
            name = f"{indicator.id}_TW{q}"
            if indicator.kind.value == "count":
                values[f"{name}_NUM"] = rng.randint(0, 3)
            elif indicator.aggregation.value == "cumulative":
                spent += rng.randint(0, budget // 5)
                to_date = indicator.amounts.value == "to_date"
                values[f"{name}_NUM"] = spent if to_date else rng.randint(0, budget // 4)
                values[f"{name}_DEN"] = budget
            else:
                den = rng.choice((0, rng.randint(1, 80), rng.randint(1, 80)))
                values[f"{name}_DEN"] = den
                values[f"{name}_NUM"] = rng.randint(0, den)
    values.update({f"{indicator_id}_KENDALA": text for indicator_id, text in KENDALA.items()})
    return values | random_records(catalog, rng, valid=True)


def expected_year(catalog: Catalog, values: dict[str, object]) -> dict[str, oracle.Expected]:
    """The oracle's figures of every indicator of ``catalog``'s year, cascades summed and
    records counted as the rules say."""
    everything = {i.id for i in catalog.indicators} | {"IKM"}
    rules = _rules(catalog)

    def typed(indicator_id: str, part: str) -> list[object]:
        return [values.get(f"{indicator_id}_TW{q}_{part}") for q in QUARTERS]

    found = {}
    for indicator in catalog.indicators:
        ratio = indicator.kind.value == "ratio"
        if indicator.recorded:
            nums, dens = oracle.recorded_inputs(catalog, indicator, values, everything)
        elif indicator.derived_from:
            sources = [(typed(s, "NUM"), typed(s, "DEN")) for s in indicator.derived_from]
            nums, dens = (
                [
                    sum(n for n in numbers if n is not None)
                    if any(n is not None for n in numbers)
                    else None
                    for numbers in zip(*(source[part] for source in sources), strict=True)
                ]
                for part in (0, 1)
            )
        else:
            nums, dens = typed(indicator.id, "NUM"), typed(indicator.id, "DEN")
        target = indicator.target_for(catalog.year)
        found[indicator.id] = oracle.expected(
            indicator.kind.value,
            indicator.aggregation.value,
            indicator.polarity.value,
            nums,
            dens if ratio else None,
            values.get(f"{indicator.id}_TARGET") if target is None else target,
            to_date_amounts=indicator.amounts.value == "to_date",
            rules=rules,
        )
    return found


def _fill_year(catalog: Catalog, folder: Path, values: dict[str, object]) -> Path:
    blanks = write_blanks(catalog, folder / "blanko")
    assert blanks.exit_code == 0, blanks.problems
    masuk = folder / "masuk"
    masuk.mkdir()
    for unit, blank in zip(catalog.units, blanks.written, strict=True):
        ids = [i.id for i in unit.indicators]
        survey = any(i.ikm for i in unit.indicators)
        mine = {
            name: value
            for name, value in values.items()
            if any(name.startswith(f"{i}_") for i in ids) or (survey and name.startswith("IKM_"))
        }
        fill(blank, masuk / blank.name, mine)
    return masuk


class Case:
    """One catalog's two years: typed, consolidated, and what the oracle says of them."""

    def __init__(self, name: str, catalog: Catalog, root: Path, seed: int):
        self.name, self.catalog, self.root = name, catalog, root
        earlier = catalog.for_year(EARLIER)
        self.values = {EARLIER: typed_figures(earlier, random.Random(seed))}
        self.values[YEAR] = typed_figures(catalog, random.Random(seed + 1))
        self.expected = {
            EARLIER: expected_year(earlier, self.values[EARLIER]),
            YEAR: expected_year(catalog, self.values[YEAR]),
        }
        self.previous = root / f"rekap-{EARLIER}.xlsx"
        self.earlier = consolidate(
            [_fill_year(earlier, root / str(EARLIER), self.values[EARLIER])],
            catalog,
            out=self.previous,
            report_date=dt.date(YEAR, 1, 20),
        )
        self.workbook = root / f"rekap-{name}-{YEAR}.xlsx"
        self.csv = self.workbook.with_suffix(".csv")
        self.lkjip = root / f"lkjip-{name}-{YEAR}.docx"
        self.result = consolidate(
            [_fill_year(catalog, root / str(YEAR), self.values[YEAR])],
            catalog,
            out=self.workbook,
            csv=self.csv,
            lkjip=self.lkjip,
            previous=[self.previous],
            report_date=REPORT_DATE,
        )
        self.alone = root / f"rekap-{name}-{YEAR}-tanpa-tahun-lalu.xlsx"  # no --previous
        self.alone_result = consolidate([root / str(YEAR) / "masuk"], catalog, out=self.alone)
        self.recalculated: Path | None = None
        self.recalculated_alone: Path | None = None
        self.pdf: Path | None = None

    def indicator(self, indicator_id: str):
        return next(i for i in self.catalog.indicators if i.id == indicator_id)

    def renstra(self, indicator_id: str) -> tuple[object, object, object]:
        """The oracle's capaian against the end target and the way covered, this year."""
        indicator = self.indicator(indicator_id)
        value = self.expected[YEAR][indicator_id].year_value
        end = indicator.end_target if indicator.end_target is not None else oracle.DASH
        baseline = indicator.baseline.value if indicator.baseline else oracle.DASH
        achieved = oracle.capaian(value, end, indicator.polarity.value, _rules(self.catalog))
        return end, achieved, oracle.progress(value, baseline, end)

    def standard(self, indicator_id: str) -> tuple[object, object]:
        """The oracle's standard and the capaian against it, this year ("-" without one)."""
        indicator = self.indicator(indicator_id)
        if indicator_id not in STANDARDS:
            return oracle.DASH, oracle.DASH
        standard = STANDARDS[indicator_id]
        value = self.expected[YEAR][indicator_id].year_value
        rules = _rules(self.catalog)
        return standard, oracle.capaian(value, standard, indicator.polarity.value, rules)


@pytest.fixture(scope="module")
def cases(require_libreoffice, tmp_path_factory) -> dict[str, Case]:
    """Both catalogs' two years, consolidated; the 2025 workbooks recalculated in one
    LibreOffice call, the LKjIP documents printed to PDF in another."""
    root = tmp_path_factory.mktemp("annual")
    made = {}
    for name, rules, seed in (("cls", None, 11), ("aturan", OTHER_RULES, 23)):
        (root / name).mkdir()
        made[name] = Case(name, annual_catalog(rules, name), root / name, seed)
    for case in made.values():
        assert case.earlier.exit_code == 0, case.earlier.problems
        assert case.result.exit_code == 0, case.result.problems
    workbooks = [path for case in made.values() for path in (case.workbook, case.alone)]
    recalculated = iter(convert(workbooks, root / "recalculated", root / "profile"))
    for case in made.values():
        case.recalculated, case.recalculated_alone = next(recalculated), next(recalculated)
    if not poppler_missing():  # printed by Writer, where it is installed (CI requires it)
        documents = [case.lkjip for case in made.values()]
        try:
            printed = convert(documents, root / "pdf", root / "profile", to="pdf")
        except RuntimeError as error:
            if os.environ.get(REQUIRE_VARIABLE) == "1":
                pytest.fail(f"LibreOffice Writer did not print the documents: {error}")
            printed = [None] * len(documents)
        for case, pdf in zip(made.values(), printed, strict=True):
            case.pdf = pdf
    return made


# --- comparing --------------------------------------------------------------------------


def _same(actual: object, expected: object) -> bool:
    """A workbook's cell (None for empty) and the oracle's figure (None: nothing, "-")."""
    if expected is None:
        return actual in (None, "")
    if expected == oracle.DASH:
        return actual == oracle.DASH
    if isinstance(expected, str):
        return actual == expected
    return isinstance(actual, int | float) and math.isclose(
        actual, expected, rel_tol=1e-9, abs_tol=1e-9
    )


def _dash(value: object) -> object:
    """Nothing reported shows "-" where a figure is given as text (a constant)."""
    return oracle.DASH if value is None else value


def _indonesian(value: object, decimals: int) -> str:
    """A figure as the LKjIP must write it, computed here on its own: half up at the
    decimals, a dot between thousands, a comma before the decimals; "-" for none."""
    if not oracle.is_number(value):
        return "-"
    rounded = Decimal(f"{value:.15g}").quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)
    text = f"{abs(rounded):,.{decimals}f}".replace(",", " ").replace(".", ",").replace(" ", ".")
    return ("-" if rounded < 0 else "") + text


def _decimals(indicator) -> int:
    return 0 if indicator.kind.value == "count" else 2


def _target_decimals(indicator, target: object) -> int:
    whole = oracle.is_number(target) and float(target).is_integer()
    return 0 if indicator.kind.value == "count" and whole else 2


# --- 1. the workbook, recalculated by LibreOffice --------------------------------------------


@pytest.mark.parametrize("name", ["cls", "aturan"])
def test_the_years_and_the_renstra_recalculated_match_the_oracle(cases, name):
    """Last year's realisation and capaian, the Renstra's end target and baseline, the capaian
    against the end target and the way covered: as LibreOffice computes them from the
    workbook, and as the oracle does from what the units typed in both years."""
    case = cases[name]
    names = [
        f"{i.id}_{suffix}"
        for i in case.catalog.indicators
        for suffix in (
            "PREV_VAL",
            "PREV_CAPAIAN",
            "RENSTRA_TARGET",
            "BASELINE",
            "RENSTRA_CAPAIAN",
            "RENSTRA_KEMAJUAN",
            "STANDAR",
            "STANDAR_CAPAIAN",
        )
    ]
    shown = read_names(case.recalculated, names)
    mismatches = []
    for indicator in case.catalog.indicators:
        last = case.expected[EARLIER][indicator.id]
        end, achieved, way = case.renstra(indicator.id)
        baseline = indicator.baseline.value if indicator.baseline else oracle.DASH
        standard, against = case.standard(indicator.id)
        wanted = {
            "STANDAR": standard,
            "STANDAR_CAPAIAN": against,
            "PREV_VAL": _dash(last.year_value),
            "PREV_CAPAIAN": last.capaian,
            "RENSTRA_TARGET": end,
            "BASELINE": baseline,
            "RENSTRA_CAPAIAN": achieved,
            "RENSTRA_KEMAJUAN": way,
        }
        for suffix, expected in wanted.items():
            got = shown[f"{indicator.id}_{suffix}"]
            if not _same(got, expected):
                mismatches.append(
                    f"{indicator.id}_{suffix}: LibreOffice {got!r}, oracle {expected!r}"
                )
    assert not mismatches, "\n".join(mismatches)
    # the cases the plan sets up are there: not computable where it must not be, and a figure
    # where a lower-is-better end target of 0 met by... the rules say
    assert shown["EKONOMI_1_RENSTRA_KEMAJUAN"] == "-"  # end target = baseline
    assert shown["SEKCAM_2_RENSTRA_TARGET"] == 10 and shown["SEKCAM_2_BASELINE"] == 30
    assert shown["SEKCAM_1_RENSTRA_CAPAIAN"] != "-"  # a figure: the case is not vacuous
    assert shown["SEKCAM_2_STANDAR"] == 12.5 and shown["SEKCAM_1_STANDAR_CAPAIAN"] != "-"
    # a lower-is-better standard of 0 met or not: "-", or 100 / 0 under the rules that say so
    zero_rule = case.catalog.rules.lower_zero_target.value == "100-if-zero"
    measured = oracle.is_number(case.expected[YEAR]["UMPEG_4"].year_value)
    assert (shown["UMPEG_4_STANDAR_CAPAIAN"] in (0, 100)) == (zero_rule and measured)


@pytest.mark.parametrize("name", ["cls", "aturan"])
def test_the_renja_form_recalculated_matches_the_oracle(cases, name):
    """Every K cell of the Evaluasi Renja (by its group) and every named Rp cell, as
    LibreOffice computes them, against the oracle; the Rp columns are there because the
    catalog gives budgets."""
    case = cases[name]
    workbook = openpyxl.load_workbook(case.recalculated, data_only=True)
    sheet = workbook["Evaluasi Renja"]
    assert [sheet.cell(7, c).value for c in range(5, 9)] == ["K", "Rp", "K", "Rp"]
    mismatches = []
    for k, indicator in enumerate(case.catalog.indicators):
        this, last = case.expected[YEAR][indicator.id], case.expected[EARLIER][indicator.id]
        end, achieved, _ = case.renstra(indicator.id)
        target = indicator.target_for(YEAR)
        target = case.values[YEAR].get(f"{indicator.id}_TARGET") if target is None else target
        groups = [
            end,
            _dash(last.year_value),
            _dash(target),
            *this.quarter_values,
            this.year_value,
            this.capaian,
            this.year_value,
            achieved,
        ]
        for g, expected in enumerate(groups):
            got = sheet.cell(9 + k, 5 + 2 * g).value
            if not _same(None if got == "" else got, expected):
                mismatches.append(f"{indicator.id} group {g + 1}: {got!r}, oracle {expected!r}")
    budgeted = [i for i in case.catalog.indicators if i.id in PLAN and "budget" in PLAN[i.id]]
    assert len(budgeted) == 3
    rupiah = read_names(case.recalculated, [f"{i.id}_RP_{p}" for i in budgeted for p in RUPIAH])
    for indicator in budgeted:
        for part, expected in oracle.budget(PLAN[indicator.id]["budget"], YEAR).items():
            got = rupiah[f"{indicator.id}_RP_{part}"]
            if not _same(got, expected):
                mismatches.append(f"{indicator.id}_RP_{part}: {got!r}, oracle {expected!r}")
    assert not mismatches, "\n".join(mismatches)
    assert (
        rupiah["SEKCAM_5_RP_BEFORE"]
        == 400e6 + 520e6 + 530e6 + 450e6 + 560e6 + 590e6 + 470e6 + 575e6 + 610e6 + 560e6
    )
    assert rupiah["PEMBANGUNAN_2_RP_BEFORE"] == "-"  # 2023's spending not given
    assert rupiah["PEMBANGUNAN_2_RP_YEAR"] is None and rupiah["CAMAT_1_RP_CAPAIAN"] is None


def test_this_year_and_the_trend_recalculated_match_the_oracle(cases):
    """Capaian Tahunan's this-year columns over the unit sheets, and both years of the Tren
    Tahunan (2024's as written, 2025's recalculated)."""
    case = cases["cls"]
    workbook = openpyxl.load_workbook(case.recalculated, data_only=True)
    annual, trend = workbook["Capaian Tahunan"], workbook["Tren Tahunan"]
    assert [annual.cell(6, c).value for c in (7, 8, 9)] == [
        "REALISASI 2025",
        "CAPAIAN 2025 (%)",
        "KATEGORI",
    ]
    assert trend.cell(5, 5).value == "2024" and trend.cell(5, 7).value == "2025 (TAHUN INI)"
    mismatches = []
    for k, indicator in enumerate(case.catalog.indicators):
        this, last = case.expected[YEAR][indicator.id], case.expected[EARLIER][indicator.id]
        checks = {
            (annual, 7): this.year_value,
            (annual, 8): this.capaian,
            (annual, 9): this.kategori,
            (trend, 5): _dash(last.year_value),
            (trend, 6): last.capaian,
            (trend, 7): this.year_value,
            (trend, 8): this.capaian,
        }
        for (sheet, col), expected in checks.items():
            got = sheet.cell(7 + k, col).value
            assert sheet.cell(7 + k, 2).value == indicator.id
            if not _same(None if got == "" else got, expected):
                mismatches.append(
                    f"{sheet.title} {indicator.id} col {col}: {got!r} vs {expected!r}"
                )
    assert not mismatches, "\n".join(mismatches)


def test_without_last_year_its_cells_say_so_and_the_rest_is_computed(cases):
    """No --previous: last year's cells and the Renja's realisation up to last year show "-",
    no trend sheet, and the Renstra's figures are still computed (LibreOffice)."""
    case = cases["cls"]
    names = [
        f"{i.id}_{s}" for i in case.catalog.indicators for s in ("PREV_VAL", "RENSTRA_CAPAIAN")
    ]
    shown = read_names(case.recalculated_alone, names)
    workbook = openpyxl.load_workbook(case.recalculated_alone, data_only=True)
    assert "Tren Tahunan" not in workbook.sheetnames
    renja = workbook["Evaluasi Renja"]
    for k, indicator in enumerate(case.catalog.indicators):
        assert shown[f"{indicator.id}_PREV_VAL"] == "-"
        assert renja.cell(9 + k, 7).value == "-"  # the Renstra's realisation up to last year
        _, achieved, _ = case.renstra(indicator.id)
        assert _same(shown[f"{indicator.id}_RENSTRA_CAPAIAN"], achieved), indicator.id
    assert case.alone_result.exit_code == 0  # no earlier year asked for: nothing to warn of
    assert case.alone_result.table[["previous_value", "previous_achievement"]].isna().all().all()
    assert case.result.table["previous_value"].notna().any()


# --- 2. the tidy table ----------------------------------------------------------------------


def test_the_tidy_table_carries_last_year_on_year_rows(cases):
    """previous_value and previous_achievement, appended after the other columns: last
    year's figures on YEAR rows, empty on the quarters' rows; the CSV the same."""
    case = cases["cls"]
    table = case.result.table
    assert list(table.columns[-2:]) == ["previous_value", "previous_achievement"]
    assert (
        table.loc[table.period != "YEAR", ["previous_value", "previous_achievement"]]
        .isna()
        .all()
        .all()
    )
    year = table[table.period == "YEAR"].set_index("indicator_id")
    for indicator in case.catalog.indicators:
        last = case.expected[EARLIER][indicator.id]
        for column, expected in (
            ("previous_value", last.year_value),
            ("previous_achievement", last.capaian),
        ):
            got = year.at[indicator.id, column]
            assert _same(None if pd.isna(got) else got, None if expected == "-" else expected), (
                indicator.id,
                column,
            )
    csv = pd.read_csv(case.csv)
    assert list(csv.columns) == list(table.columns)
    assert (
        csv["previous_value"].fillna(-1) - table["previous_value"].fillna(-1)
    ).abs().max() < 1e-6


# --- 3. the LKjIP document -----------------------------------------------------------------


@pytest.mark.parametrize("name", ["cls", "aturan"])
def test_every_number_of_the_lkjip_table_is_the_oracle_s_and_the_table_s(cases, name):
    """The first table, read back with python-docx: the contract's columns in order, a row
    per indicator, every figure written the Indonesian way as the oracle computes it from
    what the units typed (capaian above 100 as computed), and as the tidy table holds it."""
    case = cases[name]
    table = Document(str(case.lkjip)).tables[0]
    header = [cell.text for cell in table.rows[0].cells]
    assert header == CAPAIAN_COLUMNS
    rows = [[cell.text for cell in row.cells] for row in table.rows[1:]]
    assert len(rows) == len(case.catalog.indicators) == 29
    tidy = case.result.table[case.result.table.period == "YEAR"].set_index("indicator_id")
    mismatches = []
    above_100 = 0
    for row, indicator in zip(rows, case.catalog.indicators, strict=True):
        this, last = case.expected[YEAR][indicator.id], case.expected[EARLIER][indicator.id]
        end, achieved, _ = case.renstra(indicator.id)
        target = tidy.at[indicator.id, "target"]
        decimals = _decimals(indicator)
        wanted = [
            str(case.catalog.indicators.index(indicator) + 1),
            _sasaran_of(case.catalog, indicator.id),
            indicator.name,
            indicator.satuan,
            _indonesian(None if pd.isna(target) else target, _target_decimals(indicator, target)),
            _indonesian(this.year_value, decimals),
            _indonesian(this.capaian, 2),
            this.kategori,
            _indonesian(last.year_value, decimals),
            _indonesian(last.capaian, 2),
            _indonesian(end, _target_decimals(indicator, end)),
            _indonesian(achieved, 2),
        ]
        if row != wanted:
            mismatches.append(f"{indicator.id}: {row} != {wanted}")
        # the tidy table's own figures, rounded, are what the document says
        for col, column in (
            (5, "value"),
            (6, "achievement"),
            (8, "previous_value"),
            (9, "previous_achievement"),
        ):
            figure = tidy.at[indicator.id, column]
            digits = 2 if col in (6, 9) else decimals
            if row[col] != _indonesian(None if pd.isna(figure) else figure, digits):
                mismatches.append(f"{indicator.id} {column}: {row[col]} vs the table's {figure}")
        above_100 += oracle.is_number(this.capaian) and this.capaian > 100
    assert not mismatches, "\n".join(mismatches)
    assert above_100 or name == "aturan"  # a capaian above 100, shown as computed


def _sasaran_of(catalog: Catalog, indicator_id: str) -> str:
    return next(
        sasaran.name
        for unit in catalog.units
        for sasaran in unit.sasaran
        for indicator in sasaran.indicators
        if indicator.id == indicator_id
    )


def test_the_lkjip_s_other_tables(cases):
    """Per sasaran the faktor pendukung, penghambat and upaya the units wrote; the years side
    by side; the Renstra's baseline, end target and the way covered, as the oracle says."""
    case = cases["cls"]
    document = Document(str(case.lkjip))
    assert len(document.tables) == 7  # six tables, and the signature block
    factors, trend, renstra = document.tables[1:4]
    by_sasaran = {row.cells[1].text: [c.text for c in row.cells] for row in factors.rows[1:]}
    number = {i.id: k + 1 for k, i in enumerate(case.catalog.indicators)}
    sekcam = by_sasaran[_sasaran_of(case.catalog, "SEKCAM_2")]
    assert f"No. {number['SEKCAM_2']}: aset lama belum dihapus." in sekcam[3]
    assert f"No. {number['SEKCAM_2']}: usulan penghapusan ke BPKAD." in sekcam[4]
    ekonomi = by_sasaran[_sasaran_of(case.catalog, "EKONOMI_2")]
    assert f"No. {number['EKONOMI_2']}: Data pelaku usaha belum lengkap" in ekonomi[3]
    assert f"No. {number['EKONOMI_2']}: pendataan ulang bersama desa" in ekonomi[4]
    kesra = by_sasaran[_sasaran_of(case.catalog, "KESRA_1")]
    assert kesra[2] == f"No. {number['KESRA_1']}: kader aktif."
    assert by_sasaran[_sasaran_of(case.catalog, "PERKEU_1")][3] == (
        "Tidak ada kendala yang dilaporkan unit kerja."
    )
    assert [c.text for c in trend.rows[0].cells][3:] == ["2024", "2024", "2025", "2025"]
    assert [c.text for c in trend.rows[1].cells][3:] == ["Realisasi", "Capaian (%)"] * 2
    for row, indicator in zip(trend.rows[2:], case.catalog.indicators, strict=True):
        this, last = case.expected[YEAR][indicator.id], case.expected[EARLIER][indicator.id]
        decimals = _decimals(indicator)
        assert [c.text for c in row.cells][3:] == [
            _indonesian(last.year_value, decimals),
            _indonesian(last.capaian, 2),
            _indonesian(this.year_value, decimals),
            _indonesian(this.capaian, 2),
        ], indicator.id
    for row, indicator in zip(renstra.rows[1:], case.catalog.indicators, strict=True):
        end, achieved, way = case.renstra(indicator.id)
        baseline = indicator.baseline
        assert [c.text for c in row.cells][3:] == [
            str(baseline.year) if baseline else "-",
            _indonesian(
                baseline.value if baseline else None,
                _target_decimals(indicator, baseline.value if baseline else None),
            ),
            _indonesian(case.expected[YEAR][indicator.id].year_value, _decimals(indicator)),
            _indonesian(end, _target_decimals(indicator, end)),
            _indonesian(achieved, 2),
            _indonesian(way, 2),
        ], indicator.id


@pytest.mark.parametrize("name", ["cls", "aturan"])
def test_the_lkjip_s_standards_and_efficiency(cases, name):
    """The indicators with a standard, the realisation against it as the oracle computes it;
    the indicators with a budget this year: their program, budget, spending and the share
    spent, from the plan's rupiah, beside their capaian."""
    case = cases[name]
    document = Document(str(case.lkjip))
    standards, efficiency = document.tables[4:6]
    assert [c.text for c in standards.rows[0].cells] == [
        "No",
        "Indikator Kinerja",
        "Satuan",
        f"Realisasi {YEAR}",
        "Standar",
        "Sumber standar",
        "Capaian terhadap standar (%)",
    ]
    number = {i.id: str(k + 1) for k, i in enumerate(case.catalog.indicators)}
    rows = {row.cells[0].text: [c.text for c in row.cells] for row in standards.rows[1:]}
    assert sorted(rows, key=int) == sorted((number[i] for i in STANDARDS), key=int)
    for indicator_id, standard in STANDARDS.items():
        indicator = case.indicator(indicator_id)
        value = case.expected[YEAR][indicator_id].year_value
        _, against = case.standard(indicator_id)
        assert rows[number[indicator_id]][3:] == [
            _indonesian(value, _decimals(indicator)),
            _indonesian(standard, _target_decimals(indicator, standard)),
            PLAN[indicator_id]["standard"]["source"],
            _indonesian(against, 2),
        ], indicator_id
    assert rows[number["SEKCAM_1"]][6] != "-"  # a figure: the comparison is not vacuous
    assert [c.text for c in efficiency.rows[0].cells] == [
        "No",
        "Program",
        "Indikator Kinerja",
        "Capaian kinerja (%)",
        "Anggaran (Rp)",
        "Realisasi anggaran (Rp)",
        "Penyerapan anggaran (%)",
    ]
    funded = [i for i, plan in PLAN.items() if YEAR in plan.get("budget", {})]
    rows = {row.cells[0].text: [c.text for c in row.cells] for row in efficiency.rows[1:]}
    assert sorted(rows, key=int) == sorted((number[i] for i in funded), key=int)
    for indicator_id in funded:
        given = PLAN[indicator_id]["budget"][YEAR]
        amount = given["amount"] if isinstance(given, dict) else given
        realised = given.get("realised") or [] if isinstance(given, dict) else []
        spent = [s for s in realised if s is not None]
        total = sum(spent) if spent else None
        share = total / amount * 100 if total is not None and amount else None
        assert rows[number[indicator_id]][1:] == [
            PLAN[indicator_id].get("program", "-"),
            case.indicator(indicator_id).name,
            _indonesian(case.expected[YEAR][indicator_id].capaian, 2),
            _indonesian(amount, 0),
            _indonesian(total, 0),
            _indonesian(share, 2),
        ], indicator_id
    # 520 + 590 million of 2,450 million spent: 45.31 %
    assert rows[number["SEKCAM_5"]][4:] == ["2.450.000.000", "1.110.000.000", "45,31"]


def test_the_lkjip_prints_on_a4_its_headers_on_every_page_and_is_signed(cases):
    """A4, each table's section portrait or landscape as its columns need; every table's
    header rows marked to repeat (w:tblHeader), and repeated on every page LibreOffice
    prints the first table on; the Camat's signature block, dated."""
    case = cases["cls"]
    document = Document(str(case.lkjip))
    orientations = []
    for section in document.sections:
        width, height = section.page_width.mm, section.page_height.mm
        assert sorted((round(width), round(height))) == [210, 297]
        orientations.append("landscape" if width > height else "portrait")
    # 3.1 | 3.2, 3.3 | 3.4 | 3.5, 3.6
    assert orientations == ["landscape", "portrait", "landscape", "portrait"]
    for table, headers in zip(document.tables[:6], (1, 1, 2, 1, 1, 1), strict=True):
        marked = [
            row._tr.trPr is not None and row._tr.trPr.find(qn("w:tblHeader")) is not None
            for row in table.rows
        ]
        assert marked == [True] * headers + [False] * (len(table.rows) - headers)
    text = "\n".join(p.text for p in document.tables[6].rows[0].cells[1].paragraphs)
    assert "Baringin, 20 Januari 2026" in text
    assert "IVADA CHANDRA SARI, S.STP" in text and "NIP. 19860206 200412 2 001" in text
    if case.pdf is None:
        pytest.skip("not printed: poppler-utils or LibreOffice Writer are not installed")
    pages = _pdf_pages(case.pdf)
    first_table = [k for k, page in enumerate(pages) if "Kategori" in page]
    holding = [k for k, page in enumerate(pages) if case.catalog.indicators[-1].name[:30] in page]
    assert len(first_table) >= 2, "the first table runs over pages, its header on each"
    assert first_table == list(range(first_table[0], first_table[-1] + 1))
    assert holding and holding[0] in first_table  # its last row's page has the header too


def _pdf_pages(pdf: Path) -> list[str]:
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return [" ".join(page.split()) for page in text.split("\f") if page.strip()]


# --- 4. the pieces: numbers the Indonesian way, the kendala's parts, budgets ---------------


@given(st.floats(-1e12, 1e12, allow_nan=False), st.sampled_from([0, 1, 2]))
def test_numbers_are_written_the_indonesian_way(value, decimals):
    """As this test writes them on its own, and read back as what they mean."""
    text = format_fixed(value, decimals)
    assert text == _indonesian(value, decimals)
    meant = parse_indonesian_number(text)
    assert meant is not None
    assert math.isclose(meant, float(text.replace(".", "").replace(",", ".")))


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("Kendala: A. Tindak lanjut: B.", ("A.", "B.", "")),
        ("kendala : A ; upaya: B", ("A", "B", "")),
        ("Pendukung: P. Penghambat: A. TINDAK LANJUT: B", ("A.", "B", "P.")),
        ("A / B / C", ("A", "B / C", "")),
        ("Anggaran terlambat cair", ("Anggaran terlambat cair", "", "")),
        ("dan/atau belum", ("dan/atau belum", "", "")),
        ("Awal. Tindak lanjut: B", ("Awal.", "B", "")),
    ],
)
def test_the_kendala_s_parts(text, parts):
    assert kendala_parts(text) == parts


BUDGETED = {"name": "Persentase Penyerapan Anggaran", "kind": "ratio", "numerator": "Realisasi",
            "denominator": "Pagu", "aggregation": "cumulative"}  # fmt: skip


@given(
    st.dictionaries(
        st.integers(2021, 2027),
        st.one_of(
            st.integers(0, 10**10),
            st.fixed_dictionaries(
                {"amount": st.integers(0, 10**10)},
                optional={"realised": st.lists(st.none() | st.integers(0, 10**9), max_size=4)},
            ),
        ),
        min_size=1,
        max_size=6,
    ),
    st.integers(2022, 2026),
)
def test_the_rupiah_of_the_renja_form_are_the_oracle_s(plan, year):
    """Whatever the budget, the library's rupiah figures are the oracle's (the catalog's
    validation of spending above the budget aside: these are the figures' rules)."""
    indicator = Indicator.model_validate({**BUDGETED, "budget": plan})
    figures = budget_figures(indicator, year)
    assert figures is not None
    expected = oracle.budget(plan, year)
    got = {
        "RENSTRA": figures.renstra,
        "BEFORE": figures.before,
        "PAGU": figures.plan,
        **{f"TW{q + 1}": figures.quarters[q] for q in range(4)},
        "YEAR": figures.year,
        "CAPAIAN": figures.capaian,
        "TODATE": figures.to_date,
        "RENSTRA_CAPAIAN": figures.renstra_capaian,
    }
    for part, want in expected.items():
        assert _same(got[part], want), (part, got[part], want)


def _with_budget(budget: object) -> tuple[object, list]:
    data = yaml.safe_load(builtin_catalog_text())
    data["units"][1]["sasaran"][0]["indicators"][0]["budget"] = budget
    return parse_catalog(yaml.safe_dump(data, allow_unicode=True))


@pytest.mark.parametrize(
    ("budget", "place", "says"),
    [
        ({2025: {"amount": 100, "realised": [60, 50]}}, "budget[2025] > realised",
         "realisasi anggaran tahun 2025 (Rp 110) melebihi pagunya (Rp 100)"),
        ({2025: {"amount": 100, "realised": [1, 1, 1, 1, 1]}}, "budget[2025] > realised",
         "paling banyak 4 angka (TW I s.d. TW IV"),
        ({2025: -5}, "budget[2025]", "bernilai -5; harus paling sedikit 0"),
        ({2025: {"realised": [1]}}, "budget[2025] > amount", "kolom 'amount' wajib diisi"),
    ],
)  # fmt: skip
def test_a_budget_that_cannot_be_right_is_named_at_its_place(budget, place, says):
    catalog, problems = _with_budget(budget)
    assert catalog is None
    found = [p for p in problems if place in (p.location or "")]
    assert found and any(says in p.message for p in found), [
        (p.location, p.message) for p in problems
    ]


def test_budgets_leave_the_fingerprint_as_it_was():
    """A budget, and its spending updated through the year, a program and a standard reach
    only the report: the workbooks handed out stay of the same catalog version. The YAML
    keeps them."""
    plain, problems = _with_budget(None)
    assert problems == []
    budgeted, problems = _with_budget({2024: 5, 2025: {"amount": 9, "realised": [1, None, 2]}})
    assert problems == [] and budgeted is not None and plain is not None
    assert budgeted.fingerprint() == plain.fingerprint() == load_catalog().fingerprint()
    again, _ = parse_catalog(dump_catalog(budgeted))
    assert again == budgeted
    assert "budget" not in dump_catalog(plain)
    data = yaml.safe_load(builtin_catalog_text())
    data["units"][1]["sasaran"][0]["indicators"][0].update(
        program="Program Penunjang", standard={"value": 90, "source": "SPM"}
    )
    reported, problems = parse_catalog(yaml.safe_dump(data, allow_unicode=True))
    assert problems == [] and reported is not None
    assert reported.fingerprint() == plain.fingerprint()
    assert parse_catalog(dump_catalog(reported))[0] == reported


@pytest.mark.parametrize(
    ("standard", "says"),
    [
        ({"value": 0.95, "source": "SPM"}, "standar 0,95 tampaknya pecahan"),
        ({"value": 120, "source": "SPM"}, "standar 120 melebihi 100 %"),
        ({"value": 90}, "kolom 'source' wajib diisi"),
    ],
)
def test_a_standard_that_cannot_be_right_is_named_at_its_place(standard, says):
    """A percentage standard typed as a fraction, or above 100 where higher is better, is
    refused as a target would be."""
    data = yaml.safe_load(builtin_catalog_text())
    data["units"][1]["sasaran"][0]["indicators"][0]["standard"] = standard
    catalog, problems = parse_catalog(yaml.safe_dump(data, allow_unicode=True))
    assert catalog is None
    found = [p for p in problems if "standard" in (p.location or "")]
    assert found and any(says in p.message for p in found), [
        (p.location, p.message) for p in problems
    ]
