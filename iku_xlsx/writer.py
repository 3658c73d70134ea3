"""Writing IKU workbooks with xlsxwriter: one protected sheet per unit, and a metadata sheet.

Everything about *where* a cell is comes from :mod:`iku_xlsx.layout`; everything about *what*
a computed cell says comes from :mod:`iku_xlsx.formulas`. This module only decides how the
sheet looks and behaves for the person filling it: formats, merges, validation, protection,
printing. All words on the sheet are in Bahasa Indonesia.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from iku_xlsx import __version__
from iku_xlsx.catalog import QUARTERS, Aggregation, Catalog, Indicator, Kind, Signatory, Unit
from iku_xlsx.fileio import atomic_output
from iku_xlsx.formulas import (
    block_formulas,
    checklist_inputs,
    checklist_status,
    desa_complete_flag,
    desa_complete_inputs,
    desa_count_inputs,
    survey_inputs,
    survey_pooled,
    survey_row,
)
from iku_xlsx.layout import (
    FIRST_DATA_ROW,
    HEADER_SUB_ROW,
    HEADER_TOP_ROW,
    IKM_UNSUR,
    LAST_COL,
    LAST_QUARTER_CELL,
    LAYOUT_VERSION,
    LEGEND_ROW,
    META_SHEET,
    NOTE_ROW,
    NUMBERING_ROW,
    RECORDS_HEADER_ROW,
    ChecklistLayout,
    Col,
    DesaLayout,
    IndicatorBlock,
    Part,
    RecordsLayout,
    SheetLayout,
    SurveyLayout,
    cell_name,
    quarter_col,
    quote_sheet,
    records_key,
    records_key_of,
    records_layouts,
    records_sheet_of,
    sheet_layout,
)
from iku_xlsx.rules import CATEGORIES

FONT = "Arial"
INPUT_FILL = "#FFF2CC"  # the one input colour, explained in the legend
HEADER_FILL = "#D9E1F2"
CATEGORY_FILLS = {
    "Sangat Tinggi": "#C6EFCE",
    "Tinggi": "#E2EFDA",
    "Sedang": "#FFEB9C",
    "Rendah": "#FCE4D6",
    "Sangat Rendah": "#FFC7CE",
}
assert set(CATEGORY_FILLS) == {name for _, name in CATEGORIES}

COLUMN_WIDTHS = {
    Col.NO: 4,
    Col.SASARAN: 18,
    Col.INDIKATOR: 26,
    Col.PENJELASAN: 26,
    Col.PENANGGUNG_JAWAB: 13,
    Col.SUMBER_DATA: 13,
    Col.SATUAN: 8,
    Col.TARGET: 9,
    Col.URAIAN: 30,
    Col.TW1: 10,
    Col.TW2: 10,
    Col.TW3: 10,
    Col.TW4: 10,
    Col.TAHUN: 10,
    Col.CAPAIAN: 9,
    Col.KATEGORI: 12,
    Col.KENDALA: 22,
}
LINE_HEIGHT = 12.0  # points per wrapped line of 9-point Arial
MIN_ROW_HEIGHT = 15.0

HEADERS = {  # the signed table's headings, then the measurement part's
    Col.NO: "NO",
    Col.SASARAN: "KINERJA UTAMA / TUJUAN / SASARAN",
    Col.INDIKATOR: "INDIKATOR KINERJA UTAMA",
    Col.PENJELASAN: "PENJELASAN (ALASAN MEMILIH INDIKATOR DAN CARA PENGHITUNGAN)",
    Col.PENANGGUNG_JAWAB: "PENANGGUNG JAWAB",
    Col.SUMBER_DATA: "SUMBER DATA",
    Col.SATUAN: "SATUAN",
    Col.TARGET: "TARGET TAHUNAN",
    Col.URAIAN: "URAIAN",
    Col.CAPAIAN: "CAPAIAN (%)",
    Col.KATEGORI: "KATEGORI",
    Col.KENDALA: "KENDALA / TINDAK LANJUT",
}
REALISATION_HEADER = "REALISASI"
QUARTER_HEADERS = ("TW I", "TW II", "TW III", "TW IV")
YEAR_HEADER = "TAHUN"

LEGEND = (
    "Sel kuning diisi oleh unit kerja: angka pada kolom triwulan dan target, teks pada kolom "
    "Kendala. Sel lain terkunci dan dihitung otomatis."
)
NOTE = (
    "Petunjuk: isi setiap triwulan dengan angka tanpa titik pemisah ribuan (ketik 1234, bukan "
    "1.234; desimal memakai koma bila Excel berbahasa Indonesia). Kosongkan triwulan yang belum "
    "dilaporkan (jangan ketik 0 bila tidak ada data). Realisasi, capaian dan kategori dihitung "
    'otomatis; "-" berarti belum atau tidak dapat dihitung (data atau target belum diisi, atau '
    "penyebut atau target bernilai 0)."
)

# How each kind and aggregation reaches the year, as the VAL row explains it.
YEAR_RULES = {
    (Kind.RATIO, Aggregation.FLOW): "Tahun: jumlah pembilang / jumlah penyebut x 100",
    (Kind.RATIO, Aggregation.STOCK): "Tahun: posisi triwulan terakhir yang terisi",
    (Kind.RATIO, Aggregation.CUMULATIVE): "Tahun: realisasi kumulatif / nilai tahunan terakhir",
    (Kind.COUNT, Aggregation.FLOW): "Tahun: jumlah semua triwulan",
    (Kind.COUNT, Aggregation.STOCK): "Tahun: posisi triwulan terakhir yang terisi",
    (Kind.VALUE, Aggregation.FLOW): "Tahun: jumlah semua triwulan",
    (Kind.VALUE, Aggregation.STOCK): "Tahun: nilai triwulan terakhir yang terisi",
}

# Excel's limits for data-validation texts.
PROMPT_TITLE_MAX = 32
PROMPT_MESSAGE_MAX = 255


@dataclass(frozen=True)
class WorkbookInfo:
    """What the metadata sheet says of a workbook: enough to know it without its file name."""

    catalog: Catalog
    units: tuple[Unit, ...]
    kind: str  # "unit": one unit's file to hand out; "combined": the file holding them all

    def entries(self) -> list[tuple[str, str]]:
        catalog = self.catalog
        entries = [
            ("format", "iku_xlsx"),
            ("layout_version", str(LAYOUT_VERSION)),
            ("generator", "iku_xlsx"),
            ("generator_version", __version__),
            ("catalog_id", catalog.catalog_id),
            ("catalog_fingerprint", catalog.fingerprint()),
            ("government", catalog.government.name),
            ("kecamatan", catalog.kecamatan.name),
            ("kecamatan_code", catalog.kecamatan.code),
            ("year", str(catalog.year)),
            ("workbook_kind", self.kind),
            ("units", ",".join(unit.id for unit in self.units)),
        ]
        entries += [(f"sheet:{unit.id}", unit.sheet) for unit in self.units]
        return entries


def write_workbook(
    path: str | Path,
    catalog: Catalog,
    units: Sequence[Unit] | None = None,
    *,
    combined: bool | None = None,
) -> Path:
    """Write one blank IKU workbook holding ``units`` (default: every unit of the catalog).

    ``combined`` marks the file holding every unit (default: when it holds more than one). The
    file is written beside ``path`` and renamed into place when complete.
    """
    chosen = tuple(units) if units is not None else tuple(catalog.units)
    if combined is None:
        combined = len(chosen) > 1
    with open_workbook(path) as workbook:
        write_unit_sheets(workbook, catalog, chosen)
        write_metadata(workbook, WorkbookInfo(catalog, chosen, "combined" if combined else "unit"))
    return Path(path)


@contextmanager
def open_workbook(path: str | Path, *, streamed: bool = False) -> Iterator[Workbook]:
    """An xlsxwriter workbook that never turns catalog text into formulas, written atomically.

    ``streamed``: each row goes to disk as the next one starts (xlsxwriter's constant_memory),
    so the workbook's cells are not all held until it is saved. Only for sheets written row
    after row: a cell written to a row already left is lost.
    """
    with atomic_output(Path(path)) as temporary:
        workbook = xlsxwriter.Workbook(
            str(temporary),
            {
                "strings_to_formulas": False,
                "strings_to_numbers": False,
                "strings_to_urls": False,
                "constant_memory": streamed,
            },
        )
        yield workbook
        workbook.close()


def write_unit_sheets(
    workbook: Workbook,
    catalog: Catalog,
    units: Sequence[Unit],
    values: Mapping[str, object] | None = None,
    cached: Mapping[str, object] | None = None,
) -> None:
    """One sheet per unit, with its defined names.

    ``values`` fills input cells and ``cached`` gives formula cells their cached results, both
    keyed by defined name (a consolidated workbook); a blank has neither, and every formula then
    carries an empty cached result.
    """
    styles = Styles(workbook)
    layouts = [sheet_layout(unit) for unit in units]
    located = {  # every named cell of the workbook, for formulas across sheets (the cascade)
        name: f"{quote_sheet(layout.sheet_name)}!{cell_name(row, col)}"
        for layout in layouts
        for name, (row, col) in layout.names().items()
    }
    records = {  # the records sheets of the workbook, by the indicator that owns them
        records_key(layout): layout for unit in units for layout in records_layouts(catalog, unit)
    }
    fill = _Fill(values or {}, cached or {}, located, records, catalog.year)
    for layout in layouts:
        _write_unit_sheet(workbook, styles, catalog, layout, fill)
        for records_layout in records_layouts(catalog, layout.unit):
            _write_records_sheet(workbook, styles, catalog, layout.unit, records_layout, fill)


@dataclass(frozen=True)
class _Fill:
    """What goes into a sheet's cells beyond the blank: inputs, cached results, other sheets."""

    values: Mapping[str, object]
    cached: Mapping[str, object]
    located: Mapping[str, str]
    records: Mapping[str, RecordsLayout]
    year: int


# --- formats -------------------------------------------------------------------------------


class Styles:
    """Every cell format of the workbook, made once."""

    def __init__(self, workbook: Workbook):
        def make(**properties: Any) -> Any:
            return workbook.add_format({"font_name": FONT, "font_size": 9, **properties})

        bordered = {"border": 1, "valign": "top", "text_wrap": True}
        self.heading = make(bold=True, font_size=12, align="center")
        self.subheading = make(bold=True, font_size=10, align="center")
        self.header = make(
            bold=True,
            align="center",
            valign="vcenter",
            text_wrap=True,
            border=1,
            bg_color=HEADER_FILL,
        )
        self.numbering = make(
            italic=True, font_size=8, align="center", border=1, bg_color=HEADER_FILL
        )
        self.text = make(**bordered)
        self.text_center = make(**bordered, align="center")
        self.label = make(**bordered, font_size=8)
        self.label_value = make(**bordered, font_size=8, bold=True)
        computed = {"border": 1, "valign": "top", "align": "right"}  # "-" aligns with numbers
        self.percent = make(**computed, num_format="0.00")
        self.number = make(**computed, num_format="#,##0")
        self.decimal = make(**computed, num_format="#,##0.00")
        self.percent_bold = make(**computed, num_format="0.00", bold=True)
        self.capaian = make(border=1, valign="top", align="center", num_format="0.00", bold=True)
        self.kategori = make(**bordered, align="center", bold=True)
        input_base = {"border": 1, "valign": "top", "bg_color": INPUT_FILL, "locked": False}
        self.input_number = make(**input_base, num_format="#,##0")
        self.input_decimal = make(**input_base, num_format="#,##0.00")
        self.input_text = make(**input_base, text_wrap=True)
        self.input_date = make(**input_base, num_format=DATE_FORMAT, align="center")
        self.date = make(**bordered, num_format=DATE_FORMAT, align="center")
        self.complete = make(**bordered, align="center", num_format='"Ya";"Ya";"Belum"')
        self.legend_swatch = make(border=1, bg_color=INPUT_FILL, align="center", bold=True)
        self.legend = make(italic=True)
        self.note = make(italic=True, text_wrap=True, valign="top")
        self.sign = make(align="center")
        self.sign_name = make(align="center", bold=True, underline=True)
        self.category_fills = {
            name: workbook.add_format({"bg_color": colour})
            for name, colour in CATEGORY_FILLS.items()
        }


# --- the unit sheet --------------------------------------------------------------------------


def _write_unit_sheet(
    workbook: Workbook, styles: Styles, catalog: Catalog, layout: SheetLayout, fill: _Fill
) -> None:
    unit = layout.unit
    sheet = workbook.add_worksheet(layout.sheet_name)
    sheet.hide_gridlines(2)
    for col, width in COLUMN_WIDTHS.items():
        sheet.set_column(col, col, width)

    _write_head(sheet, styles, catalog, unit)
    for sasaran in layout.sasaran:
        _merge(
            sheet,
            sasaran.first_row,
            Col.NO,
            sasaran.last_row,
            Col.NO,
            sasaran.number,
            styles.text_center,
        )
        _merge(
            sheet,
            sasaran.first_row,
            Col.SASARAN,
            sasaran.last_row,
            Col.SASARAN,
            sasaran.name,
            styles.text,
        )
        for block in sasaran.indicators:
            _write_indicator(sheet, styles, block, fill)
    write_signature(
        sheet, styles, catalog, unit.signatory, layout.signature_row, Col.TAHUN, LAST_COL
    )
    _set_category_colours(sheet, styles, layout)
    _set_row_heights(sheet, layout)

    sheet.freeze_panes(FIRST_DATA_ROW, Col.PENJELASAN)
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(HEADER_TOP_ROW, NUMBERING_ROW)
    sheet.print_area(0, 0, layout.last_row, LAST_COL)
    sheet.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.6)
    sheet.center_horizontally()
    footer_text = f"IKU {unit.name} - Kecamatan {catalog.kecamatan.name} {catalog.year}"
    sheet.set_footer(f"&L&8{footer_text.replace('&', '&&')}&R&8Halaman &P dari &N")
    sheet.protect("", {"format_columns": True, "format_rows": True})

    for name, (row, col) in layout.names().items():
        workbook.define_name(
            name, f"={quote_sheet(layout.sheet_name)}!{cell_name(row, col, absolute=True)}"
        )


def _write_head(sheet: Worksheet, styles: Styles, catalog: Catalog, unit: Unit) -> None:
    lines = (catalog.government.heading, catalog.title, unit.heading, f"TAHUN {catalog.year}")
    for row, (text, style) in enumerate(
        zip(lines, (styles.heading, styles.heading, styles.heading, styles.subheading), strict=True)
    ):
        _merge(sheet, row, 0, row, LAST_COL, text, style)
    _merge(sheet, LEGEND_ROW, Col.NO, LEGEND_ROW, Col.SASARAN, "Isian", styles.legend_swatch)
    _merge(sheet, LEGEND_ROW, Col.INDIKATOR, LEGEND_ROW, LAST_COL, LEGEND, styles.legend)
    _merge(sheet, NOTE_ROW, Col.NO, NOTE_ROW, LAST_COL, NOTE, styles.note)
    sheet.set_row(NOTE_ROW, 2.2 * LINE_HEIGHT)

    for col, text in HEADERS.items():
        _merge(sheet, HEADER_TOP_ROW, col, HEADER_SUB_ROW, col, text, styles.header)
    _merge(
        sheet, HEADER_TOP_ROW, Col.TW1, HEADER_TOP_ROW, Col.TAHUN, REALISATION_HEADER, styles.header
    )
    for quarter, text in zip(QUARTERS, QUARTER_HEADERS, strict=True):
        sheet.write_string(HEADER_SUB_ROW, quarter_col(quarter), text, styles.header)
    sheet.write_string(HEADER_SUB_ROW, Col.TAHUN, YEAR_HEADER, styles.header)
    sheet.set_row(HEADER_TOP_ROW, 3 * LINE_HEIGHT)
    sheet.set_row(HEADER_SUB_ROW, 3 * LINE_HEIGHT)
    for col in range(LAST_COL + 1):
        sheet.write_string(NUMBERING_ROW, col, f"({col + 1})", styles.numbering)


def _write_indicator(sheet: Worksheet, styles: Styles, block: IndicatorBlock, fill: _Fill) -> None:
    indicator = block.indicator
    first, last = block.first_row, block.last_row
    for col, text in (
        (Col.INDIKATOR, indicator.name),
        (Col.PENJELASAN, indicator.penjelasan),
        (Col.PENANGGUNG_JAWAB, indicator.responsible),
        (Col.SUMBER_DATA, indicator.data_source),
    ):
        _merge(sheet, first, col, last, col, text, styles.text)
    _merge(sheet, first, Col.SATUAN, last, Col.SATUAN, indicator.satuan, styles.text_center)

    # target: fixed by the catalog (locked) or typed by the unit (an input)
    target = indicator.target
    if target is None:
        typed = fill.values.get(f"{indicator.id}_TARGET")
        _merge(sheet, first, Col.TARGET, last, Col.TARGET, typed, styles.input_decimal)
        _validate_target(sheet, block)
    else:
        style = styles.number if float(target).is_integer() else styles.decimal
        _merge(sheet, first, Col.TARGET, last, Col.TARGET, target, style)

    input_style = styles.input_number if indicator.whole_inputs else styles.input_decimal
    computed = _computed_inputs(block, fill)
    for part in block.parts:
        row = block.row(part)
        label = _row_label(indicator, part)
        if part is not Part.VAL and indicator.computed_inputs:
            label += f"\n({_computed_from(indicator)})"
        sheet.write_string(
            row, Col.URAIAN, label, styles.label_value if part is Part.VAL else styles.label
        )
        if part is Part.VAL:
            continue
        for quarter in QUARTERS:
            name = f"{indicator.id}_TW{quarter}_{part.value}"
            col = quarter_col(quarter)
            if not indicator.computed_inputs:
                _write_value(sheet, row, col, fill.values.get(name), input_style)
            elif name in computed:
                style = styles.number if indicator.whole_inputs else styles.decimal
                sheet.write_formula(row, col, computed[name], style, _cache(fill, name))
            else:  # the sources are in other files: computed in the consolidation
                sheet.write_blank(row, col, None, styles.number)
        if not indicator.computed_inputs:
            _validate_inputs(sheet, block, part)

    names = {position: name for name, position in block.names().items()}
    for (row, col), formula in block_formulas(block).items():
        style = _computed_style(styles, block, row, col)
        if col in (Col.CAPAIAN, Col.KATEGORI) and first != last:
            sheet.merge_range(first, col, last, col, None, style)
        sheet.write_formula(row, col, formula, style, _cache(fill, names[(row, col)]))
    kendala = fill.values.get(f"{indicator.id}_KENDALA")
    _merge(sheet, first, Col.KENDALA, last, Col.KENDALA, kendala, styles.input_text)


def _computed_from(indicator: Indicator) -> str:
    """Where a computed input comes from, as the row label says it."""
    if indicator.derived_from:
        return "dihitung dari unit lain pada rekap kecamatan"
    sheet = records_sheet_of(indicator)
    if indicator.desa_complete:
        return f"dihitung dari lembar {sheet} (Kasi pemilik data); pada berkas unit: di rekap"
    return f"dihitung dari lembar {sheet}"


def _computed_inputs(block: IndicatorBlock, fill: _Fill) -> dict[str, str]:
    """The formulas of computed inputs, keyed by name: sums over a cascade's sources, or counts
    over records; none when what they count is not in this workbook."""
    indicator = block.indicator
    if indicator.recorded:
        layout = fill.records.get(records_key_of(indicator))
        if layout is None:
            return {}
        if isinstance(layout, ChecklistLayout):
            formulas = checklist_inputs(layout, fill.year)
        elif isinstance(layout, SurveyLayout):
            formulas = survey_inputs(layout, indicator)
        elif indicator.desa_complete:
            formulas = desa_complete_inputs(layout)
        else:
            formulas = desa_count_inputs(layout, fill.year)
        return {f"{indicator.id}_{suffix}": formula for suffix, formula in formulas.items()}
    if not indicator.derived_from:
        return {}
    formulas = {}
    for part in block.parts:
        if part is Part.VAL:
            continue
        for quarter in QUARTERS:
            suffix = f"TW{quarter}_{part.value}"
            sources = [fill.located.get(f"{source}_{suffix}") for source in indicator.derived_from]
            if None in sources:
                return {}
            cells = ",".join(sources)  # type: ignore[arg-type]
            formulas[f"{indicator.id}_{suffix}"] = f'=IF(COUNT({cells})=0,"",SUM({cells}))'
    return formulas


def _cache(fill: _Fill, name: str) -> object:
    """A formula's cached result: the library's own computation, or "" in a blank."""
    value = fill.cached.get(name)
    return "" if value is None else value


def _write_value(sheet: Worksheet, row: int, col: int, value: object, style: Any) -> None:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        sheet.write_number(row, col, value, style)
    elif isinstance(value, str) and value:
        sheet.write_string(row, col, value, style)
    else:
        sheet.write_blank(row, col, None, style)


def _computed_style(styles: Styles, block: IndicatorBlock, row: int, col: int) -> Any:
    """The number format of a computed cell: percent points for ratios, counts as integers."""
    indicator = block.indicator
    if col == Col.CAPAIAN:
        return styles.capaian
    if col == Col.KATEGORI:
        return styles.kategori
    if row == block.row(Part.VAL) and indicator.kind is Kind.RATIO:
        return styles.percent_bold if col == Col.TAHUN else styles.percent
    return styles.number if indicator.whole_inputs else styles.decimal


def _row_label(indicator: Indicator, part: Part) -> str:
    cumulative = indicator.aggregation is Aggregation.CUMULATIVE
    if part is Part.NUM and indicator.kind is Kind.RATIO:
        suffix = " (pada triwulan ini)" if cumulative else ""
        return f"Pembilang: {indicator.numerator}{suffix}"
    if part is Part.DEN:
        suffix = " (nilai tahunan yang berlaku)" if cumulative else ""
        return f"Penyebut: {indicator.denominator}{suffix}"
    if part is Part.NUM:
        word = "Jumlah" if indicator.kind is Kind.COUNT else "Nilai"
        return f"{word} {indicator.satuan} triwulan ini"
    heading = "Realisasi s.d. triwulan" if cumulative else "Realisasi"
    rule = YEAR_RULES[(indicator.kind, indicator.aggregation)]
    return f"{heading} ({indicator.satuan})\n{rule}"


def _validate_inputs(sheet: Worksheet, block: IndicatorBlock, part: Part) -> None:
    """Data validation with Bahasa Indonesia prompts on one input row (its four quarters)."""
    indicator = block.indicator
    row = block.row(part)
    first, last = quarter_col(QUARTERS[0]), quarter_col(QUARTERS[-1])
    whole = indicator.whole_inputs
    number_word = "bilangan bulat" if whole else "angka"
    options: dict[str, Any]
    if indicator.kind is Kind.RATIO:
        me = cell_name(row, first)
        other = cell_name(block.row(Part.DEN if part is Part.NUM else Part.NUM), first)
        relation = "<=" if part is Part.NUM else ">="
        whole_check = f",INT({me})={me}" if whole else ""
        label = indicator.numerator if part is Part.NUM else indicator.denominator
        rule = "tidak melebihi penyebut" if part is Part.NUM else "tidak kurang dari pembilang"
        title = "Pembilang" if part is Part.NUM else "Penyebut"
        options = {
            "validate": "custom",
            "value": f"=AND(ISNUMBER({me}),{me}>=0{whole_check},"
            f"OR(ISBLANK({other}),{me}{relation}{other}))",
            "error_message": f"{title} harus {number_word} 0 atau lebih dan {rule}.",
        }
        message = f"{label}. Ketik {number_word} 0 atau lebih, {rule}."
    elif indicator.kind is Kind.COUNT:
        title = "Jumlah"
        options = {
            "validate": "integer" if whole else "decimal",
            "criteria": ">=",
            "value": 0,
            "error_message": f"Jumlah harus {number_word} 0 atau lebih.",
        }
        message = f"Jumlah {indicator.satuan} pada triwulan ini. Ketik {number_word} 0 atau lebih."
    else:
        title = "Nilai"
        low, high = indicator.valid_range or (0, None)
        if high is None:
            options = {"validate": "decimal", "criteria": ">=", "value": low}
            allowed = f"{low:g} atau lebih"
        else:
            options = {
                "validate": "decimal",
                "criteria": "between",
                "minimum": low,
                "maximum": high,
            }
            allowed = f"antara {low:g} dan {high:g}"
        options["error_message"] = f"Nilai harus angka {allowed}."
        message = f"{indicator.name}. Ketik angka {allowed}."
    message += " Kosongkan bila belum ada data."
    options.update(
        input_title=f"{title} triwulan"[:PROMPT_TITLE_MAX],
        input_message=_fit(message, PROMPT_MESSAGE_MAX),
        error_title="Isian tidak valid",
        error_type="stop",
    )
    sheet.data_validation(row, first, row, last, options)


def _validate_target(sheet: Worksheet, block: IndicatorBlock) -> None:
    indicator = block.indicator
    row, col = block.target
    if indicator.kind is Kind.RATIO:
        low, high = 0.0, 100.0
    elif indicator.kind is Kind.VALUE and indicator.valid_range:
        low, high = indicator.valid_range
    else:
        low, high = 0.0, None
    if high is None:
        rule = {"validate": "decimal", "criteria": ">=", "value": low}
        allowed = f"{low:g} atau lebih"
    else:
        rule = {"validate": "decimal", "criteria": "between", "minimum": low, "maximum": high}
        allowed = f"antara {low:g} dan {high:g}"
    unit = " (dalam persen: ketik 100 untuk 100%)" if indicator.kind is Kind.RATIO else ""
    sheet.data_validation(
        row,
        col,
        row,
        col,
        {
            **rule,
            "input_title": "Target tahunan",
            "input_message": _fit(
                f"Ketik target tahun ini, angka {allowed}{unit}.", PROMPT_MESSAGE_MAX
            ),
            "error_title": "Target tidak valid",
            "error_message": f"Target harus angka {allowed}{unit}.",
        },
    )


def write_signature(
    sheet: Worksheet,
    styles: Styles,
    catalog: Catalog,
    signatory: Signatory,
    row: int,
    first_col: int,
    last_col: int,
) -> None:
    """The signature block: place, month and year; title; room to sign; name; NIP."""
    lines = [
        (f"{catalog.signing.place}, {catalog.signing.month} {catalog.year}", styles.sign),
        (signatory.title, styles.sign),
        ("", styles.sign),
        ("", styles.sign),
        ("", styles.sign),
        (signatory.name, styles.sign_name),
        (f"NIP. {signatory.nip}", styles.sign),
    ]
    for offset, (text, style) in enumerate(lines):
        _merge(sheet, row + offset, first_col, row + offset, last_col, text, style)


def _set_category_colours(sheet: Worksheet, styles: Styles, layout: SheetLayout) -> None:
    for name, style in styles.category_fills.items():
        sheet.conditional_format(
            FIRST_DATA_ROW,
            Col.KATEGORI,
            layout.last_table_row,
            Col.KATEGORI,
            {"type": "cell", "criteria": "==", "value": f'"{name}"', "format": style},
        )


def _set_row_heights(sheet: Worksheet, layout: SheetLayout) -> None:
    for row, height in row_heights(layout).items():
        sheet.set_row(row, height)


def row_heights(layout: SheetLayout) -> dict[int, float]:
    """The height of each table row: enough for every text that spans it.

    Spreadsheet programs do not grow rows for text in merged cells, so heights are set from an
    estimate of the wrapped lines: each row fits its own label, each indicator block fits its
    longest text (indicator, penjelasan, ...) and each sasaran block its name; a block short of
    height has the shortage spread over its rows.
    """
    heights: dict[int, float] = {}
    for block in layout.indicators:
        indicator = block.indicator
        for part in block.parts:
            lines = _wrapped_lines(_row_label(indicator, part), COLUMN_WIDTHS[Col.URAIAN])
            heights[block.row(part)] = max(MIN_ROW_HEIGHT, lines * LINE_HEIGHT)
        texts = {
            Col.INDIKATOR: indicator.name,
            Col.PENJELASAN: indicator.penjelasan,
            Col.PENANGGUNG_JAWAB: indicator.responsible,
            Col.SUMBER_DATA: indicator.data_source,
        }
        needed = max(_wrapped_lines(text, COLUMN_WIDTHS[col]) for col, text in texts.items())
        _stretch(heights, block.first_row, block.last_row, needed * LINE_HEIGHT)
    for sasaran in layout.sasaran:
        needed = _wrapped_lines(sasaran.name, COLUMN_WIDTHS[Col.SASARAN]) * LINE_HEIGHT
        _stretch(heights, sasaran.first_row, sasaran.last_row, needed)
    return heights


def _stretch(heights: dict[int, float], first: int, last: int, needed: float) -> None:
    """Spread what rows first..last lack of ``needed`` points evenly over them."""
    rows = range(first, last + 1)
    shortage = needed - sum(heights[row] for row in rows)
    if shortage > 0:
        for row in rows:
            heights[row] += shortage / len(rows)


def _wrapped_lines(text: str, width: float) -> int:
    """Estimated lines of ``text`` wrapped in a column ``width`` characters wide (9-pt Arial)."""
    per_line = max(1, int(width * 1.1))  # word wrapping wastes the ends of lines
    return sum(max(1, math.ceil(len(part) / per_line)) for part in text.split("\n"))


# --- helpers ---------------------------------------------------------------------------------


def _merge(
    sheet: Worksheet,
    first_row: int,
    first_col: int,
    last_row: int,
    last_col: int,
    value: str | float | None,
    style: Any,
) -> None:
    """Write ``value`` over a range, merged when it spans cells; text always as a string
    (never a formula), a number as a number, None or "" as an empty cell."""
    if (first_row, first_col) != (last_row, last_col):
        sheet.merge_range(first_row, first_col, last_row, last_col, None, style)
    _write_value(sheet, first_row, first_col, value, style)


def _fit(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 3].rstrip() + "..."


def write_metadata(workbook: Workbook, info: WorkbookInfo) -> None:
    """The very hidden sheet a reader identifies the workbook by, plus document properties."""
    sheet = workbook.add_worksheet(META_SHEET)
    for row, (key, value) in enumerate(info.entries()):
        sheet.write_string(row, 0, key)
        sheet.write_string(row, 1, value)
    sheet.protect("")
    sheet.very_hidden()

    catalog = info.catalog
    units = "Semua Unit" if info.kind == "combined" else info.units[0].name
    workbook.set_properties(
        {
            "title": f"IKU {units} Kecamatan {catalog.kecamatan.name} {catalog.year}",
            "subject": f"{catalog.title} {catalog.year}",
            "author": f"Kecamatan {catalog.kecamatan.name}",
            "company": catalog.government.heading,
            "keywords": "IKU, indikator kinerja utama, SAKIP",
            "comments": f"Dibuat dengan iku_xlsx {__version__}",
        }
    )
    for key, value in info.entries():
        if ":" not in key:
            workbook.set_custom_property(f"iku_{key}", value)


# --- records sheets: a checklist, desa records, the IKM survey ---------------------------------

DATE_FORMAT = "dd/mm/yyyy"
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


def _write_records_sheet(
    workbook: Workbook,
    styles: Styles,
    catalog: Catalog,
    unit: Unit,
    layout: RecordsLayout,
    fill: _Fill,
) -> None:
    """A records sheet: its heading, the quarter input, then the records' table."""
    sheet = workbook.add_worksheet(layout.sheet_name)
    sheet.hide_gridlines(2)
    if isinstance(layout, SurveyLayout):
        title, last_col, note = "SURVEI INDEKS KEPUASAN MASYARAKAT (IKM)", layout.LAST_COL, "survey"
        quarter_label, quarter_name = SURVEY_QUARTER_LABEL, "IKM_TRIWULAN"
    else:
        indicator = layout.indicator
        title = f"RINCIAN {indicator.id}: {indicator.name}"
        if isinstance(layout, ChecklistLayout):
            last_col, note = layout.LAST_COL, "checklist"
        else:
            last_col, note = layout.last_col, "desa"
        quarter_label, quarter_name = LAST_QUARTER_LABEL, f"{indicator.id}_LAST_TW"
    heading = f"{unit.heading} - TAHUN {catalog.year}"
    _merge(sheet, 0, 0, 0, last_col, _fit(title, 250), styles.heading)
    _merge(sheet, 1, 0, 1, last_col, heading, styles.subheading)
    row, col = LAST_QUARTER_CELL
    _merge(sheet, row, 0, row, col - 1, quarter_label, styles.label_value)
    _write_value(sheet, row, col, fill.values.get(quarter_name), styles.input_number)
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
    _merge(sheet, row, col + 1, row, last_col, RECORDS_NOTE[note], styles.note)
    sheet.set_row(row, 2.5 * LINE_HEIGHT)

    if isinstance(layout, ChecklistLayout):
        _write_checklist(sheet, styles, layout, fill)
    elif isinstance(layout, DesaLayout):
        _write_desa_records(sheet, styles, catalog, layout, fill)
    else:
        _write_survey(sheet, styles, layout, fill)

    sheet.freeze_panes(RECORDS_HEADER_ROW + 1, 0)
    sheet.set_landscape()
    sheet.set_paper(9)
    sheet.fit_to_pages(1, 0)
    sheet.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.6)
    sheet.protect("", {"format_columns": True, "format_rows": True})
    for name, (row, col) in layout.names().items():
        workbook.define_name(
            name, f"={quote_sheet(layout.sheet_name)}!{cell_name(row, col, absolute=True)}"
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


def _headers(sheet: Worksheet, styles: Styles, headers: dict[int, tuple[str, float]]) -> None:
    for col, (text, width) in headers.items():
        sheet.write_string(RECORDS_HEADER_ROW, col, text, styles.header)
        sheet.set_column(col, col, width)
    sheet.set_row(RECORDS_HEADER_ROW, 3 * LINE_HEIGHT)


def _write_checklist(sheet: Worksheet, styles: Styles, layout: ChecklistLayout, fill: _Fill):
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
        done = fill.values.get(f"{indicator.id}_ITEM{k}_DONE")
        _write_date(sheet, row, layout.DONE, done, styles.input_date)
        sheet.write_formula(
            row,
            layout.STATUS,
            checklist_status(cell_name(row, layout.DUE), cell_name(row, layout.DONE)),
            styles.text_center,
            _cache(fill, f"{indicator.id}_ITEM{k}_STATUS"),
        )
        note = fill.values.get(f"{indicator.id}_ITEM{k}_NOTE")  # kept in a consolidation
        if note is None:
            sheet.write_blank(row, layout.NOTE, None, styles.input_text)
        else:
            sheet.write_string(row, layout.NOTE, str(note), styles.input_text)
    _date_validation(
        sheet, (layout.FIRST_ROW, layout.DONE), (layout.last_row, layout.DONE), fill.year
    )


def _write_desa_records(
    sheet: Worksheet, styles: Styles, catalog: Catalog, layout: DesaLayout, fill: _Fill
):
    indicator = layout.indicator
    documents = indicator.desa_documents or []
    headers = {layout.NO: ("NO", 4), layout.CODE: ("KODE DESA", 11), layout.DESA: ("DESA", 18)}
    for j, document in enumerate(documents, start=1):
        headers[layout.document_col(j)] = (document.name.upper(), 13)
    for q in QUARTERS:
        headers[layout.complete_col(q)] = (f"LENGKAP S.D. {QUARTER_HEADERS[q - 1]}", 9)
    _headers(sheet, styles, headers)
    _merge(
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
    for i, desa in enumerate(catalog.desa, start=1):
        row = layout.row(i)
        sheet.write_number(row, layout.NO, i, styles.text_center)
        sheet.write_string(row, layout.CODE, desa.code, styles.text_center)
        sheet.write_string(row, layout.DESA, desa.name, styles.text)
        for j in range(1, len(documents) + 1):
            value = fill.values.get(f"{indicator.id}_DESA{i}_DOC{j}")
            _write_date(sheet, row, layout.document_col(j), value, styles.input_date)
        for q in QUARTERS:
            sheet.write_formula(
                row,
                layout.complete_col(q),
                desa_complete_flag(layout, i, q, fill.year),
                styles.complete,
                _cache(fill, f"{indicator.id}_DESA{i}_LENGKAP_TW{q}"),
            )
    _date_validation(
        sheet,
        (layout.FIRST_ROW, layout.document_col(1)),
        (layout.last_row, layout.document_col(len(documents))),
        fill.year,
    )


def _write_survey(sheet: Worksheet, styles: Styles, layout: SurveyLayout, fill: _Fill):
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
        text = (
            IKM_UNSUR[col - layout.FIRST_UNSUR]
            if col in range(layout.FIRST_UNSUR, layout.TOTAL)
            else ""
        )
        sheet.write_string(sub_row, col, text, styles.numbering)
    sheet.set_row(sub_row, 4 * LINE_HEIGHT)
    whole = {"validate": "integer", "criteria": ">=", "value": 0}
    for n in range(1, layout.rows + 1):
        row = layout.row(n)
        sheet.write_number(row, layout.NO, n, styles.text_center)
        name = fill.values.get(f"IKM_L{n}_NAMA")
        if name is None and n <= len(layout.services):
            name = layout.services[n - 1]
        _write_value(sheet, row, layout.NAME, name, styles.input_text)
        for col, suffix in ((layout.POPULATION, "POPULASI"), (layout.RESPONDENTS, "RESPONDEN")):
            _write_value(
                sheet, row, col, fill.values.get(f"IKM_L{n}_{suffix}"), styles.input_number
            )
        for j in range(1, len(IKM_UNSUR) + 1):
            value = fill.values.get(f"IKM_L{n}_U{j}")
            _write_value(sheet, row, layout.unsur_col(j), value, styles.input_number)
        cached = {
            layout.SAMPLE: "SAMPEL",
            layout.TOTAL: "JUMLAH",
            layout.IKM: "NILAI",
            layout.MUTU: "MUTU",
        }
        for col, formula in survey_row(layout, n).items():
            style = styles.decimal if col == layout.IKM else styles.number
            if col == layout.MUTU:
                style = styles.text_center
            sheet.write_formula(row, col, formula, style, _cache(fill, f"IKM_L{n}_{cached[col]}"))
    first, last = layout.FIRST_ROW, layout.last_row
    sheet.data_validation(
        first,
        layout.POPULATION,
        last,
        layout.RESPONDENTS,
        {**whole, "error_message": "Ketik bilangan bulat 0 atau lebih."},
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
    pooled = layout.pooled_row
    _merge(
        sheet, pooled, 0, pooled, layout.SAMPLE, "GABUNGAN (SEMUA RESPONDEN)", styles.label_value
    )
    names = {layout.RESPONDENTS: "IKM_RESPONDEN", layout.IKM: "IKM_NILAI", layout.MUTU: "IKM_MUTU"}
    for col in range(layout.RESPONDENTS, layout.LAST_COL + 1):
        if col not in names:
            sheet.write_blank(pooled, col, None, styles.text)
    for col, formula in survey_pooled(layout).items():
        style = {layout.IKM: styles.percent_bold, layout.MUTU: styles.kategori}.get(
            col, styles.number
        )
        sheet.write_formula(pooled, col, formula, style, _cache(fill, names[col]))


def _write_date(sheet: Worksheet, row: int, col: int, value: object, style: Any) -> None:
    if isinstance(value, dt.date):
        sheet.write_datetime(row, col, value, style)
    else:
        _write_value(sheet, row, col, value, style)
