"""Reading filled workbooks back: one test per check, each naming its sheet and cell."""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import shutil
from multiprocessing import get_all_start_methods

import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iku_xlsx import write_workbook
from iku_xlsx.compute import TIDY_COLUMNS
from iku_xlsx.jobs.check import check_workbooks
from iku_xlsx.reading import read_workbook

from . import oracle
from .workbooks import fill, name_cells

SHEET = "Kasi Ekonomi"
GOOD = {  # EKONOMI: three flow ratios
    "EKONOMI_1_TARGET": 100,
    "EKONOMI_2_TARGET": 90,
    "EKONOMI_3_TARGET": 100,
    "EKONOMI_1_TW1_NUM": 8,
    "EKONOMI_1_TW1_DEN": 10,
    "EKONOMI_1_TW2_NUM": 5,
    "EKONOMI_1_TW2_DEN": 5,
    "EKONOMI_1_TW4_NUM": 0,
    "EKONOMI_1_TW4_DEN": 0,
    "EKONOMI_2_TW1_NUM": 3,
    "EKONOMI_2_TW1_DEN": 4,
    "EKONOMI_3_TW3_NUM": 2,
    "EKONOMI_3_TW3_DEN": 2,
}


@pytest.fixture
def make(blanks, tmp_path):
    """make(values, unit="EKONOMI", edit=None) -> a filled workbook, as a person left it."""

    def _make(values, unit="EKONOMI", edit=None, name=None):
        path = tmp_path / (name or f"cls-2025-{unit}.xlsx")
        fill(blanks[unit], path, values)
        if edit is not None:
            workbook = openpyxl.load_workbook(path)
            edit(workbook)
            workbook.save(path)
        return path

    return _make


def cell_of_workbook(workbook, name):
    return name_cells(workbook)[name][1]


def cell_of(path, name):
    return cell_of_workbook(openpyxl.load_workbook(path), name)


def only(reading, code):
    found = [p for p in reading.problems if p.code == code]
    assert found, [(p.code, p.cell, p.message) for p in reading.problems]
    return found


def test_a_correct_workbook_reads_clean_with_the_right_numbers(make, catalog):
    path = make(GOOD)
    reading = read_workbook(path, catalog)
    assert reading.problems == []
    table = reading.table
    assert list(table.columns) == TIDY_COLUMNS  # the contract's, in order
    assert len(table) == 3 * 5
    ekonomi_1 = table[table.indicator_id == "EKONOMI_1"].set_index("period")
    # to date: TW2 is (8 + 5) / (10 + 5); TW3 not reported; TW4 adds 0 / 0 to the sums
    assert ekonomi_1.value_to_date.tolist()[:2] == pytest.approx([80, 13 / 15 * 100])
    assert math.isnan(ekonomi_1.value_to_date["TW3"]) and math.isnan(
        ekonomi_1.value_to_date["YEAR"]
    )
    assert ekonomi_1.value_to_date["TW4"] == pytest.approx(13 / 15 * 100)
    assert ekonomi_1.target_to_date["TW1"] == 100  # no quarter targets: the annual target
    assert ekonomi_1.achievement_to_date["TW4"] == pytest.approx(13 / 15 * 100)
    assert set(table.polarity) == {"higher"}
    year = table[(table.indicator_id == "EKONOMI_1") & (table.period == "YEAR")].iloc[0]
    # flow: (8 + 5 + 0) / (10 + 5 + 0) x 100; TW4's zero denominator adds nothing
    assert year.numerator == 13 and year.denominator == 15
    assert year.value == pytest.approx(13 / 15 * 100)
    assert year.achievement == pytest.approx(13 / 15 * 100)
    assert year.category == "Tinggi"
    tw4 = table[(table.indicator_id == "EKONOMI_1") & (table.period == "TW4")].iloc[0]
    assert tw4.numerator == 0 and tw4.denominator == 0 and math.isnan(tw4.value)
    tw3 = table[(table.indicator_id == "EKONOMI_1") & (table.period == "TW3")].iloc[0]
    assert math.isnan(tw3.numerator) and math.isnan(tw3.value)
    assert set(table.kecamatan) == {"Candi Laras Selatan"} and set(table.year) == {2025}
    assert set(table.source_file) == {str(path)}


@pytest.mark.parametrize(
    ("name", "value", "code", "severity", "reads_as"),
    [
        ("EKONOMI_1_TW2_NUM", "dua belas", "not-a-number", "error", None),
        # text the sheet's formulas ignore: an error; the message and the table read it
        ("EKONOMI_1_TW2_DEN", "1.234", "number-as-text", "error", 1234),
        ("EKONOMI_1_TW2_NUM", "12", "number-as-text", "error", 12),
        ("EKONOMI_1_TW2_NUM", "5 10", "not-a-number", "error", None),
        ("EKONOMI_1_TW2_DEN", 1e300, "out-of-range", "error", 1e300),
        ("EKONOMI_1_TW2_NUM", -3, "negative", "error", -3),
        ("EKONOMI_1_TW2_NUM", 2.5, "not-whole", "error", 2.5),
        ("EKONOMI_1_TW2_NUM", True, "not-a-number", "error", None),
    ],
)
def test_input_checks_locate_the_cell(make, catalog, name, value, code, severity, reads_as):
    path = make({**GOOD, name: value})
    reading = read_workbook(path, catalog)
    (problem,) = [p for p in reading.problems if p.code == code]
    assert (problem.sheet, problem.cell) == (SHEET, cell_of(path, name))
    assert problem.severity.value == severity
    assert problem.file == str(path)
    period = name.split("_")[2]
    column = "numerator" if name.endswith("NUM") else "denominator"
    row = reading.table[
        (reading.table.indicator_id == "EKONOMI_1") & (reading.table.period == period)
    ].iloc[0]
    assert math.isnan(row[column]) if reads_as is None else row[column] == reads_as


def test_thousands_typed_in_an_english_excel_get_a_hint(make, catalog):
    path = make({**GOOD, "EKONOMI_1_TW2_DEN": 1.234})
    (problem,) = only(read_workbook(path, catalog), "not-whole")
    assert "Apakah maksudnya 1.234?" in problem.message  # 1234, written the Indonesian way
    path = make({**GOOD, "EKONOMI_1_TW2_DEN": 7.5})
    (problem,) = only(read_workbook(path, catalog), "not-whole")
    assert "maksudnya" not in problem.message  # a half is no thousands slip


def test_a_target_fixed_by_the_catalog_cannot_be_changed(make, catalog):
    path = make(
        {
            "PEMERINTAHAN_1_TARGET": 20,
            "PEMERINTAHAN_1_LAST_TW": 1,  # 18 documents in TW I: three desa, six each
            **{
                f"PEMERINTAHAN_1_DESA{i}_DOC{j}": dt.date(2025, 2, 10)
                for i in (1, 2, 3)
                for j in range(1, 7)
            },
            "PEMERINTAHAN_3_TARGET": 100,
            "PEMERINTAHAN_4_TARGET": 100,
        },
        unit="PEMERINTAHAN",
    )
    reading = read_workbook(path, catalog)
    (problem,) = only(reading, "target-changed")
    assert problem.cell == cell_of(path, "PEMERINTAHAN_1_TARGET") and "72" in problem.message
    year = reading.table[
        (reading.table.indicator_id == "PEMERINTAHAN_1") & (reading.table.period == "YEAR")
    ].iloc[0]
    assert year.target == 72 and year.achievement == pytest.approx(25)  # the signed target


def test_libreoffice_style_defined_names_are_read():
    from iku_xlsx.reading.defined_names import names_block, parse_defined_names

    xml = (
        b'<workbook><definedNames><definedName function="false" hidden="false" name="A">'
        b"&apos;Kasi Ekonomi&apos;!$H$12</definedName>"
        b'<definedName name="B">Camat!$J$1</definedName>'
        b'<definedName name="_xlnm.Print_Titles" localSheetId="0">Camat!$9:$11</definedName>'
        b"</definedNames><calcPr/></workbook>"
    )
    assert parse_defined_names(names_block(xml)) == {
        "A": ("Kasi Ekonomi", "H12"),
        "B": ("Camat", "J1"),
    }


def test_tampered_metadata_is_not_trusted(make, catalog):
    def tamper(value):
        def edit(workbook):
            sheet = workbook["_iku_meta"]
            for row in sheet.iter_rows():
                if row[0].value == "year":
                    row[1].value = value

        return edit

    for value in ("inf", "1e9", "2025.5"):
        (problem,) = read_workbook(make(GOOD, edit=tamper(value)), catalog).problems
        assert problem.code == "not-iku-workbook", value


@pytest.fixture
def make_value(kinds_catalog, tmp_path):
    """A filled workbook of the kinds catalog's unit DUA: DUA_4 is a typed value indicator
    with a valid range of 25 to 100."""

    def _make(values):
        blank = write_workbook(
            tmp_path / "uji-DUA.xlsx", kinds_catalog, [kinds_catalog.unit("DUA")]
        )
        fill(blank, tmp_path / "uji-DUA-isi.xlsx", values)
        return tmp_path / "uji-DUA-isi.xlsx"

    return _make


def test_indonesian_decimal_comma_in_a_value_indicator(make_value, kinds_catalog):
    path = make_value({"DUA_4_TARGET": 80, "DUA_4_TW1_NUM": "82,75"})
    reading = read_workbook(path, kinds_catalog)
    assert [p.code for p in reading.problems if p.cell == cell_of(path, "DUA_4_TW1_NUM")] == [
        "number-as-text"
    ]
    row = reading.table[
        (reading.table.indicator_id == "DUA_4") & (reading.table.period == "YEAR")
    ].iloc[0]
    assert row.value == 82.75 and row.achievement == pytest.approx(82.75 / 80 * 100)


@pytest.mark.parametrize(
    ("values", "code", "name", "severity"),
    [
        ({"EKONOMI_1_TW1_NUM": 11}, "numerator-above-denominator", "EKONOMI_1_TW1_NUM", "error"),
        (
            {"EKONOMI_1_TW1_DEN": None},
            "numerator-without-denominator",
            "EKONOMI_1_TW1_NUM",
            "error",
        ),
        (
            {"EKONOMI_1_TW1_NUM": None},
            "denominator-without-numerator",
            "EKONOMI_1_TW1_DEN",
            "error",
        ),
        # a target the unit does not own: the rest is read and consolidated, capaian "-"
        ({"EKONOMI_2_TARGET": None}, "target-missing", "EKONOMI_2_TARGET", "warning"),
        ({"EKONOMI_2_TARGET": 1.0}, "target-as-fraction", "EKONOMI_2_TARGET", "error"),
        ({"EKONOMI_2_TARGET": 150}, "out-of-range", "EKONOMI_2_TARGET", "error"),
    ],
)
def test_pair_and_target_checks(make, catalog, values, code, name, severity):
    path = make({**GOOD, **values})
    (problem,) = only(read_workbook(path, catalog), code)
    assert (problem.sheet, problem.cell, problem.severity.value) == (
        SHEET,
        cell_of(path, name),
        severity,
    )


def test_value_outside_its_range(make_value, kinds_catalog):
    path = make_value({"DUA_4_TARGET": 80, "DUA_4_TW2_NUM": 120})
    (problem,) = only(read_workbook(path, kinds_catalog), "out-of-range")
    assert problem.cell == cell_of(path, "DUA_4_TW2_NUM") and "25 sampai 100" in problem.message


def test_count_must_be_whole(make, catalog):
    path = make({"TRANTIB_2_TW1_NUM": 1.5, "TRANTIB_1_TARGET": 100}, unit="TRANTIB")
    (problem,) = only(read_workbook(path, catalog), "not-whole")
    assert problem.cell == cell_of(path, "TRANTIB_2_TW1_NUM")


def test_formula_typed_over_is_reported(make, catalog):
    path = make({**GOOD, "EKONOMI_1_TW1_VAL": 95, "EKONOMI_1_CAPAIAN": 100})
    problems = only(read_workbook(path, catalog), "formula-overwritten")
    assert {p.cell for p in problems} == {
        cell_of(path, "EKONOMI_1_TW1_VAL"),
        cell_of(path, "EKONOMI_1_CAPAIAN"),
    }
    assert all("80" in p.message or "86,67" in p.message for p in problems)


def test_error_values_are_located_not_read_as_empty(make, catalog):
    # python-calamine reads an error value as an empty cell: the gate finds them in the XML
    path = make({**GOOD, "EKONOMI_1_TW1_NUM": "#DIV/0!", "EKONOMI_1_TW2_VAL": "#N/A"})
    reading = read_workbook(path, catalog)
    (typed,) = only(reading, "error-value")
    assert typed.cell == cell_of(path, "EKONOMI_1_TW1_NUM") and "#DIV/0!" in typed.message
    (over,) = only(reading, "formula-overwritten")
    assert over.cell == cell_of(path, "EKONOMI_1_TW2_VAL") and "#N/A" in over.message


def test_renamed_sheet_is_followed_by_its_names(make, catalog):
    def rename(workbook):
        workbook[SHEET].title = "Ekonomi 2025"
        for definition in workbook.defined_names.values():  # as Excel does on a rename
            definition.attr_text = definition.attr_text.replace(f"'{SHEET}'", "'Ekonomi 2025'")

    reading = read_workbook(make(GOOD, edit=rename), catalog)
    assert [p.code for p in reading.problems] == ["sheet-renamed"]
    assert reading.table.value.notna().sum() > 0


def test_missing_sheet(make, catalog):
    def remove(workbook):
        workbook.create_sheet("Lain")
        del workbook[SHEET]

    reading = read_workbook(make(GOOD, edit=remove), catalog)
    (problem,) = only(reading, "sheet-missing")
    assert problem.sheet == SHEET and problem.is_error


def test_moved_cells_are_read_by_their_names(make, catalog):
    def move(workbook):
        sheet = workbook[SHEET]
        definition = workbook.defined_names["EKONOMI_1_TW1_NUM"]
        definition.attr_text = f"'{SHEET}'!$Q$40"
        sheet["Q40"] = 7
        sheet["J12"] = None

    reading = read_workbook(make(GOOD, edit=move), catalog)
    assert {p.code for p in reading.problems} == {"layout-moved"}
    row = reading.table[
        (reading.table.indicator_id == "EKONOMI_1") & (reading.table.period == "TW1")
    ].iloc[0]
    assert row.numerator == 7


def test_a_name_lost_from_a_moved_sheet_is_an_error_not_a_guess(make, catalog):
    """Cells moved (their names followed) and one name deleted: that cell cannot be found.
    An error names it; the value now standing where the layout had it is never read."""

    def move(workbook):
        sheet = workbook[SHEET]
        workbook.defined_names["EKONOMI_1_TW1_NUM"].attr_text = f"'{SHEET}'!$Q$40"
        sheet["Q40"], sheet["J12"] = 8, None
        where = cell_of_workbook(workbook, "EKONOMI_2_TW1_NUM")
        del workbook.defined_names["EKONOMI_2_TW1_NUM"]  # its value went with its cell...
        sheet["Q41"], sheet[where] = 3, 99  # ...and another stands in its old place

    reading = read_workbook(make(GOOD, edit=move), catalog)
    (lost,) = only(reading, "name-missing")
    assert lost.is_error and lost.sheet == SHEET and "EKONOMI_2_TW1_NUM" in lost.message
    table = reading.table
    assert set(table.indicator_id) == {"EKONOMI_1", "EKONOMI_3"}  # EKONOMI_2 not guessed
    assert 99 not in set(table.numerator)
    first = table[(table.indicator_id == "EKONOMI_1") & (table.period == "TW1")].iloc[0]
    assert first.numerator == 8


def test_workbook_of_another_year(make, catalog):
    (problem,) = only(read_workbook(make(GOOD), catalog, year=2026), "wrong-year")
    assert "2025" in problem.message and "2026" in problem.message


def test_workbook_of_another_kecamatan(kinds_catalog, catalog, tmp_path):
    path = write_workbook(tmp_path / "uji.xlsx", kinds_catalog)
    (problem,) = only(read_workbook(path, catalog), "wrong-kecamatan")
    assert "Uji Coba" in problem.message and "Candi Laras Selatan" in problem.message


def test_workbook_of_another_catalog_version(catalog, tmp_path):
    unit = catalog.units[5]
    changed = catalog.model_copy(
        update={
            "units": [
                *catalog.units[:5],
                unit.model_copy(update={"heading": "KASI EKONOMI (REVISI)"}),
                *catalog.units[6:],
            ]
        }
    )
    path = write_workbook(tmp_path / "cls-2025-EKONOMI.xlsx", changed, [changed.units[5]])
    only(read_workbook(path, catalog), "wrong-catalog")
    assert read_workbook(path, [catalog, changed]).problems[0].code == "target-missing"


def test_file_named_for_another_unit(make, catalog):
    (problem,) = only(read_workbook(make(GOOD, name="cls-2025-KESRA.xlsx"), catalog), "wrong-unit")
    assert problem.severity.value == "warning" and "KESRA" in problem.message


def test_workbook_not_made_from_a_catalog(catalog, tmp_path):
    path = tmp_path / "buatan-sendiri.xlsx"
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "IKU"
    workbook.save(path)
    (problem,) = only(read_workbook(path, catalog), "not-iku-workbook")
    assert problem.is_error


def test_inputs_are_never_modified(make, catalog, tmp_path):
    path = make({**GOOD, "EKONOMI_1_TW2_NUM": "dua belas"})
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    stat = path.stat()
    result = check_workbooks([path], catalog, annotate_to=tmp_path / "catatan")
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    assert path.stat().st_mtime_ns == stat.st_mtime_ns
    assert [p.name for p in result.feedback] == ["cls-2025-EKONOMI-catatan.xlsx"]


def test_feedback_copy_lists_and_marks_problems(make, catalog, tmp_path):
    path = make({**GOOD, "EKONOMI_1_TW2_NUM": "dua belas", "EKONOMI_2_TARGET": None})
    (copy,) = check_workbooks([path], catalog, annotate_to=tmp_path / "catatan").feedback
    workbook = openpyxl.load_workbook(copy)
    assert workbook.sheetnames[0] == "Catatan Pemeriksaan"
    notes = [row for row in workbook["Catatan Pemeriksaan"].iter_rows(min_row=5, values_only=True)]
    assert {(row[1], row[2], row[3]) for row in notes} == {
        (SHEET, cell_of(path, "EKONOMI_1_TW2_NUM"), "Kesalahan"),
        (SHEET, cell_of(path, "EKONOMI_2_TARGET"), "Peringatan"),  # a missing target: a warning
    }
    marked = workbook[SHEET][cell_of(path, "EKONOMI_1_TW2_NUM")]
    assert marked.fill.fgColor.rgb.endswith("FFC7CE")
    assert "dua belas" in marked.comment.text
    assert read_workbook(copy, catalog).identity is not None  # still a workbook we can read


def test_a_batch_carries_on_past_bad_files(make, catalog, tmp_path):
    good = make(GOOD)
    bad = tmp_path / "rusak.xlsx"
    bad.write_bytes(b"not a workbook at all")
    lock = tmp_path / "~$cls-2025-EKONOMI.xlsx"
    lock.write_bytes(b"\x00" * 165)
    result = check_workbooks([tmp_path], catalog)
    codes = {r.path.name: [p.code for p in r.problems] for r in result.readings}
    assert codes == {  # the lock file is skipped, not a problem
        good.name: [],
        "rusak.xlsx": ["not-a-workbook"],
        "~$cls-2025-EKONOMI.xlsx": [],
    }
    assert result.skipped == [lock]
    assert result.exit_code == 1
    assert set(result.table.source_file) == {str(good)}


QUARTER = st.one_of(
    st.tuples(st.none(), st.none()),
    st.integers(0, 10_000).flatmap(lambda d: st.tuples(st.integers(0, d), st.just(d))),
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    quarters=st.lists(st.lists(QUARTER, min_size=4, max_size=4), min_size=3, max_size=3),
    targets=st.lists(st.integers(2, 100), min_size=3, max_size=3),
)  # 1 reads as 100%
def test_any_valid_inputs_read_back_as_written(blanks, catalog, tmp_path, quarters, targets):
    values = {}
    for n, (indicator_quarters, target) in enumerate(zip(quarters, targets, strict=True), 1):
        values[f"EKONOMI_{n}_TARGET"] = target
        for q, (num, den) in enumerate(indicator_quarters, 1):
            values[f"EKONOMI_{n}_TW{q}_NUM"] = num
            values[f"EKONOMI_{n}_TW{q}_DEN"] = den
    path = tmp_path / "cls-2025-EKONOMI.xlsx"
    fill(blanks["EKONOMI"], path, values)
    reading = read_workbook(path, catalog)
    assert reading.problems == []
    for n, (indicator_quarters, target) in enumerate(zip(quarters, targets, strict=True), 1):
        rows = reading.table[reading.table.indicator_id == f"EKONOMI_{n}"].set_index("period")
        nums = [num for num, _ in indicator_quarters]
        dens = [den for _, den in indicator_quarters]
        want = oracle.expected("ratio", "flow", "higher", nums, dens, target)
        for q, (num, den) in enumerate(indicator_quarters, 1):
            row = rows.loc[f"TW{q}"]
            assert _same(row.numerator, num) and _same(row.denominator, den)
            assert _same(row.value, want.quarter_values[q - 1])
        assert _same(rows.loc["YEAR"].value, want.year_value)
        assert _same(rows.loc["YEAR"].achievement, want.capaian)
        category = rows.loc["YEAR"].category
        assert (oracle.DASH if pd.isna(category) else category) == want.kategori
        assert (rows.target == target).all()


def _same(actual, expected):
    """A tidy-table cell against a value: NaN stands for empty and for "-"."""
    if expected is None or expected == oracle.DASH:
        return actual is None or (isinstance(actual, float) and math.isnan(actual))
    return math.isclose(actual, expected, rel_tol=1e-12)


def test_copying_a_workbook_keeps_it_readable(make, catalog, tmp_path):
    path = make(GOOD)
    copy = tmp_path / "salinan" / "cls-2025-EKONOMI (1).xlsx"
    copy.parent.mkdir()
    shutil.copy(path, copy)
    assert read_workbook(copy, catalog).problems == []


def test_feedback_copies_of_two_files_with_one_name(blanks, catalog, tmp_path):
    for folder in ("email", "whatsapp"):
        (tmp_path / folder).mkdir()
        fill(
            blanks["EKONOMI"],
            tmp_path / folder / "cls-2025-EKONOMI.xlsx",
            {**GOOD, "EKONOMI_3_TW3_NUM": "tiga"},
        )
    result = check_workbooks(
        [tmp_path / "email", tmp_path / "whatsapp"], catalog, annotate_to=tmp_path / "catatan"
    )
    assert sorted(p.name for p in result.feedback) == [
        "cls-2025-EKONOMI-catatan-2.xlsx",
        "cls-2025-EKONOMI-catatan.xlsx",
    ]


@pytest.mark.skipif(
    not {"fork", "forkserver"} <= set(get_all_start_methods()), reason="POSIX start methods"
)
def test_processes_are_forked_only_while_no_other_thread_runs(monkeypatch):
    """A fork copies the locks other threads hold, held: with a thread running (a progress
    bar's, a caller's), processes start from the fork server instead."""
    import threading

    import iku_xlsx.reading.processes as processes

    monkeypatch.setattr(processes.sys, "platform", "linux")
    with monkeypatch.context() as alone:  # whatever threads the test runner keeps
        alone.setattr(processes.threading, "active_count", lambda: 1)
        assert processes._process_context().get_start_method() == "fork"
        assert processes.reading_processes(256, jobs=2) == 2  # forked: 128 files a process pay
        assert processes.reading_processes(255, jobs=2) == 1
        assert processes.reading_processes(10_000, jobs=1) == 1
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert processes._process_context().get_start_method() == "forkserver"
        assert processes.reading_processes(1199, jobs=2) == 1  # a fork server's take a second
        assert processes.reading_processes(1200, jobs=2) == 2
    finally:
        stop.set()
        other.join()


@pytest.mark.parametrize(
    "start", [m for m in ("fork", "forkserver", "spawn") if m in get_all_start_methods()]
)
def test_reading_in_processes_gives_the_same_readings(make, catalog, tmp_path, monkeypatch, start):
    """However the processes start (a fork when this process runs no other thread, a fork
    server when it does, spawned on Windows), they read what one process reads."""
    import multiprocessing

    import iku_xlsx.reading.processes as processes
    from iku_xlsx.reading import read_workbooks

    context = multiprocessing.get_context(start)
    monkeypatch.setattr(processes, "_process_context", lambda: context)
    monkeypatch.setattr(processes, "PARALLEL_MIN_FILES", {start: 2})  # a pool for a handful
    monkeypatch.setattr(processes, "PARALLEL_CHUNK", 2)
    good = make({**GOOD, "EKONOMI_1_KENDALA": "hujan"})
    bad = make({**GOOD, "EKONOMI_1_TW1_NUM": "dua belas"}, name="cls-2025-EKONOMI-2.xlsx")
    records = make(  # records sheets, and what they carry
        {"PERKEU_1_ITEM1_DONE": dt.date(2025, 3, 20), "PERKEU_1_ITEM1_NOTE": "lewat surel"},
        unit="PERKEU",
    )
    paths = [good, bad, good, tmp_path / "~$lock.xlsx", records, bad]
    paths[3].write_bytes(b"")
    one = read_workbooks(paths, catalog, jobs=1)
    two = read_workbooks(paths, catalog, jobs=2)
    assert [r.path for r in two] == paths
    fields = ("problems", "identity", "sha256", "skipped", "records", "record_values", "kendala")
    for a, b in zip(one, two, strict=True):
        assert [getattr(b, f) for f in fields] == [getattr(a, f) for f in fields]
        assert b.catalog is a.catalog  # this process's own catalog object, found again
        if a.table is None:
            assert b.table is None
        else:
            pd.testing.assert_frame_equal(a.table, b.table)
    assert two[4].record_values["PERKEU_1_ITEM1_NOTE"] == "lewat surel"
    assert two[0].kendala == {"EKONOMI_1": "hujan"}
