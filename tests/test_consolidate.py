"""Consolidation end to end, conflicts, missing units, years, the cascade, the kabupaten."""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from iku_xlsx import load_catalog, read_workbook, write_workbook
from iku_xlsx.consolidation.result import DERIVED_SOURCE
from iku_xlsx.jobs.consolidate import consolidate
from iku_xlsx.reports import comparison
from iku_xlsx.reports.workbook import write_report

from . import oracle
from .libreoffice import convert
from .workbooks import NOTES, QUARTERS, fill, name_cells, random_records, read_names

YEAR = 2025
RECORD_WARNINGS = {
    "date-outside-year",
    "survey-incomplete",
    "sample-too-small",
    "records-quarter-missing",  # dates typed, the quarter cell left empty
}


def _figures(catalog, rng):
    """Valid, plausible inputs for every typed indicator: defined name -> value."""
    values = {}
    budgets: dict[str, int] = {}  # a cumulative ratio's annual amount (a quarter may say 0)
    for indicator in catalog.indicators:
        if indicator.target is None:
            values[f"{indicator.id}_TARGET"] = rng.choice((80, 90, 100))
        if indicator.computed_inputs:
            continue
        for q in QUARTERS:
            if rng.random() < 0.2:
                continue  # a quarter not reported
            if indicator.kind.value == "value":
                values[f"{indicator.id}_TW{q}_NUM"] = round(rng.uniform(60, 95), 2)
            elif indicator.kind.value == "count":
                values[f"{indicator.id}_TW{q}_NUM"] = rng.randint(0, 30)
            elif indicator.aggregation.value == "cumulative":  # a budget: spent within it
                budget = rng.choice((0, budgets.setdefault(indicator.id, rng.randint(80, 320))))
                values[f"{indicator.id}_TW{q}_DEN"] = budget
                values[f"{indicator.id}_TW{q}_NUM"] = rng.randint(0, budget // 4)
            else:
                den = rng.choice((0, rng.randint(1, 80), rng.randint(1, 80)))
                values[f"{indicator.id}_TW{q}_DEN"] = den
                values[f"{indicator.id}_TW{q}_NUM"] = rng.randint(0, den)
    return values | random_records(catalog, rng, valid=True)  # else the file is rejected


def _fill_all(catalog, blanks, folder, values, units=None):
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for unit in catalog.units:
        if units is not None and unit.id not in units:
            continue
        survey = any(i.ikm for i in unit.indicators)
        mine = {
            k: v
            for k, v in values.items()
            if any(k.startswith(f"{i.id}_") for i in unit.indicators)
            or (survey and k.startswith("IKM_"))
        }
        paths.append(folder / blanks[unit.id].name)
        fill(blanks[unit.id], paths[-1], mine)
    return paths


def _expected(catalog, values):
    """The oracle's figures for every indicator, the cascade summed as the rules say."""

    def typed(indicator_id, part, q):
        return values.get(f"{indicator_id}_TW{q}_{part}")

    expected = {}
    everything = {i.id for i in catalog.indicators} | {"IKM"}  # the rekap holds every record
    for indicator in catalog.indicators:

        def inputs(part, indicator=indicator):
            if indicator.recorded:
                nums, dens = oracle.recorded_inputs(catalog, indicator, values, everything)
                return nums if part == "NUM" else dens
            if not indicator.derived_from:
                return [typed(indicator.id, part, q) for q in QUARTERS]
            sums = []
            for q in QUARTERS:
                numbers = [
                    typed(s, part, q)
                    for s in indicator.derived_from
                    if typed(s, part, q) is not None
                ]
                sums.append(sum(numbers) if numbers else None)
            return sums

        target = (
            indicator.target
            if indicator.target is not None
            else values.get(f"{indicator.id}_TARGET")
        )
        ratio = indicator.kind.value == "ratio"
        expected[indicator.id] = oracle.expected(
            indicator.kind.value,
            indicator.aggregation.value,
            indicator.polarity.value,
            inputs("NUM"),
            inputs("DEN") if ratio else None,
            target,
        )
    return expected


def _same(actual, expected):
    if expected is None or expected == oracle.DASH:
        return actual in (None, "", oracle.DASH) or (
            isinstance(actual, float) and math.isnan(actual)
        )
    if isinstance(expected, str):
        return actual == expected
    return isinstance(actual, (int, float)) and math.isclose(
        actual, expected, rel_tol=1e-9, abs_tol=1e-9
    )


@pytest.fixture(scope="module")
def end_to_end(require_libreoffice, catalog, blanks, tmp_path_factory):
    """Nine filled files, three of them re-saved by LibreOffice, consolidated, and the result
    recalculated by LibreOffice."""
    root = tmp_path_factory.mktemp("e2e")
    values = _figures(catalog, random.Random(7))
    paths = _fill_all(catalog, blanks, root / "filled", values)
    inbox = root / "masuk"
    inbox.mkdir()
    resaved = convert(paths[:3], inbox, root / "profile")
    for path in paths[3:]:
        (inbox / path.name).write_bytes(path.read_bytes())
    assert len(resaved) == 3
    result = consolidate([inbox], catalog, out=root / "rekap.xlsx", csv=root / "rekap.csv")
    (recalculated,) = convert([root / "rekap.xlsx"], root / "lo", root / "profile")
    return values, result, root, recalculated


def test_end_to_end_numbers_agree_three_ways(end_to_end, catalog):
    """The tidy table, LibreOffice's recalculation of the workbook and the oracle agree."""
    values, result, _, recalculated = end_to_end
    assert result.exit_code == 0, result.problems
    # warnings only: records dated after the year, an IKM service with an unsur left empty
    assert {p.code for p in result.problems} <= RECORD_WARNINGS
    expected = _expected(catalog, values)
    table = result.table.set_index(["indicator_id", "period"])
    names = [
        f"{i.id}_{s}"
        for i in catalog.indicators
        for s in ["YEAR_VAL", "CAPAIAN", "KATEGORI", *(f"TW{q}_VAL" for q in QUARTERS)]
    ]
    names += [f"{i.id}_TW{q}_NUM" for i in catalog.indicators for q in QUARTERS]
    libreoffice = read_names(recalculated, names)
    mismatches = []
    for indicator in catalog.indicators:
        want = expected[indicator.id]
        checks = {
            f"TW{q}_VAL": (want.quarter_values[q - 1], ("TW" + str(q), "value")) for q in QUARTERS
        }
        checks["YEAR_VAL"] = (want.year_value, ("YEAR", "value"))
        checks["CAPAIAN"] = (want.capaian, ("YEAR", "achievement"))
        checks["KATEGORI"] = (want.kategori, ("YEAR", "category"))
        for suffix, (wanted, (period, column)) in checks.items():
            name = f"{indicator.id}_{suffix}"
            tidy = table.at[(indicator.id, period), column]
            if not _same(libreoffice[name], wanted) or not _same(
                None if pd.isna(tidy) else tidy, wanted
            ):
                mismatches.append(
                    f"{name}: LibreOffice {libreoffice[name]!r}, table {tidy!r}, oracle {wanted!r}"
                )
    assert not mismatches, "\n".join(mismatches)


def test_the_cascade_sums_the_six_units(end_to_end, catalog):
    values, result, _, recalculated = end_to_end
    derived = catalog.unit("CAMAT").indicators[2]
    assert derived.derived_from
    table = result.table.set_index(["indicator_id", "period"])
    libreoffice = read_names(recalculated, [f"{derived.id}_TW{q}_NUM" for q in QUARTERS])
    for q in QUARTERS:
        typed = [values.get(f"{s}_TW{q}_NUM") for s in derived.derived_from]
        total = (
            sum(v for v in typed if v is not None) if any(v is not None for v in typed) else None
        )
        assert _same(table.at[(derived.id, f"TW{q}"), "numerator"], total)
        assert _same(libreoffice[f"{derived.id}_TW{q}_NUM"], total)
    assert table.at[(derived.id, "YEAR"), "source_file"] == DERIVED_SOURCE


def test_consolidated_workbook_reads_back_as_a_clean_iku_workbook(end_to_end, catalog):
    _, result, root, recalculated = end_to_end
    for path in (root / "rekap.xlsx", recalculated):
        reading = read_workbook(path, catalog)
        # every cached value is right: no formula-overwritten, only the records' warnings
        assert {p.code for p in reading.problems} <= RECORD_WARNINGS, reading.problems
        mine = reading.table.set_index(["indicator_id", "period"])["value"]
        theirs = result.table.set_index(["indicator_id", "period"])["value"]
        assert ((mine - theirs).abs().fillna(0) < 1e-9).all()
    workbook = openpyxl.load_workbook(root / "rekap.xlsx")
    assert workbook.sheetnames[:2] == ["Ringkasan", "Rekap IKU"]
    assert {"Masalah", "Sumber"} <= set(workbook.sheetnames)
    assert workbook["Ringkasan"]._charts  # the native chart
    sources = list(workbook["Sumber"].iter_rows(min_row=4, values_only=True))
    assert len(sources) == 9 and all(len(row[1]) == 64 for row in sources)
    assert {row[7] for row in sources} == {"dipakai"}
    csv = pd.read_csv(root / "rekap.csv")
    assert list(csv.columns) == list(result.table.columns) and len(csv) == 29 * 5


def test_a_cascade_typed_over_is_summed_again_and_said(end_to_end, catalog, tmp_path):
    """CAMAT_3 in the consolidated workbook is a sum over the six units' sheets: a figure
    typed over its formula is reported at its cell, and the table keeps the sum of the
    sources as read, never the figure shown."""
    _, result, root, _ = end_to_end
    workbook = openpyxl.load_workbook(root / "rekap.xlsx")
    sheet, ref = name_cells(workbook)["CAMAT_3_TW1_NUM"]
    workbook[sheet][ref].value = 999
    workbook.save(tmp_path / "rekap-ditimpa.xlsx")
    reading = read_workbook(tmp_path / "rekap-ditimpa.xlsx", catalog)
    (problem,) = [p for p in reading.problems if p.code == "formula-overwritten"]
    assert (problem.sheet, problem.cell) == (sheet, ref.replace("$", ""))
    assert problem.message.startswith("CAMAT_3 pembilang TW I (jumlah indikator sumbernya)")
    table = reading.table.set_index(["indicator_id", "period"])
    expected = result.table.set_index(["indicator_id", "period"])
    assert (
        table.loc[("CAMAT_3", "TW1"), "numerator"] == expected.loc[("CAMAT_3", "TW1"), "numerator"]
    )
    assert table.loc[("CAMAT_3", "TW1"), "numerator"] != 999


def test_the_unit_heads_notes_reach_the_consolidated_workbook(end_to_end):
    """A checklist item's note (KETERANGAN) is carried into the kecamatan workbook as its
    cell showed it (a number or a date typed there too), also from the files LibreOffice
    re-saved; an item without one stays empty."""
    values, _, root, _ = end_to_end
    notes = {name: value for name, value in values.items() if name.endswith("_NOTE")}
    assert notes, "the fixture's records carry notes"
    without = [name.replace("_DONE", "_NOTE") for name in values if name.endswith("_DONE")]
    without = [name for name in without if name not in notes]
    assert without, "and items without one"
    written = read_names(root / "rekap.xlsx", [*notes, *without])
    assert {name: written[name] for name in notes} == {n: NOTES[v] for n, v in notes.items()}
    assert all(written[name] is None for name in without)


def test_a_combined_workbook_gives_only_the_units_it_is_used_for(catalog, blanks, tmp_path):
    """A combined workbook beside a unit's own file: the unit's records (its dates, its
    notes) come from the file used for that unit, never from the combined one, which is used
    for the other units; in conflict, from neither."""
    values = _figures(catalog, random.Random(11))
    own = {k: v for k, v in values.items() if not k.startswith("PERKEU_1_ITEM1_")}
    stale = {"PERKEU_1_ITEM1_DONE": dt.date(YEAR, 1, 20), "PERKEU_1_ITEM1_NOTE": "catatan lama"}
    folder = tmp_path / "masuk"
    folder.mkdir()
    combined = write_workbook(tmp_path / "blanko-gabungan.xlsx", catalog, catalog.units)
    fill(combined, folder / "a-gabungan.xlsx", values | stale)
    _fill_all(catalog, blanks, folder, own, units={"PERKEU"})  # saved last: the newest
    names = ["PERKEU_1_ITEM1_DONE", "PERKEU_1_ITEM1_NOTE", "PERKEU_1_ITEM5_NOTE"]
    assert own["PERKEU_1_ITEM5_NOTE"] == "2"  # the unit's own file has this note
    for newest, wanted in ((True, [None, None, "2"]), (False, [None, None, None])):
        result = consolidate([folder], catalog, newest=newest, out=tmp_path / f"{newest}.xlsx")
        codes = {p.code for p in result.problems}
        assert ("unit-superseded" if newest else "unit-conflict") in codes
        assert list(read_names(tmp_path / f"{newest}.xlsx", names).values()) == wanted


@pytest.fixture
def inbox(catalog, blanks, tmp_path):
    values = _figures(catalog, random.Random(11))
    _fill_all(catalog, blanks, tmp_path / "masuk", values)
    return tmp_path / "masuk", values


def test_sources_name_each_file_by_its_sha256(inbox, catalog):
    """Taken from the bytes the reader read, or from the file where it was refused."""
    folder, _ = inbox
    (folder / "rusak.xlsx").write_bytes(b"PK\x03\x04 terpotong")
    result = consolidate([folder], catalog)
    assert len(result.sources) == len(catalog.units) + 1
    for source in result.sources:
        assert source.sha256 == hashlib.sha256(source.path.read_bytes()).hexdigest()
    assert {s.status for s in result.sources} == {"dipakai", "ditolak"}


def test_two_files_for_one_unit_are_a_conflict(inbox, catalog, tmp_path):
    folder, _ = inbox
    copy = folder / "cls-2025-EKONOMI (revisi).xlsx"
    copy.write_bytes((folder / "cls-2025-EKONOMI.xlsx").read_bytes())
    result = consolidate([folder], catalog)
    (conflict,) = [p for p in result.problems if p.code == "unit-conflict"]
    assert "cls-2025-EKONOMI.xlsx" in conflict.message and copy.name in conflict.message
    assert result.exit_code == 1
    assert result.kecamatan[0].missing == ["EKONOMI"]
    rows = result.table[result.table.unit_id == "EKONOMI"]
    assert rows["value"].isna().all()  # neither summed nor chosen


def test_newest_chooses_the_file_saved_last(inbox, catalog, tmp_path):
    folder, _ = inbox
    newer = folder / "cls-2025-EKONOMI-baru.xlsx"
    workbook = openpyxl.load_workbook(folder / "cls-2025-EKONOMI.xlsx")
    sheet, ref = name_cells(workbook)["EKONOMI_1_TW1_DEN"]
    workbook[sheet][ref].value = 999
    time.sleep(1.1)  # saved a second later than the original: its properties say so
    workbook.save(newer)
    result = consolidate([folder], catalog, newest=True)
    assert result.exit_code == 0
    assert [p.code for p in result.problems if p.code not in RECORD_WARNINGS] == ["unit-superseded"]
    row = result.table[(result.table.indicator_id == "EKONOMI_1") & (result.table.period == "TW1")]
    assert row["denominator"].item() == 999


def test_missing_units_and_a_file_of_another_year(catalog, blanks, tmp_path, builtin):
    values = _figures(catalog, random.Random(3))
    folder = tmp_path / "masuk"
    _fill_all(catalog, blanks, folder, values, units={"CAMAT", "EKONOMI", "KESRA"})
    old = builtin.for_year(2024)
    write_workbook(folder / "cls-2024-TRANTIB.xlsx", old, [old.unit("TRANTIB")])
    result = consolidate([folder], catalog)
    assert result.year == 2025  # the year most files have
    codes = [p.code for p in result.problems]
    assert codes.count("unit-missing") == 6
    assert "wrong-year" in codes and result.exit_code == 1
    camat_3 = result.table[(result.table.indicator_id == "CAMAT_3")]
    typed = [values.get(f"{s}_TW1_NUM") for s in ("EKONOMI_3", "KESRA_3")]
    reported = [v for v in typed if v is not None]
    expected = sum(reported) if reported else None
    assert _same(camat_3[camat_3.period == "TW1"]["numerator"].item(), expected)


def test_a_rejected_file_does_not_stop_the_rest(inbox, catalog):
    folder, _ = inbox
    (folder / "catatan.txt").write_text("bukan buku kerja")
    broken = folder / "cls-2025-KESRA.xlsx"
    workbook = openpyxl.load_workbook(broken)
    sheet, ref = name_cells(workbook)["KESRA_1_TW1_NUM"]
    workbook[sheet][ref].value = "dua belas"
    workbook.save(broken)
    result = consolidate([folder], catalog)
    codes = {p.code for p in result.problems}
    assert {"not-a-number", "file-rejected", "unit-missing"} <= codes
    assert result.kecamatan[0].missing == ["KESRA"]
    assert result.table[result.table.unit_id == "EKONOMI"]["value"].notna().any()


def test_when_every_file_is_rejected_the_workbook_is_still_written(inbox, catalog, tmp_path):
    """No usable file says the year: the workbook shows every unit missing, and the targets
    the catalog gives every year."""
    folder, _ = inbox
    other = catalog.model_copy(update={"catalog_id": "lain"})
    out = tmp_path / "rekap.xlsx"
    result = consolidate([folder], other, out=out)
    codes = [p.code for p in result.problems]
    assert codes.count("wrong-catalog") == len(catalog.units)
    assert codes.count("unit-missing") == len(catalog.units)
    assert result.exit_code == 1 and result.written == [out]
    assert result.table["value"].isna().all()
    camat_1 = next(i for i in catalog.indicators if i.id == "CAMAT_1")
    assert read_names(out, ["CAMAT_1_TARGET"])["CAMAT_1_TARGET"] == camat_1.target


def test_kabupaten_roll_up(catalog, blanks, tmp_path, builtin):
    """Three kecamatan (the built-in and two others) side by side in one workbook."""
    folders, catalogs = [], [catalog]
    values = _figures(catalog, random.Random(5))
    _fill_all(catalog, blanks, tmp_path / "cls", values)
    folders.append(tmp_path / "cls")
    for name in ("Binuang", "Tapin Selatan"):
        other = catalog.model_copy(
            update={
                "kecamatan": catalog.kecamatan.model_copy(update={"name": name}),
                "catalog_id": name.lower().replace(" ", ""),
            }
        )
        catalogs.append(other)
        folder = tmp_path / name
        folder.mkdir()
        for unit in other.units:
            blank = write_workbook(tmp_path / f"{name}-{unit.id}.xlsx", other, [unit])
            mine = {
                k: v
                for k, v in _figures(other, random.Random(len(name))).items()
                if any(k.startswith(f"{i.id}_") for i in unit.indicators)
            }
            fill(blank, folder / f"{other.catalog_id}-2025-{unit.id}.xlsx", mine)
        folders.append(folder)
    result = consolidate(folders, catalogs, out=tmp_path / "kabupaten.xlsx")
    assert result.exit_code == 0, result.problems
    assert sorted(set(result.table.kecamatan)) == [
        "Binuang",
        "Candi Laras Selatan",
        "Tapin Selatan",
    ]
    assert len(result.table) == 3 * 29 * 5
    workbook = openpyxl.load_workbook(tmp_path / "kabupaten.xlsx")
    assert workbook.sheetnames[:4] == [
        "Perbandingan",
        "Rekap Candi Laras Selatan",
        "Rekap Binuang",
        "Rekap Tapin Selatan",
    ]
    assert workbook["Perbandingan"]._charts
    # written row by row (to spare memory), it is the same workbook as one held whole
    write_report(result, tmp_path / "whole.xlsx", streamed=False)
    assert _contents(tmp_path / "kabupaten.xlsx") == _contents(tmp_path / "whole.xlsx")
    header = [c.value for c in workbook["Perbandingan"][6]][:6]
    assert header == [
        "ID",
        "INDIKATOR KINERJA UTAMA",
        "SATUAN",
        "Candi Laras Selatan",
        "Binuang",
        "Tapin Selatan",
    ]


def _contents(path: Path) -> dict[str, object]:
    """What a workbook holds, sheet by sheet: every cell's value (formulas as written),
    number format, lock, bold and fill; merged ranges, charts; the defined names."""
    workbook = openpyxl.load_workbook(path)
    contents: dict[str, object] = {
        "names": sorted((name, str(d.attr_text)) for name, d in workbook.defined_names.items())
    }
    for sheet in workbook.worksheets:
        cells = {
            cell.coordinate: (
                cell.value,
                cell.number_format,
                cell.protection.locked,
                cell.font.b,
                cell.fill.fgColor.rgb,
            )
            for row in sheet.iter_rows()
            for cell in row
            if cell.value is not None or cell.has_style
        }
        merged = sorted(map(str, sheet.merged_cells.ranges))
        contents[sheet.title] = (cells, merged, len(sheet._charts), sheet.freeze_panes)
    return contents


def test_comparison_charts_split_beyond_the_series_limit(catalog, tmp_path, monkeypatch):
    """Excel takes at most 255 series in a chart: more kecamatan make several charts, none
    dropped (here with a limit of 2, for three kecamatan)."""
    catalogs = [
        catalog.model_copy(
            update={"kecamatan": catalog.kecamatan.model_copy(update={"name": name})}
        )
        for name in ("Binuang", "Piani", "Bungur")
    ]
    result = consolidate([], catalogs)  # no file of any: every kecamatan, nothing reported
    assert [k.catalog.kecamatan.name for k in result.kecamatan] == ["Binuang", "Piani", "Bungur"]
    assert [p.code for p in result.problems] == ["unit-missing"] * 3 * len(catalog.units)
    monkeypatch.setattr(comparison, "MAX_CHART_SERIES", 2)
    write_report(result, tmp_path / "kabupaten.xlsx")
    charts = openpyxl.load_workbook(tmp_path / "kabupaten.xlsx")["Perbandingan"]._charts
    assert [len(chart.series) for chart in charts] == [2, 1]


def test_an_output_that_is_an_input_is_refused(inbox, catalog):
    folder, _ = inbox
    target = folder / "cls-2025-EKONOMI.xlsx"
    before = target.read_bytes()
    result = consolidate([folder], catalog, out=target)
    assert result.exit_code == 2 and result.problems[0].code == "output-is-input"
    assert target.read_bytes() == before


KILLED_WRITER = """
import sys, time
import xlsxwriter.workbook
from iku_xlsx import load_catalog
from iku_xlsx import consolidate
original = xlsxwriter.workbook.Workbook.close
def slow_close(self):
    original(self)          # the temporary file is complete ...
    print("written", flush=True)
    time.sleep(60)          # ... and the process is killed before it is renamed
xlsxwriter.workbook.Workbook.close = slow_close
consolidate([sys.argv[1]], load_catalog(year=2025), out=sys.argv[2])
"""


def test_a_kill_during_the_write_leaves_the_old_file(inbox, tmp_path):
    folder, _ = inbox
    target = tmp_path / "rekap.xlsx"
    target.write_bytes(b"the previous consolidation")
    process = subprocess.Popen(
        [sys.executable, "-c", KILLED_WRITER, str(folder), str(target)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout.readline().strip() == "written"
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=10)
    assert target.read_bytes() == b"the previous consolidation"
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith(".rekap.xlsx.")]
    assert len(leftovers) == 1  # a stray temporary file, never a half-written target


def test_cli_consolidate_and_demo(inbox, tmp_path, monkeypatch):
    folder, _ = inbox
    from typer.testing import CliRunner

    from iku_xlsx.cli import app

    runner = CliRunner()
    result = runner.invoke(
        app,
        [
            "consolidate",
            str(folder),
            "--out",
            str(tmp_path / "r.xlsx"),
            "--csv",
            str(tmp_path / "r.csv"),
            "--year",
            "2025",
        ],
    )
    assert result.exit_code == 0, result.output
    assert (tmp_path / "r.xlsx").exists() and (tmp_path / "r.csv").exists()
    assert runner.invoke(app, ["consolidate", str(folder)]).exit_code == 2  # no --out
    demo = runner.invoke(app, ["demo", "--out", str(tmp_path / "demo")])
    assert demo.exit_code == 0, demo.output
    assert "Kasi Kesra" in demo.output and "0/3" in demo.output  # rejected: deliberate errors
    assert sorted(p.name for p in (tmp_path / "demo").iterdir()) == [
        "2024",  # last year, consolidated a year ago: the earlier year of the annual report
        "blanko",
        "catatan",
        "iku-xlsx.yaml",  # the settings: commands run in the folder use the demo's catalog
        "katalog.yaml",  # the demo's catalog: the built-in one with the year's targets
        "lkjip-cls-2025.docx",  # the tables of LKjIP chapter III
        "masuk",
        "rekap-cls-2025.csv",
        "rekap-cls-2025.xlsx",
    ]
    assert "LKjIP" in demo.output and "2024" in demo.output
    demo_catalog = load_catalog(tmp_path / "demo" / "katalog.yaml")
    assert demo_catalog.unit("SEKCAM").indicators[4].quarter_targets_for(2025) == [22, 47, 72, 95]
    checked = runner.invoke(
        app,
        [
            "check",
            str(tmp_path / "demo" / "masuk"),
            "--catalog",
            str(tmp_path / "demo" / "katalog.yaml"),
        ],
    )
    assert checked.exit_code == 1 and "KESRA" in checked.output  # only the deliberate errors
    assert "wrong-catalog" not in checked.output
    monkeypatch.chdir(tmp_path / "demo" / "masuk")  # its settings: no --catalog needed
    settled = runner.invoke(app, ["check", ".", "--json"])
    assert settled.exit_code == 1 and '"code": "wrong-catalog"' not in settled.output
    assert '"file": "cls-2025-KESRA.xlsx"' in settled.output
    assert runner.invoke(app, ["demo", "--out", str(tmp_path / "demo")]).exit_code == 2
    load_catalog()  # the built-in catalog is untouched by all this
