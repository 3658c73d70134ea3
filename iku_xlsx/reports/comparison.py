"""The Perbandingan of a kabupaten workbook: each indicator's capaian across its kecamatan,
with a chart (one per 255 kecamatan, Excel's limit of series in one chart).

It prints one page wide, the header row repeated; each chart starts a page and is sized to
fit in it at the scale the table's width sets."""

from __future__ import annotations

from xlsxwriter.utility import xl_rowcol_to_cell
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from iku_xlsx.consolidation.result import Consolidation, KecamatanResult
from iku_xlsx.contract.layout import quote_sheet
from iku_xlsx.reports.rekap import FIRST_ROW, RekapCol
from iku_xlsx.reports.signing import period_line
from iku_xlsx.reports.summary import CHART_FONT, ROW_PIXELS, chart_label
from iku_xlsx.reports.values import shown
from iku_xlsx.rules import NOT_COMPUTABLE
from iku_xlsx.writer.printing import column_pixels, printable_pixels, row_height, set_page
from iku_xlsx.writer.styles import Styles

COMPARISON_SHEET = "Perbandingan"
MAX_CHART_SERIES = 255  # Excel's limit of series in one chart
CHART_HEIGHT = 1152  # pixels of a comparison chart, at most (4 x Excel's default)
FIRST_KECAMATAN_COL = 3  # after ID, indicator and satuan
ID_WIDTH, NAME_WIDTH, SATUAN_WIDTH, KECAMATAN_WIDTH = 15, 50, 9, 14

Rekaps = list[tuple[str, KecamatanResult, list[int]]]  # sheet name, kecamatan, indicator rows


def write_comparison(
    workbook: Workbook,
    sheet: Worksheet,
    styles: Styles,
    result: Consolidation,
    rekaps: Rekaps,
    quarter: int | None = None,
) -> None:
    """Rows: the indicators of the first catalog; a column per kecamatan, its capaian a
    formula over its Rekap; the heading says the figures reach ``quarter``."""
    _write_headings(sheet, styles, result, rekaps, quarter)
    ids = list(rekaps[0][1].inputs["indicator_id"])
    indicators = {i.id: i for i in rekaps[0][1].catalog.indicators}
    columns = [_Column(rekap, rows, kecamatan) for rekap, kecamatan, rows in rekaps]
    label_col = FIRST_KECAMATAN_COL + len(rekaps)  # hidden: the charts' category labels
    for k, indicator_id in enumerate(ids):
        r = FIRST_ROW + k
        indicator = indicators[indicator_id]
        sheet.set_row(r, row_height([(indicator.name, NAME_WIDTH)]))
        sheet.write_string(r, 0, indicator_id, styles.text)
        sheet.write_string(r, 1, indicator.name, styles.text)
        sheet.write_string(r, 2, indicator.satuan, styles.text_center)
        for col, column in enumerate(columns, start=FIRST_KECAMATAN_COL):
            column.write(sheet, styles, r, col, indicator_id)
        sheet.write_string(r, label_col, chart_label(indicator))
    sheet.set_column(label_col, label_col, None, None, {"hidden": 1})
    widths = _widths(len(rekaps))
    last = _insert_charts(
        workbook, sheet, styles.paper, FIRST_ROW + len(ids) - 1, len(rekaps), widths
    )
    sheet.freeze_panes(FIRST_ROW, 2)
    sheet.hide_gridlines(2)
    catalog = rekaps[0][1].catalog
    set_page(
        sheet,
        styles.paper,
        repeat_rows=(FIRST_ROW - 1, FIRST_ROW - 1),
        area=(0, 0, last, len(widths) - 1),
        footer=f"Perbandingan IKU - {catalog.government.name} {result.year or ''}".strip(),
    )


def _widths(kecamatan: int) -> list[int]:
    return [ID_WIDTH, NAME_WIDTH, SATUAN_WIDTH] + [KECAMATAN_WIDTH] * kecamatan


def _write_headings(
    sheet: Worksheet, styles: Styles, result: Consolidation, rekaps: Rekaps, quarter: int | None
) -> None:
    catalog = rekaps[0][1].catalog.for_year(result.year)
    title = "PERBANDINGAN CAPAIAN INDIKATOR KINERJA UTAMA ANTAR KECAMATAN"
    width = FIRST_KECAMATAN_COL + len(rekaps)
    lines = (catalog.government.heading, title, period_line(catalog.year, quarter))
    for row, text in enumerate(lines):
        sheet.merge_range(row, 0, row, width - 1, None, styles.heading)
        sheet.write_string(row, 0, text, styles.heading)
    headers = [
        "ID",
        "INDIKATOR KINERJA UTAMA",
        "SATUAN",
        *(kecamatan.catalog.kecamatan.name for _, kecamatan, _ in rekaps),
    ]
    widths = _widths(len(rekaps))
    sheet.set_row(FIRST_ROW - 1, row_height(list(zip(headers, widths, strict=True))))
    for col, header in enumerate(headers):
        sheet.write_string(FIRST_ROW - 1, col, header, styles.header)
    sheet.set_column(0, 0, ID_WIDTH)
    sheet.set_column(1, 1, NAME_WIDTH)
    sheet.set_column(2, 2, SATUAN_WIDTH)
    sheet.set_column(FIRST_KECAMATAN_COL, width - 1, KECAMATAN_WIDTH)


class _Column:
    """A kecamatan's column: its capaian by indicator, as a formula over its Rekap's cell."""

    def __init__(self, rekap: str, rows: list[int], kecamatan: KecamatanResult):
        self.rekap, self.rows = quote_sheet(rekap), rows
        ids = kecamatan.inputs["indicator_id"]
        self.positions = {indicator_id: k for k, indicator_id in enumerate(ids)}
        self.capaian = kecamatan.results["capaian"].tolist()

    def write(self, sheet: Worksheet, styles: Styles, r: int, col: int, indicator_id: str) -> None:
        position = self.positions.get(indicator_id)
        if position is None:
            sheet.write_string(r, col, NOT_COMPUTABLE, styles.capaian)
            return
        cell = f"{self.rekap}!{xl_rowcol_to_cell(self.rows[position], RekapCol.CAPAIAN)}"
        value = shown(self.capaian[position], empty=NOT_COMPUTABLE)
        sheet.write_formula(r, col, f"={cell}", styles.capaian, value)


def _insert_charts(
    workbook: Workbook,
    sheet: Worksheet,
    paper: str,
    last: int,
    kecamatan: int,
    widths: list[int],
) -> int:
    """One chart, or (beyond Excel's 255 series to a chart) one per 255 kecamatan, each
    starting a printed page and as tall as fits in it; returns the last row they cover."""
    columns = list(range(FIRST_KECAMATAN_COL, FIRST_KECAMATAN_COL + kecamatan))
    groups = [columns[i : i + MAX_CHART_SERIES] for i in range(0, len(columns), MAX_CHART_SERIES)]
    labels = FIRST_KECAMATAN_COL + kecamatan
    width = column_pixels(widths)
    page_width, page_height = printable_pixels(paper)
    scale = min(1.0, page_width / width)  # the fitted width's scale
    # the page below the repeated header row (a few rows' room for it)
    height = int(min(CHART_HEIGHT, page_height / scale - 4 * ROW_PIXELS))
    rows = -(-height // ROW_PIXELS) + 1  # the rows a chart covers, and a gap
    breaks = []
    for number, group in enumerate(groups):
        chart = workbook.add_chart({"type": "bar"})
        for col in group:
            chart.add_series(
                {
                    "name": [COMPARISON_SHEET, FIRST_ROW - 1, col],
                    "categories": [COMPARISON_SHEET, FIRST_ROW, labels, last, labels],
                    "values": [COMPARISON_SHEET, FIRST_ROW, col, last, col],
                }
            )
        title = "Capaian per indikator dan kecamatan"
        if len(groups) > 1:
            title += f" ({number + 1} dari {len(groups)})"
        chart.set_title({"name": title})
        chart.set_x_axis({"name": "Capaian (%)", "min": 0})
        chart.set_y_axis({"num_font": {"size": CHART_FONT}, "interval_unit": 1})
        chart.set_legend({"position": "bottom"})
        chart.show_hidden_data()  # the labels' column is hidden
        chart.set_size({"width": width, "height": height})
        row = last + 2 + number * rows
        breaks.append(row)
        sheet.insert_chart(row, 0, chart)
    sheet.set_h_pagebreaks(breaks)
    return last + 1 + len(groups) * rows
