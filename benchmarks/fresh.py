"""Benchmark as a user meets it: fresh processes, one catalog per kecamatan.

    python benchmarks/fresh.py [--kecamatan 40 400] [--rounds 3] [--templates 40]
                               [--pandas-sample 40] [--keep DIR | --reuse DIR] [--json FILE]
                               [--profile]

About a quarter of an hour on two cores with the defaults (most of it at 400 kecamatan).

Every figure is the wall time of a fresh process started with ``sys.executable``, as a user
types the command: the interpreter starts, imports what it needs, loads the catalogs, reads,
writes, exits. The batch is built with ``benchmarks/scale.py``'s builders (the catalogs differ
in the kecamatan's name; nine filled unit workbooks per kecamatan, figures and records written
by the library's own writer, with cached results), and each kecamatan's catalog is written as a
YAML file: the built-in catalog's text, comments included, with that kecamatan's name (what
``iku-xlsx catalog export`` gives an office to edit). The package's bytecode is compiled first,
as ``pip install`` leaves it. For each scale (``--kecamatan``, 40 and 400 by default: 360 and
3,600 files), in alternating rounds (the median of ``--rounds``):

- the floor: a fresh process that opens each file with python-calamine and parses every sheet;
- ``pandas.read_excel(..., sheet_name=None, engine="openpyxl")`` of every file in a fresh
  process; above ``--pandas-sample`` kecamatan it is timed on the files of that many and
  scaled: its import (timed alone) plus the reading times the number of files over the sample;
- ``iku-xlsx consolidate`` (``python -m iku_xlsx``) with one ``--catalog`` per kecamatan,
  ``--year 2025``, the workbook and the CSV; the same with ``--catalog FOLDER``; and with
  ``--jobs 1`` (the others read in every core);
- ``iku-xlsx check`` of every file with ``--catalog FOLDER``;
- ``iku-xlsx check FOLDER`` of one kecamatan's nine files (Candi Laras Selatan, the built-in
  catalog: no ``--catalog``).

Peak memory is each command's largest resident set (``ru_maxrss`` from ``wait4``: with a pool,
the largest of its processes, each forked reader included), taken by a small launcher process
that starts the command and waits for it (its own 10 MB or so is the floor of the
measurement); the CPU time is the command's and its readers'. Then where a consolidation's
time goes, each step timed inside a fresh process, and what a process pays before it reads a
file (starting, importing). ``--profile`` adds ``-X importtime`` and cProfile of one
consolidation (one process) at the smallest scale. ``--keep DIR`` builds in a new folder and
keeps it; ``--reuse DIR`` times the batch such a run left there.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import pstats
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scale import YEAR, build_batch, make_catalogs, make_templates  # this folder: a script

from iku_xlsx.catalog import Catalog, builtin_catalog_text, load_catalogs

BUILTIN_NAME = "Candi Laras Selatan"  # the built-in catalog's kecamatan: checked without one
TARGETS = {"floor": 5.0, "pandas": 4.0, "memory_mib": 150, "check_nine": 0.6}

# The commands other than iku-xlsx, as code run by `python -c` in a fresh process.
FLOOR = """
import sys
from pathlib import Path
from python_calamine import CalamineWorkbook
for path in sorted(Path(sys.argv[1]).rglob("*.xlsx"))[: int(sys.argv[2])]:
    workbook = CalamineWorkbook.from_path(str(path))
    for name in workbook.sheet_names:
        workbook.get_sheet_by_name(name).to_python()
    workbook.close()
"""
PANDAS = """
import sys
from pathlib import Path
import pandas as pd
for path in sorted(Path(sys.argv[1]).rglob("*.xlsx"))[: int(sys.argv[2])]:
    pd.read_excel(path, sheet_name=None, engine="openpyxl")
"""
PANDAS_IMPORT = "import pandas, openpyxl, pandas.io.excel._openpyxl"
# Starts the command, waits for it: its wall time, exit status and peak resident set.
LAUNCHER = """
import json, os, sys, time
command = json.loads(sys.argv[1])
log = os.open(sys.argv[2], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
actions = [(os.POSIX_SPAWN_DUP2, log, 1), (os.POSIX_SPAWN_DUP2, log, 2)]
started = time.perf_counter()
pid = os.posix_spawn(command[0], command, dict(os.environ), file_actions=actions)
_, status, usage = os.wait4(pid, 0)
seconds = time.perf_counter() - started
print(json.dumps({"seconds": seconds, "cpu": usage.ru_utime + usage.ru_stime,
                  "max_rss_kb": usage.ru_maxrss, "exit": os.waitstatus_to_exitcode(status)}))
"""
# consolidate as the command runs it (its own run(), one process), each step timed inside
# the fresh process; the interpreter's start and exit are what the launcher's time has beyond
PHASES = """
import time
started = time.perf_counter()
import json, sys
from pathlib import Path
import iku_xlsx.cli as cli
command = time.perf_counter()
import iku_xlsx.catalog as catalog
from iku_xlsx.jobs import consolidate as job
imported = time.perf_counter()
spent = {}
def timed(module, name, step):
    work = getattr(module, name)
    def run(*args, **kwargs):
        begun = time.perf_counter()
        try:
            return work(*args, **kwargs)
        finally:
            spent[step] = spent.get(step, 0) + time.perf_counter() - begun
    setattr(module, name, run)
timed(catalog, "load_catalogs", "load the catalogs")
timed(job, "read_candidates", "read the files")
timed(job, "kecamatan_results", "gather and recompute")
timed(job, "write_csv", "write the CSV")
timed(job, "write_report", "write the workbook")
root, out = Path(sys.argv[1]), Path(sys.argv[2])
sys.argv = ["iku-xlsx", "consolidate", str(root / "masuk"), "--catalog", str(root / "katalog"),
            "--year", "2025", "--out", str(out / "rekap.xlsx"), "--csv", str(out / "rekap.csv"),
            "--jobs", "1"]
try:
    cli.run()
except SystemExit as end:
    assert end.code == 0, end.code
done = time.perf_counter()
steps = {"import the command (typer, rich)": command - started,
         "import the rest (pandas, numpy, pydantic, xlsxwriter, ...)": imported - command,
         **spent}
steps["the rest (options, finding and choosing the files, ...)"] = (
    done - imported - sum(spent.values()))
print(json.dumps(steps))
"""


@dataclass
class Run:
    seconds: float
    cpu: float  # user and system, of the process and of those it waited for
    max_rss_kb: int
    exit: int


def launch(command: list[str], log: Path) -> Run:
    """One fresh process: its wall time, peak memory and exit status."""
    done = subprocess.run(
        [sys.executable, "-c", LAUNCHER, json.dumps(command), str(log)],
        check=True,
        capture_output=True,
        text=True,
        timeout=3600,
    )
    return Run(**json.loads(done.stdout))


def race(
    sides: dict[str, tuple[list[str], int]], rounds: int, logs: Path
) -> dict[str, dict[str, float]]:
    """Each side's median seconds and peak memory over ``rounds``, the order rotated each
    round; a side that exits with another status than expected stops the run."""
    runs: dict[str, list[Run]] = defaultdict(list)
    names = list(sides)
    logs.mkdir(parents=True, exist_ok=True)
    for round_ in range(rounds):
        shift = round_ % len(names)
        for name in names[shift:] + names[:shift]:
            command, expected = sides[name]
            log = logs / f"{name.replace(' ', '_').replace('/', '_')}.log"
            run = launch(command, log)
            if run.exit != expected:
                raise SystemExit(
                    f"{name}: exit {run.exit}, expected {expected}\n"
                    f"{' '.join(command)[:400]}\n{log.read_text('utf-8', 'replace')[-2000:]}"
                )
            runs[name].append(run)
    return {
        name: {
            "seconds": statistics.median(run.seconds for run in done),
            "cpu_seconds": statistics.median(run.cpu for run in done),
            "max_rss_mib": statistics.median(run.max_rss_kb for run in done) / 1024,
        }
        for name, done in runs.items()
    }


# --- the batch ----------------------------------------------------------------------------------


def folder_name(k: int, catalog: Catalog) -> str:
    """As scale.build_batch names a kecamatan's folder."""
    return f"{k + 1:04d}-{catalog.kecamatan.name.replace(' ', '-')}"


def catalog_text(text: str, name: str) -> str:
    """The built-in catalog's text, comments included, for the kecamatan ``name``."""
    old = f"kecamatan:\n  name: {BUILTIN_NAME}\n"
    assert text.count(old) == 1
    return text.replace(old, f"kecamatan:\n  name: {name}\n")


def build(folder: Path, counts: list[int], templates: int) -> dict[int, Path]:
    """Per scale, ``masuk/`` (a folder of nine files per kecamatan) and ``katalog/`` (one
    YAML per kecamatan), which load as the catalogs the files were made from."""
    started = time.perf_counter()
    catalogs = make_catalogs(max(counts))
    made = make_templates(folder / "templates", catalogs[0], min(templates, max(counts)))
    text = builtin_catalog_text()
    roots = {}
    for count in counts:
        root = roots[count] = folder / f"k{count}"
        files = build_batch(root / "masuk", catalogs[:count], made)
        (root / "katalog").mkdir()
        for k, catalog in enumerate(catalogs[:count]):
            path = root / "katalog" / f"{folder_name(k, catalog)}.yaml"
            path.write_text(catalog_text(text, catalog.kecamatan.name), encoding="utf-8")
        loaded = load_catalogs([root / "katalog"], year=YEAR)
        assert [c.fingerprint() for c in loaded] == [c.fingerprint() for c in catalogs[:count]]
        print(f"  {count} kecamatan: {len(files)} files, {count} catalog files")
    size = sum(p.stat().st_size for p in (roots[min(counts)] / "masuk").rglob("*.xlsx"))
    files = 9 * min(counts)
    print(
        f"built in {time.perf_counter() - started:.0f} s ({size / files / 1024:.1f} KB a file; "
        f"{min(templates, max(counts))} sets of figures, kecamatan k takes set k mod that)"
    )
    return roots


# --- the sides ----------------------------------------------------------------------------------


def iku(*args: object) -> list[str]:
    return [sys.executable, "-m", "iku_xlsx", *map(str, args)]


def python(code: str, *args: object) -> list[str]:
    return [sys.executable, "-c", code, *map(str, args)]


def sides_of(root: Path, count: int, out: Path, pandas_files: int) -> dict:
    masuk, katalog = root / "masuk", root / "katalog"
    files = 9 * count
    flags = [part for path in sorted(katalog.glob("*.yaml")) for part in ("--catalog", path)]
    outputs = ("--out", out / "rekap.xlsx", "--csv", out / "rekap.csv")
    nine = next(masuk.glob(f"*-{BUILTIN_NAME.replace(' ', '-')}"))
    return {
        "floor": (python(FLOOR, masuk, files), 0),
        "pandas": (python(PANDAS, masuk, pandas_files), 0),
        "consolidate": (iku("consolidate", masuk, *flags, "--year", YEAR, *outputs), 0),
        "consolidate, --catalog FOLDER": (
            iku("consolidate", masuk, "--catalog", katalog, "--year", YEAR, *outputs),
            0,
        ),
        "consolidate, --jobs 1": (
            iku("consolidate", masuk, "--catalog", katalog, "--year", YEAR, *outputs, "--jobs", 1),
            0,
        ),
        "check": (iku("check", masuk, "--catalog", katalog, "--year", YEAR), 0),
        "check of nine files": (iku("check", nine), 0),
    }


def fixed_sides() -> dict:
    """What a process pays before it reads a file: the interpreter, the imports (started
    and ended as the command starts and ends: see iku_xlsx.cli.run)."""
    as_the_command = (
        "import os; os.environ.setdefault('OPENBLAS_NUM_THREADS', '1'); import gc; {}; "
        "gc.collect(); gc.freeze()"
    ).format
    return {
        "python": (python("pass"), 0),
        "import check's modules": (
            python(as_the_command("import iku_xlsx.cli, iku_xlsx.jobs.check")),
            0,
        ),
        "import consolidate's modules": (
            python(as_the_command("import iku_xlsx.cli, iku_xlsx.jobs.consolidate")),
            0,
        ),
        "import pandas and openpyxl": (python(PANDAS_IMPORT), 0),
    }


def phases(root: Path, rounds: int, logs: Path) -> dict[str, float]:
    """Where a fresh consolidation's time goes, step by step (the median of each step), in
    one process (``--jobs 1``): each step's own cost, without the pool's."""
    logs.mkdir(parents=True, exist_ok=True)
    steps: dict[str, list[float]] = defaultdict(list)
    for round_ in range(rounds):
        log = logs / f"phases-{round_}.log"
        out = logs / "phases-out"
        out.mkdir(exist_ok=True)
        run = launch(python(PHASES, root, out), log)  # one process: each step's own cost
        assert run.exit == 0, log.read_text("utf-8", "replace")[-2000:]
        spent = json.loads(log.read_text("utf-8").splitlines()[-1])
        spent["the interpreter's start and exit"] = run.seconds - sum(spent.values())
        for step, seconds in spent.items():
            steps[step].append(seconds)
        steps["in all"].append(run.seconds)
    return {step: statistics.median(seconds) for step, seconds in steps.items()}


# --- the report ---------------------------------------------------------------------------------


def line(label: str, figure: dict[str, float], files: int | None, note: str = "") -> str:
    seconds = figure["seconds"]
    speed = f"{files / seconds:6.0f} files/s" if files else " " * 14
    return (
        f"  {label:<30} {seconds:7.2f} s {speed} {figure['max_rss_mib']:5.0f} MiB "
        f"(cpu {figure['cpu_seconds']:6.2f} s)  {note}"
    ).rstrip()


def measure(args: argparse.Namespace, roots: dict[int, Path], folder: Path) -> dict[str, Any]:
    figures: dict[str, Any] = {}
    pandas_import = None
    for count, root in sorted(roots.items()):
        files = 9 * count
        sample = 9 * min(count, args.pandas_sample)
        out = folder / "out" / str(count)
        out.mkdir(parents=True)
        logs = folder / "logs" / str(count)
        sides = sides_of(root, count, out, sample)
        race({"warm-up": sides["floor"]}, 1, logs)  # the files into the page cache
        print(
            f"\n{count} kecamatan, {files} files: fresh processes, the median of {args.rounds} "
            "alternating rounds (wall time, peak RSS, CPU time)"
        )
        load = os.getloadavg()[0]
        median = race(sides, args.rounds, logs)
        load = max(load, os.getloadavg()[0])
        print(f"  (load average of the machine, before and after: up to {load:.1f})")
        if sample < files:  # pandas timed on a sample: its import plus the reading, scaled
            if pandas_import is None:
                pandas_import = race(
                    {"import": (python(PANDAS_IMPORT), 0)}, args.rounds, folder / "logs"
                )["import"]["seconds"]
            reading = median["pandas"]["seconds"] - pandas_import
            median["pandas"]["seconds"] = pandas_import + reading * files / sample
            median["pandas"]["sampled_files"] = sample
        floor, pandas = median["floor"]["seconds"], median["pandas"]["seconds"]
        for name, figure in median.items():
            counted = 9 if name == "check of nine files" else files
            note = ""
            if name.startswith(("consolidate", "check")) and counted == files:
                figure["to_floor"] = figure["seconds"] / floor
                figure["pandas_to_it"] = pandas / figure["seconds"]
                note = f"{figure['to_floor']:5.2f}x the floor; pandas {figure['pandas_to_it']:.2f}x"
            elif name == "pandas" and sample < files:
                note = f"(timed on {sample} files and scaled)"
            print(line(name, figure, counted, note))
        steps = phases(root, args.rounds, logs)
        print("  where consolidate's time goes (--jobs 1, each step timed inside a fresh process):")
        for step, seconds in steps.items():
            print(f"    {step:<58} {seconds:6.2f} s")
        figures[str(count)] = {"sides": median, "phases": steps, "load_average": load}
    fixed = race(fixed_sides(), args.rounds, folder / "logs" / "fixed")
    print("\nbefore the first file: fresh processes that only start, or import")
    for name, figure in fixed.items():
        print(line(name, figure, None))
    figures["fixed"] = fixed
    smallest = min(roots)
    verdicts(figures[str(smallest)]["sides"], smallest)
    return figures


def verdicts(median: dict[str, dict[str, float]], count: int) -> None:
    consolidate, nine = median["consolidate"], median["check of nine files"]
    met = {
        f"consolidate at most {TARGETS['floor']:g}x the floor": consolidate["to_floor"]
        <= TARGETS["floor"],
        f"consolidate at least {TARGETS['pandas']:g}x faster than pandas+openpyxl": consolidate[
            "pandas_to_it"
        ]
        >= TARGETS["pandas"],
        f"consolidate's peak memory at most {TARGETS['memory_mib']} MiB": consolidate["max_rss_mib"]
        <= TARGETS["memory_mib"],
        f"check of nine files under {TARGETS['check_nine']} s": nine["seconds"]
        < TARGETS["check_nine"],
    }
    print(f"\ntargets at {count} kecamatan")
    for target, ok in met.items():
        print(f"  {target}: {'met' if ok else 'NOT met'}")


def profile(root: Path, folder: Path) -> None:
    """-X importtime and cProfile of one consolidation in a fresh process, one process."""
    out = folder / "profile"
    out.mkdir()
    command = [
        "consolidate",
        root / "masuk",
        "--catalog",
        root / "katalog",
        "--year",
        YEAR,
        "--out",
        out / "rekap.xlsx",
        "--jobs",
        1,
    ]
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "iku_xlsx", *map(str, command)],
        capture_output=True,
        text=True,
        check=True,
    )
    by_package: dict[str, int] = defaultdict(int)
    for entry in done.stderr.splitlines():
        if not entry.startswith("import time:") or "|" not in entry:
            continue
        own, _, name = entry[len("import time:") :].split("|")
        if own.strip().isdigit():  # each module's own time, to its top-level package
            by_package[name.strip().split(".")[0]] += int(own)
    print("\n-X importtime: the imports of one consolidate, by top-level package (ms, own)")
    for name, micros in sorted(by_package.items(), key=lambda item: -item[1])[:12]:
        print(f"  {name:<24} {micros / 1000:7.1f}")
    stats = out / "consolidate.prof"
    subprocess.run(
        [sys.executable, "-m", "cProfile", "-o", str(stats), "-m", "iku_xlsx", *map(str, command)],
        capture_output=True,
        check=True,
    )
    text = io.StringIO()
    pstats.Stats(str(stats), stream=text).sort_stats("cumulative").print_stats(30)
    print("\ncProfile of one consolidate (fresh process, --jobs 1), top 30 by cumulative time:")
    print(text.getvalue().split("\n\n", 2)[-1].rstrip())


def compile_package() -> None:
    """The package's bytecode, as ``pip install`` leaves it (an editable install, or an
    environment with PYTHONDONTWRITEBYTECODE set, would otherwise compile every module in
    every fresh process)."""
    import iku_xlsx

    package = Path(iku_xlsx.__file__).parent
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(package)], check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--kecamatan",
        type=int,
        nargs="+",
        default=[40, 400],
        metavar="N",
        help="the scales, in kecamatan of nine files each (40 400)",
    )
    parser.add_argument("--rounds", type=int, default=3, metavar="N", help="rounds (3)")
    parser.add_argument(
        "--templates", type=int, default=40, metavar="N", help="sets of figures (40)"
    )
    parser.add_argument(
        "--pandas-sample",
        type=int,
        default=40,
        metavar="N",
        help="above this many kecamatan pandas is timed on that many and scaled (40)",
    )
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the figures here")
    parser.add_argument(
        "--keep", type=Path, metavar="DIR", help="build in this new folder, and keep it"
    )
    parser.add_argument(
        "--reuse", type=Path, metavar="DIR", help="time the batch a --keep run left in DIR"
    )
    parser.add_argument("--profile", action="store_true", help="profile one consolidate")
    args = parser.parse_args()
    if args.reuse is not None:
        run(args, args.reuse, build_it=False)
    elif args.keep is not None:
        args.keep.mkdir(parents=True)  # refuses an existing folder: nothing is overwritten
        run(args, args.keep)
    else:
        with tempfile.TemporaryDirectory() as folder:
            run(args, Path(folder))


def run(args: argparse.Namespace, folder: Path, build_it: bool = True) -> None:
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores")
    compile_package()
    if build_it:
        roots = build(folder / "batch", sorted(args.kecamatan), args.templates)
    else:
        roots = {count: folder / "batch" / f"k{count}" for count in sorted(args.kecamatan)}
        assert all(root.is_dir() for root in roots.values()), "no such batch to reuse"
        shutil.rmtree(folder / "out", ignore_errors=True)
        shutil.rmtree(folder / "profile", ignore_errors=True)
    figures = measure(args, roots, folder)
    if args.profile:
        profile(roots[min(roots)], folder)
    figures |= {"python": sys.version.split()[0], "cores": os.cpu_count(), "rounds": args.rounds}
    if args.json is not None:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
        print(f"\nfigures written to {args.json}")


if __name__ == "__main__":
    main()
