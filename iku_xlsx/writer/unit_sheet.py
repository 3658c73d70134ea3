"""A unit's sheet: the signed IKU table (columns A-F) extended by the measurement part (G-Q).

Where each cell is comes from :mod:`iku_xlsx.contract.layout`; what each computed cell says
from :mod:`iku_xlsx.writer.formulas`. Inputs are light yellow and unlocked, with Bahasa
Indonesia prompts and data validation; everything else is locked.
"""

from __future__ import annotations

import math
from typing import Any

from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from iku_xlsx.catalog import (
    QUARTERS,
    Aggregation,
    Amounts,
    Catalog,
    Indicator,
    Kind,
    Polarity,
    Unit,
)
from iku_xlsx.contract import names
from iku_xlsx.contract.layout import (
    FIRST_DATA_ROW,
    HEADER_SUB_ROW,
    HEADER_TOP_ROW,
    LAST_COL,
    LEGEND_ROW,
    NOTE_ROW,
    NUMBERING_ROW,
    Col,
    IndicatorBlock,
    SasaranBlock,
    SheetLayout,
    cell_name,
    quarter_col,
)
from iku_xlsx.contract.names import TO_DATE_PARTS, Part
from iku_xlsx.contract.records_layout import (
    ChecklistLayout,
    SurveyLayout,
    records_key_of,
    records_sheet_of,
)
from iku_xlsx.writer.cells import define_names, fit, merge, write_signature, write_value
from iku_xlsx.writer.fill import Fill
from iku_xlsx.writer.formulas import (
    block_formulas,
    cascade_sum,
    checklist_inputs,
    desa_complete_inputs,
    desa_count_inputs,
    survey_inputs,
    target_of_year,
)
from iku_xlsx.writer.printing import DEFAULT_ROW_HEIGHT, pages_tall_for, set_page
from iku_xlsx.writer.styles import COLUMN_WIDTHS, LINE_HEIGHT, MIN_ROW_HEIGHT, Styles

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
HEADER_HEIGHT = 3 * LINE_HEIGHT  # each of the two header rows: three wrapped lines
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


def write_unit_sheet(
    workbook: Workbook, styles: Styles, catalog: Catalog, layout: SheetLayout, fill: Fill
) -> None:
    """One unit's sheet: the head, every sasaran and indicator, the signature, then how it
    looks, prints and is protected, and its defined names."""
    sheet = workbook.add_worksheet(layout.sheet_name)
    _set_columns(sheet)
    _write_head(sheet, styles, catalog, layout.unit)
    for sasaran in layout.sasaran:
        _write_sasaran(sheet, styles, catalog, sasaran, fill)
    write_signature(
        sheet, styles, catalog, layout.unit.signatory, layout.signature_row, Col.TAHUN, LAST_COL
    )
    _set_category_colours(sheet, styles, layout, catalog.rules.bands())
    _set_row_heights(sheet, layout)
    _set_printing(sheet, styles.paper, catalog, layout)
    sheet.protect("", {"format_columns": True, "format_rows": True})
    define_names(workbook, layout.sheet_name, layout.names())


def _set_columns(sheet: Worksheet) -> None:
    sheet.hide_gridlines(2)
    for col, width in COLUMN_WIDTHS.items():
        sheet.set_column(col, col, width)
    sheet.freeze_panes(FIRST_DATA_ROW, Col.PENJELASAN)


def _set_printing(sheet: Worksheet, paper: str, catalog: Catalog, layout: SheetLayout) -> None:
    """Landscape on ``paper``, as wide as the page (and one page tall when a little
    shrinking keeps it so), the table's headers on every page, the footer shortened to
    what Excel allows."""
    heights = row_heights(layout)
    rows = [heights.get(row, DEFAULT_ROW_HEIGHT) for row in range(layout.last_row + 1)]
    set_page(
        sheet,
        paper,
        pages_tall=pages_tall_for(COLUMN_WIDTHS.values(), rows, paper),
        repeat_rows=(HEADER_TOP_ROW, NUMBERING_ROW),
        area=(0, 0, layout.last_row, LAST_COL),
        footer=f"IKU {layout.unit.name} - Kecamatan {catalog.kecamatan.name} {catalog.year}",
    )


def _write_head(sheet: Worksheet, styles: Styles, catalog: Catalog, unit: Unit) -> None:
    lines = (catalog.government.heading, catalog.title, unit.heading, f"TAHUN {catalog.year}")
    for row, (text, style) in enumerate(
        zip(lines, (styles.heading, styles.heading, styles.heading, styles.subheading), strict=True)
    ):
        merge(sheet, row, 0, row, LAST_COL, text, style)
    merge(sheet, LEGEND_ROW, Col.NO, LEGEND_ROW, Col.SASARAN, "Isian", styles.legend_swatch)
    merge(sheet, LEGEND_ROW, Col.INDIKATOR, LEGEND_ROW, LAST_COL, LEGEND, styles.legend)
    merge(sheet, NOTE_ROW, Col.NO, NOTE_ROW, LAST_COL, NOTE, styles.note)

    for col, text in HEADERS.items():
        merge(sheet, HEADER_TOP_ROW, col, HEADER_SUB_ROW, col, text, styles.header)
    merge(
        sheet, HEADER_TOP_ROW, Col.TW1, HEADER_TOP_ROW, Col.TAHUN, REALISATION_HEADER, styles.header
    )
    for quarter, text in zip(QUARTERS, QUARTER_HEADERS, strict=True):
        sheet.write_string(HEADER_SUB_ROW, quarter_col(quarter), text, styles.header)
    sheet.write_string(HEADER_SUB_ROW, Col.TAHUN, YEAR_HEADER, styles.header)
    for number in range(LAST_COL + 1):
        sheet.write_string(NUMBERING_ROW, number, f"({number + 1})", styles.numbering)


def _write_sasaran(
    sheet: Worksheet, styles: Styles, catalog: Catalog, sasaran: SasaranBlock, fill: Fill
) -> None:
    """A sasaran's number and name merged over its indicators, then each indicator."""
    first, last = sasaran.first_row, sasaran.last_row
    merge(sheet, first, Col.NO, last, Col.NO, sasaran.number, styles.text_center)
    merge(sheet, first, Col.SASARAN, last, Col.SASARAN, sasaran.name, styles.text)
    for block in sasaran.indicators:
        _write_indicator(sheet, styles, catalog, block, fill)


def _write_indicator(
    sheet: Worksheet, styles: Styles, catalog: Catalog, block: IndicatorBlock, fill: Fill
) -> None:
    """One indicator's block: its signed texts, its target, its inputs, its formulas, its
    targets to date."""
    _write_texts(sheet, styles, block)
    _write_target(sheet, styles, block, fill)
    _write_inputs(sheet, styles, block, fill)
    _write_formulas(sheet, styles, catalog, block, fill)
    if block.to_date:
        _write_targets_to_date(sheet, styles, block, fill)
    kendala = fill.values.get(names.kendala(block.indicator.id))
    merge(
        sheet, block.first_row, Col.KENDALA, block.last_row, Col.KENDALA, kendala, styles.input_text
    )


def _write_texts(sheet: Worksheet, styles: Styles, block: IndicatorBlock) -> None:
    """The signed IKU table's texts, merged over the block."""
    indicator = block.indicator
    first, last = block.first_row, block.last_row
    for col, text in (
        (Col.INDIKATOR, indicator.name),
        (Col.PENJELASAN, indicator.penjelasan),
        (Col.PENANGGUNG_JAWAB, indicator.responsible),
        (Col.SUMBER_DATA, indicator.data_source),
    ):
        merge(sheet, first, col, last, col, text, styles.text)
    merge(sheet, first, Col.SATUAN, last, Col.SATUAN, indicator.satuan, styles.text_center)


def _write_target(sheet: Worksheet, styles: Styles, block: IndicatorBlock, fill: Fill) -> None:
    """The annual target: fixed by the catalog (locked) or typed by the unit (an input)."""
    indicator = block.indicator
    first, last = block.first_row, block.last_row
    target = indicator.target_for(fill.year)
    if target is None:
        typed = fill.values.get(names.target(indicator.id))
        merge(sheet, first, Col.TARGET, last, Col.TARGET, typed, styles.input_decimal)
        _validate_target(sheet, block)
    else:
        style = styles.number if float(target).is_integer() else styles.decimal
        merge(sheet, first, Col.TARGET, last, Col.TARGET, target, style)


def _write_inputs(sheet: Worksheet, styles: Styles, block: IndicatorBlock, fill: Fill) -> None:
    """Each row's label, and the quarters' inputs: typed (unlocked, validated) or computed
    (from records, or a cascade's sums)."""
    indicator = block.indicator
    input_style = styles.input_number if indicator.whole_inputs else styles.input_decimal
    computed = _computed_inputs(block, fill)
    for part in block.parts:
        row = block.row(part)
        label = _row_label(indicator, part)
        if part in (Part.NUM, Part.DEN) and indicator.computed_inputs:
            label += f"\n({_computed_from(indicator)})"
        emphasised = part in (Part.VAL, Part.CAPAIAN)
        sheet.write_string(
            row, Col.URAIAN, label, styles.label_value if emphasised else styles.label
        )
        if part in TO_DATE_PARTS:
            sheet.write_blank(row, Col.TAHUN, None, styles.text)  # no year cell: the rows above
        if part not in (Part.NUM, Part.DEN):
            continue
        for quarter in QUARTERS:
            name = names.quarter(indicator.id, quarter, part)
            col = quarter_col(quarter)
            if not indicator.computed_inputs:
                write_value(sheet, row, col, fill.values.get(name), input_style)
            elif name in computed:
                style = styles.number if indicator.whole_inputs else styles.decimal
                sheet.write_formula(row, col, computed[name], style, fill.cached_result(name))
            else:  # the sources are in other files: computed in the consolidation
                sheet.write_blank(row, col, None, styles.number)
        if not indicator.computed_inputs:
            _validate_inputs(sheet, block, part)


def _write_formulas(
    sheet: Worksheet, styles: Styles, catalog: Catalog, block: IndicatorBlock, fill: Fill
) -> None:
    """Realisation, capaian and kategori: live formulas (capaian and kategori merged)."""
    first, last = block.first_row, block.last_row
    named = {position: name for name, position in block.names().items()}
    for (row, col), formula in block_formulas(block, catalog.rules).items():
        style = _computed_style(styles, block, row, col)
        if col in (Col.CAPAIAN, Col.KATEGORI) and first != last:
            sheet.merge_range(first, col, last, col, None, style)
        sheet.write_formula(row, col, formula, style, fill.cached_result(named[(row, col)]))


def _write_targets_to_date(
    sheet: Worksheet, styles: Styles, block: IndicatorBlock, fill: Fill
) -> None:
    """The targets to date (s.d. triwulan): the Rencana Aksi's from the catalog (locked);
    typed by the unit where the year's annual target is its to type; else the annual
    target (a ratio or value, a locked formula) or none (a count)."""
    indicator = block.indicator
    row = block.row(Part.TARGET)
    fixed = indicator.quarter_targets_for(fill.year)
    typed = indicator.target_for(fill.year) is None
    style = styles.number if indicator.whole_inputs else styles.decimal
    for q in QUARTERS:
        col, name = quarter_col(q), names.quarter(indicator.id, q, Part.TARGET)
        if fixed:
            write_value(sheet, row, col, fixed[q - 1], styles.decimal)
        elif typed:
            write_value(sheet, row, col, fill.values.get(name), styles.input_decimal)
        elif indicator.kind is Kind.COUNT:
            sheet.write_blank(row, col, None, style)
        else:
            annual = cell_name(*block.target, absolute=True)
            sheet.write_formula(
                row, col, target_of_year(annual), styles.decimal, fill.cached_result(name)
            )
    if typed and not fixed:
        _validate_target(sheet, block, row)


def _computed_from(indicator: Indicator) -> str:
    """Where a computed input comes from, as the row label says it."""
    if indicator.derived_from:
        return "dihitung dari unit lain pada rekap kecamatan"
    sheet = records_sheet_of(indicator)
    if indicator.desa_complete:
        return f"dihitung dari lembar {sheet} (Kasi pemilik data); pada berkas unit: di rekap"
    return f"dihitung dari lembar {sheet}"


def _computed_inputs(block: IndicatorBlock, fill: Fill) -> dict[str, str]:
    """The formulas of computed inputs, keyed by name: counts over records, or sums over a
    cascade's sources; none when what they count is not in this workbook."""
    indicator = block.indicator
    if indicator.recorded:
        formulas = _records_inputs(indicator, fill)
    elif indicator.derived_from:
        formulas = _cascade_inputs(block, fill)
    else:
        formulas = {}
    return {names.of(indicator.id, suffix): formula for suffix, formula in formulas.items()}


def _records_inputs(indicator: Indicator, fill: Fill) -> dict[str, str]:
    """A recorded indicator's quarter inputs, by suffix, as counts over its records sheet."""
    layout = fill.records.get(records_key_of(indicator))
    if layout is None:
        return {}
    if isinstance(layout, ChecklistLayout):
        return checklist_inputs(layout, fill.year)
    if isinstance(layout, SurveyLayout):
        return survey_inputs(layout, indicator)
    if indicator.desa_complete:
        return desa_complete_inputs(layout)
    return desa_count_inputs(layout, fill.year)


def _cascade_inputs(block: IndicatorBlock, fill: Fill) -> dict[str, str]:
    """A cascade's quarter inputs, by suffix: sums over its sources' cells in this workbook."""
    formulas = {}
    for part in block.parts:
        if part is Part.VAL:
            continue
        for quarter in QUARTERS:
            suffix = names.quarter_suffix(quarter, part)
            sources = [
                fill.located.get(names.of(source, suffix))
                for source in block.indicator.derived_from or ()
            ]
            if None in sources:
                return {}
            formulas[suffix] = cascade_sum(sources)  # type: ignore[arg-type]
    return formulas


def _computed_style(styles: Styles, block: IndicatorBlock, row: int, col: int) -> Any:
    """The number format of a computed cell: percent points for ratios, counts as integers."""
    indicator = block.indicator
    if col == Col.CAPAIAN:
        return styles.capaian
    if col == Col.KATEGORI:
        return styles.kategori
    if block.to_date and row == block.row(Part.CAPAIAN):
        return styles.percent_bold
    ratio_values = [Part.VAL] + ([Part.TODATE] if block.to_date else [])
    if indicator.kind is Kind.RATIO and row in [block.row(part) for part in ratio_values]:
        return styles.percent_bold if col == Col.TAHUN else styles.percent
    return styles.number if indicator.whole_inputs else styles.decimal


POLARITY_WORDS = {
    Polarity.HIGHER: "makin tinggi makin baik",
    Polarity.LOWER: "makin rendah makin baik",
}
POLARITY_SHORT = {  # the same, in a report's narrow column, on one line
    Polarity.HIGHER: "tinggi = baik",
    Polarity.LOWER: "rendah = baik",
}


def _row_label(indicator: Indicator, part: Part) -> str:
    """What a row of the block holds, as its URAIAN cell says it."""
    cumulative = indicator.aggregation is Aggregation.CUMULATIVE
    if part in TO_DATE_PARTS:
        return _to_date_label(indicator, part)
    if part is Part.NUM and indicator.kind is Kind.RATIO:
        suffix = ""
        if cumulative:
            to_date = indicator.amounts is Amounts.TO_DATE
            suffix = " (s.d. triwulan ini)" if to_date else " (pada triwulan ini)"
        return f"Pembilang: {indicator.numerator}{suffix}"
    if part is Part.DEN:
        suffix = " (nilai tahunan yang berlaku)" if cumulative else ""
        return f"Penyebut: {indicator.denominator}{suffix}"
    if part is Part.NUM:
        word = "Jumlah" if indicator.kind is Kind.COUNT else "Nilai"
        return f"{word} {indicator.satuan} triwulan ini"
    heading = "Realisasi s.d. triwulan" if cumulative else "Realisasi"
    rule = YEAR_RULES[(indicator.kind, indicator.aggregation)]
    if cumulative and indicator.amounts is Amounts.TO_DATE:
        rule = "Tahun: realisasi s.d. triwulan terakhir / nilai tahunan terakhir"
    polarity = POLARITY_WORDS[indicator.polarity].capitalize()
    return f"{heading} ({indicator.satuan})\n{rule}\n{polarity}"


def _to_date_label(indicator: Indicator, part: Part) -> str:
    """The quarter-to-date rows: target, realisation, capaian s.d. triwulan."""
    if part is Part.TARGET:
        if indicator.kind is Kind.COUNT:
            fallback = "kosong: tanpa capaian s.d. triwulan"
        else:
            fallback = "bila kosong: target tahunan"
        return f"Target s.d. triwulan (Rencana Aksi; {fallback})"
    if part is Part.TODATE:
        return f"Realisasi s.d. triwulan ({indicator.satuan})"
    return "Capaian s.d. triwulan (%)"


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
        input_message=fit(message, PROMPT_MESSAGE_MAX),
        error_title="Isian tidak valid",
        error_type="stop",
    )
    sheet.data_validation(row, first, row, last, options)


def _validate_target(sheet: Worksheet, block: IndicatorBlock, row: int | None = None) -> None:
    """Data validation of the annual target (or, with ``row``, the targets to date)."""
    indicator = block.indicator
    first_col = last_col = block.target[1]
    to_date = row is not None
    if row is None:
        row = block.target[0]
    else:
        first_col, last_col = quarter_col(QUARTERS[0]), quarter_col(QUARTERS[-1])
    if indicator.kind is Kind.RATIO:
        low, high = 0.0, float(indicator.scale)
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
    unit = " (dalam persen: ketik 100 untuk 100%)" if indicator.percentage else ""
    which = "target s.d. triwulan ini (Rencana Aksi)" if to_date else "target tahun ini"
    sheet.data_validation(
        row,
        first_col,
        row,
        last_col,
        {
            **rule,
            "input_title": "Target s.d. triwulan" if to_date else "Target tahunan",
            "input_message": fit(f"Ketik {which}, angka {allowed}{unit}.", PROMPT_MESSAGE_MAX),
            "error_title": "Target tidak valid",
            "error_message": f"Target harus angka {allowed}{unit}.",
        },
    )


def _set_category_colours(
    sheet: Worksheet, styles: Styles, layout: SheetLayout, bands: tuple[tuple[float, str], ...]
) -> None:
    for name, style in styles.band_fills(bands).items():
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
    """The height of the note, the headers and each table row: enough for every text that
    spans it (other rows keep the default height).

    Spreadsheet programs do not grow rows for text in merged cells, so heights are set from an
    estimate of the wrapped lines: each row fits its own label, each indicator block fits its
    longest text (indicator, penjelasan, ...) and each sasaran block its name; a block short of
    height has the shortage spread over its rows.
    """
    heights = {
        NOTE_ROW: 2.2 * LINE_HEIGHT,
        HEADER_TOP_ROW: HEADER_HEIGHT,
        HEADER_SUB_ROW: HEADER_HEIGHT,
    }
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
        lines = max(_wrapped_lines(text, COLUMN_WIDTHS[col]) for col, text in texts.items())
        _stretch(heights, block.first_row, block.last_row, lines * LINE_HEIGHT)
    for sasaran in layout.sasaran:
        lines = _wrapped_lines(sasaran.name, COLUMN_WIDTHS[Col.SASARAN])
        _stretch(heights, sasaran.first_row, sasaran.last_row, lines * LINE_HEIGHT)
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
