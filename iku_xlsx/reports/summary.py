"""The Ringkasan: per unit the indicators reported, missing and in each category, and a chart
of capaian per indicator against the 100 % line; formulas over the Rekap. It prints on one
page, the chart inside it: the chart's size is set in pixels and the print area reaches the
row below it."""

from __future__ import annotations

from typing import Any

import pandas as pd
from xlsxwriter.utility import xl_rowcol_to_cell
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from iku_xlsx.catalog import Catalog, Indicator
from iku_xlsx.consolidation.result import KecamatanResult
from iku_xlsx.contract.layout import quote_sheet
from iku_xlsx.reports.rekap import FIRST_ROW, RekapCol, write_heading
from iku_xlsx.writer.cells import fit
from iku_xlsx.writer.formulas import text_literal
from iku_xlsx.writer.printing import column_pixels, row_height, set_page
from iku_xlsx.writer.styles import Styles

SUMMARY_SHEET = "Ringkasan"
COUNT_HEADERS = ["UNIT KERJA", "JUMLAH INDIKATOR", "DILAPORKAN", "BELUM DILAPORKAN"]
MISSING_COL = 3  # BELUM DILAPORKAN
FIRST_CATEGORY_COL = 4  # then a column per category, as the catalog's rules name them
UNIT_WIDTH, COUNT_WIDTH = 34, 13  # column widths (characters)
LABEL_MAX = 40  # characters of a category label: "SEKCAM_2 Persentase laporan keuangan..."
CHART_GAP = 2  # rows between the table's total and the chart
CHART_HEIGHT = 660  # pixels: the plot, and the labels standing under it
ROW_PIXELS = 20  # a row of the default height (15 points)
CHART_FONT = 8  # points, for the category labels


Bands = tuple[tuple[float, str], ...]


def _headers(bands: Bands) -> list[str]:
    return [*COUNT_HEADERS, *(name.upper() for _, name in bands)]


def summary_counts(kecamatan: KecamatanResult) -> pd.DataFrame:
    """Per unit: indicators, reported (a year figure), missing, and each category's count."""
    bands = kecamatan.catalog.rules.bands()
    table = kecamatan.inputs[["unit_id"]].assign(
        reported=kecamatan.results["year_val"].notna().to_numpy(),
        kategori=kecamatan.results["kategori"].to_numpy(),
    )
    counted = []
    for unit in kecamatan.catalog.units:
        mine = table[table["unit_id"] == unit.id]
        row: dict[str, Any] = {
            "unit": unit.name,
            "indicators": len(mine),
            "reported": int(mine["reported"].sum()),
        }
        row["missing"] = row["indicators"] - row["reported"]
        for _, name in bands:
            row[name] = int((mine["kategori"] == name).sum())
        counted.append(row)
    return pd.DataFrame(counted)


def write_summary(
    workbook: Workbook,
    sheet: Worksheet,
    styles: Styles,
    catalog: Catalog,
    kecamatan: KecamatanResult,
    rekap: str,
    rekap_rows: list[int],
    quarter: int | None = None,
) -> None:
    """The counts per unit as formulas over the Rekap's rows, their total, the colours, the
    chart, and one printed page; the heading says the figures reach ``quarter``."""
    title = "RINGKASAN CAPAIAN INDIKATOR KINERJA UTAMA"
    bands = catalog.rules.bands()
    headers = _headers(bands)
    write_heading(sheet, styles, catalog, title, len(headers), quarter)
    sheet.set_column(0, 0, UNIT_WIDTH)
    sheet.set_column(1, len(headers) - 1, COUNT_WIDTH)
    widths = [UNIT_WIDTH] + [COUNT_WIDTH] * (len(headers) - 1)
    sheet.set_row(FIRST_ROW - 1, row_height(list(zip(headers, widths, strict=True))))
    for col, title in enumerate(headers):
        sheet.write_string(FIRST_ROW - 1, col, title, styles.header)
    first, last = (rekap_rows[0] + 1, rekap_rows[-1] + 1) if rekap_rows else (1, 1)
    counts = summary_counts(kecamatan)
    column = _RekapColumns(rekap, first, last)
    for k, record in enumerate(counts.to_dict("records")):
        _write_unit_counts(sheet, styles, FIRST_ROW + k, record, column, bands)
    total = FIRST_ROW + len(counts)
    _write_total(sheet, styles, counts, total, len(headers))
    _set_colours(sheet, styles, total, bands)
    labels = _write_labels(sheet, catalog, kecamatan, len(headers) + 1)
    chart = _capaian_chart(
        workbook, quote_sheet(rekap), first - 1, last - 1, "Capaian per indikator", labels
    )
    chart.set_size({"width": column_pixels(widths), "height": CHART_HEIGHT})
    chart_row = total + CHART_GAP
    sheet.insert_chart(chart_row, 0, chart)
    sheet.hide_gridlines(2)
    last_row = chart_row + -(-CHART_HEIGHT // ROW_PIXELS)  # the row below the chart
    set_page(
        sheet,
        styles.paper,
        pages_tall=1,
        area=(0, 0, last_row, len(headers) - 1),
        footer=f"Ringkasan IKU - Kecamatan {catalog.kecamatan.name} {catalog.year}",
    )


def chart_label(indicator: Indicator) -> str:
    """A chart category: the indicator's id and name, cut to LABEL_MAX characters."""
    return fit(f"{indicator.id} {indicator.name}", LABEL_MAX)


def _write_labels(
    sheet: Worksheet, catalog: Catalog, kecamatan: KecamatanResult, label_col: int
) -> str:
    """Each Rekap row's chart label in a hidden column (``label_col``, beyond the table), in
    the Rekap's order; their range."""
    indicators = {indicator.id: indicator for indicator in catalog.indicators}
    ids = list(kecamatan.inputs["indicator_id"])
    for k, indicator_id in enumerate(ids):
        sheet.write_string(FIRST_ROW + k, label_col, chart_label(indicators[indicator_id]))
    sheet.set_column(label_col, label_col, LABEL_MAX, None, {"hidden": 1})
    top = xl_rowcol_to_cell(FIRST_ROW, label_col, row_abs=True, col_abs=True)
    bottom = xl_rowcol_to_cell(FIRST_ROW + max(len(ids), 1) - 1, label_col, True, True)
    return f"={quote_sheet(SUMMARY_SHEET)}!{top}:{bottom}"


class _RekapColumns:
    """A Rekap column over its indicators' rows, for a formula: "'Rekap IKU'!$C$7:$C$35"."""

    def __init__(self, rekap: str, first: int, last: int):
        self.rekap, self.first, self.last = rekap, first, last

    def __call__(self, col: int) -> str:
        letter = xl_rowcol_to_cell(0, col, col_abs=True)[:-1]
        return f"{quote_sheet(self.rekap)}!{letter}${self.first}:{letter}${self.last}"


def _write_unit_counts(
    sheet: Worksheet,
    styles: Styles,
    r: int,
    record: dict[str, Any],
    column: _RekapColumns,
    bands: Bands,
) -> None:
    """One unit's counts: SUMPRODUCTs over the Rekap's unit, year and kategori columns."""
    is_unit = f"({column(RekapCol.UNIT)}={text_literal(record['unit'])})"
    sheet.write_string(r, 0, record["unit"], styles.text)
    formulas = [
        f"=SUMPRODUCT({is_unit}*1)",
        f"=SUMPRODUCT({is_unit}*ISNUMBER({column(RekapCol.TAHUN)}))",
        f"={xl_rowcol_to_cell(r, 1)}-{xl_rowcol_to_cell(r, 2)}",
    ]
    kategori = column(RekapCol.KATEGORI)
    formulas += [f"=SUMPRODUCT({is_unit}*({kategori}={text_literal(name)}))" for _, name in bands]
    cached = [record["indicators"], record["reported"], record["missing"]]
    cached += [record[name] for _, name in bands]
    for col, (formula, value) in enumerate(zip(formulas, cached, strict=True), start=1):
        sheet.write_formula(r, col, formula, styles.number, int(value))


def _write_total(
    sheet: Worksheet, styles: Styles, counts: pd.DataFrame, total: int, width: int
) -> None:
    sheet.write_string(total, 0, "JUMLAH", styles.header)
    for col in range(1, width):
        cells = f"{xl_rowcol_to_cell(FIRST_ROW, col)}:{xl_rowcol_to_cell(total - 1, col)}"
        sheet.write_formula(
            total, col, f"=SUM({cells})", styles.header, int(counts.iloc[:, col].sum())
        )


def _set_colours(sheet: Worksheet, styles: Styles, total: int, bands: Bands) -> None:
    """A category's count in its colour where above 0; the missing in the lowest's."""
    fills = styles.band_fills(bands)
    for k, (_, name) in enumerate(bands):
        col, fmt = FIRST_CATEGORY_COL + k, fills[name]
        sheet.conditional_format(
            FIRST_ROW,
            col,
            total - 1,
            col,
            {"type": "cell", "criteria": ">", "value": 0, "format": fmt},
        )
    sheet.conditional_format(
        FIRST_ROW,
        MISSING_COL,
        total - 1,
        MISSING_COL,
        {
            "type": "cell",
            "criteria": ">",
            "value": 0,
            "format": fills[bands[-1][1]],
        },
    )


def _capaian_chart(
    workbook: Workbook, rekap: str, first: int, last: int, title: str, labels: str
) -> Any:
    """Capaian per indicator as columns, with the Rekap's hidden 100 line across them; the
    categories are ``labels`` (each indicator's id and name), standing under the columns."""

    def rekap_range(col: int) -> str:
        top = xl_rowcol_to_cell(first, col, row_abs=True, col_abs=True)
        return f"={rekap}!{top}:{xl_rowcol_to_cell(last, col, row_abs=True, col_abs=True)}"

    columns = workbook.add_chart({"type": "column"})
    columns.add_series(
        {
            "name": "Capaian (%)",
            "categories": labels,
            "values": rekap_range(RekapCol.CAPAIAN),
            "fill": {"color": "#4472C4"},
        }
    )
    line = workbook.add_chart({"type": "line"})
    line.add_series(
        {
            "name": "100%",
            "categories": labels,
            "values": rekap_range(RekapCol.GARIS_100),
            "line": {"color": "#C00000", "width": 1.5, "dash_type": "dash"},
        }
    )
    columns.combine(line)
    columns.show_hidden_data()  # the 100 line's helper column is hidden on the Rekap
    columns.set_title({"name": title})
    columns.set_y_axis({"name": "Capaian (%)", "min": 0})
    columns.set_x_axis({"num_font": {"rotation": -90, "size": CHART_FONT}, "interval_unit": 1})
    columns.set_legend({"position": "bottom"})
    return columns
