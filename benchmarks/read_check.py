"""Benchmark: reading and checking filled unit workbooks against a bare python-calamine parse.

    python benchmarks/read_check.py [--copies 40] [--rounds 5]

Builds the nine unit workbooks of the built-in catalog, fills them with plausible figures (and
has LibreOffice recalculate them when soffice is installed, so that they carry cached results
as files saved by Excel do), copies them ``--copies`` times, then times side by side, in
alternating rounds on one process:

- the floor: a bare python-calamine loop that opens each file and reads every sheet;
- iku_xlsx: ``read_workbooks`` (the gate, identification, every input check, the vectorised
  recomputation, the cached-result comparison and the tidy table).

It prints files per second and the ratio of iku_xlsx to the floor (the median of the rounds).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import openpyxl
from scale import bare_calamine, recalculate  # this folder: run as a script

from iku_xlsx import load_catalog, read_workbooks, write_workbook
from iku_xlsx.jobs.demo import sample_record_figures


def build(folder: Path, copies: int) -> tuple[list[Path], bool]:
    """The filled unit workbooks, ``copies`` times over; whether LibreOffice recalculated them."""
    catalog = load_catalog(year=2025)
    rng = random.Random(2025)
    filled = folder / "filled"
    filled.mkdir()
    originals = []
    for unit in catalog.units:
        blank = write_workbook(folder / f"blank-{unit.id}.xlsx", catalog, [unit])
        workbook = openpyxl.load_workbook(blank)
        cells = {n: next(iter(d.destinations)) for n, d in workbook.defined_names.items()}
        values: dict[str, object] = sample_record_figures(catalog, unit, rng)  # checklists, survey
        for indicator in unit.indicators:
            if indicator.target is None:
                values[f"{indicator.id}_TARGET"] = 100 if indicator.kind.value == "ratio" else 80
            if indicator.computed_inputs:
                continue  # counted from records or other units: formulas, not typed
            for q in (1, 2, 3):  # three quarters reported
                den = rng.randint(5, 400)
                values[f"{indicator.id}_TW{q}_NUM"] = rng.randint(0, den)
                if indicator.kind.value == "ratio":
                    values[f"{indicator.id}_TW{q}_DEN"] = den
                elif indicator.kind.value == "value":
                    values[f"{indicator.id}_TW{q}_NUM"] = round(rng.uniform(60, 95), 2)
        for name, value in values.items():
            sheet, ref = cells[name]
            workbook[sheet][ref.replace("$", "")] = value
        path = filled / f"cls-2025-{unit.id}.xlsx"
        workbook.save(path)
        originals.append(path)
    recalculated = recalculate(originals, folder)
    files = []
    for copy in range(copies):
        target = folder / "batch" / f"{copy:04d}"
        target.mkdir(parents=True)
        for path in recalculated or originals:
            shutil.copy(path, target / path.name)
            files.append(target / path.name)
    return files, recalculated is not None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=40, help="copies of the nine files")
    parser.add_argument("--rounds", type=int, default=5, help="alternating timing rounds")
    args = parser.parse_args()
    catalog = load_catalog()
    with tempfile.TemporaryDirectory() as folder:
        files, recalculated = build(Path(folder), args.copies)
        readings = read_workbooks(files, catalog)  # warm up, and check the batch is clean
        assert all(not r.has_errors for r in readings), readings[0].problems
        floor, ours = [], []
        for _ in range(args.rounds):
            for timings, run in (
                (floor, lambda: bare_calamine(files)),
                (ours, lambda: read_workbooks(files, catalog)),
            ):
                started = time.perf_counter()
                run()
                timings.append(time.perf_counter() - started)
        floor_s, ours_s = statistics.median(floor), statistics.median(ours)
        size = sum(p.stat().st_size for p in files) / len(files) / 1024
        print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, one process")
        print(
            f"{len(files)} unit workbooks ({size:.0f} KB each, "
            f"{'recalculated by LibreOffice' if recalculated else 'as filled by openpyxl'})"
        )
        print(
            f"bare python-calamine parse: {len(files) / floor_s:8.0f} files/s "
            f"({floor_s / len(files) * 1000:.2f} ms per file)"
        )
        print(
            f"iku_xlsx read and check:    {len(files) / ours_s:8.0f} files/s "
            f"({ours_s / len(files) * 1000:.2f} ms per file)"
        )
        print(f"ratio to the floor: {ours_s / floor_s:.2f}x")


if __name__ == "__main__":
    main()
