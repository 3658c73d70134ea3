"""Benchmark at kabupaten scale: consolidate, check and blanks against their floors, and memory.

    python benchmarks/scale.py [--kecamatan 40] [--rounds 3] [--jobs N] [--blank-kecamatan 4]
                               [--no-memory] [--json FILE] [--keep DIR] [--profile]

About two to three minutes on two cores with the defaults.

Builds a reproducible batch: ``--kecamatan`` catalogs that differ in the kecamatan's name (the
12 kecamatan of Kabupaten Tapin, then "Uji 13", "Uji 14", ...), nine filled unit workbooks
each (360 files by default). Each kecamatan gets its own figures from ``random.Random`` (three
quarters, records included), written by the library's own writer under a placeholder name with
the formulas' cached results (the library's computation of the file, as the consolidated
workbook caches it); each file is then copied under its kecamatan's name by replacing the
placeholder and the catalog fingerprint in the zip's XML (checked once to give the writer's
own bytes). LibreOffice, when installed, recalculates the first kecamatan's nine files to
confirm that a spreadsheet computes what was cached. Every file must read back without an
error. Then, in alternating rounds on one process (the median of ``--rounds``), it times side
by side:

- consolidate (read, check, compute, write the workbook and the CSV) against the floor, a bare
  python-calamine loop that opens each file and parses every sheet, and against
  ``pandas.read_excel(..., sheet_name=None, engine="openpyxl")``;
- check_workbooks alone against the same floor;
- write_blanks against bare xlsxwriter making the very same calls: the calls the library makes
  are recorded once and replayed on fresh workbooks, so the ratio is iku_xlsx's own overhead;
- consolidate with ``--jobs`` processes on the same batch (forked processes start fast
  enough to pay on it; a fork server's, or spawned ones, would not, and no pool starts);

and the peak memory (RSS) of consolidation in fresh processes, for the batch and for ten times
as many kecamatan (3,600 files by default; ``--no-memory`` skips it), and on that batch
consolidate and check with ``--jobs`` processes against one.
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import cProfile
import datetime as dt
import gc
import inspect
import io
import json
import os
import pstats
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from python_calamine import CalamineWorkbook
from xlsxwriter.chart import Chart
from xlsxwriter.format import Format
from xlsxwriter.utility import xl_cell_to_rowcol
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from iku_xlsx import (
    Catalog,
    check_workbooks,
    consolidate,
    load_catalog,
    read_workbooks,
    write_blanks,
)
from iku_xlsx.catalog import QUARTERS, Aggregation, Kind, Unit
from iku_xlsx.contract.metadata import WorkbookInfo
from iku_xlsx.jobs.demo import sample_record_figures
from iku_xlsx.reading import reading_processes
from iku_xlsx.reports.values import cell_values
from iku_xlsx.writer.blanks import blank_file_name
from iku_xlsx.writer.workbook import open_workbook, write_metadata, write_unit_sheets

YEAR = 2025
SEED = 2025
TAPIN = (
    "Binuang",
    "Tapin Selatan",
    "Tapin Tengah",
    "Tapin Utara",
    "Candi Laras Selatan",
    "Candi Laras Utara",
    "Bakarangan",
    "Piani",
    "Bungur",
    "Lokpaikat",
    "Salam Babaris",
    "Hatungun",
)
TARGETS = {"consolidate": (2.0, 1.5), "check": (1.5, None), "blanks": (1.3, None)}
KENDALA = (
    "Data triwulan belum lengkap dari desa; ditindaklanjuti dengan rapat koordinasi.",
    "Anggaran kegiatan baru cair pada akhir triwulan.",
    "Petugas pelaksana terbatas; dibantu staf dari seksi lain.",
)
# docProps/core.xml holds when the file was made: the one part two writes never share
_TIMESTAMPS = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*")


# --- the catalogs and the batch ----------------------------------------------------------------


def kecamatan_names(count: int) -> list[str]:
    """Tapin's twelve kecamatan first, then "Uji 13", "Uji 14", ..."""
    return [TAPIN[k] if k < len(TAPIN) else f"Uji {k + 1}" for k in range(count)]


def renamed(catalog: Catalog, name: str) -> Catalog:
    """The catalog of another kecamatan: only the name differs, and so the fingerprint."""
    kecamatan = catalog.kecamatan.model_copy(update={"name": name})
    return catalog.model_copy(update={"kecamatan": kecamatan}, deep=True)


def make_catalogs(count: int) -> list[Catalog]:
    base = load_catalog(year=YEAR)
    catalogs = [renamed(base, name) for name in kecamatan_names(count)]
    # the reader tells kecamatan apart by fingerprint: equal ones would be one kecamatan
    assert len({catalog.fingerprint() for catalog in catalogs}) == count
    return catalogs


def unit_values(catalog: Catalog, unit: Unit, rng: random.Random) -> dict[str, object]:
    """What a unit head types, by defined name: three quarters of plausible figures, a few
    kendala, and the records the unit keeps (report dates, desa documents, an IKM survey)."""
    values: dict[str, object] = {}
    for indicator in unit.indicators:
        prefix = indicator.id
        if indicator.target is None:
            values[f"{prefix}_TARGET"] = 100 if indicator.kind is Kind.RATIO else 80
        if rng.random() < 0.25:
            values[f"{prefix}_KENDALA"] = rng.choice(KENDALA)
        if indicator.computed_inputs:  # summed from other units, or counted from records
            continue
        budget = rng.choice((1_850_000_000, 2_450_000_000))
        for q in QUARTERS[:3]:
            name = f"{prefix}_TW{q}"
            if indicator.kind is Kind.VALUE:
                low, high = indicator.valid_range or (60, 95)
                values[f"{name}_NUM"] = round(rng.uniform(max(low, 60), min(high, 95)), 2)
            elif indicator.kind is Kind.COUNT:
                values[f"{name}_NUM"] = rng.randint(0, 2 * (indicator.target or 40) // 4)
            elif indicator.aggregation is Aggregation.CUMULATIVE:  # budget absorbed to date
                values[f"{name}_NUM"] = round(budget * rng.uniform(0.15, 0.28))
                values[f"{name}_DEN"] = budget
            else:
                den = rng.randint(5, 400)
                values[f"{name}_NUM"] = rng.randint(0, den)
                values[f"{name}_DEN"] = den
    # the records sheets' names are the layout's business: the demo's sample records follow it
    values.update(sample_record_figures(catalog, unit, rng))
    return values


def write_filled(path: Path, catalog: Catalog, unit: Unit, values: dict[str, object]) -> Path:
    """A unit's filled workbook with its formulas' cached results, as a spreadsheet saves it.

    Written twice by the library's writer: as typed, without cached results (the reader skips
    those), then with the library's own computation of that file as the cached results, which
    its consolidation makes and the consolidated workbook caches the same way.
    """
    write_unit_file(path, catalog, unit, values, {})
    result = consolidate([path], catalog)
    assert not any(problem.is_error for problem in result.problems), result.problems
    return write_unit_file(path, catalog, unit, values, cell_values(result.kecamatan[0])[1])


def write_unit_file(
    path: Path, catalog: Catalog, unit: Unit, values: dict[str, object], cached: dict
) -> Path:
    with open_workbook(path) as workbook:
        write_unit_sheets(workbook, catalog, [unit], values, cached)
        write_metadata(workbook, WorkbookInfo(catalog, (unit,), "unit"))
    return path


@dataclass
class Template:
    """One kecamatan's nine filled files under a placeholder name, as zip parts in memory."""

    name: bytes
    fingerprint: bytes
    units: dict[str, list[tuple[str, bytes]]] = field(default_factory=dict)


def variant_seed(variant: int) -> int:
    """The seed of one kecamatan's figures: the same in every run."""
    return SEED * 1000 + variant


def make_templates(folder: Path, base: Catalog, count: int) -> list[Template]:
    """``count`` sets of figures, each written once by the library under a placeholder."""
    folder.mkdir(parents=True)
    templates = []
    for variant in range(count):
        rng = random.Random(variant_seed(variant))
        placeholder = renamed(base, f"Templat {variant:04d}")  # appears nowhere else
        template = Template(placeholder.kecamatan.name.encode(), placeholder.fingerprint().encode())
        for unit in base.units:
            values = unit_values(placeholder, unit, rng)
            path = write_filled(folder / f"{variant}-{unit.id}.xlsx", placeholder, unit, values)
            with zipfile.ZipFile(path) as archive:
                template.units[unit.id] = [
                    (i.filename, archive.read(i)) for i in archive.infolist()
                ]
            path.unlink()
        templates.append(template)
    return templates


def stamp(template: Template, catalog: Catalog, unit_id: str, path: Path) -> Path:
    """The template's file for ``catalog``: its kecamatan name and fingerprint put in."""
    name = catalog.kecamatan.name
    assert not set(name) & set("&<>\"'"), "a name that XML escapes cannot be put in as is"
    pairs = ((template.name, name.encode()), (template.fingerprint, catalog.fingerprint().encode()))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for part, data in template.units[unit_id]:
            for old, new in pairs:
                data = data.replace(old, new)
            archive.writestr(
                zipfile.ZipInfo(part, (1980, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED
            )
    return path


def build_batch(folder: Path, catalogs: list[Catalog], templates: list[Template]) -> list[Path]:
    """Nine files per kecamatan, one folder each; kecamatan k takes template k mod len."""
    files = []
    for k, catalog in enumerate(catalogs):
        target = folder / f"{k + 1:04d}-{catalog.kecamatan.name.replace(' ', '-')}"
        target.mkdir(parents=True)
        for unit in catalog.units:
            path = target / blank_file_name(catalog, unit)
            files.append(stamp(templates[k % len(templates)], catalog, unit.id, path))
    return files


def zip_parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {
            info.filename: _TIMESTAMPS.sub(rb"\1", archive.read(info))
            for info in archive.infolist()
        }


def same_as_writer(folder: Path, catalog: Catalog, variant: int, stamped: Path) -> bool:
    """Whether a stamped file equals, part by part, what the writer makes for its catalog."""
    folder.mkdir(parents=True)
    rng = random.Random(variant_seed(variant))
    unit = catalog.unit(stamped.stem.rsplit("-", 1)[1])
    for other in catalog.units:  # the same draws as the template's
        values = unit_values(catalog, other, rng)
        if other is unit:
            break
    direct = write_filled(folder / stamped.name, catalog, unit, values)
    return zip_parts(direct) == zip_parts(stamped)


# --- LibreOffice: does a spreadsheet compute the cached results we wrote? -----------------------

# Recalculate every formula on load, whatever cached value the file carries (as tests do)
_ALWAYS_RECALCULATE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
<prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


def recalculate(files: list[Path], folder: Path) -> list[Path] | None:
    """The files as LibreOffice saves them after recalculating; None without LibreOffice."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        return None
    profile = folder / "profile"
    (profile / "user").mkdir(parents=True)
    (profile / "user" / "registrymodifications.xcu").write_text(_ALWAYS_RECALCULATE, "utf-8")
    out = folder / "recalculated"
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile.resolve().as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "xlsx:Calc MS Excel 2007 XML",
            "--outdir",
            str(out),
            *map(str, files),
        ],
        check=True,
        capture_output=True,
        timeout=300,
        env={**os.environ, "HOME": str(profile)},
    )
    return [out / path.name for path in files]


def named_cells(path: Path) -> dict[str, object]:
    """Every cell a workbook-level defined name points at, as python-calamine reads it."""
    import openpyxl  # here only: the memory children import no more than they must

    book = openpyxl.load_workbook(path, read_only=True)
    targets = {
        name: next(iter(defined.destinations))
        for name, defined in book.defined_names.items()
        if defined.localSheetId is None and defined.attr_text.count("!") == 1
    }
    book.close()
    workbook = CalamineWorkbook.from_path(str(path))
    sheets = {
        sheet: workbook.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
        for sheet in {sheet for sheet, _ in targets.values()}
    }
    workbook.close()
    cells = {}
    for name, (sheet, ref) in targets.items():
        if ":" in ref:
            continue
        row, col = xl_cell_to_rowcol(ref.replace("$", ""))
        rows = sheets[sheet]
        cells[name] = rows[row][col] if row < len(rows) and col < len(rows[row]) else ""
    return cells


def agree(ours: object, theirs: object) -> bool:
    ours, theirs = _day(ours), _day(theirs)
    if isinstance(ours, float) and isinstance(theirs, float):
        return bool(np.isclose(ours, theirs, rtol=1e-9, atol=1e-9))
    return ours == theirs


def _day(value: object) -> object:
    """A date written as a date and time at midnight, as a spreadsheet stores dates."""
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date()
    return float(value) if type(value) is int else value


# --- the floors ---------------------------------------------------------------------------------


def bare_calamine(files: Sequence[Path]) -> None:
    """The floor: open each file and parse every sheet, nothing more (as read_check.py)."""
    for path in files:
        workbook = CalamineWorkbook.from_path(str(path))
        for name in workbook.sheet_names:
            workbook.get_sheet_by_name(name).to_python()
        workbook.close()


def pandas_openpyxl(files: Sequence[Path]) -> None:
    """What people use today: every sheet of every file into DataFrames."""
    for path in files:
        pd.read_excel(path, sheet_name=None, engine="openpyxl")


# --- bare xlsxwriter: the calls the library makes, recorded once and replayed -------------------


@dataclass
class _Slot:
    """A recorded xlsxwriter object, resolved to its fresh twin at replay."""

    index: int


@dataclass
class Call:
    target: int | None  # the receiver's slot; None: the Workbook constructor
    method: str
    args: tuple
    kwargs: dict
    dynamic: bool  # args hold objects or containers, rebuilt at each replay
    result: int | None  # the slot the returned object takes


_TRACKED = (Workbook, Worksheet, Format, Chart)


class Recorder:
    """Records the outermost calls made on xlsxwriter workbooks and worksheets, per file.

    Calls xlsxwriter makes inside its own methods are not recorded: replaying the outer ones
    makes them again.
    """

    def __init__(self) -> None:
        self.files: list[list[Call]] = []
        self._slots: dict[int, int] = {}  # id of a recorded object -> its slot
        self._file_of: list[int] = []  # slot -> index of its file
        self._alive: list[object] = []  # keeps ids from being reused while recording
        self._depth = 0

    @contextlib.contextmanager
    def recording(self) -> Iterator[Recorder]:
        saved = []
        for cls in (Workbook, Worksheet):
            for name, function in inspect.getmembers(cls, inspect.isfunction):
                if name.startswith("_"):
                    continue
                saved.append((cls, name, cls.__dict__.get(name)))
                setattr(cls, name, self._wrap(name, function))
        saved.append((Workbook, "__init__", Workbook.__dict__["__init__"]))
        Workbook.__init__ = self._wrap_init(Workbook.__init__)  # type: ignore[method-assign]
        try:
            yield self
        finally:
            for cls, name, original in reversed(saved):
                if original is None:
                    delattr(cls, name)  # inherited: let the base class's show again
                else:
                    setattr(cls, name, original)

    def _track(self, obj: object, file: int) -> int:
        slot = self._slots.get(id(obj))
        if slot is None:
            slot = self._slots[id(obj)] = len(self._file_of)
            self._file_of.append(file)
            self._alive.append(obj)
        return slot

    def _freeze(self, value: object) -> tuple[object, bool]:
        """``value`` with recorded objects as slots; whether it must be rebuilt at replay."""
        if isinstance(value, _TRACKED):
            if id(value) not in self._slots:
                raise RuntimeError(f"a {type(value).__name__} made outside the recording")
            if isinstance(value, Chart):
                raise RuntimeError("charts are not recorded (their methods are not wrapped)")
            return _Slot(self._slots[id(value)]), True
        if isinstance(value, (list, tuple, dict)):
            items = value.items() if isinstance(value, dict) else enumerate(value)
            frozen = {key: self._freeze(item) for key, item in items}
            rebuilt = {key: item for key, (item, _) in frozen.items()}
            result = rebuilt if isinstance(value, dict) else type(value)(rebuilt.values())
            # a list or a dict is made afresh at each replay, as the library makes it
            return result, isinstance(value, (list, dict)) or any(d for _, d in frozen.values())
        return copy.deepcopy(value), False

    def _wrap(self, name: str, function: Callable) -> Callable:
        def wrapper(obj: Any, *args: Any, **kwargs: Any) -> Any:
            if self._depth:  # xlsxwriter calling itself
                return function(obj, *args, **kwargs)
            frozen_args, dynamic_args = self._freeze(args)
            frozen_kwargs, dynamic_kwargs = self._freeze(kwargs)
            target = self._slots[id(obj)]
            self._depth += 1
            try:
                result = function(obj, *args, **kwargs)
            finally:
                self._depth -= 1
            file = self._file_of[target]
            slot = self._track(result, file) if isinstance(result, _TRACKED) else None
            self.files[file].append(
                Call(
                    target,
                    name,
                    frozen_args,  # type: ignore[arg-type]
                    frozen_kwargs,  # type: ignore[arg-type]
                    dynamic_args or dynamic_kwargs,
                    slot,
                )
            )
            return result

        return wrapper

    def _wrap_init(self, function: Callable) -> Callable:
        def init(obj: Workbook, filename: Any = None, *args: Any, **kwargs: Any) -> None:
            if self._depth:
                return function(obj, filename, *args, **kwargs)
            frozen_args, dynamic_args = self._freeze(args)
            frozen_kwargs, dynamic_kwargs = self._freeze(kwargs)
            self._depth += 1
            try:
                function(obj, filename, *args, **kwargs)
            finally:
                self._depth -= 1
            file = len(self.files)
            slot = self._track(obj, file)
            self.files.append(
                [
                    Call(
                        None,
                        "__init__",
                        frozen_args,  # type: ignore[arg-type]
                        frozen_kwargs,  # type: ignore[arg-type]
                        dynamic_args or dynamic_kwargs,
                        slot,
                    )
                ]
            )
            return None

        return init


def _thaw(value: Any, objects: dict[int, Any]) -> Any:
    kind = type(value)
    if kind is _Slot:
        return objects[value.index]
    if kind is tuple or kind is list:
        return kind(_thaw(item, objects) for item in value)
    if kind is dict:
        return {key: _thaw(item, objects) for key, item in value.items()}
    return value


def replay(calls: list[Call], path: Path) -> None:
    """Make the recorded calls on a fresh xlsxwriter workbook that writes ``path``."""
    objects: dict[int, Any] = {}
    for call in calls:
        args, kwargs = call.args, call.kwargs
        if call.dynamic:
            args, kwargs = _thaw(args, objects), _thaw(kwargs, objects)
        if call.target is None:
            result = Workbook(str(path), *args, **kwargs)
        else:
            result = getattr(objects[call.target], call.method)(*args, **kwargs)
        if call.result is not None:
            objects[call.result] = result


def record_blanks(catalog: Catalog, folder: Path) -> list[list[Call]]:
    """The xlsxwriter calls write_blanks makes, one list per file in the order written."""
    recorder = Recorder()
    with recorder.recording():
        result = write_blanks(catalog, folder, force=True)
    assert len(recorder.files) == len(result.written) == len(catalog.units)
    return recorder.files


def replay_blanks(recorded: list[tuple[list[Call], Path]]) -> None:
    for calls, path in recorded:
        replay(calls, path)


def same_workbook(ours: Path, theirs: Path) -> tuple[bool, bool, int]:
    """(same sheets and defined names, every zip part byte-identical, number of names)."""
    import openpyxl  # here only: the memory children import no more than they must

    books = [openpyxl.load_workbook(path) for path in (ours, theirs)]
    names = [
        (book.sheetnames, {n: str(d.value) for n, d in book.defined_names.items()})
        for book in books
    ]
    return names[0] == names[1], zip_parts(ours) == zip_parts(theirs), len(names[0][1])


# --- timing and memory --------------------------------------------------------------------------


def race(sides: dict[str, Callable[[], object]], rounds: int) -> dict[str, float]:
    """The median seconds of each side, run in turn, the order rotated each round."""
    times: dict[str, list[float]] = {name: [] for name in sides}
    names = list(sides)
    for round_ in range(rounds):
        shift = round_ % len(names)
        for name in names[shift:] + names[:shift]:
            gc.collect()  # a side does not pay for the garbage of the one before
            started = time.perf_counter()
            sides[name]()
            times[name].append(time.perf_counter() - started)
    return {name: statistics.median(seconds) for name, seconds in times.items()}


def one_process(function: Callable) -> dict[str, int]:
    """``jobs=1`` when the function takes it (the parameter is on its way)."""
    return {"jobs": 1} if "jobs" in inspect.signature(function).parameters else {}


def peak_rss_kb() -> int:
    """This process's peak RSS in KB.

    On Linux, VmHWM: ru_maxrss there keeps the high-water mark of the address space that
    exec replaced, so a child started from this large process would report the parent's.
    """
    try:
        status = Path("/proc/self/status").read_text(encoding="ascii")
        return int(re.search(r"VmHWM:\s+(\d+) kB", status)[1])  # type: ignore[index]
    except (OSError, TypeError):
        import resource  # Unix only, as is this measurement

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak // 1024 if sys.platform == "darwin" else peak  # bytes there, KB on Linux


def memory_child(folder: Path | None, kecamatan: int) -> None:
    """In a fresh process: load the catalogs, consolidate ``folder`` (unless None), report."""
    catalogs = make_catalogs(kecamatan)
    report: dict[str, Any] = {"kecamatan": kecamatan}
    if folder is not None:
        files = sorted(folder.rglob("*.xlsx"))
        with tempfile.TemporaryDirectory() as out:
            started = time.perf_counter()
            result = consolidate(
                files,
                catalogs,
                out=Path(out) / "rekap.xlsx",
                csv=Path(out) / "rekap.csv",
                **one_process(consolidate),
            )
            report["seconds"] = time.perf_counter() - started
        report["files"] = len(files)
        report["exit_code"] = result.exit_code
    report["peak_rss_kb"] = peak_rss_kb()
    import resource

    report["ru_maxrss_kb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps(report))


def measure_memory(folder: Path | None, kecamatan: int) -> dict[str, Any]:
    command = [sys.executable, __file__, "--kecamatan", str(kecamatan), "--measure-memory"]
    command.append(str(folder) if folder is not None else "-")
    done = subprocess.run(command, check=True, capture_output=True, text=True, timeout=1800)
    return json.loads(done.stdout.splitlines()[-1])


# --- the report ---------------------------------------------------------------------------------


def speed(label: str, seconds: float, files: int) -> str:
    return (
        f"  {label:<34} {files / seconds:8.1f} files/s  {seconds / files * 1000:8.2f} ms per file"
    )


def verdict(ratio: float, measure: str) -> str:
    limit, aim = TARGETS[measure]
    met = "met" if ratio <= limit else "NOT met"
    return f"target <= {limit:g}x{f', aim {aim:g}x' if aim else ''}: {met}"


def profile_consolidate(files: list[Path], catalogs: list[Catalog], out: Path) -> None:
    profiler = cProfile.Profile()
    profiler.enable()
    consolidate(files, catalogs, out=out / "rekap.xlsx", csv=out / "rekap.csv")
    profiler.disable()
    text = io.StringIO()
    pstats.Stats(profiler, stream=text).strip_dirs().sort_stats("tottime").print_stats(15)
    print("\ncProfile of one consolidate, top 15 by own time:")
    print(text.getvalue().split("\n\n", 1)[-1].rstrip())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--kecamatan", type=int, default=40, metavar="N", help="kecamatan, of nine files each (40)"
    )
    parser.add_argument(
        "--rounds", type=int, default=3, metavar="N", help="alternating timing rounds (3)"
    )
    parser.add_argument(
        "--jobs",
        type=int,
        default=os.cpu_count() or 1,
        metavar="N",
        help="processes for the parallel consolidate (the core count)",
    )
    parser.add_argument(
        "--blank-kecamatan",
        type=int,
        default=4,
        metavar="N",
        help="catalogs whose blanks are timed (4)",
    )
    parser.add_argument("--no-memory", action="store_true", help="skip the memory measurement")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the figures here")
    parser.add_argument(
        "--keep", type=Path, metavar="DIR", help="build in this new folder, and keep it"
    )
    parser.add_argument("--profile", action="store_true", help="cProfile one consolidate")
    parser.add_argument("--measure-memory", type=Path, help=argparse.SUPPRESS)  # the child
    args = parser.parse_args()
    if args.measure_memory is not None:
        memory_child(
            None if str(args.measure_memory) == "-" else args.measure_memory, args.kecamatan
        )
        return
    if args.keep is not None:
        args.keep.mkdir(parents=True)  # refuses an existing folder: nothing is overwritten
        run(args, args.keep)
    else:
        with tempfile.TemporaryDirectory() as folder:
            run(args, Path(folder))


def run(args: argparse.Namespace, folder: Path) -> None:
    figures_out: dict[str, Any] = {
        "python": sys.version.split()[0],
        "cores": os.cpu_count(),
        "rounds": args.rounds,
    }
    print(f"python {figures_out['python']}, {figures_out['cores']} cores")
    catalogs, templates, files = build(args, folder, figures_out)
    confirm(folder, catalogs, files, figures_out)
    timings(args, folder / "out", catalogs, files, figures_out)
    blanks(args, folder / "blanks", catalogs, figures_out)
    if not args.no_memory:
        memory(args, folder, templates, figures_out)
    if args.json is not None:
        args.json.write_text(json.dumps(figures_out, indent=2) + "\n", encoding="utf-8")
        print(f"\nfigures written to {args.json}")


def build(
    args: argparse.Namespace, folder: Path, figures_out: dict
) -> tuple[list[Catalog], list[Template], list[Path]]:
    """The catalogs, one template per kecamatan, and the batch stamped from them."""
    started = time.perf_counter()
    catalogs = make_catalogs(args.kecamatan)
    templates = make_templates(folder / "templates", catalogs[0], args.kecamatan)
    files = build_batch(folder / "batch", catalogs, templates)
    built = time.perf_counter() - started
    size = sum(path.stat().st_size for path in files) / len(files) / 1024
    last = len(catalogs) - 1
    identical = same_as_writer(folder / "direct", catalogs[last], last, files[-1])
    print(
        f"batch: {len(files)} filled unit workbooks, {args.kecamatan} kecamatan x "
        f"{len(catalogs[0].units)} units, {size:.1f} KB each, built in {built:.1f} s:"
    )
    print(
        "  per kecamatan, seeded figures for three quarters written by the library's writer "
        "with the\n  inputs and the cached formula results, under a placeholder name; then "
        "stamped with each\n  kecamatan's name and fingerprint: "
        f"{'identical' if identical else 'NOT IDENTICAL'} to the writer's own file "
        "(timestamps aside)"
    )
    figures_out["batch"] = {
        "files": len(files),
        "kecamatan": args.kecamatan,
        "kb_per_file": size,
        "build_seconds": built,
        "stamped_identical_to_writer": identical,
    }
    return catalogs, templates, files


def confirm(folder: Path, catalogs: list[Catalog], files: list[Path], figures_out: dict) -> None:
    """Every file reads back clean (or the run stops); LibreOffice agrees with what was cached
    (a disagreement is a finding about the library: it is shown, and the timing goes on)."""
    readings = read_workbooks(files, catalogs)
    faulty = [r for r in readings if r.has_errors]
    assert not faulty, (faulty[0].path, faulty[0].problems[:3])
    warnings = Counter(problem.code for r in readings for problem in r.problems)
    listed = ", ".join(f"{count} {code}" for code, count in warnings.most_common()) or "none"
    print(f"  all {len(files)} files read back with no error (warnings: {listed})")

    first = files[: len(catalogs[0].units)]
    recalculated = recalculate(first, folder / "libreoffice")
    if recalculated is None:
        print("  LibreOffice is not installed: no file was recalculated")
        return
    errors = [
        problem
        for reading in read_workbooks(recalculated, catalogs)
        for problem in reading.problems
        if problem.is_error
    ]
    compared, differing = 0, []
    for ours, theirs in zip(first, recalculated, strict=True):
        mine, libre = named_cells(ours), named_cells(theirs)
        compared += len(mine)
        differing += [
            f"{ours.stem} {name}: ours {mine[name]!r}, LibreOffice {libre.get(name)!r}"
            for name in mine
            if not agree(mine[name], libre.get(name))
        ]
    print(
        f"  LibreOffice recalculated {catalogs[0].kecamatan.name}'s {len(first)} files: "
        f"{len(errors)} errors on reading them back; {compared - len(differing)} of {compared} "
        "named\n  cells (inputs, records, cached formula results) equal ours"
    )
    said = [f"{Path(p.file).stem} '{p.sheet}'!{p.cell} {p.code}: {p.message}" for p in errors]
    for line in differing[:5] + said[:5]:
        print(f"  LIBREOFFICE DISAGREES: {line}")
    figures_out["batch"]["libreoffice"] = {
        "named_cells": compared,
        "differing": differing,
        "errors_reading_back": said,
    }


def timings(
    args: argparse.Namespace,
    out: Path,
    catalogs: list[Catalog],
    files: list[Path],
    figures_out: dict,
) -> None:
    """consolidate, pandas and check against the floor, in one race."""
    out.mkdir()
    consolidate_one, check_one = one_process(consolidate), one_process(check_workbooks)

    def run_consolidate(batch: Sequence[Path], **jobs: int) -> None:
        result = consolidate(batch, catalogs, out=out / "rekap.xlsx", csv=out / "rekap.csv", **jobs)
        assert result.exit_code == 0, result.problems[:3]

    sides: dict[str, Callable[[Sequence[Path]], object]] = {
        "floor": bare_calamine,
        "pandas": pandas_openpyxl,
        "consolidate": lambda batch: run_consolidate(batch, **consolidate_one),
        "check": lambda batch: check_workbooks(batch, catalogs, **check_one),
    }
    parallel = bool(consolidate_one) and args.jobs > 1
    if parallel:
        sides["parallel"] = lambda batch: run_consolidate(batch, jobs=args.jobs)
    for side in sides.values():  # warm up: imports, caches, a worker pool's start
        side(files[: len(catalogs[0].units)])
    run_consolidate(files, **consolidate_one)  # the whole batch consolidates cleanly
    if args.profile:
        profile_consolidate(files, catalogs, out)
    print(
        f"\ntiming: the median of {args.rounds} alternating rounds, one process"
        f"{' (jobs=1)' if consolidate_one else ''}"
    )
    median = race({name: (lambda s=side: s(files)) for name, side in sides.items()}, args.rounds)
    n = len(files)
    ratio = median["consolidate"] / median["floor"]
    pandas_ratio = median["pandas"] / median["consolidate"]
    check_ratio = median["check"] / median["floor"]
    print("consolidate: read, check, compute, write the workbook and the CSV")
    print(speed("bare python-calamine parse (floor)", median["floor"], n))
    print(speed("pandas.read_excel (openpyxl)", median["pandas"], n))
    print(speed("iku_xlsx.consolidate", median["consolidate"], n))
    print(f"  ratio to the floor: {ratio:.2f}x  ({verdict(ratio, 'consolidate')})")
    print(f"  pandas+openpyxl takes {pandas_ratio:.2f}x as long as consolidate")
    print("check alone (check_workbooks)")
    print(speed("bare python-calamine parse (floor)", median["floor"], n))
    print(speed("iku_xlsx.check_workbooks", median["check"], n))
    print(f"  ratio to the floor: {check_ratio:.2f}x  ({verdict(check_ratio, 'check')})")
    figures_out["seconds"] = median
    figures_out["ratios"] = {
        "consolidate_to_floor": ratio,
        "check_to_floor": check_ratio,
        "pandas_to_consolidate": pandas_ratio,
    }
    if parallel:
        gain = median["consolidate"] / median["parallel"]
        pool = reading_processes(n, args.jobs)
        started = f"read in {pool} processes" if pool > 1 else "no pool is started"
        print(f"parallel consolidate (jobs={args.jobs}), the batch of {n} files: {started}")
        print(speed(f"iku_xlsx.consolidate, jobs={args.jobs}", median["parallel"], n))
        print(f"  against jobs=1: {gain:.2f}x on {os.cpu_count()} cores")
        figures_out["ratios"]["parallel_speedup"] = gain
    elif not consolidate_one:
        print("parallel timing skipped: consolidate has no jobs parameter yet")
    else:
        print("parallel timing skipped: --jobs 1")


def blanks(
    args: argparse.Namespace, folder: Path, catalogs: list[Catalog], figures_out: dict
) -> None:
    """write_blanks against bare xlsxwriter replaying the calls it makes."""
    chosen = catalogs[: args.blank_kecamatan]
    recorded: list[tuple[list[Call], Path]] = []
    for k, catalog in enumerate(chosen):  # a recording run, with xlsxwriter wrapped
        calls = record_blanks(catalog, folder / "recording" / str(k))
        target = folder / "replayed" / str(k)
        target.mkdir(parents=True)
        recorded += [
            (file_calls, target / blank_file_name(catalog, unit))
            for file_calls, unit in zip(calls, catalog.units, strict=True)
        ]
    ours = [folder / "ours" / str(k) for k in range(len(chosen))]

    def write_ours() -> None:
        for catalog, target in zip(chosen, ours, strict=True):
            write_blanks(catalog, target, force=True)

    write_ours()
    replay_blanks(recorded)
    checks = [
        same_workbook(ours[k] / path.name, path)
        for k, path in ((int(path.parent.name), path) for _, path in recorded)
    ]
    calls = sum(len(c) for c, _ in recorded) / len(recorded)
    named = all(same for same, _, _ in checks)
    identical = all(same for _, same, _ in checks)
    print(
        f"\nblanks: write_blanks, {len(chosen)} catalogs x {len(chosen[0].units)} files, against "
        f"bare xlsxwriter\n  replaying the calls it makes ({calls:.0f} per file, recorded once)"
    )
    print(
        f"  replayed files against ours: same sheets and defined names ({checks[0][2]} in the "
        f"first): {'yes' if named else 'NO'};\n  every zip part byte-identical (timestamps "
        f"aside): {'yes' if identical else 'NO'}"
    )
    median = race({"bare": lambda: replay_blanks(recorded), "ours": write_ours}, args.rounds)
    n = len(recorded)
    ratio = median["ours"] / median["bare"]
    print(speed("bare xlsxwriter (replayed calls)", median["bare"], n))
    print(speed("iku_xlsx.write_blanks", median["ours"], n))
    print(f"  ratio to bare xlsxwriter: {ratio:.2f}x  ({verdict(ratio, 'blanks')})")
    figures_out["blanks"] = {
        "files": n,
        "calls_per_file": calls,
        "same_sheets_and_names": named,
        "byte_identical": identical,
        "seconds": median,
        "ratio": ratio,
    }


def memory(
    args: argparse.Namespace, folder: Path, templates: list[Template], figures_out: dict
) -> None:
    """Peak RSS of consolidation in fresh processes, at 1x and 10x the batch."""
    started = time.perf_counter()
    big = make_catalogs(10 * args.kecamatan)
    build_batch(folder / "batch10", big, templates)
    built = time.perf_counter() - started
    jobs = " jobs=1" if one_process(consolidate) else ""
    print(
        f"\npeak memory (RSS of a fresh process; consolidate{jobs}; the 10x batch stamped in "
        f"{built:.1f} s)"
    )
    rows = []
    for label, batch, count in (
        ("1x", folder / "batch", args.kecamatan),
        ("10x", folder / "batch10", 10 * args.kecamatan),
    ):
        base = measure_memory(None, count)
        peak = measure_memory(batch, count)
        assert peak["exit_code"] == 0, peak
        grown = (peak["peak_rss_kb"] - base["peak_rss_kb"]) / 1024
        loaded = f"import iku_xlsx, {count} catalogs"
        consolidated = f"consolidate {peak['files']} files ({label})"
        print(f"  {loaded:<36} {base['peak_rss_kb'] / 1024:8.1f} MB")
        print(
            f"  {consolidated:<36} "
            f"{peak['peak_rss_kb'] / 1024:8.1f} MB  (+{grown:.1f} MB over the import; "
            f"{peak['seconds']:.1f} s)"
        )
        rows.append((label, base, peak))
    growth = [(peak["peak_rss_kb"] - base["peak_rss_kb"]) / 1024 for _, base, peak in rows]
    print(
        f"  growth from 1x to 10x: +{growth[0]:.1f} MB -> +{growth[1]:.1f} MB over the import "
        f"({growth[1] / max(growth[0], 0.1):.1f}x for 10x the files)"
    )
    figures_out["memory"] = {
        label: {"baseline": base, "consolidate": peak} for label, base, peak in rows
    }
    if args.jobs > 1:
        large_parallel(args, folder / "batch10", big, figures_out)


def large_parallel(
    args: argparse.Namespace, batch: Path, catalogs: list[Catalog], figures_out: dict
) -> None:
    """consolidate and check of the 10x batch with --jobs processes against one, side by
    side: check shows how the reading itself spreads, consolidate adds the serial writing."""
    files = sorted(batch.rglob("*.xlsx"))
    with tempfile.TemporaryDirectory() as out:

        def run(jobs: int) -> None:
            consolidate(
                files,
                catalogs,
                out=Path(out) / "rekap.xlsx",
                csv=Path(out) / "rekap.csv",
                jobs=jobs,
            )

        median = race(
            {
                "one": lambda: run(1),
                "many": lambda: run(args.jobs),
                "check one": lambda: check_workbooks(files, catalogs, jobs=1),
                "check many": lambda: check_workbooks(files, catalogs, jobs=args.jobs),
            },
            2,
        )
    print(f"\nparallel reading of the 10x batch ({len(files)} files), median of 2 rounds")
    for label, one, many, key in (
        ("consolidate", "one", "many", "parallel_speedup_10x"),
        ("check_workbooks", "check one", "check many", "parallel_check_speedup_10x"),
    ):
        gain = median[one] / median[many]
        print(speed(f"iku_xlsx.{label}, jobs=1", median[one], len(files)))
        print(speed(f"iku_xlsx.{label}, jobs={args.jobs}", median[many], len(files)))
        print(f"  speed-up: {gain:.2f}x on {os.cpu_count()} cores")
        figures_out["ratios"][key] = gain


if __name__ == "__main__":
    main()
