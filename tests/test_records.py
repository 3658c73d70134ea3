"""Checklists, desa records and the IKM survey: the catalog, the sheets, the checks.

Their formulas are recalculated through LibreOffice against tests/oracle.py in
test_formulas_libreoffice.py (unit files and combined workbooks) and test_consolidate.py (the
rekap, CAMAT_4 counted from the Kasi Pemerintahan's records).
"""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from iku_xlsx import read_workbook
from iku_xlsx.catalog import parse_catalog

from . import oracle
from .workbooks import fill, name_cells

YEAR = 2025


@pytest.fixture
def make(blanks, tmp_path):
    def _make(unit, values, edit=None):
        path = tmp_path / blanks[unit].name
        fill(blanks[unit], path, values)
        if edit is not None:
            workbook = openpyxl.load_workbook(path)
            edit(workbook, name_cells(workbook))
            workbook.save(path)
        return path

    return _make


def codes(path, catalog):
    reading = read_workbook(path, catalog)
    return {(p.code, p.cell) for p in reading.problems if p.code != "target-missing"}, reading


def cell(path, name):
    return name_cells(openpyxl.load_workbook(path))[name][1]


def test_checklist_names_and_due_dates_follow_the_year(blanks):
    sheet = openpyxl.load_workbook(blanks["PERKEU"])["Rincian PERKEU_1"]
    rows = list(sheet.iter_rows(min_row=6, max_row=20, values_only=True))
    assert len(rows) == 15
    assert rows[0][1:4] == ("TW I", "LPPD 2024", dt.datetime(2025, 3, 31))
    assert rows[3][2] == "Renja 2026"
    assert [row[1] for row in rows].count("TW III") == 4
    assert rows[-1][3] == dt.datetime(2025, 12, 31)


def test_checklist_counts_on_time_reports_up_to_the_last_quarter(make, catalog):
    path = make(
        "PERKEU",
        {
            "PERKEU_1_LAST_TW": 2,
            "PERKEU_1_ITEM1_DONE": dt.date(2025, 3, 31),  # on the due day: on time
            "PERKEU_1_ITEM2_DONE": dt.datetime(2025, 3, 31, 17, 45),  # still that day
            "PERKEU_1_ITEM3_DONE": dt.date(2025, 4, 1),  # a day late
            "PERKEU_1_ITEM8_DONE": dt.date(2025, 5, 2),
            "PERKEU_1_ITEM10_DONE": dt.date(2025, 7, 2),  # TW III: not reported yet
        },
    )
    found, reading = codes(path, catalog)
    assert found == set()
    rows = reading.table.set_index("period").loc[lambda t: t.indicator_id == "PERKEU_1"]
    assert rows.loc["TW1", ["numerator", "denominator"]].tolist() == [2, 7]
    assert rows.loc["TW2", ["numerator", "denominator"]].tolist() == [1, 2]
    assert rows.loc[["TW3", "TW4"], "numerator"].isna().all()
    assert rows.loc["YEAR", "value"] == pytest.approx(100 * 3 / 9)


def test_record_checks_locate_the_cell(make, catalog):
    def edit(workbook, names):
        sheet, ref = names["PERKEU_1_ITEM4_DUE"]
        workbook[sheet][ref].value = dt.datetime(2025, 6, 30)  # a due date moved

    path = make(
        "PERKEU",
        {
            "PERKEU_1_LAST_TW": 7,
            "PERKEU_1_ITEM1_DONE": "15/03/2025",  # typed as text
            "PERKEU_1_ITEM2_DONE": dt.date(2024, 3, 30),  # the wrong year
            "PERKEU_1_ITEM3_DONE": dt.date(2026, 1, 5),  # after the year: late, a warning
            "PERKEU_1_ITEM5_DONE": dt.time(10, 30),  # a time of day alone
        },
        edit,
    )
    found, reading = codes(path, catalog)
    assert found == {
        ("bad-quarter", cell(path, "PERKEU_1_LAST_TW")),
        ("not-a-date", cell(path, "PERKEU_1_ITEM1_DONE")),
        ("not-a-date", cell(path, "PERKEU_1_ITEM5_DONE")),
        ("date-outside-year", cell(path, "PERKEU_1_ITEM2_DONE")),
        ("date-outside-year", cell(path, "PERKEU_1_ITEM3_DONE")),
        ("record-changed", cell(path, "PERKEU_1_ITEM4_DUE")),
    }
    late = [p for p in reading.problems if p.cell == cell(path, "PERKEU_1_ITEM3_DONE")]
    assert late[0].severity.value == "warning"
    assert all(
        p.sheet == "Rincian PERKEU_1" for p in reading.problems if p.code != "target-missing"
    )


def test_desa_records_and_a_renamed_desa(make, catalog):
    values = {"PEMERINTAHAN_1_LAST_TW": 4, "PEMERINTAHAN_2_LAST_TW": 1}
    for j in range(1, 7):  # desa 1 hands in all six documents in March
        values[f"PEMERINTAHAN_1_DESA1_DOC{j}"] = dt.date(2025, 3, 10 + j)
    values["PEMERINTAHAN_1_DESA2_DOC1"] = dt.date(2025, 8, 1)
    values["PEMERINTAHAN_2_DESA3_DOC1"] = dt.date(2025, 2, 1)

    def rename(workbook, names):
        sheet, ref = names["PEMERINTAHAN_1_DESA5"]
        workbook[sheet][ref].value = "Pabaungan"

    path = make("PEMERINTAHAN", values, rename)
    found, reading = codes(path, catalog)
    assert found == {("record-changed", cell(path, "PEMERINTAHAN_1_DESA5"))}
    table = reading.table.set_index(["indicator_id", "period"])
    assert [table.at[("PEMERINTAHAN_1", f"TW{q}"), "numerator"] for q in (1, 2, 3, 4)] == [
        6,
        0,
        1,
        0,
    ]
    assert table.at[("PEMERINTAHAN_2", "TW1"), "numerator"] == 1
    assert table.at[("PEMERINTAHAN_2", "YEAR"), "value"] == 1
    assert reading.records["PEMERINTAHAN_1"].complete(1, 4)
    assert not reading.records["PEMERINTAHAN_1"].complete(2, 4)


def test_survey_checks_and_the_ikm(make, catalog):
    values = {"IKM_TRIWULAN": 3, "IKM_L1_NAMA": "KTP", "IKM_L1_RESPONDEN": 10}
    values.update({f"IKM_L1_U{j}": 30 + j for j in range(1, 10)})
    values.update({"IKM_L2_NAMA": "KK", "IKM_L2_RESPONDEN": 5, "IKM_L2_POPULASI": 100})
    values.update({f"IKM_L2_U{j}": 15 for j in range(1, 10)})
    values["IKM_L2_U4"] = 21  # five respondents cannot give more than 20
    values.update({f"IKM_L3_U{j}": 8 for j in range(1, 10)})  # scores, no respondents
    path = make("CAMAT", values)
    found, reading = codes(path, catalog)
    assert found == {
        ("score-out-of-range", cell(path, "IKM_L2_U4")),
        ("sample-too-small", cell(path, "IKM_L2_RESPONDEN")),
        ("survey-incomplete", cell(path, "IKM_L3_RESPONDEN")),
    }
    sums = [30 + j for j in range(1, 10)]
    expected = oracle.service_ikm(10, sums)
    survey = reading.records["IKM"]
    assert survey.rows[0].ikm == pytest.approx(expected)
    table = reading.table.set_index(["indicator_id", "period"])
    pooled = sum(sums + [15] * 8 + [21]) / 15 / 9 * 25
    assert table.at[("CAMAT_1", "TW3"), "numerator"] == pytest.approx(pooled)
    assert table.at[("CAMAT_1", "YEAR"), "value"] == pytest.approx(pooled)
    reaching = sum(row.ikm >= 75 for row in survey.rows if row.ikm is not None)
    assert table.at[("CAMAT_2", "TW3"), "numerator"] == reaching
    assert table.at[("CAMAT_2", "TW3"), "denominator"] == 2


def test_a_count_typed_over_its_formula_is_reported(make, catalog):
    path = make("PERKEU", {"PERKEU_1_LAST_TW": 1, "PERKEU_1_TW1_NUM": 7})
    found, _ = codes(path, catalog)
    assert found == {("formula-overwritten", cell(path, "PERKEU_1_TW1_NUM"))}


def test_notes_of_a_workbook_made_before_they_had_names(make, catalog):
    """A workbook without the notes' names (made before they had them) gives its notes from
    where the layout has them; once rows were inserted (the other names followed them), a
    note cannot be located, and none is given rather than another item's."""
    typed = {"PERKEU_1_ITEM1_DONE": dt.date(YEAR, 3, 20), "PERKEU_1_ITEM1_NOTE": 7.5}
    sheet = "Rincian PERKEU_1"

    def unnamed(workbook, cells):
        for name in [name for name in cells if name.endswith("_NOTE")]:
            del workbook.defined_names[name]

    def moved(workbook, cells):  # a row inserted above the items, as Excel would do it
        unnamed(workbook, cells)
        first = int(cells["PERKEU_1_ITEM1_DONE"][1][1:])
        workbook[sheet].insert_rows(first)
        for name, (where, ref) in cells.items():
            row = int(ref[1:])
            if where == sheet and row >= first and not name.endswith("_NOTE"):
                workbook.defined_names[name].attr_text = f"'{sheet}'!${ref[0]}${row + 1}"

    kept = read_workbook(make("PERKEU", typed, unnamed), catalog).record_values
    assert kept["PERKEU_1_ITEM1_NOTE"] == "7,5"  # as the cell shows it
    shifted = read_workbook(make("PERKEU", typed, moved), catalog)
    assert ("layout-moved", "A1") in {(p.code, p.cell) for p in shifted.problems}
    assert not {p.code for p in shifted.problems} & {"name-missing", "unreadable"}
    assert shifted.record_values["PERKEU_1_ITEM1_DONE"] == dt.date(YEAR, 3, 20)  # followed
    assert not any(name.endswith("_NOTE") for name in shifted.record_values)

    def lost(workbook, cells):  # and a name the records need deleted besides
        moved(workbook, cells)
        del workbook.defined_names["PERKEU_1_ITEM2_DONE"]

    found, reading = codes(make("PERKEU", typed, lost), catalog)  # target-missing aside
    assert ("name-missing", "A1") in found and "unreadable" not in {c for c, _ in found}
    (problem,) = [p for p in reading.problems if p.code == "name-missing"]
    assert problem.is_error and problem.sheet == sheet
    assert "PERKEU_1_ITEM2_DONE" in problem.message


def test_krejcie_morgan_and_mutu_follow_the_tables():
    from iku_xlsx.rules import minimum_sample, mutu

    table = {100: 80, 200: 132, 500: 217, 1000: 278, 5000: 357, 10000: 370, 1_000_000: 384}
    assert {n: minimum_sample(n) for n in table} == table
    for value in (100, 88.31, 88.305, 88.3, 76.61, 76.6, 65, 64.99, 25):
        assert mutu(value) == oracle.mutu(value)
    assert (mutu(88.31), mutu(88.30), mutu(76.60), mutu(64.99)) == ("A", "B", "C", "D")


BASE = """
catalog_id: uji
government: {name: Kabupaten Uji, heading: PEMERINTAH KABUPATEN UJI}
kecamatan: {name: Uji}
year: 2025
signing: {place: Uji, month: Januari}
units:
  - id: UNIT
    name: Unit
    heading: UNIT
    signatory: {title: Kepala, name: Nama, nip: "19860206 200412 2 001"}
    sasaran:
      - name: Sasaran
        indicators:
"""


@pytest.mark.parametrize(
    "indicator, message",
    [
        (
            "{name: A, kind: count, unit_of_measure: laporan, checklist: [{name: X, quarter: 1}]}",
            "checklist memerlukan kind: ratio",
        ),
        (
            "{name: A, kind: count, unit_of_measure: dokumen, "
            "desa_documents: [{name: X, due_quarter: 1}]}",
            "memerlukan daftar desa katalog",
        ),
        (
            "{name: A, kind: ratio, numerator: n, denominator: d, desa_complete: UNIT_9}",
            "UNIT_9 bukan indikator dengan desa_documents",
        ),
        (
            "{name: A, kind: ratio, numerator: n, denominator: d, "
            "checklist: [{name: X, quarter: 1, due: 02-29}]}",
            "29 Februari",
        ),
    ],
)
def test_catalog_refuses_records_of_the_wrong_kind(indicator, message):
    _, problems = parse_catalog(BASE + f"          - {indicator}\n")
    assert any(message in p.message for p in problems), problems


def test_a_checklist_day_not_in_the_year_is_placed_at_its_item():
    indicator = (
        "{name: A, kind: ratio, numerator: n, denominator: d, checklist: "
        "[{name: X, quarter: 1}, {name: Y, quarter: 1, due: 02-30}]}"
    )
    (problem,) = parse_catalog(BASE + f"          - {indicator}\n")[1]
    assert problem.message.startswith("butir 2: tanggal 02-30 tidak ada")
    assert "indicators[0] UNIT_1 > checklist[1] > due (baris" in problem.location


def test_a_catalog_due_date_is_used():
    catalog, problems = parse_catalog(
        BASE + "          - {name: A, kind: ratio, numerator: n, denominator: d, "
        "checklist: [{name: 'LKIP {year-1}', quarter: 1, due: 02-15}]}\n"
    )
    assert problems == []
    (item,) = catalog.indicators[0].checklist
    assert item.due_date(2025) == dt.date(2025, 2, 15) and item.title(2025) == "LKIP 2024"
