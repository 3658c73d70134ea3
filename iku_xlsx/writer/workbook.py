"""Writing IKU workbooks with xlsxwriter: the unit sheets, their records sheets, metadata.

Everything about *where* a cell is comes from :mod:`iku_xlsx.contract`; everything about
*what* a computed cell says comes from :mod:`iku_xlsx.writer.formulas`. The writer only
decides how a sheet looks and behaves for the person filling it: formats, merges, validation,
protection, printing. All words on the sheets are in Bahasa Indonesia.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from iku_xlsx._version import __version__
from iku_xlsx.catalog import Catalog, Unit
from iku_xlsx.contract.layout import cell_name, quote_sheet, sheet_layout
from iku_xlsx.contract.metadata import META_SHEET, WorkbookInfo
from iku_xlsx.contract.records_layout import records_key, records_layouts
from iku_xlsx.fileio import atomic_output
from iku_xlsx.writer.fill import Fill
from iku_xlsx.writer.printing import DEFAULT_PAPER, paper_index
from iku_xlsx.writer.records_sheets import write_records_sheet
from iku_xlsx.writer.styles import Styles
from iku_xlsx.writer.unit_sheet import write_unit_sheet


def write_workbook(
    path: str | Path,
    catalog: Catalog,
    units: Sequence[Unit] | None = None,
    *,
    combined: bool | None = None,
    paper: str = DEFAULT_PAPER,
) -> Path:
    """Write one blank IKU workbook holding ``units`` (default: every unit of the catalog).

    ``combined`` marks the file holding every unit (default: when it holds more than one);
    ``paper`` is what its sheets print on, "A4" or "F4". The file is written beside ``path``
    and renamed into place when complete.
    """
    chosen = tuple(units) if units is not None else tuple(catalog.units)
    if combined is None:
        combined = len(chosen) > 1
    paper_index(paper)  # an unknown paper is refused before the file is made
    with open_workbook(path) as workbook:
        write_unit_sheets(workbook, catalog, chosen, paper=paper)
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
        workbook = _Workbook(
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


class _Worksheet(Worksheet):
    """xlsxwriter's worksheet, but a formula that calls no function skips the 30 to 250
    regular expressions xlsxwriter runs on every formula to prefix newer functions' names
    (``_xlfn.``): each of them matches a name followed by "(", so none can match a formula
    without one, which comes out only stripped of its "=" and braces. A kabupaten's
    comparison formulas ('Rekap X'!M7) and its Rekaps' conditional formats ("Tinggi") took
    0.09 s of a 40-kecamatan consolidation so. tests/test_workbook.py holds it to
    xlsxwriter's own on formulas of every shape, and checks that every expression it runs
    ends in "(" (a later xlsxwriter's other rewrites would fail the test)."""

    def _prepare_formula(self, formula: str, expand_future_functions: bool = False) -> str:
        if "(" in formula:
            return str(super()._prepare_formula(formula, expand_future_functions))
        if formula.startswith("{"):
            formula = formula[1:]
        if formula.startswith("="):
            formula = formula[1:]
        if formula.endswith("}"):
            formula = formula[:-1]
        return formula


class _Workbook(Workbook):
    worksheet_class = _Worksheet


def write_unit_sheets(
    workbook: Workbook,
    catalog: Catalog,
    units: Sequence[Unit],
    values: Mapping[str, object] | None = None,
    cached: Mapping[str, object] | None = None,
    *,
    paper: str = DEFAULT_PAPER,
) -> None:
    """One sheet per unit, with its defined names, printing on ``paper``.

    ``values`` fills input cells and ``cached`` gives formula cells their cached results, both
    keyed by defined name (a consolidated workbook); a blank has neither, and every formula then
    carries an empty cached result.
    """
    styles = Styles(workbook, paper)
    layouts = [sheet_layout(unit) for unit in units]
    located = {  # every named cell of the workbook, for formulas across sheets (the cascade)
        name: f"{quote_sheet(layout.sheet_name)}!{cell_name(row, col)}"
        for layout in layouts
        for name, (row, col) in layout.names().items()
    }
    records = {  # the records sheets of the workbook, by the indicator that owns them
        records_key(layout): layout for unit in units for layout in records_layouts(catalog, unit)
    }
    fill = Fill(values or {}, cached or {}, located, records, catalog.year)
    for layout in layouts:
        write_unit_sheet(workbook, styles, catalog, layout, fill)
        for records_layout in records_layouts(catalog, layout.unit):
            write_records_sheet(workbook, styles, catalog, layout.unit, records_layout, fill)


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
