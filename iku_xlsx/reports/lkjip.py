"""The tables of LKjIP chapter III (Akuntabilitas Kinerja) as a Word document, ready to paste
into the annual report the Camat signs.

In Bahasa Indonesia, numbers written the Indonesian way (a decimal comma, a dot between
thousands), capaian above 100 as computed, "-" where a figure cannot be computed or was not
given. In order:

1. "Capaian Indikator Kinerja Utama": one row per indicator, the columns the contract fixes
   (target, realisation, capaian and kategori; last year's realisation and capaian; the
   Renstra's end target and the capaian against it);
2. per sasaran, the faktor pendukung, penghambat and upaya, from what the units wrote as
   kendala / tindak lanjut (:func:`kendala_parts`);
3. each indicator's realisation and capaian in every year given;
4. the Renstra: baseline, end target, and the share of the way from one to the other covered;
5. where the catalog gives standards, the realisation against each national or provincial
   standard;
6. where it gives budgets for the year, the efisiensi: per indicator its program, budget,
   spending, the share spent and the indicator's capaian (the Evaluasi Renja's figures).

Every figure is the one the tidy table and the workbook hold (:mod:`.years`). A4 (or F4), each
table in a section portrait or landscape as its columns need, its header rows repeated on
every page, and the head of the office's signature block when the catalog names one.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentType
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.section import Section
from docx.shared import Mm, Pt
from docx.table import Table, _Cell, _Row

from iku_xlsx.catalog import Catalog, Indicator, Kind, Sasaran
from iku_xlsx.compute.budget import BudgetFigures, budget_figures
from iku_xlsx.consolidation.result import Consolidation
from iku_xlsx.fileio import atomic_output
from iku_xlsx.numbers import format_fixed
from iku_xlsx.reports.signing import ReportSettings, head_of, indonesian_date
from iku_xlsx.reports.years import IndicatorYear, indicator_years, is_figure, sasaran_runs
from iku_xlsx.rules import NOT_COMPUTABLE
from iku_xlsx.writer.printing import PAPER_MM

FONT = "Arial"
TEXT_SIZE, TABLE_SIZE = 11, 8  # points
MARGIN_MM = 20
HEADER_FILL = "D9E1F2"
LANDSCAPE_FROM = 8  # columns: a table this wide is set landscape
# The first table's columns, in the contract's order (docs/contract.md).
CAPAIAN_COLUMNS = (
    "No",
    "Sasaran",
    "Indikator Kinerja",
    "Satuan",
    "Target",
    "Realisasi",
    "Capaian (%)",
    "Kategori",
    "Realisasi tahun lalu",
    "Capaian tahun lalu (%)",
    "Target akhir Renstra",
    "Capaian terhadap target akhir Renstra (%)",
)
NO_KENDALA = "Tidak ada kendala yang dilaporkan unit kerja."
FACTORS_NOTE = (
    "Sumber: kolom Kendala / Tindak Lanjut lembar IKU unit kerja, per indikator (nomor "
    "indikator seperti Tabel 3.1). Teks sesudah \u201cTindak lanjut:\u201d atau \u201cUpaya:\u201d "
    "(atau sesudah \u201c / \u201d) menjadi upaya, sesudah \u201cPendukung:\u201d menjadi faktor "
    "pendukung; selebihnya faktor penghambat."
)


def write_lkjip(result: Consolidation, path: Path, settings: ReportSettings) -> Path:
    """The chapter's tables of the consolidation's one kecamatan, written atomically."""
    (kecamatan,) = result.kecamatan
    catalog = kecamatan.catalog.for_year(result.year)
    indicators = indicator_years(kecamatan, catalog.year)
    report = _Report(_new_document(catalog), settings.paper)
    report.heading(catalog)
    _capaian_table(report, catalog, indicators)
    _factors_table(report, catalog, indicators)
    _trend_table(report, catalog, indicators)
    _renstra_table(report, catalog, indicators)
    _standard_table(report, catalog, indicators)
    _efficiency_table(report, catalog, indicators)
    _signature(report, catalog, settings.report_date)
    with atomic_output(path) as temporary:
        report.document.save(str(temporary))
    return path


# --- the figures as text ------------------------------------------------------------------


def decimals_of(indicator: Indicator) -> int:
    """A realisation's decimals by its kind, as the workbook shows it: whole counts without,
    percentages and values with two."""
    return 0 if indicator.kind is Kind.COUNT and indicator.whole_inputs else 2


def figure_text(value: object, decimals: int = 2) -> str:
    """A shown figure the Indonesian way; "-" where there is none."""
    return format_fixed(value, decimals) if is_figure(value) else NOT_COMPUTABLE


def target_decimals(indicator: Indicator, target: object) -> int:
    """A count's target without decimals when it is whole (as the Rekap shows it)."""
    whole = is_figure(target) and float(target).is_integer()
    return 0 if indicator.kind is Kind.COUNT and whole else 2


# Markers a unit may write in its kendala / tindak lanjut cell, and the part each starts.
_MARKER = re.compile(r"(?i)\b(kendala|penghambat|tindak\s+lanjut|upaya|pendukung)\s*:\s*")
_PARTS = {"kendala": 0, "penghambat": 0, "tindak lanjut": 1, "upaya": 1, "pendukung": 2}


def kendala_parts(text: str) -> tuple[str, str, str]:
    """A unit's kendala / tindak lanjut cell as (penghambat, upaya, pendukung).

    Marked parts ("Kendala: ... Tindak lanjut: ... Pendukung: ...") go where their marker
    says; without markers, the text before the first " / " is the kendala and the rest the
    tindak lanjut (the cell's own header is "Kendala / Tindak Lanjut"); without either, the
    whole text is the kendala."""
    text = " ".join(text.split())
    marks = list(_MARKER.finditer(text))
    parts = ["", "", ""]
    if marks:
        parts[0] = text[: marks[0].start()].strip(" ;")
        for k, mark in enumerate(marks):
            end = marks[k + 1].start() if k + 1 < len(marks) else len(text)
            kind = _PARTS[" ".join(mark[1].lower().split())]
            piece = text[mark.end() : end].strip(" ;")
            parts[kind] = f"{parts[kind]} {piece}".strip() if parts[kind] else piece
    elif " / " in text:
        parts[0], parts[1] = (piece.strip() for piece in text.split(" / ", 1))
    else:
        parts[0] = text
    return parts[0], parts[1], parts[2]


# --- the document --------------------------------------------------------------------------


def _new_document(catalog: Catalog) -> DocumentType:
    document = Document()
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(TEXT_SIZE)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    properties = document.core_properties
    properties.title = f"LKjIP Kecamatan {catalog.kecamatan.name} {catalog.year}: Bab III"
    properties.author = f"Kecamatan {catalog.kecamatan.name}"
    properties.language = "id-ID"
    return document


@dataclass(frozen=True)
class Column:
    """A table's column: its header, width and how its cells are aligned."""

    title: str
    width: float  # millimetres
    align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.LEFT


CENTER, RIGHT = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.RIGHT


class _Report:
    """The document being written, its sections set on the paper as each table needs."""

    def __init__(self, document: DocumentType, paper: str):
        self.document = document
        self.paper = paper.upper()
        self.landscape: bool | None = None  # the current section's, once a table set it
        self.tables = 0

    def heading(self, catalog: Catalog) -> None:
        self._orient(self.document.sections[0], landscape=True)
        self.landscape = True
        for text, size in (
            ("BAB III", 13),
            ("AKUNTABILITAS KINERJA", 13),
            (f"KECAMATAN {catalog.kecamatan.name.upper()} TAHUN {catalog.year}", 12),
        ):
            paragraph = self.document.add_paragraph()
            paragraph.alignment = CENTER
            run = paragraph.add_run(text)
            run.bold, run.font.size = True, Pt(size)

    def caption(self, title: str, columns: int) -> None:
        """A table's number and title, in a section of the orientation its columns need."""
        landscape = columns >= LANDSCAPE_FROM
        if landscape != self.landscape:
            section = self.document.add_section(WD_SECTION.NEW_PAGE)
            self._orient(section, landscape)
            self.landscape = landscape
        elif self.tables:
            self.document.add_paragraph()
        self.tables += 1
        paragraph = self.document.add_paragraph()
        paragraph.alignment = CENTER
        paragraph.paragraph_format.keep_with_next = True
        run = paragraph.add_run(f"Tabel 3.{self.tables} {title}")
        run.bold = True

    def note(self, text: str) -> None:
        paragraph = self.document.add_paragraph()
        run = paragraph.add_run(text)
        run.italic, run.font.size = True, Pt(TABLE_SIZE)

    def usable_width(self) -> float:
        """The width between the margins, in millimetres, of the current section."""
        width, height = PAPER_MM[self.paper]
        return (height if self.landscape else width) - 2 * MARGIN_MM

    def _orient(self, section: Section, landscape: bool) -> None:
        width, height = (Mm(size) for size in PAPER_MM[self.paper])
        section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = (height, width) if landscape else (width, height)
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, Mm(MARGIN_MM))

    def table(
        self,
        columns: Sequence[Column],
        body: Sequence[Sequence[str]],
        header: Sequence[Sequence[str]] | None = None,
        merges: Sequence[tuple[int, int, int, int]] = (),
    ) -> Table:
        """A bordered table: ``header`` rows (default: the columns' titles), repeated on every
        page, then ``body``; ``merges`` (first row, first column, last row, last column) join
        cells, the text of the first kept. Widths scaled to the page's."""
        rows = [list(row) for row in (header or [[c.title for c in columns]])]
        table = self.document.add_table(rows=len(rows) + len(body), cols=len(columns))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        scale = min(1.0, self.usable_width() / sum(c.width for c in columns))
        for grid, column in zip(table.columns, columns, strict=True):  # the grid, for Writer
            grid.width = Mm(column.width * scale)
        for r, texts in enumerate([*rows, *body]):
            row = table.rows[r]
            _keep_whole(row, repeat=r < len(rows))
            for c, (text, column) in enumerate(zip(texts, columns, strict=True)):
                cell = row.cells[c]
                cell.width = Mm(column.width * scale)
                align = CENTER if r < len(rows) else column.align
                _write_cell(cell, text, align, bold=r < len(rows), fill=r < len(rows))
        for first_row, first_col, last_row, last_col in merges:
            merged = table.cell(first_row, first_col).merge(table.cell(last_row, last_col))
            for paragraph in merged.paragraphs[1:]:  # the joined cells' empty paragraphs
                if not paragraph.text:
                    paragraph._p.getparent().remove(paragraph._p)
        return table


def _keep_whole(row: _Row, *, repeat: bool) -> None:
    """A row never split across pages; a header row repeated on each (w:tblHeader)."""
    properties = row._tr.get_or_add_trPr()
    properties.append(OxmlElement("w:cantSplit"))
    if repeat:
        header = OxmlElement("w:tblHeader")
        header.set(qn("w:val"), "true")
        properties.append(header)


def _write_cell(
    cell: _Cell, text: str, align: WD_ALIGN_PARAGRAPH, *, bold: bool, fill: bool
) -> None:
    lines = text.split("\n") if text else [""]
    paragraph = cell.paragraphs[0]
    for k, line in enumerate(lines):
        if k:
            paragraph = cell.add_paragraph()
        paragraph.alignment = align
        paragraph.paragraph_format.space_after = Pt(0)
        run = paragraph.add_run(line)
        run.bold, run.font.size = bold, Pt(TABLE_SIZE)
    if fill:
        shading = OxmlElement("w:shd")
        shading.set(qn("w:val"), "clear")
        shading.set(qn("w:fill"), HEADER_FILL)
        cell._tc.get_or_add_tcPr().append(shading)


# --- the tables ------------------------------------------------------------------------------


def _sasaran_merges(
    indicators: Sequence[IndicatorYear], column: int, first: int
) -> list[tuple[int, int, int, int]]:
    """``column`` merged over each sasaran's indicators (the body from row ``first``)."""
    return [
        (first + start, column, first + end, column)
        for start, end in sasaran_runs(indicators)
        if end > start
    ]


def _capaian_table(report: _Report, catalog: Catalog, indicators: Sequence[IndicatorYear]) -> None:
    """Tabel 3.1: each indicator's year, last year and the Renstra's end target."""
    widths = (8, 40, 48, 16, 16, 18, 17, 20, 18, 18, 18, 22)
    aligns = (CENTER, None, None, CENTER, RIGHT, RIGHT, RIGHT, CENTER, RIGHT, RIGHT, RIGHT, RIGHT)
    columns = [
        Column(title, width, align or WD_ALIGN_PARAGRAPH.LEFT)
        for title, width, align in zip(CAPAIAN_COLUMNS, widths, aligns, strict=True)
    ]
    title = (
        f"Capaian Indikator Kinerja Utama Kecamatan {catalog.kecamatan.name} "
        f"Tahun {catalog.year} (tahun lalu: {catalog.year - 1})"
    )
    report.caption(title, len(columns))
    body = []
    previous: Sasaran | None = None
    for item in indicators:
        decimals = decimals_of(item.indicator)
        body.append(
            [
                str(item.number),
                item.sasaran.name if item.sasaran is not previous else "",
                item.indicator.name,
                item.indicator.satuan,
                figure_text(item.target, target_decimals(item.indicator, item.target)),
                figure_text(item.value, decimals),
                figure_text(item.capaian),
                item.kategori,
                figure_text(item.previous_value, decimals),
                figure_text(item.previous_capaian),
                figure_text(item.end_target, target_decimals(item.indicator, item.end_target)),
                figure_text(item.end_capaian),
            ]
        )
        previous = item.sasaran
    report.table(columns, body, merges=_sasaran_merges(indicators, 1, 1))
    report.note(
        'Capaian di atas 100 ditulis sebagaimana dihitung. "-": tidak ada data atau tidak dapat '
        "dihitung (target 0, atau tahun lalu / target akhir Renstra tidak diberikan)."
    )


def _factors_table(report: _Report, catalog: Catalog, indicators: Sequence[IndicatorYear]) -> None:
    """Tabel 3.2: per sasaran, the faktor pendukung, penghambat and upaya the units wrote."""
    columns = [
        Column("No", 8, CENTER),
        Column("Sasaran", 40),
        Column("Faktor Pendukung", 40),
        Column("Faktor Penghambat", 45),
        Column("Upaya", 45),
    ]
    report.caption(f"Faktor Pendukung, Penghambat dan Upaya Tahun {catalog.year}", len(columns))
    sasaran: list[tuple[Sasaran, list[IndicatorYear]]] = []
    for item in indicators:
        if sasaran and sasaran[-1][0] is item.sasaran:
            sasaran[-1][1].append(item)
        else:
            sasaran.append((item.sasaran, [item]))
    body = []
    for number, (goal, items) in enumerate(sasaran, start=1):
        found: list[list[str]] = [[], [], []]
        for item in items:
            for k, part in enumerate(kendala_parts(item.kendala) if item.kendala else ()):
                if part:
                    found[k].append(f"No. {item.number}: {part}")
        penghambat, upaya, pendukung = ("\n".join(lines) for lines in found)
        body.append(
            [
                str(number),
                goal.name,
                pendukung or NOT_COMPUTABLE,
                penghambat or NO_KENDALA,
                upaya or NOT_COMPUTABLE,
            ]
        )
    report.table(columns, body)
    report.note(FACTORS_NOTE)


def _trend_table(report: _Report, catalog: Catalog, indicators: Sequence[IndicatorYear]) -> None:
    """Tabel 3.3: each indicator's realisation and capaian in every year given."""
    years = [shown.year for shown in indicators[0].trend] if indicators else [catalog.year]
    columns = [
        Column("No", 8, CENTER),
        Column("Indikator Kinerja", 60),
        Column("Satuan", 16, CENTER),
    ]
    for year in years:
        columns += [
            Column(f"Realisasi {year}", 18, RIGHT),
            Column(f"Capaian {year} (%)", 18, RIGHT),
        ]
    top = ["No", "Indikator Kinerja", "Satuan"]
    sub = ["", "", ""]
    merges = [(0, c, 1, c) for c in range(3)]
    for y, year in enumerate(years):
        top += [str(year), ""]
        sub += ["Realisasi", "Capaian (%)"]
        merges.append((0, 3 + 2 * y, 0, 4 + 2 * y))
    title = f"Perbandingan Realisasi dan Capaian Kinerja Tahun {years[0]} - {years[-1]}"
    report.caption(title, len(columns))
    body = []
    for item in indicators:
        decimals = decimals_of(item.indicator)
        row = [str(item.number), item.indicator.name, item.indicator.satuan]
        for shown in item.trend:
            row += [figure_text(shown.value, decimals), figure_text(shown.capaian)]
        body.append(row)
    report.table(columns, body, header=[top, sub], merges=merges)


def _renstra_table(report: _Report, catalog: Catalog, indicators: Sequence[IndicatorYear]) -> None:
    """Tabel 3.4: the year against the Renstra's baseline and end target."""
    columns = [
        Column("No", 8, CENTER),
        Column("Indikator Kinerja", 60),
        Column("Satuan", 16, CENTER),
        Column("Tahun baseline", 16, CENTER),
        Column("Baseline", 18, RIGHT),
        Column(f"Realisasi {catalog.year}", 18, RIGHT),
        Column("Target akhir Renstra", 18, RIGHT),
        Column("Capaian terhadap target akhir Renstra (%)", 22, RIGHT),
        Column("Kemajuan dari baseline (%)", 22, RIGHT),
    ]
    report.caption(f"Realisasi Tahun {catalog.year} terhadap Renstra", len(columns))
    body = []
    for item in indicators:
        decimals = decimals_of(item.indicator)
        body.append(
            [
                str(item.number),
                item.indicator.name,
                item.indicator.satuan,
                str(item.baseline_year) if item.baseline_year else NOT_COMPUTABLE,
                figure_text(item.baseline, target_decimals(item.indicator, item.baseline)),
                figure_text(item.value, decimals),
                figure_text(item.end_target, target_decimals(item.indicator, item.end_target)),
                figure_text(item.end_capaian),
                figure_text(item.progress),
            ]
        )
    report.table(columns, body)
    report.note(
        "Kemajuan dari baseline = (realisasi - baseline) / (target akhir Renstra - baseline) x "
        "100: bagian jalan dari baseline ke target akhir yang telah ditempuh (negatif bila "
        "mundur dari baseline)."
    )


def _standard_table(report: _Report, catalog: Catalog, indicators: Sequence[IndicatorYear]) -> None:
    """Tabel 3.5 (when the catalog gives standards): the year against national or provincial
    standards."""
    compared = [item for item in indicators if item.indicator.standard is not None]
    if not compared:
        return
    columns = [
        Column("No", 8, CENTER),
        Column("Indikator Kinerja", 60),
        Column("Satuan", 16, CENTER),
        Column(f"Realisasi {catalog.year}", 18, RIGHT),
        Column("Standar", 18, RIGHT),
        Column("Sumber standar", 30),
        Column("Capaian terhadap standar (%)", 22, RIGHT),
    ]
    report.caption(
        f"Realisasi Tahun {catalog.year} terhadap Standar Nasional / Provinsi", len(columns)
    )
    body = [
        [
            str(item.number),
            item.indicator.name,
            item.indicator.satuan,
            figure_text(item.value, decimals_of(item.indicator)),
            figure_text(item.standard, target_decimals(item.indicator, item.standard)),
            item.standard_source,
            figure_text(item.standard_capaian),
        ]
        for item in compared
    ]
    report.table(columns, body)
    report.note(
        "Capaian terhadap standar dihitung seperti capaian tahunan (menurut polaritas "
        "indikator), dengan standar sebagai target. Hanya indikator yang memiliki standar."
    )


def _efficiency_table(
    report: _Report, catalog: Catalog, indicators: Sequence[IndicatorYear]
) -> None:
    """Tabel 3.6 (when the catalog gives budgets for the year): program, budget, spending and
    the share spent beside the indicator's capaian, as the Evaluasi Renja shows them."""
    funded: list[tuple[IndicatorYear, BudgetFigures]] = []
    for item in indicators:
        figures = budget_figures(item.indicator, catalog.year)
        if figures is not None and is_figure(figures.plan):
            funded.append((item, figures))
    if not funded:
        return
    columns = [
        Column("No", 8, CENTER),
        Column("Program", 44),
        Column("Indikator Kinerja", 50),
        Column("Capaian kinerja (%)", 18, RIGHT),
        Column("Anggaran (Rp)", 26, RIGHT),
        Column("Realisasi anggaran (Rp)", 26, RIGHT),
        Column("Penyerapan anggaran (%)", 20, RIGHT),
    ]
    report.caption(f"Efisiensi Penggunaan Sumber Daya Tahun {catalog.year}", len(columns))
    body = [
        [
            str(item.number),
            item.indicator.program or NOT_COMPUTABLE,
            item.indicator.name,
            figure_text(item.capaian),
            figure_text(figures.plan, 0),
            figure_text(figures.year, 0),
            figure_text(figures.capaian),
        ]
        for item, figures in funded
    ]
    report.table(columns, body)
    report.note(
        "Penyerapan anggaran = realisasi anggaran / anggaran x 100, dari anggaran dan "
        "belanja per triwulan yang dimuat katalog (seperti lembar Evaluasi Renja). Hanya "
        'indikator yang memiliki anggaran tahun ini. "-": belum ada belanja yang dilaporkan.'
    )


def _signature(report: _Report, catalog: Catalog, date: dt.date) -> None:
    """The head of the office's signature block, on the right, when the catalog names one."""
    head = head_of(catalog)
    if head is None:
        return
    nip = f"NIP. {head.nip}" if head.nip.strip() else "NIP. " + "." * 30
    report.document.add_paragraph()
    block = report.document.add_table(rows=1, cols=2)
    block.autofit = False
    _keep_whole(block.rows[0], repeat=False)  # the block on one page
    cell = block.rows[0].cells[1]
    lines = [f"{catalog.signing.place}, {indonesian_date(date)}", head.title, "", "", ""]
    for k, line in enumerate(lines):
        paragraph = cell.paragraphs[0] if k == 0 else cell.add_paragraph()
        paragraph.alignment = CENTER
        paragraph.add_run(line)
    name = cell.add_paragraph()
    name.alignment = CENTER
    run = name.add_run(head.name)
    run.bold = run.underline = True
    cell.add_paragraph(nip).alignment = CENTER
