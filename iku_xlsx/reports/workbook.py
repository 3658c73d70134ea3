"""The consolidated workbook: what the Camat signs (a kecamatan) or the kabupaten compares.

A kecamatan workbook is itself a valid IKU workbook (the contract's names, the metadata
sheet): its unit sheets carry the collected inputs and the same live formulas as a blank,
each formula with the library's computed value as its cached result (:mod:`.values`), so
that programs that do not recalculate show the right numbers. Around them:

- "Ringkasan" (:mod:`.summary`): per unit the indicators reported, missing and the
  categories' counts, and a native chart of capaian per indicator against the 100 % line;
- "Rekap IKU" (:mod:`.rekap`): every indicator, quarter, year, target, capaian and
  kategori, as formulas over the unit sheets' names, signed by the head of the office;
- "Capaian Triwulan" (:mod:`.quarters`): the target, realisation and capaian to date of
  every indicator in every quarter (the Rencana Aksi's monitoring);
- "Capaian Tahunan" and, with earlier years, "Tren Tahunan" (:mod:`.annual`): the year
  against last year and the Renstra's end target and baseline, and every year given;
- "Evaluasi Renja" (:mod:`.renja`): the Permendagri 86/2017 form, in kinerja and, where the
  catalog gives budgets, in rupiah;
- "Masalah": every problem found; "Sumber": every input file with its SHA-256
  (:mod:`.tables`);
- "Data" (:mod:`.data`): the tidy table, typed numbers, hidden.

Every visible sheet prints on the paper chosen (A4 or F4), one page wide; the Rekap is signed
by the head of the office, dated, and says the quarter it covers (:mod:`.signing`).

A kabupaten workbook (several kecamatan) has a "Perbandingan" sheet (:mod:`.comparison`)
and one Rekap per kecamatan.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from xlsxwriter.workbook import Workbook

from iku_xlsx.catalog import Catalog
from iku_xlsx.consolidation.result import Consolidation, KecamatanResult
from iku_xlsx.contract.metadata import CONSOLIDATED, WorkbookInfo
from iku_xlsx.reports.annual import ANNUAL_SHEET, TREND_SHEET, write_annual, write_trend
from iku_xlsx.reports.comparison import COMPARISON_SHEET, write_comparison
from iku_xlsx.reports.data import write_data_sheet
from iku_xlsx.reports.quarters import QUARTERS_SHEET, write_quarters
from iku_xlsx.reports.rekap import REKAP_SHEET, write_rekap
from iku_xlsx.reports.renja import RENJA_SHEET, write_renja
from iku_xlsx.reports.signing import ReportSettings, covered_quarter
from iku_xlsx.reports.summary import SUMMARY_SHEET, write_summary
from iku_xlsx.reports.tables import write_problems_sheet, write_sources_sheet
from iku_xlsx.reports.values import cell_values
from iku_xlsx.reports.years import indicator_years
from iku_xlsx.writer.styles import Styles
from iku_xlsx.writer.workbook import open_workbook, write_metadata, write_unit_sheets

SHEET_NAME_MAX = 31


def write_report(
    result: Consolidation,
    path: Path,
    *,
    streamed: bool | None = None,
    settings: ReportSettings | None = None,
) -> Path:
    """Write the consolidated workbook for ``result`` at ``path`` (atomically), printing and
    signed as ``settings`` say (paper, date, quarter; default: A4, today, the last quarter
    with data).

    ``streamed`` (default: for a kabupaten) writes each row out as the next one starts, so
    the workbook of hundreds of kecamatan is not held in memory until it is saved; its sheets
    are all written row after row (a test holds them to it). A kecamatan workbook's unit
    sheets are not, and it is small.
    """
    settings = settings or ReportSettings()
    kabupaten = len(result.kecamatan) != 1
    with open_workbook(path, streamed=kabupaten if streamed is None else streamed) as workbook:
        styles = Styles(workbook, settings.paper)
        if not kabupaten:
            _kecamatan_workbook(workbook, styles, result, result.kecamatan[0], settings)
        else:
            _kabupaten_workbook(workbook, styles, result, settings)
        place = _place(result)
        write_problems_sheet(workbook, styles, result.problems, f"Masalah - {place}")
        write_sources_sheet(workbook, styles, result.sources, f"Sumber - {place}")
        write_data_sheet(workbook, styles, result.table, f"Data - {place}")
    return path


def _place(result: Consolidation) -> str:
    """What a footer names: the kecamatan (or the kabupaten) and the year."""
    if len(result.kecamatan) == 1:
        catalog = result.kecamatan[0].catalog.for_year(result.year)
        return f"Kecamatan {catalog.kecamatan.name} {catalog.year}"
    government = result.kecamatan[0].catalog.government.name if result.kecamatan else ""
    return f"{government} {result.year or ''}".strip()


def _kecamatan_workbook(
    workbook: Workbook,
    styles: Styles,
    result: Consolidation,
    kecamatan: KecamatanResult,
    settings: ReportSettings,
) -> None:
    catalog = kecamatan.catalog.for_year(result.year)
    summary = workbook.add_worksheet(SUMMARY_SHEET)
    rekap = workbook.add_worksheet(REKAP_SHEET)
    quarters = workbook.add_worksheet(QUARTERS_SHEET)
    rows = write_rekap(rekap, styles, catalog, kecamatan, live=True, settings=settings)
    quarter = covered_quarter(kecamatan, settings)
    write_summary(workbook, summary, styles, catalog, kecamatan, REKAP_SHEET, rows, quarter)
    write_quarters(quarters, styles, catalog, kecamatan)
    _annual_sheets(workbook, styles, catalog, kecamatan)
    values, cached = cell_values(kecamatan)
    write_unit_sheets(workbook, catalog, catalog.units, values, cached, paper=settings.paper)
    write_metadata(workbook, WorkbookInfo(catalog, tuple(catalog.units), CONSOLIDATED))
    summary.activate()


def _annual_sheets(
    workbook: Workbook, styles: Styles, catalog: Catalog, kecamatan: KecamatanResult
) -> None:
    """The year against last year and the Renstra, every year given (when earlier years
    were), and the Evaluasi hasil Renja."""
    indicators = indicator_years(kecamatan, catalog.year)
    annual = workbook.add_worksheet(ANNUAL_SHEET)
    write_annual(workbook, annual, styles, catalog, indicators)
    if kecamatan.earlier:
        write_trend(workbook.add_worksheet(TREND_SHEET), styles, catalog, indicators)
    write_renja(workbook, workbook.add_worksheet(RENJA_SHEET), styles, catalog, indicators)


def _kabupaten_workbook(
    workbook: Workbook, styles: Styles, result: Consolidation, settings: ReportSettings
) -> None:
    comparison = workbook.add_worksheet(COMPARISON_SHEET)
    rekaps = []
    # each kecamatan's quarter worked out once (its inputs searched), for its Rekap too
    quarters = [covered_quarter(kecamatan, settings) for kecamatan in result.kecamatan]
    for kecamatan, covered in zip(result.kecamatan, quarters, strict=True):
        name = f"Rekap {kecamatan.catalog.kecamatan.name}"[:SHEET_NAME_MAX]
        sheet = workbook.add_worksheet(name)
        catalog = kecamatan.catalog.for_year(result.year)
        its = settings if covered is None else replace(settings, quarter=covered)
        rows = write_rekap(sheet, styles, catalog, kecamatan, live=False, settings=its)
        rekaps.append((name, kecamatan, rows))
    quarter = max((q for q in quarters if q is not None), default=None)
    write_comparison(workbook, comparison, styles, result, rekaps, quarter)
    comparison.activate()
