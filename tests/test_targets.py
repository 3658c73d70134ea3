"""Targets from the Perjanjian Kinerja and the Rencana Aksi, the quarter to date, amounts
typed to date: as a planner writes them, as unit heads fill them, and the two wrong numbers
that used to pass a clean check."""

from __future__ import annotations

import math
import random
from pathlib import Path

import pandas as pd
import pytest
import yaml

from iku_xlsx import consolidate, load_catalog, read_workbook, write_workbook
from iku_xlsx.catalog import builtin_catalog_text, parse_catalog

from . import oracle
from .conftest import DATA
from .workbooks import QUARTERS, fill, name_cells, random_target

BILLION = 1_000_000_000


def _catalog_with(indicator_id: str, **fields) -> tuple[object, list]:
    """The built-in catalog with one indicator's fields changed, parsed as a file would be."""
    data = yaml.safe_load(builtin_catalog_text())
    for unit in data["units"]:
        for sasaran in unit["sasaran"]:
            for indicator in sasaran["indicators"]:
                if indicator["id"] == indicator_id:
                    indicator.update(fields)
    return parse_catalog(yaml.safe_dump(data, allow_unicode=True))


# --- the catalog: targets as planners mistype them ----------------------------------------


@pytest.mark.parametrize(
    ("indicator", "fields", "place", "says"),
    [
        # the first wrong number: 95 % written as 0.95 (Excel's way of keeping a percentage)
        ("EKONOMI_1", {"target": 0.95}, "EKONOMI_1 > target", "ketik 95 untuk 95 %"),
        ("EKONOMI_1", {"targets": {2025: 0.95}}, "targets[2025]", "ketik 95 untuk 95 %"),
        ("EKONOMI_1", {"targets": {2025: 120}}, "targets[2025]", "melebihi 100"),
        (
            "SEKCAM_5",
            {"targets": {2025: 95}, "quarter_targets": {2025: [25, 50, 95]}},
            "quarter_targets[2025]",
            "harus 4 angka",
        ),
        (
            "SEKCAM_5",
            {"targets": {2025: 95}, "quarter_targets": {2025: [25, 50, 45, 95]}},
            "quarter_targets[2025][2]",
            "turun dari s.d. TW II",
        ),
        (
            "SEKCAM_5",
            {"targets": {2025: 95}, "quarter_targets": {2025: [25, 50, 75, 90]}},
            "quarter_targets[2025][3]",
            "harus sama dengan target tahunan 2025 (95)",
        ),
        (
            "SEKCAM_5",
            {"quarter_targets": {2025: [25, 50, 75, 95]}},
            "quarter_targets[2025]",
            "tanpa target tahunan 2025",
        ),
        ("EKONOMI_1", {"quarter_targets": {2025: [0.9, 0.9, 0.9, 0.9]}, "target": 0.9}, "", "90"),
    ],
)
def test_mistyped_targets_are_named_with_what_to_type(indicator, fields, place, says):
    catalog, problems = _catalog_with(indicator, **fields)
    assert catalog is None
    found = [p for p in problems if p.code == "catalog-target" and place in (p.location or "")]
    assert found, [(p.location, p.message) for p in problems]
    assert says in found[0].message
    assert "(baris " in found[0].location  # where in the file


def test_targets_that_are_right_pass():
    catalog, problems = _catalog_with(
        "SEKCAM_5",
        targets={2025: 95, 2026: 96},
        quarter_targets={2025: [22, 47, 72, 95]},
        baseline={"year": 2020, "value": 88.5},
        end_target=98,
        amounts="to_date",
    )
    assert problems == []
    indicator = next(i for i in catalog.indicators if i.id == "SEKCAM_5")
    assert indicator.target_for(2025) == 95 and indicator.target_for(2027) is None
    assert indicator.quarter_targets_for(2025) == [22, 47, 72, 95]


@pytest.mark.parametrize(
    ("fields", "ok"),
    [
        # to date, a count only adds up, whatever its polarity
        ({"polarity": "lower", "quarter_targets": {2025: [0, 0, 0, 1]}}, True),
        # a lower-is-better position falls to its target
        ({"polarity": "lower", "quarter_targets": {2025: [3, 2, 2, 1]}}, False),
    ],
)
def test_quarter_targets_run_as_sums_to_date_or_as_polarity_says(fields, ok):
    _, problems = _catalog_with("TRANTIB_2", **fields)  # a count of 1 laporan a year
    assert (problems == []) is ok, [p.message for p in problems]


def test_a_lower_is_better_percentage_may_be_small_unless_beside_large_ones():
    _, problems = _catalog_with("EKONOMI_1", polarity="lower", targets={2025: 0.5})
    assert problems == []
    _, problems = _catalog_with("EKONOMI_1", polarity="lower", targets={2025: 0.5, 2026: 5})
    assert [p.code for p in problems] == ["catalog-target"]


def test_the_rules_that_vary_are_checked():
    data = yaml.safe_load(builtin_catalog_text())
    data["rules"] = {
        "lower_is_better": "t/r",
        "categories": [
            {"min": 80, "name": "Baik"},
            {"min": 90, "name": "Sangat Baik"},
            {"min": 10, "name": "Kurang"},
        ],
    }
    _, problems = parse_catalog(yaml.safe_dump(data, allow_unicode=True))
    assert {(p.code, p.location.split(" (")[0]) for p in problems} == {
        ("catalog-rules", "rules > categories[1] > min"),  # not below the one above
        ("catalog-rules", "rules > categories[2] > min"),  # the last has no lowest
    }


def test_fields_added_since_version_1_leave_the_fingerprint_of_a_catalog_that_has_none():
    """Workbooks handed out before version 2 are still known by their catalog."""
    assert load_catalog().fingerprint() == (
        "ef0b0b1ec657d78bcee2e2594a660dee99af891c2f19e7c17f45250e33123570"
    )
    changed, _ = _catalog_with("EKONOMI_1", targets={2025: 90})
    assert changed.fingerprint() != load_catalog().fingerprint()


# --- unit heads: the second wrong number, and the rest -------------------------------------


@pytest.fixture
def filled(tmp_path):
    """filled(catalog, unit, values) -> a workbook of the catalog's blank, filled."""

    (tmp_path / "blank").mkdir()

    def _filled(catalog, unit, values, name=None):
        blank = write_workbook(tmp_path / "blank" / f"{unit}.xlsx", catalog, [catalog.unit(unit)])
        path = tmp_path / (name or f"cls-{catalog.year}-{unit}.xlsx")
        fill(blank, path, values)
        return path

    return _filled


# Budget absorption as the finance reports give it: realised to date, 1,010.7 M then 1,655.7 M
# of 2,265.4 M. Summed as quarterly spending this was 117.7 %, "Sangat Tinggi", no warning.
TO_DATE_FIGURES = {
    "SEKCAM_5_TARGET": 95,
    "SEKCAM_5_TW1_NUM": 1_010_700_000,
    "SEKCAM_5_TW1_DEN": 2_265_400_000,
    "SEKCAM_5_TW2_NUM": 1_655_700_000,
    "SEKCAM_5_TW2_DEN": 2_265_400_000,
}


def test_to_date_figures_typed_as_quarters_are_caught(catalog, filled):
    path = filled(catalog, "SEKCAM", TO_DATE_FIGURES)
    reading = read_workbook(path, catalog)
    (problem,) = [p for p in reading.problems if p.is_error]
    assert problem.code == "amounts-above-annual" and problem.sheet == "Sekretaris Camat"
    assert problem.cell == name_cells_of(path)["SEKCAM_5_TW2_NUM"]
    assert "2.666.400.000" in problem.message and "bukan s.d. triwulan" in problem.message
    result = consolidate([path], catalog)
    assert result.exit_code == 1 and "file-rejected" in {p.code for p in result.problems}


def test_to_date_figures_in_a_catalog_that_takes_them_read_right(filled):
    catalog, _ = _catalog_with("SEKCAM_5", amounts="to_date")
    catalog = catalog.for_year(2025)
    path = filled(catalog, "SEKCAM", TO_DATE_FIGURES)
    reading = read_workbook(path, catalog)
    assert [p for p in reading.problems if p.is_error] == []
    year = reading.table.set_index(["indicator_id", "period"]).loc[("SEKCAM_5", "YEAR")]
    assert year.value == pytest.approx(1655.7 / 2265.4 * 100)  # 73.09 %, not 117.7 %
    assert year.achievement == pytest.approx(1655.7 / 2265.4 * 100 / 95 * 100)
    falling = {**TO_DATE_FIGURES, "SEKCAM_5_TW2_NUM": 655_700_000}  # a quarter's own
    reading = read_workbook(filled(catalog, "SEKCAM", falling, name="x-SEKCAM.xlsx"), catalog)
    (problem,) = [p for p in reading.problems if p.is_error]
    assert problem.code == "amount-falling" and "s.d. triwulan" in problem.message


def name_cells_of(path: Path) -> dict[str, str]:
    import openpyxl

    return {name: cell for name, (_, cell) in name_cells(openpyxl.load_workbook(path)).items()}


def test_a_missing_target_is_a_warning_and_the_realisations_are_consolidated(catalog, filled):
    values = {"EKONOMI_1_TW1_NUM": 8, "EKONOMI_1_TW1_DEN": 10}
    path = filled(catalog, "EKONOMI", values)
    result = consolidate([path], catalog)
    assert result.exit_code == 0  # only warnings: the targets left empty, the missing units
    assert {p.code for p in result.problems} == {"target-missing", "unit-missing"}
    row = result.table.set_index(["indicator_id", "period"]).loc[("EKONOMI_1", "YEAR")]
    assert row.value == 80 and math.isnan(row.achievement) and row.category is None


def test_a_catalog_s_target_to_date_changed_in_the_sheet_is_reported(filled):
    catalog, _ = _catalog_with(
        "EKONOMI_1", targets={2025: 90}, quarter_targets={2025: [80, 85, 85, 90]}
    )
    catalog = catalog.for_year(2025)
    path = filled(catalog, "EKONOMI", {"EKONOMI_1_TW2_TARGET": 50})
    problems = [p for p in read_workbook(path, catalog).problems if p.code == "target-changed"]
    assert [p.cell for p in problems] == [name_cells_of(path)["EKONOMI_1_TW2_TARGET"]]
    assert "ditetapkan katalog 85" in problems[0].message


def test_targets_to_date_the_unit_types(catalog, filled):
    values = {
        "EKONOMI_1_TARGET": 90,
        "EKONOMI_1_TW1_TARGET": 70,
        "EKONOMI_1_TW2_TARGET": 0.8,  # a fraction: an error, as for the annual target
        "EKONOMI_1_TW1_NUM": 7,
        "EKONOMI_1_TW1_DEN": 10,
        "EKONOMI_1_TW3_NUM": 9,
        "EKONOMI_1_TW3_DEN": 10,
    }
    reading = read_workbook(filled(catalog, "EKONOMI", values), catalog)
    assert {p.code for p in reading.problems if p.is_error} == {"target-as-fraction"}
    table = reading.table.set_index(["indicator_id", "period"])
    tw1, tw3 = table.loc[("EKONOMI_1", "TW1")], table.loc[("EKONOMI_1", "TW3")]
    assert tw1.target_to_date == 70 and tw1.achievement_to_date == pytest.approx(100)
    # no target to date typed for TW III: the annual target; (7 + 9) / (10 + 10)
    assert tw3.target_to_date == 90 and tw3.value_to_date == pytest.approx(80)
    assert tw3.achievement_to_date == pytest.approx(80 / 90 * 100)
    assert math.isnan(table.loc[("EKONOMI_1", "TW2")].value_to_date)  # not reported


def test_records_typed_without_their_quarter_are_named(catalog, filled):
    import datetime as dt

    path = filled(catalog, "PERKEU", {"PERKEU_1_ITEM1_DONE": dt.date(2025, 3, 20)})
    (problem,) = [
        p for p in read_workbook(path, catalog).problems if p.code == "records-quarter-missing"
    ]
    assert problem.severity.value == "warning" and problem.sheet == "Rincian PERKEU_1"
    assert problem.cell == name_cells_of(path)["PERKEU_1_LAST_TW"]
    assert "ketik triwulan terakhir yang dilaporkan" in problem.message
    blank = filled(catalog, "PERKEU", {}, name="kosong-PERKEU.xlsx")
    assert "records-quarter-missing" not in {p.code for p in read_workbook(blank, catalog).problems}


def test_workbooks_of_layout_version_1_are_still_read(catalog):
    """Files handed out before the quarter-to-date rows read as they did, by the layout of
    their version; the to-date figures are computed all the same."""
    previous = pd.read_csv(DATA / "v1" / "rekap-ekonomi-perkeu.csv")
    for unit in ("EKONOMI", "PERKEU"):
        reading = read_workbook(DATA / "v1" / f"cls-2025-{unit}.xlsx", catalog)
        assert reading.identity.layout_version == 1
        assert [p for p in reading.problems if p.is_error] == []
        mine = reading.table.set_index(["indicator_id", "period"])
        for row in previous[previous.unit_id == unit].itertuples():
            for column in ("numerator", "denominator", "value", "achievement"):
                got, want = mine.at[(row.indicator_id, row.period), column], getattr(row, column)
                assert (pd.isna(got) and pd.isna(want)) or got == pytest.approx(want)
        assert mine["value_to_date"].notna().any()


# --- the targets catalog, consolidated ---------------------------------------------------------


def test_consolidated_targets_agree_with_the_oracle_and_read_back_clean(tmp_path):
    """Every kind with the Perjanjian Kinerja's and the Rencana Aksi's targets, and typed
    ones: the tidy table's to-date columns equal the oracle's, and the consolidated workbook
    (its cached to-date cells) reads back without a formula reported overwritten."""
    catalog = load_catalog(DATA / "targets.yaml")
    rng = random.Random(15)
    typed: dict[str, object] = {}
    for indicator in catalog.indicators:
        kind = indicator.kind.value
        typed.update(_valid_quarters(indicator, rng))
        if indicator.target_for(2024) is None:
            typed[f"{indicator.id}_TARGET"] = 50 if kind == "value" else 5
            typed[f"{indicator.id}_TW2_TARGET"] = 4
    folder = tmp_path / "masuk"
    folder.mkdir()
    for unit in catalog.units:
        blank = write_workbook(tmp_path / f"{unit.id}.xlsx", catalog, [unit])
        mine = {k: v for k, v in typed.items() if k.split("_")[0] == unit.id}
        fill(blank, folder / f"target-2024-{unit.id}.xlsx", mine)
    result = consolidate([folder], catalog, out=tmp_path / "rekap.xlsx")
    assert result.exit_code == 0, result.problems
    table = result.table.set_index(["indicator_id", "period"])
    rules = oracle.Rules()
    checked = 0
    for indicator in catalog.indicators:
        nums = [typed.get(f"{indicator.id}_TW{q}_NUM") for q in QUARTERS]
        dens = [typed.get(f"{indicator.id}_TW{q}_DEN") for q in QUARTERS]
        target = indicator.target_for(2024)
        if target is None:
            target = typed.get(f"{indicator.id}_TARGET")
        given = indicator.quarter_targets_for(2024)
        if given is None and f"{indicator.id}_TW2_TARGET" in typed:
            given = [None, 4, None, None]
        want = oracle.expected(
            indicator.kind.value,
            indicator.aggregation.value,
            indicator.polarity.value,
            nums,
            dens if indicator.kind.value == "ratio" else None,
            target,
            scale=indicator.scale,
            to_date_amounts=indicator.amounts.value == "to_date",
            quarter_targets=given,
            rules=rules,
        )
        for q in QUARTERS:
            row = table.loc[(indicator.id, f"TW{q}")]
            for got, wanted in (
                (row.value_to_date, want.to_date[q - 1]),
                (row.target_to_date, want.target_to_date[q - 1]),
                (row.achievement_to_date, want.capaian_to_date[q - 1]),
            ):
                wanted = None if wanted == oracle.DASH else wanted
                assert (pd.isna(got) and wanted is None) or got == pytest.approx(wanted), (
                    indicator.id,
                    q,
                    got,
                    wanted,
                )
                checked += 1
    assert checked == 15 * 4 * 3
    back = read_workbook(tmp_path / "rekap.xlsx", catalog)
    assert "formula-overwritten" not in {p.code for p in back.problems}, back.problems
    assert set(result.table.polarity) == {"higher", "lower"}


def _valid_quarters(indicator, rng: random.Random) -> dict[str, object]:
    """Figures that pass every check, some quarters empty, some denominators 0."""
    values: dict[str, object] = {}
    budget, spent = rng.randint(80, 400), 0
    for q in QUARTERS:
        if rng.random() < 0.25:
            continue  # not reported
        name = f"{indicator.id}_TW{q}"
        if indicator.kind.value == "value":
            values[f"{name}_NUM"] = round(rng.uniform(25, 100), 2)
        elif indicator.kind.value == "count":
            values[f"{name}_NUM"] = rng.randint(0, 30)
        elif indicator.aggregation.value == "cumulative":
            spent += rng.randint(0, budget // 4)
            to_date = indicator.amounts.value == "to_date"
            values[f"{name}_NUM"] = spent if to_date else rng.randint(0, budget // 4)
            values[f"{name}_DEN"] = budget
        else:
            den = rng.choice((0, rng.randint(1, 80), rng.randint(1, 80)))
            values[f"{name}_NUM"], values[f"{name}_DEN"] = rng.randint(0, den), den
    return values


def test_random_targets_never_crash_the_reader(catalog, filled):
    rng = random.Random(3)
    values = {f"EKONOMI_1_TW{q}_TARGET": random_target(rng, "ratio") for q in QUARTERS}
    reading = read_workbook(filled(catalog, "EKONOMI", values), catalog)
    assert reading.table is not None
