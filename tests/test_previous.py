"""Earlier years (--previous): consolidated workbooks and tidy CSVs read back, recomputed and
set beside this year; what cannot be used is said, with its reason, and the rest carries on.
"""

from __future__ import annotations

import math
import random

import numpy as np
import openpyxl
import pandas as pd
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from iku_xlsx import consolidate, load_catalog, read_workbook, write_workbook
from iku_xlsx.catalog import Catalog, dump_catalog, parse_catalog
from iku_xlsx.cli import app
from iku_xlsx.compute import DEN, NUM, QUARTER_TARGET, compute, tidy_table
from iku_xlsx.compute.indicators import rule_columns
from iku_xlsx.consolidation.previous import read_earlier_years
from iku_xlsx.consolidation.result import Consolidation
from iku_xlsx.reports.csv import write_csv

from .conftest import DATA
from .test_annual import EARLIER, YEAR, _fill_year, annual_catalog, typed_figures
from .test_printing import ENGLISH
from .workbooks import name_cells


@pytest.fixture(scope="module")
def years(tmp_path_factory) -> dict:
    """2024 consolidated (its workbook, and its table in both CSV layouts), 2025's files."""
    root = tmp_path_factory.mktemp("previous")
    catalog = annual_catalog()
    earlier = catalog.for_year(EARLIER)
    masuk = _fill_year(earlier, root / "2024", typed_figures(earlier, random.Random(5)))
    result = consolidate(
        [masuk], catalog, out=root / "rekap-2024.xlsx", csv=root / "rekap-2024.csv"
    )
    assert result.exit_code == 0, result.problems
    write_csv(result.table, root / "rekap-2024-id.csv", "id")
    (root / "katalog.yaml").write_text(dump_catalog(catalog), encoding="utf-8")
    this = _fill_year(catalog, root / "2025", typed_figures(catalog, random.Random(6)))
    return {"catalog": catalog, "root": root, "earlier": result, "masuk": this}


def _year_rows(table: pd.DataFrame) -> pd.DataFrame:
    return table[table.period == "YEAR"].set_index("indicator_id")


def _codes(result: Consolidation) -> list[str]:
    return [problem.code for problem in result.problems if problem.code.startswith("previous")]


@pytest.mark.parametrize("given", ["rekap-2024.xlsx", "rekap-2024.csv", "rekap-2024-id.csv"])
def test_last_year_from_its_workbook_or_either_csv(years, given):
    """The workbook, the standard CSV and the Indonesian-Excel CSV give the same last year:
    2024's realisation and capaian on 2025's YEAR rows."""
    root = years["root"]
    result = consolidate([years["masuk"]], years["catalog"], previous=[root / given])
    assert result.exit_code == 0 and _codes(result) == [], result.problems
    now, before = _year_rows(result.table), _year_rows(years["earlier"].table)
    for column, source in (("previous_value", "value"), ("previous_achievement", "achievement")):
        got, want = now[column].astype(float), before[source].astype(float)
        assert (got.isna() == want.isna()).all(), column
        assert np.allclose(got.dropna(), want.dropna(), rtol=1e-9), column
    assert now["previous_value"].notna().sum() > 20
    (kecamatan,) = result.kecamatan
    assert [e.year for e in kecamatan.earlier] == [EARLIER]


def _empty_workbook(catalog: Catalog, year: int, path) -> None:
    """A consolidated workbook of ``year`` with nothing in it (no file of any unit)."""
    result = consolidate([], catalog, year=year, out=path)
    assert result.written == [path]


@pytest.mark.parametrize(
    ("make", "says"),
    [
        ("kecamatan", "untuk Kecamatan Binuang"),
        ("version", "katalog IKU versi lain"),
        ("same-year", "data tahun 2025, padahal rekap ini tahun 2025"),
        ("later-year", "data tahun 2026"),
        ("unit-file", "bukan rekap kecamatan"),
    ],
)
def test_a_workbook_that_cannot_be_last_year_is_not_used_and_the_rest_carries_on(
    years, tmp_path, make, says
):
    catalog = years["catalog"]
    path = tmp_path / f"{make}.xlsx"
    if make == "kecamatan":
        other = catalog.kecamatan.model_copy(update={"name": "Binuang"})
        _empty_workbook(catalog.model_copy(update={"kecamatan": other}), EARLIER, path)
    elif make == "version":
        unit = catalog.units[0].model_copy(update={"heading": "CAMAT (perubahan)"})
        _empty_workbook(
            catalog.model_copy(update={"units": [unit, *catalog.units[1:]]}), 2024, path
        )
    elif make in ("same-year", "later-year"):
        _empty_workbook(catalog, YEAR if make == "same-year" else YEAR + 1, path)
    else:
        write_workbook(path, catalog.for_year(EARLIER), [catalog.units[1]])
    good = years["root"] / "rekap-2024.xlsx"
    out = tmp_path / "rekap.xlsx"
    result = consolidate([years["masuk"]], catalog, previous=[path, good], out=out)
    rejected = [p for p in result.problems if p.code == "previous-rejected"]
    assert [p.file for p in rejected] == [str(path)]
    assert says in rejected[0].message or any(says in p.message for p in result.problems)
    assert result.exit_code == 1 and result.written == [out]
    assert _year_rows(result.table)["previous_value"].notna().sum() > 20  # the good one


def test_a_data_sheet_edited_by_hand_is_named_at_its_cell(years, tmp_path):
    """The stored tidy table is compared with the recomputation of the unit sheets' inputs:
    an edited figure is named at its cell, and the file is not used."""
    source = years["root"] / "rekap-2024.xlsx"
    workbook = openpyxl.load_workbook(source)
    data = workbook["Data"]
    header = [cell.value for cell in data[1]]
    row = next(
        r
        for r in range(2, data.max_row + 1)
        if data.cell(r, header.index("indicator_id") + 1).value == "SEKCAM_3"
        and data.cell(r, header.index("period") + 1).value == "YEAR"
    )
    cell = data.cell(row, header.index("value") + 1)
    cell.value = 99.5
    edited = tmp_path / "rekap-2024-diubah.xlsx"
    workbook.save(edited)
    result = consolidate([years["masuk"]], years["catalog"], previous=[edited])
    (differs,) = [p for p in result.problems if p.code == "previous-differs"]
    assert (differs.sheet, differs.cell) == ("Data", cell.coordinate)
    assert "SEKCAM_3 value tertulis 99.5" in differs.message
    assert _codes(result) == ["previous-differs", "previous-rejected", "previous-year-missing"]
    assert _year_rows(result.table)["previous_value"].isna().all()


def test_a_formula_typed_over_in_last_year_s_workbook_rejects_it(years, tmp_path):
    """Cached results are never trusted: a realisation typed over its formula is the
    reader's formula-overwritten, and last year's file is not used."""
    source = years["root"] / "rekap-2024.xlsx"
    workbook = openpyxl.load_workbook(source)
    sheet, ref = name_cells(workbook)["SEKCAM_3_YEAR_VAL"]
    workbook[sheet][ref].value = 100
    edited = tmp_path / "rekap-2024-ditimpa.xlsx"
    workbook.save(edited)
    result = consolidate([years["masuk"]], years["catalog"], previous=[edited])
    codes = [p.code for p in result.problems if p.file == str(edited)]
    assert "formula-overwritten" in codes and codes[-1] == "previous-rejected"
    assert result.exit_code == 1


def _csv_edited(years, tmp_path, edit) -> tuple[Consolidation, str]:
    table = pd.read_csv(years["root"] / "rekap-2024.csv", dtype=str, keep_default_na=False)
    edit(table)
    path = tmp_path / "rekap-2024-diubah.csv"
    table.to_csv(path, index=False)
    return consolidate([years["masuk"]], years["catalog"], previous=[path]), str(path)


def _where(table: pd.DataFrame, indicator_id: str, period: str) -> int:
    return int(table.index[(table.indicator_id == indicator_id) & (table.period == period)][0])


@pytest.mark.parametrize(
    ("edit", "says"),
    [
        (lambda t: t.__setitem__("kecamatan", "Binuang"), "tabel untuk Kecamatan Binuang"),
        (lambda t: t.__setitem__("year", "2025"), "data tahun 2025"),
        (lambda t: t.loc.__setitem__((0, "numerator"), "dua"),
         "kolom numerator baris 2 bukan angka ('dua')"),
        (lambda t: t.pop("denominator"), "kolom denominator tidak ada"),
        (lambda t: t.__setitem__("indicator_id", t["indicator_id"].str.replace("UMPEG", "UMUM")),
         "indikator UMUM_1, UMUM_2"),
    ],
)  # fmt: skip
def test_a_csv_that_cannot_be_last_year_is_not_used(years, tmp_path, edit, says):
    result, path = _csv_edited(years, tmp_path, edit)
    (rejected,) = [p for p in result.problems if p.code == "previous-rejected"]
    assert rejected.file == path and says in rejected.message, rejected.message
    assert result.exit_code == 1


def test_a_csv_whose_year_row_disagrees_with_its_quarters_names_the_line(years, tmp_path):
    """A CSV's YEAR figures are recomputed from its quarters' rows; a figure changed by hand
    is named by its line and column, and the file is not used."""

    def edit(table: pd.DataFrame) -> None:
        table.loc[_where(table, "SEKCAM_3", "YEAR"), "achievement"] = "12.5"

    result, path = _csv_edited(years, tmp_path, edit)
    (differs,) = [p for p in result.problems if p.code == "previous-differs"]
    table = pd.read_csv(path)
    line = _where(table, "SEKCAM_3", "YEAR") + 2
    assert differs.location == f"baris {line}, kolom achievement"
    assert "SEKCAM_3 achievement tahun 2024 tertulis 12.5" in differs.message
    assert _codes(result) == ["previous-differs", "previous-rejected", "previous-year-missing"]


def test_two_files_for_one_year_are_neither_used(years):
    root = years["root"]
    files = [root / "rekap-2024.xlsx", root / "rekap-2024.csv"]
    result = consolidate([years["masuk"]], years["catalog"], previous=files)
    rejected = [p for p in result.problems if p.code == "previous-rejected"]
    assert sorted(p.file for p in rejected) == sorted(map(str, files))
    assert any("rekap-2024.csv" in p.message for p in rejected)
    assert all("satu berkas saja" in p.message for p in rejected)
    assert _year_rows(result.table)["previous_value"].isna().all()


def test_earlier_years_without_last_year_fill_the_trend_only(years, tmp_path):
    """2023 alone for 2025: the trend has it, the last year's columns stay empty, and a
    warning says why (exit 0: nothing was wrong with the file)."""
    catalog = years["catalog"]
    path = tmp_path / "rekap-2023.xlsx"
    _empty_workbook(catalog, 2023, path)
    out = tmp_path / "rekap.xlsx"
    result = consolidate([years["masuk"]], catalog, previous=[path], out=out)
    (missing,) = [p for p in result.problems if p.code.startswith("previous")]
    assert missing.code == "previous-year-missing" and missing.severity.value == "warning"
    assert "tidak ada data tahun 2024 (tahun lalu)" in missing.message
    assert result.exit_code == 0
    assert _year_rows(result.table)["previous_value"].isna().all()
    workbook = openpyxl.load_workbook(out)
    assert workbook["Tren Tahunan"].cell(5, 5).value == "2023"


def test_misuse_reads_and_writes_nothing(years, tmp_path):
    """A missing earlier file, an LKjIP of several kecamatan, an output that is an earlier
    year's file: exit status 2, nothing read or written."""
    catalog, out = years["catalog"], tmp_path / "rekap.xlsx"
    missing = consolidate([years["masuk"]], catalog, previous=[tmp_path / "tidak.csv"], out=out)
    assert missing.exit_code == 2 and [p.code for p in missing.problems] == ["input-missing"]
    assert missing.problems[0].message.startswith("berkas tidak ada")
    other = catalog.model_copy(
        update={"kecamatan": catalog.kecamatan.model_copy(update={"name": "Binuang"})}
    )
    several = consolidate([years["masuk"]], [catalog, other], lkjip=tmp_path / "l.docx", out=out)
    assert several.exit_code == 2 and [p.code for p in several.problems] == ["lkjip-one-kecamatan"]
    earlier = years["root"] / "rekap-2024.xlsx"
    before = earlier.read_bytes()
    clash = consolidate([years["masuk"]], catalog, previous=[earlier], out=earlier)
    assert clash.exit_code == 2 and clash.problems[0].code == "output-is-input"
    assert earlier.read_bytes() == before and not out.exists()
    assert not (tmp_path / "l.docx").exists()
    nowhere = consolidate([years["masuk"]], catalog, lkjip=tmp_path / "tidak-ada" / "l.docx")
    assert nowhere.exit_code == 2 and [p.code for p in nowhere.problems] == ["output-folder"]
    ran = CliRunner().invoke(
        app, ["consolidate", str(years["masuk"]), "--out", str(tmp_path / "x" / "r.xlsx")]
    )
    assert ran.exit_code == 2 and "does not exist" in ran.output  # was an internal error


def test_a_kabupaten_takes_earlier_years_by_kecamatan(years, tmp_path):
    """Two kecamatan (nothing received this year), last year's CSV of one of them: its
    indicators get last year, the other kecamatan is told it has none; the kabupaten
    workbook is written as before."""
    catalog = years["catalog"]
    other = catalog.model_copy(
        update={"kecamatan": catalog.kecamatan.model_copy(update={"name": "Binuang"})}
    )
    out = tmp_path / "tapin.xlsx"
    previous = [years["root"] / "rekap-2024.csv"]
    result = consolidate([], [catalog, other], year=YEAR, previous=previous, out=out)
    table = result.table[result.table.period == "YEAR"]
    assert table[table.kecamatan == catalog.kecamatan.name]["previous_value"].notna().sum() > 20
    assert table[table.kecamatan == "Binuang"]["previous_value"].isna().all()
    missing = [p for p in result.problems if p.code == "previous-year-missing"]
    assert [p.file for p in missing] == ["Kecamatan Binuang"]
    assert out.exists() and "Capaian Tahunan" not in openpyxl.load_workbook(out).sheetnames


def test_messages_about_earlier_years_are_in_bahasa_indonesia(years, tmp_path):
    catalog = years["catalog"]
    later, older = tmp_path / "rekap-2026.xlsx", tmp_path / "rekap-2023.xlsx"
    _empty_workbook(catalog, 2026, later)
    _empty_workbook(catalog, 2023, older)
    broken = tmp_path / "rusak.csv"
    broken.write_bytes(b"\xff\xfe bukan teks")
    result = consolidate([years["masuk"]], catalog, previous=[later, older, broken])
    messages = [p.message for p in result.problems if p.code.startswith("previous")]
    assert len(messages) == 3
    assert [m for m in messages if any(word in f" {m} " for word in ENGLISH)] == []


def test_the_command_takes_previous_and_lkjip(years, tmp_path):
    root = years["root"]
    out, docx = tmp_path / "rekap.xlsx", tmp_path / "lkjip.docx"
    command = ["consolidate", str(years["masuk"]), "--catalog", str(root / "katalog.yaml")]
    command += ["--out", str(out), "--lkjip", str(docx)]
    command += ["--previous", str(root / "rekap-2024-id.csv"), "--csv", str(tmp_path / "r.csv")]
    ran = CliRunner().invoke(app, command)
    assert ran.exit_code == 0, ran.output
    assert out.exists() and docx.exists()
    assert pd.read_csv(tmp_path / "r.csv")["previous_value"].notna().sum() > 20
    ran = CliRunner().invoke(app, [*command[:-2], "--previous", str(tmp_path / "x.xlsx")])
    assert ran.exit_code == 2 and "berkas tidak ada" in ran.output


# --- the tidy CSV read back as an earlier year: a round trip --------------------------------

TARGETS = load_catalog(DATA / "targets.yaml")


def _quarter(kind: str, whole: bool):
    """One quarter's (numerator, denominator) as a filled, valid workbook may give them."""
    amount = (
        st.integers(0, 10**7).map(float)
        if whole
        else st.floats(0, 1e7, allow_nan=False, allow_infinity=False)
    )
    if kind != "ratio":
        return st.tuples(st.none() | amount, st.none())
    return st.one_of(
        st.tuples(st.none(), st.none()),
        st.tuples(amount, st.just(0.0)),  # a zero denominator
        amount.flatmap(lambda den: st.tuples(st.integers(0, int(den)).map(float), st.just(den))),
        st.tuples(amount, amount),
    )


@st.composite
def tidy_tables(draw) -> pd.DataFrame:
    """2024's tidy table of the targets catalog (every kind, aggregation, polarity, a ratio
    per 1.000, targets of 0) from drawn inputs, computed as the package computes it."""
    rows = []
    for unit in TARGETS.units:
        for indicator in unit.indicators:
            quarters = [
                draw(_quarter(indicator.kind.value, indicator.whole_inputs)) for _ in range(4)
            ]
            target = indicator.target_for(EARLIER)
            if target is None:
                target = draw(st.none() | st.sampled_from([0.0, 5.0, 72.0, 95.5, 1e9]))
            rows.append(
                {
                    "kecamatan": TARGETS.kecamatan.name,
                    "year": EARLIER,
                    "unit_id": unit.id,
                    "indicator_id": indicator.id,
                    "source_file": "x.xlsx",
                    **rule_columns(indicator, TARGETS.rules),
                    "target": np.nan if target is None else target,
                    **{NUM[q]: np.nan if n is None else n for q, (n, _) in enumerate(quarters)},
                    **{DEN[q]: np.nan if d is None else d for q, (_, d) in enumerate(quarters)},
                    **dict.fromkeys(QUARTER_TARGET, np.nan),
                }
            )
    inputs = pd.DataFrame(rows)
    return tidy_table(inputs, compute(inputs))


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(table=tidy_tables(), layout=st.sampled_from(["standard", "id"]))
def test_a_tidy_csv_reads_back_as_the_same_earlier_year(tmp_path, table, layout):
    """Whatever the figures, the CSV the package writes (either layout, ten significant
    digits) reads back as an earlier year with the same realisation and capaian, recomputed
    from its quarters without a false disagreement."""
    path = tmp_path / f"rekap-{layout}.csv"
    write_csv(table, path, layout)
    result = Consolidation(EARLIER + 1)
    (earlier,) = read_earlier_years([path], [TARGETS], result)
    assert result.problems == []
    assert earlier.year == EARLIER and earlier.kecamatan == TARGETS.kecamatan.name
    year = _year_rows(table)
    for indicator_id, row in earlier.figures.iterrows():
        for column in ("value", "achievement"):
            want, got = year.at[indicator_id, column], row[column]
            assert pd.isna(want) == pd.isna(got), (indicator_id, column)
            if not pd.isna(want):
                assert math.isclose(got, want, rel_tol=1e-8, abs_tol=1e-8), (indicator_id, column)


def _with_targets(catalog: Catalog, indicator_id: str, targets: dict[int, float]) -> Catalog:
    """``catalog`` with the annual targets of one indicator changed or added, as a planner
    edits the catalog file."""
    data = yaml.safe_load(dump_catalog(catalog))
    for unit in data["units"]:
        for sasaran in unit["sasaran"]:
            for indicator in sasaran["indicators"]:
                if indicator["id"] == indicator_id:
                    given = {int(year): v for year, v in (indicator.get("targets") or {}).items()}
                    indicator["targets"] = {**given, **targets}
    edited, problems = parse_catalog(yaml.safe_dump(data, allow_unicode=True))
    assert edited is not None, problems
    return edited.for_year(catalog.year)


def test_a_catalog_given_next_year_s_targets_still_knows_this_year_s_files(years, tmp_path):
    """The planner writes 2026's targets into the catalog: the 2025 files and 2024's rekap
    made before stay of its version (a workbook also carries its year's fingerprint alone);
    a 2024 target changed makes 2024's rekap another version, and it is not used."""
    catalog = years["catalog"]
    later = _with_targets(catalog, "SEKCAM_1", {2026: 100})
    assert later.fingerprint() != catalog.fingerprint()
    assert later.year_fingerprint() == catalog.year_fingerprint()
    assert later.fingerprints().whole == later.fingerprint()  # one dump gives both
    previous = [years["root"] / "rekap-2024.xlsx"]
    result = consolidate([years["masuk"]], later, previous=previous, out=tmp_path / "a.xlsx")
    assert result.exit_code == 0, [(p.code, p.message) for p in result.problems]
    assert _year_rows(result.table)["previous_value"].notna().sum() > 20
    changed = _with_targets(catalog, "SEKCAM_1", {2024: 50})
    result = consolidate([years["masuk"]], changed, previous=previous, out=tmp_path / "b.xlsx")
    assert _codes(result) == ["previous-rejected", "previous-year-missing"]
    assert any("katalog IKU versi lain" in p.message for p in result.problems)
    assert _year_rows(result.table)["previous_value"].isna().all()
    others = {p.code for p in result.problems if p.file != str(previous[0])}
    assert not others & {"wrong-catalog", "file-rejected"}  # the 2025 files are known
    assert _year_rows(result.table)["value"].notna().sum() > 20


def test_targets_given_for_a_year_its_files_were_made_without_make_another_version(tmp_path):
    """A file made while the catalog gave no target of its year (the unit typed one) is not
    read with a catalog that now signs one: the workbook asks for what the catalog gives."""
    catalog = load_catalog().for_year(2027)
    path = tmp_path / "sekcam.xlsx"
    write_workbook(path, catalog, [catalog.units[1]])
    assert read_workbook(path, catalog).catalog is not None
    signed = _with_targets(catalog, catalog.units[1].indicators[0].id, {2027: 90})
    reading = read_workbook(path, signed)
    assert reading.catalog is None
    assert [p.code for p in reading.problems] == ["wrong-catalog"]
    # another year's target leaves this year's file as it was
    assert read_workbook(path, _with_targets(catalog, "SEKCAM_1", {2026: 90})).catalog
