"""Writing a catalog as a workbook to fill in Excel: the Petunjuk sheet, then one sheet per
table of :mod:`.layout`, each with its header frozen, dropdowns for its choices, a prompt on
every column, and columns of text formatted as text (so that "63.05" and an 18-digit NIP
stay as typed)."""

from __future__ import annotations

import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from iku_xlsx.catalog.model import Catalog, Rules
from iku_xlsx.catalog.workbook.cells import TEXT_FORMAT, Validation
from iku_xlsx.catalog.workbook.layout import (
    ANGGARAN,
    DESA,
    DOKUMEN,
    INDIKATOR,
    KANTOR,
    KATEGORI,
    LAPORAN,
    LAST_ROW,
    LAYANAN,
    PETUNJUK,
    SHEETS,
    TARGET,
    UNIT,
    Column,
    Sheet,
)
from iku_xlsx.fileio import atomic_output

Row = dict[str, Any]  # field -> the model's value
PROMPT_TITLE = 32  # Excel's limits on a data validation's prompt
PROMPT_TEXT = 255
VERTICAL_HEADERS = (("Isian", 36), ("Nilai", 44), ("Keterangan", 90))
INSTRUCTIONS_WIDTH = 120
LINE_POINTS = 15  # a line of Calibri 11
CHARACTERS_PER_WIDTH = 1.1  # characters of text a unit of column width holds, about

INSTRUCTIONS = (
    "KATALOG IKU: isian katalog iku-xlsx",
    "",
    "Katalog menjelaskan IKU kantor: pemerintah daerah dan kecamatan, unit kerja, sasaran dan "
    "indikatornya, dan cara setiap indikator diukur. Dari katalog ini iku-xlsx membuat blanko "
    "setiap unit.",
    "",
    "Cara mengisi:",
    "1. Lembar Kantor: isi kolom Nilai. Lembar Unit: satu baris per unit kerja.",
    "2. Lembar Indikator: satu baris per indikator, urut seperti dokumen IKU yang ditandatangani. "
    "ID unit dipilih dari daftar; baris berurutan dengan sasaran yang sama menjadi satu sasaran.",
    "3. Lembar Target: satu baris per indikator dan tahun (Perjanjian Kinerja, Rencana Aksi). "
    "Target persentase ditulis dalam poin persen: 95, bukan 95% atau 0,95. Lembar Anggaran: "
    "pagu dan belanja setiap triwulan, dalam rupiah (untuk Evaluasi hasil Renja).",
    "4. Lembar lain bila perlu: Kategori (bawaan Permendagri 86/2017), Desa, Layanan IKM, "
    "Daftar Laporan, Dokumen Desa.",
    "",
    "Kolom bertanda * wajib diisi. Klik sebuah sel untuk melihat petunjuknya; sel berdaftar "
    "(panah di sisinya) diisi dengan memilih dari daftar.",
    "Angka diketik sebagai angka: tanpa titik ribuan dan tanpa tanda %. Kolom kode dan NIP "
    "berformat Teks: ketik apa adanya.",
    "Jangan mengganti nama lembar atau judul kolom: lembar atau kolom yang tidak dikenal ditolak.",
    "",
    "Periksa katalog dengan perintah  iku-xlsx catalog check katalog.xlsx  atau unggah di "
    "halaman perencana (Pengaturan kantor): setiap kesalahan disebut dengan lembar dan selnya.",
    "",
    "Lembar dan isinya:",
)  # then a line per sheet


def write_catalog_workbook(path: str | Path, catalog: Catalog | None = None) -> Path:
    """Write ``catalog`` as a catalog workbook (None: the empty template, its defaults filled
    in) to ``path``, atomically: a complete file or none. Returns the path."""
    target = Path(path)
    data = _template() if catalog is None else catalog.model_dump()
    with atomic_output(target) as temporary:
        book = xlsxwriter.Workbook(
            str(temporary),
            {"strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False},
        )
        book.set_properties({"title": "Katalog IKU", "comments": "iku-xlsx catalog workbook"})
        formats = _Formats(book)
        _instructions(book.add_worksheet(PETUNJUK), formats)
        for sheet in SHEETS:
            worksheet = book.add_worksheet(sheet.name)
            rows = list(ROWS[sheet.name](data))
            if sheet.vertical:
                _vertical(worksheet, sheet, rows[0], formats)
            else:
                _table(worksheet, sheet, rows, formats)
        book.close()
    return target


def _template() -> dict[str, Any]:
    """What the empty template shows: the defaults a planner rarely changes."""
    return {"title": "INDIKATOR KINERJA UTAMA", "rules": Rules().model_dump(), "units": []}


# --- the rows of each sheet, from the catalog's data ---------------------------------------


def get(data: Any, field: str) -> Any:
    """The value at a dotted path ('signatory.nip', 'valid_range.0'); None when absent."""
    for part in field.split("."):
        if data is None:
            return None
        if isinstance(data, (list, tuple)):
            index = int(part)
            data = data[index] if index < len(data) else None
        else:
            data = data.get(part)
    return data


def _fields(sheet: Sheet, data: dict[str, Any], **placing: Any) -> Row:
    row = {column.field: get(data, column.field) for column in sheet.columns}
    return row | {f"@{key}": value for key, value in placing.items()}


def _office(data: dict[str, Any]) -> Iterator[Row]:
    yield _fields(KANTOR, data)


def _units(data: dict[str, Any]) -> Iterator[Row]:
    for unit in data["units"]:
        yield _fields(UNIT, unit)


def _indicators(data: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(unit id, sasaran name, indicator) of every indicator, in order."""
    for unit in data["units"]:
        for sasaran in unit["sasaran"]:
            for indicator in sasaran["indicators"]:
                yield unit["id"], sasaran["name"], indicator


def _indicator_rows(data: dict[str, Any]) -> Iterator[Row]:
    for unit_id, sasaran, indicator in _indicators(data):
        yield _fields(INDIKATOR, indicator, unit=unit_id, sasaran=sasaran)


def _target_rows(data: dict[str, Any]) -> Iterator[Row]:
    for _, _, indicator in _indicators(data):
        targets, quarters = indicator["targets"] or {}, indicator["quarter_targets"] or {}
        for year in sorted(set(targets) | set(quarters)):
            row = {"@indicator": indicator["id"], "@year": year, "target": targets.get(year)}
            yield row | {f"quarter.{k}": value for k, value in enumerate(quarters.get(year, []))}


def _budget_rows(data: dict[str, Any]) -> Iterator[Row]:
    for _, _, indicator in _indicators(data):
        for year, budget in sorted((indicator["budget"] or {}).items()):
            spent = {} if isinstance(budget, (int, float)) else budget  # a bare amount
            amount = budget if isinstance(budget, (int, float)) else budget["amount"]
            row = {"@indicator": indicator["id"], "@year": year, "amount": amount}
            yield row | {f"realised.{k}": v for k, v in enumerate(spent.get("realised") or [])}


def _records_rows(way: str, sheet: Sheet) -> Any:
    def rows(data: dict[str, Any]) -> Iterator[Row]:
        for _, _, indicator in _indicators(data):
            for item in indicator[way] or []:
                yield _fields(sheet, item, indicator=indicator["id"])

    return rows


def _listed(sheet: Sheet, field: str) -> Any:
    def rows(data: dict[str, Any]) -> Iterator[Row]:
        for item in get(data, field) or []:
            yield {"@service": item} if isinstance(item, str) else _fields(sheet, item)

    return rows


ROWS = {
    KANTOR.name: _office,
    UNIT.name: _units,
    INDIKATOR.name: _indicator_rows,
    TARGET.name: _target_rows,
    ANGGARAN.name: _budget_rows,
    KATEGORI.name: _listed(KATEGORI, "rules.categories"),
    DESA.name: _listed(DESA, "desa"),
    LAYANAN.name: _listed(LAYANAN, "ikm_services"),
    LAPORAN.name: _records_rows("checklist", LAPORAN),
    DOKUMEN.name: _records_rows("desa_documents", DOKUMEN),
}


# --- the sheets ----------------------------------------------------------------------------


class _Formats:
    """The few formats of the workbook, made once."""

    def __init__(self, book: xlsxwriter.Workbook):
        header = {"bold": True, "text_wrap": True, "valign": "top", "border": 1}
        self.header = book.add_format(header | {"bg_color": "#DDEBF7"})
        self.required = book.add_format(header | {"bg_color": "#FCE4D6"})
        self.text = book.add_format({"num_format": TEXT_FORMAT, "valign": "top"})
        self.label = book.add_format({"bold": True, "valign": "top"})
        self.note = book.add_format({"italic": True, "font_color": "#595959", "text_wrap": True})
        self.title = book.add_format({"bold": True, "font_size": 14})
        self.wrapped = book.add_format({"text_wrap": True, "valign": "top"})
        self.by_format: dict[str, Format] = {TEXT_FORMAT: self.text}
        self._book = book

    def cell(self, number_format: str) -> Format:
        if number_format not in self.by_format:
            self.by_format[number_format] = self._book.add_format(
                {"num_format": number_format, "valign": "top"}
            )
        return self.by_format[number_format]


def _instructions(worksheet: Worksheet, formats: _Formats) -> None:
    """The Petunjuk sheet: how to fill the workbook, then each sheet and what it holds."""
    worksheet.set_column(0, 0, INSTRUCTIONS_WIDTH, formats.wrapped)
    worksheet.write_string(0, 0, INSTRUCTIONS[0], formats.title)
    for row, line in enumerate(INSTRUCTIONS[1:], start=1):
        worksheet.set_row(row, _height(line, INSTRUCTIONS_WIDTH))
        if line:
            worksheet.write_string(row, 0, line)
    for row, sheet in enumerate(SHEETS, start=len(INSTRUCTIONS)):
        worksheet.write_rich_string(row, 0, formats.label, sheet.name, f": {sheet.purpose}")
    _printed(worksheet)
    worksheet.activate()


def _height(text: str, width: float) -> float:
    """The height (points) of a row of ``text`` wrapped in a column ``width`` characters wide:
    Excel does not grow a row for wrapped text written by a program."""
    return LINE_POINTS * max(1, math.ceil(len(text) / (width * CHARACTERS_PER_WIDTH)))


def _printed(worksheet: Worksheet) -> None:
    """On A4 landscape, as wide as one page."""
    worksheet.set_paper(9)
    worksheet.set_landscape()
    worksheet.fit_to_pages(1, 0)


def _table(worksheet: Worksheet, sheet: Sheet, rows: list[Row], formats: _Formats) -> None:
    """A horizontal sheet: the header row, then a row per item."""
    worksheet.set_row(0, 30)
    for index, column in enumerate(sheet.columns):
        style = formats.required if column.required else formats.header
        worksheet.write_string(0, index, column.title, style)
        worksheet.set_column(index, index, column.width, formats.cell(column.kind.number_format))
        worksheet.data_validation(1, index, LAST_ROW - 1, index, _validation(column))
        for number, row in enumerate(rows, start=1):
            _write(worksheet, number, index, column, row.get(column.field), formats)
    worksheet.freeze_panes(1, sheet.frozen_columns)


def _vertical(worksheet: Worksheet, sheet: Sheet, row: Row, formats: _Formats) -> None:
    """The Kantor sheet: a row per field, its label, value and explanation."""
    for index, (header, width) in enumerate(VERTICAL_HEADERS):
        worksheet.write_string(0, index, header, formats.header)
        worksheet.set_column(index, index, width)
    for number, column in enumerate(sheet.columns, start=1):
        worksheet.write_string(number, 0, column.title, formats.label)
        worksheet.write_blank(number, 1, None, formats.cell(column.kind.number_format))
        _write(worksheet, number, 1, column, row.get(column.field), formats)
        worksheet.write_string(number, 2, column.prompt, formats.note)
        worksheet.set_row(number, _height(column.prompt, VERTICAL_HEADERS[2][1]))
        worksheet.data_validation(number, 1, number, 1, _validation(column))
    worksheet.freeze_panes(1, 1)
    _printed(worksheet)


def _write(
    worksheet: Worksheet, row: int, col: int, column: Column, value: Any, formats: _Formats
) -> None:
    """One value, unless it is what an empty cell stands for."""
    if value is None or (column.empty is not None and value == column.empty):
        return
    written = column.kind.write(value)
    style = formats.cell(column.kind.number_format)
    if isinstance(written, str):
        worksheet.write_string(row, col, written, style)
    else:
        worksheet.write_number(row, col, written, style)


def _validation(column: Column) -> dict[str, Any]:
    """The column's dropdown or bounds, with its prompt; the error says what to type."""
    rule: Validation = column.kind.validation()
    options: dict[str, Any] = {
        "validate": rule.kind,
        "input_title": column.header[:PROMPT_TITLE],
        "input_message": column.prompt[:PROMPT_TEXT],
    }
    if rule.kind == "list":
        options["source"] = rule.source if isinstance(rule.source, str) else list(rule.source)
        options["error_type"] = "stop" if rule.strict else "warning"
        options["error_title"] = "Pilih dari daftar"
        shown = ", ".join(map(str, rule.source)) if not isinstance(rule.source, str) else ""
        options["error_message"] = (
            f"Pilih salah satu: {shown}." if shown else "Pilih dari daftar."
        )[:PROMPT_TEXT]
    elif rule.kind in ("decimal", "integer"):
        low, high = rule.bounds
        options |= {"criteria": "between", "minimum": low, "maximum": high}
        options["error_title"] = "Ketik angka"
        options["error_message"] = (
            f"Ketik tahun {low:.0f} s.d. {high:.0f}."
            if rule.kind == "integer"
            else "Ketik angka, mis. 95 atau 97,5: tanpa titik ribuan dan tanpa tanda %."
        )
    return options
