"""The structure of a blank workbook: contract names, locks, protection, metadata, printing."""

from __future__ import annotations

import inspect
import math
import re
import zipfile
from fractions import Fraction

import numpy as np
import openpyxl
import pytest
from python_calamine import CalamineWorkbook
from xlsxwriter.worksheet import Worksheet

from iku_xlsx import __version__, write_workbook
from iku_xlsx.contract.layout import Col, sheet_layout
from iku_xlsx.writer import rows as rows_module
from iku_xlsx.writer.rows import Formula, write_rows
from iku_xlsx.writer.styles import COLUMN_WIDTHS, LINE_HEIGHT
from iku_xlsx.writer.unit_sheet import row_heights
from iku_xlsx.writer.workbook import _Worksheet, open_workbook

from .libreoffice import convert
from .workbooks import contract_names, name_cells

INPUT_FILL = "FFF2CC"
EXCEL_2007_FUNCTIONS = {
    "IF",
    "COUNT",
    "COUNTA",
    "COUNTIF",
    "COUNTIFS",
    "DATE",
    "SUM",
    "SUMPRODUCT",
    "ISNUMBER",
    "MAX",
    "ROUND",
    "AND",
    "OR",
    "ISBLANK",
    "INT",
}


@pytest.fixture(scope="module")
def combined(builtin, tmp_path_factory):
    catalog = builtin.for_year(2025)
    path = write_workbook(tmp_path_factory.mktemp("wb") / "cls-2025-gabungan.xlsx", catalog)
    return catalog, path, openpyxl.load_workbook(path)


def test_every_contract_name_points_at_the_right_kind_of_cell(combined):
    catalog, _, workbook = combined
    cells = name_cells(workbook)
    checked = 0
    for unit in catalog.units:
        for indicator in unit.indicators:
            for name in contract_names(indicator.id, indicator.kind.value):
                sheet, ref = cells[name]
                assert sheet == unit.sheet, name
                cell = workbook[sheet][ref]
                is_formula = cell.data_type == "f"
                typed = name.endswith(("_NUM", "_DEN")) and "_TW" in name
                is_input = (typed and not indicator.computed_inputs) or (
                    name.endswith("_TARGET") and indicator.target is None
                )
                if typed and indicator.recorded:  # counted over its records sheet
                    assert is_formula and cell.protection.locked, name
                    assert ("'Rincian " in cell.value) or ("'Survei IKM'!" in cell.value), name
                elif typed and indicator.derived_from:  # the cascade: sums over other sheets
                    sources = [
                        workbook[cells[f"{s}{name[len(indicator.id) :]}"][0]].title
                        for s in indicator.derived_from
                    ]
                    assert is_formula and cell.protection.locked, name
                    assert all(f"'{sheet_name}'!" in cell.value for sheet_name in sources), name
                elif is_input:
                    assert not is_formula and not cell.protection.locked, name
                    assert cell.fill.fgColor.rgb.endswith(INPUT_FILL), name
                elif name.endswith("_TARGET"):
                    assert cell.value == indicator.target and cell.protection.locked, name
                else:
                    assert is_formula and cell.protection.locked, name
                checked += 1
    # 29 indicators: 25 ratios x 15 names and 4 others x 11
    assert checked == 25 * 15 + 4 * 11
    records = {"Survei IKM", "Rincian PERKEU_1", "Rincian PEMERINTAHAN_1", "Rincian PEMERINTAHAN_2"}
    assert records <= set(workbook.sheetnames)


def test_cascade_in_a_unit_file_is_left_to_the_consolidation(builtin, tmp_path):
    catalog = builtin.for_year(2025)
    path = write_workbook(tmp_path / "camat.xlsx", catalog, [catalog.unit("CAMAT")])
    workbook = openpyxl.load_workbook(path)
    sheet, ref = name_cells(workbook)["CAMAT_3_TW1_NUM"]
    cell = workbook[sheet][ref]
    assert cell.value is None and cell.protection.locked  # not an input, no sources here


def test_names_are_distinct_cells(combined):
    _, _, workbook = combined
    cells = name_cells(workbook)
    assert len(set(cells.values())) == len(cells)


def test_only_inputs_are_unlocked_and_every_sheet_is_protected(combined):
    catalog, _, workbook = combined
    input_cells = {
        cell
        for name, cell in name_cells(workbook).items()
        if ("_TW" in name and name.endswith(("_NUM", "_DEN")))
        or name.endswith(("_TARGET", "_KENDALA"))
    }
    for unit in catalog.units:
        sheet = workbook[unit.sheet]
        assert sheet.protection.sheet and not sheet.protection.password
        for row in sheet.iter_rows():
            for cell in row:
                if cell.coordinate in sheet.merged_cells or cell.protection.locked:
                    continue
                assert (unit.sheet, cell.coordinate) in input_cells, cell.coordinate


def test_formulas_use_no_function_newer_than_excel_2007(combined):
    _, _, workbook = combined
    used = set()
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    assert "_xlfn" not in cell.value
                    used |= set(re.findall(r"([A-Z][A-Z0-9.]*)\(", cell.value))
    assert used <= EXCEL_2007_FUNCTIONS


def test_no_formula_carries_a_cached_zero(combined):
    """Every formula's cached result is empty, so nothing reads back as a false 0."""
    _, path, _ = combined
    with zipfile.ZipFile(path) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
        formulas = 0
        for name in sheets:
            xml = archive.read(name).decode("utf-8")
            for cell in re.findall(r"<c [^>]*>(?:(?!</c>).)*<f>.*?</c>", xml):
                formulas += 1
                assert re.search(r"<v>[^<]+</v>", cell) is None, cell
    assert formulas > 29 * 6
    reader = CalamineWorkbook.from_path(str(path))
    for sheet_name in reader.sheet_names[:-1]:
        rows = reader.get_sheet_by_name(sheet_name).to_python()
        assert all(value != 0 for row in rows for value in row)


def test_metadata_sheet_identifies_the_workbook(combined):
    catalog, _, workbook = combined
    meta = workbook["_iku_meta"]
    assert meta.sheet_state == "veryHidden"
    entries = {row[0]: row[1] for row in meta.iter_rows(values_only=True)}
    assert entries["format"] == "iku_xlsx"
    assert entries["catalog_id"] == "cls"
    assert entries["catalog_fingerprint"] == catalog.fingerprint()
    assert entries["kecamatan"] == "Candi Laras Selatan"
    assert entries["year"] == "2025"
    assert entries["units"] == ",".join(unit.id for unit in catalog.units)
    assert entries["layout_version"] == "2"  # the quarter-to-date rows
    assert entries["generator_version"] == __version__
    assert entries["sheet:PERKEU"] == "Kasubbag Perencanaan Keuangan"
    assert workbook.sheetnames[0] == "Camat"  # the metadata sheet is never the one that opens


def test_fingerprint_ignores_the_year_and_nothing_else(builtin):
    assert builtin.fingerprint() == builtin.for_year(2031).fingerprint()
    renamed = builtin.model_copy(update={"catalog_id": "other"})
    assert renamed.fingerprint() != builtin.fingerprint()


def test_document_properties(combined):
    _, _, workbook = combined
    properties = workbook.properties
    assert properties.title == "IKU Semua Unit Kecamatan Candi Laras Selatan 2025"
    assert properties.subject == "INDIKATOR KINERJA UTAMA 2025"
    assert properties.creator == "Kecamatan Candi Laras Selatan"


def test_printing_and_screen_setup(combined):
    catalog, _, workbook = combined
    for unit in catalog.units:
        sheet = workbook[unit.sheet]
        assert sheet.page_setup.orientation == "landscape"
        assert sheet.page_setup.paperSize == 9  # A4
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert sheet.page_setup.fitToWidth in (None, 1)  # 1 is the default, often left out
        # one page tall (None: the default, 1): no unit of the built-in catalog is long
        assert sheet.page_setup.fitToHeight is None, unit.id
        assert sheet.print_title_rows == "$9:$11"
        assert sheet.freeze_panes == "D12"
        assert sheet.cell(12, 3).alignment.wrap_text


def test_rows_are_tall_enough_for_every_text(builtin):
    """Merged cells do not grow their rows: every block must be given the height its longest
    text needs (PERKEU_1 carries 15 report names in one cell)."""
    for unit in builtin.units:
        layout = sheet_layout(unit)
        heights = row_heights(layout)
        for block in layout.indicators:
            rows = range(block.first_row, block.last_row + 1)
            available = sum(heights[row] for row in rows)
            for text, col in (
                (block.indicator.name, Col.INDIKATOR),
                (block.indicator.penjelasan, Col.PENJELASAN),
            ):
                # a generous floor: 1.1 characters per unit of column width, 12 points a line
                lines = math.ceil(len(text) / (COLUMN_WIDTHS[col] * 1.1))
                assert available >= lines * LINE_HEIGHT, (block.indicator.id, col)
    perkeu = sheet_layout(builtin.unit("PERKEU")).indicators[0]
    assert (
        sum(
            row_heights(sheet_layout(builtin.unit("PERKEU")))[r]
            for r in range(perkeu.first_row, perkeu.last_row + 1)
        )
        > 150
    )


def test_inputs_carry_indonesian_validation(combined):
    catalog, _, workbook = combined
    sheet = workbook[catalog.units[5].sheet]  # Kasi Ekonomi: three ratios
    validations = sheet.data_validations.dataValidation
    numerators = [v for v in validations if v.promptTitle == "Pembilang triwulan"]
    assert len(numerators) == 3
    assert all("tidak melebihi penyebut" in v.prompt for v in numerators)
    assert all("<=" in v.formula1 and "INT(" in v.formula1 for v in numerators)
    assert {v.errorStyle for v in validations} <= {"stop", None}


def test_catalog_text_starting_with_equals_stays_text(kinds_catalog, tmp_path):
    path = write_workbook(tmp_path / "uji.xlsx", kinds_catalog)
    reader = CalamineWorkbook.from_path(str(path))
    rows = reader.get_sheet_by_name("=Unit Satu").to_python()
    texts = {value for row in rows for value in row if isinstance(value, str)}
    assert {
        "=SUM(A1:A2) UNIT SATU",
        "=Sasaran rasio",
        '=HYPERLINK("x")',
        "=Jumlah A / Jumlah B x 100%",
    } <= texts
    workbook = openpyxl.load_workbook(path)
    assert workbook["=Unit Satu"]["A3"].data_type == "s"


def test_libreoffice_default_settings_recalculate_blanks_on_every_sheet(
    require_libreoffice, kinds_catalog, builtin, tmp_path
):
    """With LibreOffice's default settings (no forced recalculation) a blank computes: capaian
    shows '-' on every sheet, not a stale empty or 0."""
    blanks = [
        write_workbook(tmp_path / "uji.xlsx", kinds_catalog),
        write_workbook(tmp_path / "cls.xlsx", builtin.for_year(2025)),
    ]
    outputs = convert(blanks, tmp_path / "out", tmp_path / "profile", always_recalculate=False)
    for catalog, path in zip((kinds_catalog, builtin), outputs, strict=True):
        workbook = openpyxl.load_workbook(path, data_only=True)
        cells = name_cells(workbook)
        for indicator in catalog.indicators:
            for suffix, expected in (
                ("CAPAIAN", "-"),
                ("KATEGORI", "-"),
                ("YEAR_VAL", None),
                ("TW4_VAL", None),
            ):
                sheet, ref = cells[f"{indicator.id}_{suffix}"]
                value = workbook[sheet][ref].value
                assert (None if value == "" else value) == expected, (indicator.id, suffix)


def _by_hand(sheet, first_row, rows, heights):
    """What write_rows stands for: xlsxwriter's calls, row by row, cell by cell."""
    for k, cells in enumerate(rows):
        row = first_row + k
        if heights is not None and heights[k] is not None:
            sheet.set_row(row, heights[k])
        for col, cell in enumerate(cells):
            value, style = cell if type(cell) is tuple else (cell, None)
            if value is None:
                if style is not None:
                    sheet.write_blank(row, col, None, style)
            elif isinstance(value, Formula):
                sheet.write_formula(row, col, value.formula, style, value.value)
            elif isinstance(value, str):
                sheet.write_string(row, col, value, style)
            else:
                sheet.write_number(row, col, value, style)


def _written_rows(path, streamed, write, build):
    """The parts of a workbook whose rows are written by ``write`` (write_rows or by hand),
    in two calls with another sheet written between, after ``build(workbook, sheet)`` set
    the sheet up and gave the rows and their heights; and how many rows."""
    with open_workbook(path, streamed=streamed) as workbook:
        sheet = workbook.add_worksheet("Data")
        other = workbook.add_worksheet("Lain")
        sheet.nan_inf_to_errors = True  # as the workbook's option sets it
        header = workbook.add_format({"bold": True})
        sheet.set_row(0, 30)
        sheet.write_string(0, 0, "kecamatan", header)
        rows, heights = build(workbook, sheet)
        half = len(rows) // 2
        write(sheet, 2, rows[:half], heights and heights[:half])
        other.write_string(0, 0, "di lembar lain", workbook.add_format({"italic": True}))
        write(sheet, 2 + half, rows[half:], heights and heights[half:])
        sheet.autofilter(0, 0, 5, 3)
    with zipfile.ZipFile(path) as archive:
        parts = {
            name: archive.read(name)
            for name in archive.namelist()
            if name.startswith("xl/") and not name.startswith("xl/theme")
        }
    return parts, len(rows)


ROWS = [
    ["Binuang", 2025, "CAMAT", 86.46341463414635, None, 0.1 + 0.2, -0.0, 1e21, 10**17 + 1],
    [],
    [None, None],
    [" leading space", 'a & b < c > d "quoted"', "_x0041_", "bell\x07", "<r>rich</r>"],
    ["tab\tand\nnewline", "\ufffe", "Ṣ ñ 漢字", "x" * 20_000, 5],
    ["", 1.5],
    [True, 2],  # a boolean: as xlsxwriter's write_number takes it
    [float("nan"), 1],  # not finite: the same (an error formula) both ways
    [np.float64(2.5), np.int64(7), Fraction(1, 4)],
    [Formula('=A1&""', "kecamatan"), 3],
    ["Binuang", 2025, "CAMAT"],
    ["Binuang", 2026, "CAMAT"],
]


def _plain(workbook, sheet):
    sheet.set_column(0, 12, 14)
    return ROWS, None


def _formatted(workbook, sheet):
    """Formats met for the first time in the rows, some on both sides of the other sheet's
    new format, a blank with a format, row heights."""
    bold, centred, percent = (
        workbook.add_format(properties)
        for properties in ({"bold": True}, {"align": "center"}, {"num_format": "0.00"})
    )
    rows = [
        [("Binuang", bold), (86.5, percent), None, ("CAMAT", centred), 4],
        [("Tapin", centred), (None, bold), 2.5],
        [("Piani", None), (100, percent), (Formula("=B3*2", 200), percent)],
        [("Piani", workbook.add_format({"italic": True, "bold": True})), (1, bold)],
        [("Bungur", workbook.add_format({"font_color": "red"})), ("", percent)],
        [("Salam Babaris", bold), (12, workbook.add_format({"num_format": "0"}))],
        [("Lokpaikat", centred)],
        [("Hatungun", workbook.add_format({"underline": 1}))],
    ]
    return rows, [15, None, 30.75, None, 45, 15, None, 20]


def _column_format(workbook, sheet):  # a column's own format: left to xlsxwriter
    sheet.set_column(1, 1, 14, workbook.add_format({"num_format": "0.00"}))
    return ROWS, None


def _row_format(workbook, sheet):  # a row's own format: left to xlsxwriter
    sheet.set_row(4, None, workbook.add_format({"italic": True}))
    return ROWS, None


@pytest.mark.parametrize("streamed", [True, False])
@pytest.mark.parametrize("build", [_plain, _formatted, _column_format, _row_format])
def test_rows_written_at_once_are_the_cells_written_one_by_one(
    tmp_path, monkeypatch, streamed, build
):
    """write_rows writes the same bytes as xlsxwriter's calls cell by cell; in a streamed
    sheet the rows it can write at once are written so, the others cell by cell."""
    slowly = []
    write_slowly = rows_module._write_slowly
    monkeypatch.setattr(
        rows_module,
        "_write_slowly",
        lambda sheet, row, cells: slowly.append(row) or write_slowly(sheet, row, cells),
    )
    quick, count = _written_rows(tmp_path / "quick.xlsx", streamed, write_rows, build)
    slow, _ = _written_rows(tmp_path / "slow.xlsx", streamed, _by_hand, build)
    assert quick == slow
    if not streamed:
        assert len(slowly) == count
    elif build in (_plain, _row_format):  # no cell (a row format); a long text, a bool, NaN,
        # numpy's, a formula; each call's last row
        assert slowly == [3, 4, 6, 7, 8, 9, 10, 11, 13]
    elif build is _formatted:  # a blank with a format; a formula; each call's last row
        assert slowly == [3, 4, 5, 9]


FORMULAS = [
    "='Rekap Candi Laras Selatan'!M7",
    "='Rekap X'!$M$7",
    "=A1",
    '"Sangat Tinggi"',
    "91",
    "{=A1:A3}",
    "=_xlfn.SINGLE(A1)",
    '=IF(ISNUMBER(A1),A1,A1&"")',
    "=XLOOKUP(A1,B:B,C:C)",
    "=FILTER(A1:A3,B1:B3)",
    "=aINGLE(A1)",  # xlsxwriter's \SINGLE\( pattern
    "=CONCAT(A1,B1)",
    "=STDEV.S(A1:A3)",
    "{=SUM(A1:A3*B1:B3)}",
    "='Rekap (lama)'!M7",
    "",
    "=",
    "{}",
]


@pytest.mark.parametrize("future", [False, True])
def test_formulas_prepared_as_xlsxwriter_prepares_them(future):
    """The worksheet the package writes with prepares a formula as xlsxwriter's does (a
    formula without "(" only stripped); every rewrite xlsxwriter makes needs a "("."""
    ours, theirs = _Worksheet(), Worksheet()
    ours.use_future_functions = theirs.use_future_functions = future
    for formula in FORMULAS:
        for expand in (False, True):
            expected = theirs._prepare_formula(formula, expand)
            assert ours._prepare_formula(formula, expand) == expected, (formula, expand)
    source = inspect.getsource(Worksheet._prepare_formula)
    patterns = re.findall(r're\.sub\(\s*r?"([^"]*)"', source)
    assert len(patterns) > 100
    assert all(pattern.endswith("\\(") for pattern in patterns), patterns
    assert source.count("formula = ") == len(patterns) + 3  # the three strips, the rewrites
