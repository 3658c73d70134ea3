"""The consolidated workbook: what the Camat signs (a kecamatan) or the kabupaten compares.

A kecamatan workbook is itself a valid IKU workbook (the contract's names, the metadata
sheet): its unit sheets carry the collected inputs and the same live formulas as a blank,
each formula with the library's computed value as its cached result, so that programs that do
not recalculate show the right numbers. Around them:

- "Ringkasan": per unit the indicators reported, missing and the categories' counts, and a
  native chart of capaian per indicator against the 100 % line;
- "Rekap IKU": every indicator, quarter, year, target, capaian and kategori, as formulas over
  the unit sheets' names, signed by the head of the office (the catalog's first unit);
- "Masalah": every problem found; "Sumber": every input file with its SHA-256.

A kabupaten workbook (several kecamatan) has a "Perbandingan" sheet (each indicator's capaian
across kecamatan, with a chart) and one Rekap per kecamatan.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
from xlsxwriter.utility import xl_rowcol_to_cell
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from iku_xlsx.catalog import QUARTERS, Catalog
from iku_xlsx.compute import DASH, DEN, NUM, VAL
from iku_xlsx.consolidate import Consolidation, KecamatanResult, SourceFile
from iku_xlsx.problems import Problem
from iku_xlsx.rules import CATEGORIES, NOT_COMPUTABLE
from iku_xlsx.writer import (
    CATEGORY_FILLS,
    Styles,
    WorkbookInfo,
    open_workbook,
    write_metadata,
    write_signature,
    write_unit_sheets,
)

SUMMARY_SHEET = "Ringkasan"
REKAP_SHEET = "Rekap IKU"
COMPARISON_SHEET = "Perbandingan"
PROBLEMS_SHEET = "Masalah"
SOURCES_SHEET = "Sumber"
REKAP_HEADERS = [
    "NO",
    "ID",
    "UNIT KERJA",
    "INDIKATOR KINERJA UTAMA",
    "SATUAN",
    "TARGET",
    "TW I",
    "TW II",
    "TW III",
    "TW IV",
    "TAHUN",
    "CAPAIAN (%)",
    "KATEGORI",
    "BERKAS SUMBER",
    "GARIS 100%",
]
REKAP_WIDTHS = [4, 15, 22, 48, 9, 9, 9, 9, 9, 9, 10, 10, 13, 30, 6]
MAX_CHART_SERIES = 255  # Excel's limit of series in one chart
CHART_ROWS = 62  # rows a comparison chart covers (4 x 288 px at 20 px a row, and a gap)
FIRST_ROW = 6  # 0-based row of the first indicator on Rekap and Ringkasan tables
STATUS_WORDS = {
    "dipakai": "dipakai",
    "ditolak": "ditolak",
    "konflik": "konflik",
    "diganti": "diganti (ada yang lebih baru)",
    "dilewati": "dilewati",
}


def write_report(result: Consolidation, path: Path, *, streamed: bool | None = None) -> Path:
    """Write the consolidated workbook for ``result`` at ``path`` (atomically).

    ``streamed`` (default: for a kabupaten) writes each row out as the next one starts, so
    the workbook of hundreds of kecamatan is not held in memory until it is saved; its sheets
    are all written row after row (a test holds them to it). A kecamatan workbook's unit
    sheets are not, and it is small.
    """
    kabupaten = len(result.kecamatan) != 1
    with open_workbook(path, streamed=kabupaten if streamed is None else streamed) as workbook:
        styles = Styles(workbook)
        if not kabupaten:
            _kecamatan_workbook(workbook, styles, result, result.kecamatan[0])
        else:
            _kabupaten_workbook(workbook, styles, result)
        _problems_sheet(workbook, styles, result.problems)
        _sources_sheet(workbook, styles, result.sources)
    return path


def _kecamatan_workbook(
    workbook: Workbook, styles: Styles, result: Consolidation, kecamatan: KecamatanResult
) -> None:
    catalog = kecamatan.catalog.for_year(result.year)
    summary = workbook.add_worksheet(SUMMARY_SHEET)
    rekap = workbook.add_worksheet(REKAP_SHEET)
    rows = _rekap(rekap, styles, catalog, kecamatan, live=True)
    _summary(workbook, summary, styles, catalog, kecamatan, REKAP_SHEET, rows)
    values, cached = cell_values(kecamatan)
    write_unit_sheets(workbook, catalog, catalog.units, values, cached)
    write_metadata(workbook, WorkbookInfo(catalog, tuple(catalog.units), "consolidated"))
    summary.activate()


def _kabupaten_workbook(workbook: Workbook, styles: Styles, result: Consolidation) -> None:
    comparison = workbook.add_worksheet(COMPARISON_SHEET)
    rekaps = []
    for kecamatan in result.kecamatan:
        name = f"Rekap {kecamatan.catalog.kecamatan.name}"[:31]
        sheet = workbook.add_worksheet(name)
        rows = _rekap(sheet, styles, kecamatan.catalog.for_year(result.year), kecamatan, live=False)
        rekaps.append((name, kecamatan, rows))
    _comparison(workbook, comparison, styles, result, rekaps)
    comparison.activate()


# --- cell values for the unit sheets -----------------------------------------------------------


def _number(value: float) -> float | None:
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else value


def _shown(value: float, dash: bool = False, empty: str = "") -> object:
    """A computed figure as the formula shows it: a number, "-" or ""."""
    if dash:
        return NOT_COMPUTABLE
    number = _number(value)
    return empty if number is None else number


def _rows(kecamatan: KecamatanResult) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    """Each indicator's inputs and results, as plain dicts (far cheaper than iterrows)."""
    return zip(_records(kecamatan.inputs), _records(kecamatan.results), strict=True)


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """A small frame's rows as dicts of Python values: to_dict("records") without the
    per-cell work pandas does for it (one array of objects, rather than a column at a time,
    which costs twice as long)."""
    names = list(frame.columns)
    return [dict(zip(names, row, strict=True)) for row in frame.to_numpy(dtype=object).tolist()]


def cell_values(kecamatan: KecamatanResult) -> tuple[dict[str, object], dict[str, object]]:
    """Input values and cached formula results, by defined name, for write_unit_sheets."""
    values: dict[str, object] = {}
    cached: dict[str, object] = {}
    indicators = {i.id: i for i in kecamatan.catalog.indicators}
    for row, result in _rows(kecamatan):
        indicator = indicators[row["indicator_id"]]
        prefix = indicator.id
        target = row["target"] if indicator.target is None else None
        for name, value in (
            (f"{prefix}_TARGET", _number(target)),
            (f"{prefix}_KENDALA", kecamatan.kendala.get(prefix)),
        ):
            if value is not None:
                values[name] = value
        parts = (("NUM", NUM), ("DEN", DEN)) if indicator.kind.value == "ratio" else (("NUM", NUM),)
        for part, columns in parts:
            for q in QUARTERS:
                name = f"{prefix}_TW{q}_{part}"
                if indicator.computed_inputs:
                    cached[name] = _shown(row[columns[q - 1]])
                elif _number(row[columns[q - 1]]) is not None:
                    values[name] = row[columns[q - 1]]
        for q in QUARTERS:
            cached[f"{prefix}_TW{q}_VAL"] = _shown(result[VAL[q - 1]], result[DASH[q - 1]])
        cached[f"{prefix}_YEAR_NUM"] = _shown(result["year_num"])
        if indicator.kind.value == "ratio":
            cached[f"{prefix}_YEAR_DEN"] = _shown(result["year_den"])
        cached[f"{prefix}_YEAR_VAL"] = _shown(result["year_val"], result["year_dash"])
        cached[f"{prefix}_CAPAIAN"] = _shown(result["capaian"], empty=NOT_COMPUTABLE)
        cached[f"{prefix}_KATEGORI"] = result["kategori"] or NOT_COMPUTABLE
    values.update(kecamatan.record_values)  # the records sheets, as the units kept them
    for records in kecamatan.records.values():
        cached.update(records.computed())
    return values, cached


# --- Rekap ---------------------------------------------------------------------------------------


def _heading(sheet: Worksheet, styles: Styles, catalog: Catalog, title: str, width: int) -> None:
    lines = (
        catalog.government.heading,
        title,
        f"KECAMATAN {catalog.kecamatan.name.upper()}",
        f"TAHUN {catalog.year}",
    )
    for row, text in enumerate(lines):
        sheet.merge_range(row, 0, row, width - 1, None, styles.heading)
        sheet.write_string(row, 0, text, styles.heading)


def _rekap(
    sheet: Worksheet, styles: Styles, catalog: Catalog, kecamatan: KecamatanResult, *, live: bool
) -> list[int]:
    """The Rekap table; returns the 0-based rows of the indicators.

    ``live``: each figure a formula over the unit sheets' defined names, with its computed
    value cached (the kecamatan workbook); otherwise the computed values (the kabupaten's).
    """
    _heading(
        sheet,
        styles,
        catalog,
        "REKAPITULASI CAPAIAN INDIKATOR KINERJA UTAMA",
        len(REKAP_HEADERS) - 1,
    )
    for col, (title, width) in enumerate(zip(REKAP_HEADERS, REKAP_WIDTHS, strict=True)):
        sheet.set_column(col, col, width)
        sheet.write_string(FIRST_ROW - 1, col, title, styles.header)
    sheet.set_column(len(REKAP_HEADERS) - 1, len(REKAP_HEADERS) - 1, None, None, {"hidden": 1})
    units = {indicator.id: unit for unit in catalog.units for indicator in unit.indicators}
    indicators = {i.id: i for i in catalog.indicators}
    rows = []
    for k, (row, result) in enumerate(_rows(kecamatan)):
        r = FIRST_ROW + k
        rows.append(r)
        indicator = indicators[row["indicator_id"]]
        sheet.write_number(r, 0, k + 1, styles.text_center)
        sheet.write_string(r, 1, indicator.id, styles.text)
        sheet.write_string(r, 2, units[indicator.id].name, styles.text)
        sheet.write_string(r, 3, indicator.name, styles.text)
        sheet.write_string(r, 4, indicator.satuan, styles.text_center)
        figures = [("TARGET", _shown(row["target"]), styles.decimal)]
        figures += [
            (f"TW{q}_VAL", _shown(result[VAL[q - 1]], result[DASH[q - 1]]), styles.percent)
            for q in QUARTERS
        ]
        figures += [
            ("YEAR_VAL", _shown(result["year_val"], result["year_dash"]), styles.percent_bold),
            ("CAPAIAN", _shown(result["capaian"], empty=NOT_COMPUTABLE), styles.capaian),
            ("KATEGORI", result["kategori"] or NOT_COMPUTABLE, styles.kategori),
        ]
        for col, (suffix, value, style) in enumerate(figures, start=5):
            name = f"{indicator.id}_{suffix}"
            if live:
                formula = (
                    f'={name}&""'
                    if suffix == "KATEGORI"
                    else f'=IF(ISNUMBER({name}),{name},{name}&"")'
                )
                sheet.write_formula(r, col, formula, style, value)
            elif isinstance(value, (int, float)):
                sheet.write_number(r, col, value, style)
            else:
                sheet.write_string(r, col, str(value), style)
        sheet.write_string(
            r,
            13,
            Path(row["source_file"]).name
            if row["source_file"] and not row["source_file"].startswith("(")
            else row["source_file"],
            styles.label,
        )
        sheet.write_number(r, 14, 100)
    last = rows[-1] if rows else FIRST_ROW
    for name, fmt in styles.category_fills.items():
        sheet.conditional_format(
            FIRST_ROW,
            12,
            last,
            12,
            {"type": "cell", "criteria": "==", "value": f'"{name}"', "format": fmt},
        )
    sheet.conditional_format(
        FIRST_ROW,
        11,
        last,
        11,
        {
            "type": "icon_set",
            "icon_style": "3_traffic_lights",
            "icons": [
                {"criteria": ">=", "type": "number", "value": CATEGORIES[1][0]},
                {"criteria": ">=", "type": "number", "value": CATEGORIES[3][0]},
            ],
        },
    )
    sign_row = last + 3  # signed by the head of the office: the catalog's first unit
    write_signature(sheet, styles, catalog, catalog.units[0].signatory, sign_row, 10, 13)
    sheet.freeze_panes(FIRST_ROW, 4)
    sheet.set_landscape()
    sheet.set_paper(9)
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(FIRST_ROW - 1)
    sheet.print_area(0, 0, sign_row + 6, 13)
    sheet.hide_gridlines(2)
    return rows


# --- Ringkasan -------------------------------------------------------------------------------


def summary_counts(kecamatan: KecamatanResult) -> pd.DataFrame:
    """Per unit: indicators, reported (a year figure), missing, and each category's count."""
    table = kecamatan.inputs[["unit_id"]].assign(
        reported=kecamatan.results["year_val"].notna().to_numpy(),
        kategori=kecamatan.results["kategori"].to_numpy(),
    )
    rows = []
    for unit in kecamatan.catalog.units:
        mine = table[table["unit_id"] == unit.id]
        row = {"unit": unit.name, "indicators": len(mine), "reported": int(mine["reported"].sum())}
        row["missing"] = row["indicators"] - row["reported"]
        for _, name in CATEGORIES:
            row[name] = int((mine["kategori"] == name).sum())
        rows.append(row)
    return pd.DataFrame(rows)


def _summary(
    workbook: Workbook,
    sheet: Worksheet,
    styles: Styles,
    catalog: Catalog,
    kecamatan: KecamatanResult,
    rekap: str,
    rekap_rows: list[int],
) -> None:
    headers = [
        "UNIT KERJA",
        "JUMLAH INDIKATOR",
        "DILAPORKAN",
        "BELUM DILAPORKAN",
        *(name.upper() for _, name in CATEGORIES),
    ]
    _heading(sheet, styles, catalog, "RINGKASAN CAPAIAN INDIKATOR KINERJA UTAMA", len(headers))
    sheet.set_column(0, 0, 34)
    sheet.set_column(1, len(headers) - 1, 13)
    for col, title in enumerate(headers):
        sheet.write_string(FIRST_ROW - 1, col, title, styles.header)
    first, last = (rekap_rows[0] + 1, rekap_rows[-1] + 1) if rekap_rows else (1, 1)

    def column(col: int) -> str:
        letter = xl_rowcol_to_cell(0, col, col_abs=True)[:-1]
        return f"'{rekap}'!{letter}${first}:{letter}${last}"

    counts = summary_counts(kecamatan)
    for k, record in counts.iterrows():
        r = FIRST_ROW + k
        unit = f'"{record["unit"].replace(chr(34), chr(34) * 2)}"'
        is_unit = f"({column(2)}={unit})"
        sheet.write_string(r, 0, record["unit"], styles.text)
        formulas = [
            f"=SUMPRODUCT({is_unit}*1)",
            f"=SUMPRODUCT({is_unit}*ISNUMBER({column(10)}))",
            f"={xl_rowcol_to_cell(r, 1)}-{xl_rowcol_to_cell(r, 2)}",
        ]
        formulas += [f'=SUMPRODUCT({is_unit}*({column(12)}="{name}"))' for _, name in CATEGORIES]
        cached = [record["indicators"], record["reported"], record["missing"]]
        cached += [record[name] for _, name in CATEGORIES]
        for col, (formula, value) in enumerate(zip(formulas, cached, strict=True), start=1):
            sheet.write_formula(r, col, formula, styles.number, int(value))
    total = FIRST_ROW + len(counts)
    sheet.write_string(total, 0, "JUMLAH", styles.header)
    for col in range(1, len(headers)):
        cells = f"{xl_rowcol_to_cell(FIRST_ROW, col)}:{xl_rowcol_to_cell(total - 1, col)}"
        sheet.write_formula(
            total, col, f"=SUM({cells})", styles.header, int(counts.iloc[:, col].sum())
        )
    for name, fmt in styles.category_fills.items():
        col = 4 + [n for _, n in CATEGORIES].index(name)
        sheet.conditional_format(
            FIRST_ROW,
            col,
            total - 1,
            col,
            {"type": "cell", "criteria": ">", "value": 0, "format": fmt},
        )
    sheet.conditional_format(
        FIRST_ROW,
        3,
        total - 1,
        3,
        {
            "type": "cell",
            "criteria": ">",
            "value": 0,
            "format": styles.category_fills[CATEGORIES[-1][1]],
        },
    )
    chart = _capaian_chart(workbook, f"'{rekap}'", first - 1, last - 1, "Capaian per indikator")
    sheet.insert_chart(total + 2, 0, chart, {"x_scale": 2.4, "y_scale": 1.5})
    sheet.hide_gridlines(2)
    sheet.set_landscape()
    sheet.set_paper(9)
    sheet.fit_to_pages(1, 1)


def _capaian_chart(workbook: Workbook, rekap: str, first: int, last: int, title: str):
    columns = workbook.add_chart({"type": "column"})
    columns.add_series(
        {
            "name": "Capaian (%)",
            "categories": f"={rekap}!$B${first + 1}:$B${last + 1}",
            "values": f"={rekap}!$L${first + 1}:$L${last + 1}",
            "fill": {"color": "#4472C4"},
        }
    )
    line = workbook.add_chart({"type": "line"})
    line.add_series(
        {
            "name": "100%",
            "categories": f"={rekap}!$B${first + 1}:$B${last + 1}",
            "values": f"={rekap}!$O${first + 1}:$O${last + 1}",
            "line": {"color": "#C00000", "width": 1.5, "dash_type": "dash"},
        }
    )
    columns.combine(line)
    columns.show_hidden_data()  # the 100 line's helper column is hidden on the Rekap
    columns.set_title({"name": title})
    columns.set_y_axis({"name": "Capaian (%)", "min": 0})
    columns.set_x_axis({"num_font": {"rotation": -45, "size": 8}})
    columns.set_legend({"position": "bottom"})
    return columns


# --- Perbandingan (kabupaten) ------------------------------------------------------------------


def _comparison(
    workbook: Workbook,
    sheet: Worksheet,
    styles: Styles,
    result: Consolidation,
    rekaps: list[tuple[str, KecamatanResult, list[int]]],
) -> None:
    catalog = rekaps[0][1].catalog.for_year(result.year)
    title = "PERBANDINGAN CAPAIAN INDIKATOR KINERJA UTAMA ANTAR KECAMATAN"
    lines = (catalog.government.heading, title, f"TAHUN {result.year}")
    width = 3 + len(rekaps)
    for row, text in enumerate(lines):
        sheet.merge_range(row, 0, row, width - 1, None, styles.heading)
        sheet.write_string(row, 0, text, styles.heading)
    headers = [
        "ID",
        "INDIKATOR KINERJA UTAMA",
        "SATUAN",
        *(k.catalog.kecamatan.name for _, k, _ in rekaps),
    ]
    for col, header in enumerate(headers):
        sheet.write_string(FIRST_ROW - 1, col, header, styles.header)
    sheet.set_column(0, 0, 15)
    sheet.set_column(1, 1, 50)
    sheet.set_column(2, 2, 9)
    sheet.set_column(3, width - 1, 14)
    # rows: the indicators of the first catalog; each kecamatan's capaian by indicator id
    ids = list(rekaps[0][1].inputs["indicator_id"])
    names = {i.id: i for i in catalog.indicators}
    positions = [
        {indicator_id: k for k, indicator_id in enumerate(kecamatan.inputs["indicator_id"])}
        for _, kecamatan, _ in rekaps
    ]
    capaian = [kecamatan.results["capaian"].tolist() for _, kecamatan, _ in rekaps]
    for k, indicator_id in enumerate(ids):
        r = FIRST_ROW + k
        sheet.write_string(r, 0, indicator_id, styles.text)
        sheet.write_string(r, 1, names[indicator_id].name, styles.text)
        sheet.write_string(r, 2, names[indicator_id].satuan, styles.text_center)
        for col, ((rekap, _, rows), where, figures) in enumerate(
            zip(rekaps, positions, capaian, strict=True), start=3
        ):
            position = where.get(indicator_id)
            if position is None:
                sheet.write_string(r, col, NOT_COMPUTABLE, styles.capaian)
                continue
            cell = f"'{rekap}'!{xl_rowcol_to_cell(rows[position], 11)}"
            value = _shown(figures[position], empty=NOT_COMPUTABLE)
            sheet.write_formula(r, col, f"={cell}", styles.capaian, value)
    last = FIRST_ROW + len(ids) - 1
    # one chart, or (beyond Excel's 255 series to a chart) one per 255 kecamatan, stacked
    columns = list(range(3, width))
    groups = [columns[i : i + MAX_CHART_SERIES] for i in range(0, len(columns), MAX_CHART_SERIES)]
    for number, group in enumerate(groups):
        chart = workbook.add_chart({"type": "bar"})
        for col in group:
            chart.add_series(
                {
                    "name": [COMPARISON_SHEET, FIRST_ROW - 1, col],
                    "categories": [COMPARISON_SHEET, FIRST_ROW, 0, last, 0],
                    "values": [COMPARISON_SHEET, FIRST_ROW, col, last, col],
                }
            )
        title = "Capaian per indikator dan kecamatan"
        if len(groups) > 1:
            title += f" ({number + 1} dari {len(groups)})"
        chart.set_title({"name": title})
        chart.set_x_axis({"name": "Capaian (%)", "min": 0})
        chart.set_legend({"position": "bottom"})
        row = last + 2 + number * CHART_ROWS
        sheet.insert_chart(row, 0, chart, {"x_scale": 2.6, "y_scale": 4})
    sheet.freeze_panes(FIRST_ROW, 2)
    sheet.hide_gridlines(2)


# --- Masalah and Sumber ------------------------------------------------------------------------


def _table(
    sheet: Worksheet,
    styles: Styles,
    title: str,
    headers: list[tuple[str, int]],
    rows: list[list[object]],
) -> None:
    sheet.write_string(0, 0, title, styles.heading)
    for col, (header, width) in enumerate(headers):
        sheet.set_column(col, col, width)
        sheet.write_string(2, col, header, styles.header)
    for r, row in enumerate(rows, start=3):
        for col, value in enumerate(row):
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                sheet.write_number(r, col, value, styles.text)
            else:
                sheet.write_string(r, col, "" if value is None else str(value), styles.text)
    sheet.freeze_panes(3, 0)
    sheet.autofilter(2, 0, max(2, 2 + len(rows)), len(headers) - 1)


def _problems_sheet(workbook: Workbook, styles: Styles, problems: list[Problem]) -> None:
    sheet = workbook.add_worksheet(PROBLEMS_SHEET)
    words = {"error": "Kesalahan", "warning": "Peringatan"}
    _table(
        sheet,
        styles,
        "MASALAH YANG DITEMUKAN",
        [
            ("No", 5),
            ("Berkas", 40),
            ("Lembar", 22),
            ("Sel", 8),
            ("Tingkat", 12),
            ("Kode", 26),
            ("Keterangan", 90),
        ],
        [
            [n, p.file, p.sheet or "", p.cell or "", words[p.severity.value], p.code, p.message]
            for n, p in enumerate(problems, start=1)
        ],
    )
    for name, colour in (
        ("Kesalahan", CATEGORY_FILLS["Sangat Rendah"]),
        ("Peringatan", CATEGORY_FILLS["Sedang"]),
    ):
        sheet.conditional_format(
            3,
            4,
            3 + max(len(problems), 1),
            4,
            {
                "type": "cell",
                "criteria": "==",
                "value": f'"{name}"',
                "format": workbook.add_format({"bg_color": colour}),
            },
        )


def _sources_sheet(workbook: Workbook, styles: Styles, sources: list[SourceFile]) -> None:
    sheet = workbook.add_worksheet(SOURCES_SHEET)
    _table(
        sheet,
        styles,
        "BERKAS MASUKAN",
        [
            ("Berkas", 50),
            ("SHA-256", 66),
            ("Unit", 24),
            ("Kecamatan", 22),
            ("Tahun", 7),
            ("Disimpan", 22),
            ("Versi tata letak", 10),
            ("Status", 26),
        ],
        [
            [
                str(s.path),
                s.sha256,
                ",".join(s.units),
                s.kecamatan,
                s.year or "",
                s.saved,
                s.layout_version or "",
                STATUS_WORDS[s.status],
            ]
            for s in sources
        ],
    )
