"""How the workbooks look: fonts, fills, number formats and column widths, made once, and
the paper they print on.

The one input colour (light yellow) is explained on every sheet's legend; everything else is
locked. Category fills follow the Permendagri 86/2017 categories. Numbers take the format of
their kind: counts without decimals, percent points and values with two.
"""

from __future__ import annotations

from typing import Any

from xlsxwriter.workbook import Workbook

from iku_xlsx.contract.layout import Col
from iku_xlsx.rules import CATEGORIES
from iku_xlsx.writer.printing import DEFAULT_PAPER, paper_index

FONT = "Arial"
INPUT_FILL = "#FFF2CC"  # the one input colour, explained in the legend
HEADER_FILL = "#D9E1F2"
# The categories' colours from the highest (green) to the lowest (red): a catalog's own bands
# take them by rank, spread over as many as it has.
BAND_COLOURS = ("#C6EFCE", "#E2EFDA", "#FFEB9C", "#FCE4D6", "#FFC7CE")
ERROR_FILL, WARNING_FILL = BAND_COLOURS[-1], BAND_COLOURS[2]

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

DATE_FORMAT = "dd/mm/yyyy"


class Styles:
    """Every cell format of the workbook, made once, and the paper its sheets print on
    ("A4" or "F4", :mod:`iku_xlsx.writer.printing`)."""

    def __init__(self, workbook: Workbook, paper: str = DEFAULT_PAPER):
        paper_index(paper)  # an unknown paper is refused before anything is written
        self.paper = paper.upper()

        def make(**properties: Any) -> Any:
            return workbook.add_format({"font_name": FONT, "font_size": 9, **properties})

        bordered = {"border": 1, "valign": "top", "text_wrap": True}
        self.heading = make(bold=True, font_size=12, align="center")
        self.subheading = make(bold=True, font_size=10, align="center")
        self.heading_wrap = make(
            bold=True, font_size=12, align="center", valign="vcenter", text_wrap=True
        )
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
        self.header_note = make(  # a header's small print (the IKM unsur), wrapped
            italic=True,
            font_size=8,
            align="center",
            valign="top",
            text_wrap=True,
            border=1,
            bg_color=HEADER_FILL,
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
        self.number_bold = make(**computed, num_format="#,##0", bold=True)
        self.decimal_bold = make(**computed, num_format="#,##0.00", bold=True)
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
        self._workbook = workbook
        self._band_fills: dict[tuple[tuple[float, str], ...], dict[str, Any]] = {}

    def band_fills(self, bands: tuple[tuple[float, str], ...] = CATEGORIES) -> dict[str, Any]:
        """Each category's fill, by name (made once per set of bands)."""
        if bands not in self._band_fills:
            last = len(bands) - 1
            self._band_fills[bands] = {
                name: self._workbook.add_format(
                    {"bg_color": BAND_COLOURS[round(k * (len(BAND_COLOURS) - 1) / last)]}
                )
                for k, (_, name) in enumerate(bands)
            }
        return self._band_fills[bands]
