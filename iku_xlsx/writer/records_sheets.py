"""The records sheets: a checklist, desa records, the IKM survey.

Each has a heading, a quarter input (up to which quarter the records report, or when the
survey was held) and a table whose inputs (dates, respondents, score sums) are counted by
formulas into its indicators' quarters. Where the cells are comes from
:mod:`iku_xlsx.contract.records_layout`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from iku_xlsx.catalog import QUARTERS, Catalog, Unit
from iku_xlsx.contract import names
from iku_xlsx.contract.layout import cell_name
from iku_xlsx.contract.records_layout import (
    LAST_QUARTER_CELL,
    RECORDS_HEADER_ROW,
    ChecklistLayout,
    DesaLayout,
    RecordsLayout,
    SurveyLayout,
)
from iku_xlsx.rules import IKM_UNSUR
from iku_xlsx.writer.cells import define_names, fit, merge, write_date, write_value
from iku_xlsx.writer.fill import Fill
from iku_xlsx.writer.formulas import checklist_status, desa_complete_flag, survey_pooled, survey_row
from iku_xlsx.writer.printing import HEADING_LINE_HEIGHT, set_page
from iku_xlsx.writer.styles import LINE_HEIGHT, Styles
from iku_xlsx.writer.unit_sheet import QUARTER_HEADERS

RECORDS_NOTE = {
    "checklist": "Isi tanggal laporan disampaikan (hari/bulan/tahun); kosongkan bila belum. "
    "Laporan tepat waktu bila disampaikan paling lambat pada batas waktunya.",
    "desa": "Isi tanggal dokumen diterima dari desa (hari/bulan/tahun); kosongkan bila belum. "
    "Setiap triwulan menghitung tanggal yang jatuh di dalamnya.",
    "survey": "Per jenis layanan: jumlah responden dan, untuk setiap unsur, jumlah nilai (1 "
    "sampai 4) dari semua responden. IKM dan mutu dihitung otomatis (PermenPAN-RB 14/2017).",
}
LAST_QUARTER_LABEL = "Data dilaporkan s.d. triwulan (ketik 1 sampai 4):"
SURVEY_QUARTER_LABEL = "Survei dilaksanakan pada triwulan (ketik 1 sampai 4):"
SURVEY_TITLE = "SURVEI INDEKS KEPUASAN MASYARAKAT (IKM)"
TITLE_MAX = 160  # characters of a heading (an indicator's name can be long): two lines
TITLE_LINES = 2


def write_records_sheet(
    workbook: Workbook,
    styles: Styles,
    catalog: Catalog,
    unit: Unit,
    layout: RecordsLayout,
    fill: Fill,
) -> None:
    """A records sheet: its heading, the quarter input, then the records' table."""
    sheet = workbook.add_worksheet(layout.sheet_name)
    sheet.hide_gridlines(2)
    _write_heading(sheet, styles, catalog, unit, layout)
    _write_quarter_input(sheet, styles, layout, fill)
    if isinstance(layout, ChecklistLayout):
        _write_checklist(sheet, styles, layout, fill)
    elif isinstance(layout, DesaLayout):
        _write_desa_records(sheet, styles, catalog, layout, fill)
    else:
        _write_survey(sheet, styles, layout, fill)
    _set_printing(sheet, styles.paper, catalog, unit, layout)
    sheet.protect("", {"format_columns": True, "format_rows": True})
    define_names(workbook, layout.sheet_name, layout.names())


def _last_col(layout: RecordsLayout) -> int:
    return layout.last_col if isinstance(layout, DesaLayout) else layout.LAST_COL


def _write_heading(
    sheet: Worksheet, styles: Styles, catalog: Catalog, unit: Unit, layout: RecordsLayout
) -> None:
    if isinstance(layout, SurveyLayout):
        title = SURVEY_TITLE
    else:
        title = f"RINCIAN {layout.indicator.id}: {layout.indicator.name}"
    last_col = _last_col(layout)
    merge(sheet, 0, 0, 0, last_col, fit(title, TITLE_MAX), styles.heading_wrap)
    sheet.set_row(0, TITLE_LINES * HEADING_LINE_HEIGHT + 4)  # the title whole, wrapped
    merge(sheet, 1, 0, 1, last_col, f"{unit.heading} - TAHUN {catalog.year}", styles.subheading)


def _write_quarter_input(sheet: Worksheet, styles: Styles, layout: RecordsLayout, fill: Fill):
    """The quarter the records report up to (or the survey was held), and what to fill."""
    if isinstance(layout, SurveyLayout):
        label, note = SURVEY_QUARTER_LABEL, RECORDS_NOTE["survey"]
    elif isinstance(layout, ChecklistLayout):
        label, note = LAST_QUARTER_LABEL, RECORDS_NOTE["checklist"]
    else:
        label, note = LAST_QUARTER_LABEL, RECORDS_NOTE["desa"]
    row, col = LAST_QUARTER_CELL
    merge(sheet, row, 0, row, col - 1, label, styles.label_value)
    write_value(sheet, row, col, fill.values.get(layout.quarter_name), styles.input_number)
    sheet.data_validation(
        row,
        col,
        row,
        col,
        {
            "validate": "integer",
            "criteria": "between",
            "minimum": 1,
            "maximum": 4,
            "input_title": "Triwulan",
            "input_message": "Ketik 1, 2, 3 atau 4.",
            "error_title": "Isian tidak valid",
            "error_message": "Triwulan adalah 1, 2, 3 atau 4.",
        },
    )
    merge(sheet, row, col + 1, row, _last_col(layout), note, styles.note)
    sheet.set_row(row, 2.5 * LINE_HEIGHT)


def _set_printing(
    sheet: Worksheet, paper: str, catalog: Catalog, unit: Unit, layout: RecordsLayout
) -> None:
    """Landscape on ``paper``, as wide as the page, the table's header rows on every page."""
    sheet.freeze_panes(RECORDS_HEADER_ROW + 1, 0)
    last_row = layout.pooled_row if isinstance(layout, SurveyLayout) else layout.last_row
    set_page(
        sheet,
        paper,
        repeat_rows=(RECORDS_HEADER_ROW, layout.FIRST_ROW - 1),
        area=(0, 0, last_row, _last_col(layout)),
        footer=f"{layout.sheet_name} - {unit.name} - Kecamatan {catalog.kecamatan.name} "
        f"{catalog.year}",
    )


def _date_validation(sheet: Worksheet, first: tuple[int, int], last: tuple[int, int], year: int):
    sheet.data_validation(
        *first,
        *last,
        {
            "validate": "date",
            "criteria": "between",
            "minimum": dt.date(year - 1, 1, 1),
            "maximum": dt.date(year + 1, 12, 31),
            "input_title": "Tanggal",
            "input_message": f"Ketik tanggal, misalnya 15/03/{year}. Kosongkan bila belum ada.",
            "error_title": "Tanggal tidak valid",
            "error_message": f"Ketik tanggal antara {year - 1} dan {year + 1}, misalnya "
            f"15/03/{year}.",
        },
    )


def _headers(sheet: Worksheet, styles: Styles, headers: Mapping[int, tuple[str, float]]) -> None:
    for col, (text, width) in headers.items():
        sheet.write_string(RECORDS_HEADER_ROW, col, text, styles.header)
        sheet.set_column(col, col, width)
    sheet.set_row(RECORDS_HEADER_ROW, 3 * LINE_HEIGHT)


# --- a checklist ---------------------------------------------------------------------------


def _write_checklist(sheet: Worksheet, styles: Styles, layout: ChecklistLayout, fill: Fill):
    _headers(
        sheet,
        styles,
        {
            layout.NO: ("NO", 4),
            layout.QUARTER: ("TRIWULAN", 9),
            layout.NAME: ("NAMA LAPORAN", 42),
            layout.DUE: ("BATAS WAKTU", 12),
            layout.DONE: ("TANGGAL DISAMPAIKAN", 14),
            layout.STATUS: ("STATUS", 12),
            layout.NOTE: ("KETERANGAN", 28),
        },
    )
    indicator = layout.indicator
    for k, item in enumerate(indicator.checklist or (), start=1):
        row = layout.row(k)
        due = item.due_date(fill.year)
        sheet.write_number(row, layout.NO, k, styles.text_center)
        sheet.write_string(
            row, layout.QUARTER, QUARTER_HEADERS[item.quarter - 1], styles.text_center
        )
        sheet.write_string(row, layout.NAME, item.title(fill.year), styles.text)
        sheet.write_datetime(row, layout.DUE, due, styles.date)
        done = fill.values.get(names.item(indicator.id, k, "DONE"))
        write_date(sheet, row, layout.DONE, done, styles.input_date)
        sheet.write_formula(
            row,
            layout.STATUS,
            checklist_status(cell_name(row, layout.DUE), cell_name(row, layout.DONE)),
            styles.text_center,
            fill.cached_result(names.item(indicator.id, k, "STATUS")),
        )
        note = fill.values.get(names.item(indicator.id, k, "NOTE"))  # kept in a consolidation
        if note is None:
            sheet.write_blank(row, layout.NOTE, None, styles.input_text)
        else:
            sheet.write_string(row, layout.NOTE, str(note), styles.input_text)
    _date_validation(
        sheet, (layout.FIRST_ROW, layout.DONE), (layout.last_row, layout.DONE), fill.year
    )


# --- desa records --------------------------------------------------------------------------


def _write_desa_records(
    sheet: Worksheet, styles: Styles, catalog: Catalog, layout: DesaLayout, fill: Fill
):
    _desa_headers(sheet, styles, layout)
    indicator = layout.indicator
    documents = indicator.desa_documents or []
    for i, desa in enumerate(catalog.desa, start=1):
        row = layout.row(i)
        sheet.write_number(row, layout.NO, i, styles.text_center)
        sheet.write_string(row, layout.CODE, desa.code, styles.text_center)
        sheet.write_string(row, layout.DESA, desa.name, styles.text)
        for j in range(1, len(documents) + 1):
            value = fill.values.get(names.desa_document(indicator.id, i, j))
            write_date(sheet, row, layout.document_col(j), value, styles.input_date)
        for q in QUARTERS:
            sheet.write_formula(
                row,
                layout.complete_col(q),
                desa_complete_flag(layout, i, q, fill.year),
                styles.complete,
                fill.cached_result(names.desa_complete(indicator.id, i, q)),
            )
    _date_validation(
        sheet,
        (layout.FIRST_ROW, layout.document_col(1)),
        (layout.last_row, layout.document_col(len(documents))),
        fill.year,
    )


def _desa_headers(sheet: Worksheet, styles: Styles, layout: DesaLayout) -> None:
    """The column headers, then each document's due quarter (locked) above its column."""
    documents = layout.indicator.desa_documents or []
    headers = {layout.NO: ("NO", 4), layout.CODE: ("KODE DESA", 11), layout.DESA: ("DESA", 18)}
    for j, document in enumerate(documents, start=1):
        headers[layout.document_col(j)] = (document.name.upper(), 13)
    for q in QUARTERS:
        headers[layout.complete_col(q)] = (f"LENGKAP S.D. {QUARTER_HEADERS[q - 1]}", 9)
    _headers(sheet, styles, headers)
    merge(
        sheet,
        layout.DUE_ROW,
        0,
        layout.DUE_ROW,
        layout.DESA,
        "Batas: s.d. triwulan",
        styles.label_value,
    )
    for j, document in enumerate(documents, start=1):
        sheet.write_number(
            layout.DUE_ROW, layout.document_col(j), document.due_quarter, styles.number
        )
    for q in QUARTERS:
        sheet.write_blank(layout.DUE_ROW, layout.complete_col(q), None, styles.text)


# --- the IKM survey ---------------------------------------------------------------------------


def _write_survey(sheet: Worksheet, styles: Styles, layout: SurveyLayout, fill: Fill):
    """The survey: headers, a row per service, the validations, the pooled row."""
    _survey_headers(sheet, styles, layout)
    for n in range(1, layout.rows + 1):
        _write_service(sheet, styles, layout, fill, n)
    _survey_validations(sheet, layout)
    _write_pooled(sheet, styles, layout, fill)


def _survey_headers(sheet: Worksheet, styles: Styles, layout: SurveyLayout) -> None:
    """One header row, and under it each unsur's name."""
    headers = {
        layout.NO: ("NO", 4),
        layout.NAME: ("JENIS LAYANAN", 26),
        layout.POPULATION: ("POPULASI (PILIHAN)", 11),
        layout.SAMPLE: ("SAMPEL MINIMUM (KREJCIE-MORGAN)", 12),
        layout.RESPONDENTS: ("JUMLAH RESPONDEN", 11),
        layout.TOTAL: ("JUMLAH NILAI", 9),
        layout.IKM: ("IKM", 9),
        layout.MUTU: ("MUTU", 7),
    }
    for j in range(1, len(IKM_UNSUR) + 1):
        headers[layout.unsur_col(j)] = (f"U{j}", 8)
    _headers(sheet, styles, headers)
    sub_row = RECORDS_HEADER_ROW + 1
    for col in range(layout.LAST_COL + 1):
        if col in range(layout.FIRST_UNSUR, layout.TOTAL):
            sheet.write_string(
                sub_row, col, IKM_UNSUR[col - layout.FIRST_UNSUR], styles.header_note
            )
        else:  # no text at all: an empty string would come back from openpyxl as an empty
            sheet.write_blank(sub_row, col, None, styles.numbering)  # inline string
    sheet.set_row(sub_row, 4 * LINE_HEIGHT)


def _write_service(
    sheet: Worksheet, styles: Styles, layout: SurveyLayout, fill: Fill, n: int
) -> None:
    """Service ``n``'s row: its name (the catalog's, in the first rows), population,
    respondents and score sums (inputs), then its sample, total, IKM and mutu (formulas)."""
    row = layout.row(n)
    sheet.write_number(row, layout.NO, n, styles.text_center)
    name = fill.values.get(names.service(n, "NAMA"))
    if name is None and n <= len(layout.services):
        name = layout.services[n - 1]
    write_value(sheet, row, layout.NAME, name, styles.input_text)
    for col, field in ((layout.POPULATION, "POPULASI"), (layout.RESPONDENTS, "RESPONDEN")):
        write_value(sheet, row, col, fill.values.get(names.service(n, field)), styles.input_number)
    for j in range(1, len(IKM_UNSUR) + 1):
        value = fill.values.get(names.service_score(n, j))
        write_value(sheet, row, layout.unsur_col(j), value, styles.input_number)
    fields = {
        layout.SAMPLE: "SAMPEL",
        layout.TOTAL: "JUMLAH",
        layout.IKM: "NILAI",
        layout.MUTU: "MUTU",
    }
    for col, formula in survey_row(layout, n).items():
        style = {layout.IKM: styles.decimal, layout.MUTU: styles.text_center}.get(
            col, styles.number
        )
        sheet.write_formula(
            row, col, formula, style, fill.cached_result(names.service(n, fields[col]))
        )


def _survey_validations(sheet: Worksheet, layout: SurveyLayout) -> None:
    """Whole numbers of respondents; score sums between 1 x and 4 x the row's respondents."""
    first, last = layout.FIRST_ROW, layout.last_row
    sheet.data_validation(
        first,
        layout.POPULATION,
        last,
        layout.RESPONDENTS,
        {
            "validate": "integer",
            "criteria": ">=",
            "value": 0,
            "error_message": "Ketik bilangan bulat 0 atau lebih.",
        },
    )
    top = cell_name(first, layout.unsur_col(1))
    respondents = f"${cell_name(first, layout.RESPONDENTS)}"  # each row its own respondents
    sheet.data_validation(
        first,
        layout.unsur_col(1),
        last,
        layout.unsur_col(len(IKM_UNSUR)),
        {
            "validate": "custom",
            "value": f"=AND(ISNUMBER({top}),INT({top})={top},{top}>={respondents},"
            f"{top}<=4*{respondents})",
            "input_title": "Jumlah nilai unsur",
            "input_message": "Jumlah nilai (1 sampai 4) dari semua responden layanan ini: "
            "antara 1 x dan 4 x jumlah responden.",
            "error_title": "Isian tidak valid",
            "error_message": "Jumlah nilai harus bilangan bulat antara 1 x dan 4 x jumlah "
            "responden.",
        },
    )


def _write_pooled(sheet: Worksheet, styles: Styles, layout: SurveyLayout, fill: Fill) -> None:
    """The pooled row: all respondents of the services with an IKM, their IKM and mutu."""
    pooled = layout.pooled_row
    merge(sheet, pooled, 0, pooled, layout.SAMPLE, "GABUNGAN (SEMUA RESPONDEN)", styles.label_value)
    named = {
        layout.RESPONDENTS: names.POOLED_RESPONDENTS,
        layout.IKM: names.POOLED_IKM,
        layout.MUTU: names.POOLED_MUTU,
    }
    for col in range(layout.RESPONDENTS, layout.LAST_COL + 1):
        if col not in named:
            sheet.write_blank(pooled, col, None, styles.text)
    styled: dict[int, Any] = {layout.IKM: styles.percent_bold, layout.MUTU: styles.kategori}
    for col, formula in survey_pooled(layout).items():
        style = styled.get(col, styles.number)
        sheet.write_formula(pooled, col, formula, style, fill.cached_result(named[col]))
