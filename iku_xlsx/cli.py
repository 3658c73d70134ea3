"""The `iku-xlsx` command: a thin layer over the library, one public function per command.

Options are defined once and shared; every command's exit status comes from its result:
0 all well, 1 the inputs have problems, 2 the command was misused (docs/contract.md).
"""

from __future__ import annotations

import datetime as dt
import gc
import json
import os
import time
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn, Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import Progress
from rich.table import Table

from iku_xlsx._version import __version__
from iku_xlsx.fileio import atomic_output

PROGRESS_SECONDS = 0.1  # the progress bar is drawn at most this often

# Each command imports the library it calls when it runs, so that --help, --version and the
# catalog commands start without pandas, openpyxl and xlsxwriter (a second saved on each).
if TYPE_CHECKING:
    from iku_xlsx.catalog import Catalog
    from iku_xlsx.jobs.check import CheckResult
    from iku_xlsx.problems import Problem
    from iku_xlsx.settings import OfficeChoice

app = typer.Typer(
    name="iku-xlsx",
    help="IKU (Indikator Kinerja Utama) workbooks: write blanks, manage the catalog.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
catalog_app = typer.Typer(help="Export, check and describe IKU catalogs.", no_args_is_help=True)
app.add_typer(catalog_app, name="catalog")

out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)  # one problem, one line: easy to grep

# --- options shared by the commands ------------------------------------------------------------

CatalogOption = Annotated[
    Optional[Path],
    typer.Option(
        "--catalog",
        exists=True,
        readable=True,
        help="Catalog file, YAML or an Excel workbook (.xlsx), or a folder holding just one "
        "(default: the one the working folder's iku-xlsx.yaml names, else the built-in Candi "
        "Laras Selatan catalog).",
    ),
]
CatalogsOption = Annotated[
    Optional[list[Path]],
    typer.Option(
        "--catalog",
        exists=True,
        readable=True,
        help="Catalog file (YAML or .xlsx), or a folder of them: a workbook may come from any; "
        "repeat for the kecamatan of a kabupaten (default: the one the working folder's "
        "iku-xlsx.yaml names, else the built-in catalog).",
    ),
]
YearOption = Annotated[
    Optional[int],
    typer.Option(
        "--year",
        min=2000,
        max=2100,
        help="Reporting year (default: the working folder's iku-xlsx.yaml, else the catalog's).",
    ),
]
ForceOption = Annotated[bool, typer.Option("--force", help="Overwrite existing files.")]


class PaperChoice(str, Enum):
    """The paper every sheet prints on (F4: Excel's Folio, 8.5 x 13 in; docs/workbook.md)."""

    A4 = "A4"
    F4 = "F4"


class CsvChoice(str, Enum):
    """standard: the contract's (comma, dot decimal); id: for an Indonesian Excel."""

    STANDARD = "standard"
    ID = "id"


PaperOption = Annotated[
    PaperChoice,
    typer.Option(
        "--paper", case_sensitive=False, help="Paper the sheets print on: A4 or F4 (215 x 330 mm)."
    ),
]
JobsOption = Annotated[
    Optional[int],
    typer.Option(
        "--jobs",
        min=1,
        help="Processes reading the workbooks (default: every core; small batches use one).",
    ),
]


def _version(value: bool) -> None:
    if value:
        out.print(f"iku-xlsx {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """IKU workbooks for kecamatan offices."""


def _report(problems: list[Problem]) -> None:
    for problem in problems:
        colour = "red" if problem.is_error else "yellow"
        err.print(
            f"[{colour}]{problem.severity.value}[/{colour}] {escape(problem.where())}: "
            f"{escape(problem.message)} [dim]({problem.code})[/dim]",
            highlight=False,
        )


def _office(catalogs: list[Path] | None, year: int | None) -> OfficeChoice:
    """The flags given, and what they leave out from the working folder's iku-xlsx.yaml
    (said on stderr, so that nobody wonders which catalog was used)."""
    from iku_xlsx.settings import SettingsError, choose_office

    try:
        chosen = choose_office(catalogs, year)
    except SettingsError as error:
        _fail(str(error))
    note = chosen.describe()
    if note is not None:
        err.print(f"[dim]settings {escape(note)}[/dim]", highlight=False)
    return chosen


def _load_one(catalog: Path | None, year: int | None) -> Catalog:
    """The one catalog a command works with: the flag's, else the settings' (year too)."""
    chosen = _office([catalog] if catalog is not None else None, year)
    return _load(chosen.catalogs[0] if chosen.catalogs else None, chosen.year)


def _load(path: Path | None, year: int | None = None) -> Catalog:
    """The one catalog of a file, or of a folder holding one (without a path, the built-in
    catalog); exit 2 for a folder holding several."""
    from iku_xlsx.catalog import load_catalog

    file = _one_file(path)
    return load_catalog(year=year) if file is None else _load_all([file], year)[0]


def _one_file(path: Path | None) -> Path | None:
    """The catalog file a path names: itself, or the one catalog of a folder (exit 2 for a
    folder holding none or several)."""
    from iku_xlsx.catalog import catalog_files

    if path is None:
        return None
    try:
        files = catalog_files([path])
    except OSError as error:
        _fail(str(error))
    if len(files) > 1:
        _fail(
            f"{path} holds {len(files)} catalogs ({files[0].name}, {files[1].name}, ...); "
            "this command takes one: name its file with --catalog"
        )
    return files[0]


def _load_all(paths: list[Path], year: int | None = None) -> list[Catalog]:
    """The catalogs of the files and folders named, or exit 1 naming every place at fault
    in every file (exit 2 when a file cannot be read or a folder holds no catalog)."""
    from iku_xlsx.catalog import CatalogError, load_catalogs

    try:
        catalogs = load_catalogs(paths, year=year)
    except CatalogError as error:
        _report(error.problems)
        raise typer.Exit(1) from None
    except OSError as error:
        _fail(str(error))
    _freeze_the_living()  # the catalogs live as long as the command
    return catalogs


def _write(path: Path, force: bool, write: Callable[[Path], object]) -> None:
    """One output file, written by ``write`` (whole or not at all); an existing one only
    with --force."""
    if path.exists() and not force:
        _fail(f"{path} exists; nothing was written. Use --force to overwrite.")
    try:
        write(path)
    except OSError as error:
        _fail(f"cannot write {path}: {error.strerror or error}")
    out.print(f"wrote {escape(str(path))}", highlight=False)


def _write_text(path: Path, text: str, force: bool) -> None:
    def write(target: Path) -> None:
        with atomic_output(target) as temporary:
            temporary.write_text(text, encoding="utf-8")

    _write(path, force, write)


def _write_catalog_workbook(path: Path, catalog: Catalog | None, force: bool) -> None:
    """A catalog workbook (None: the empty template); only as .xlsx."""
    from iku_xlsx.catalog.workbook import write_catalog_workbook

    if path.suffix.lower() != ".xlsx":
        _fail(f"{path}: a catalog workbook is written as .xlsx; nothing was written.")
    _write(path, force, lambda target: write_catalog_workbook(target, catalog))


def _fail(message: str, code: int = 2) -> NoReturn:
    err.print(f"[red]error[/red] {escape(message)}", highlight=False)
    raise typer.Exit(code)


# --- commands ----------------------------------------------------------------------------------


@app.command()
def blank(
    out_dir: Annotated[
        Path, typer.Option("--out", file_okay=False, help="Folder to write the workbooks into.")
    ],
    catalog: CatalogOption = None,
    year: YearOption = None,
    unit: Annotated[
        Optional[list[str]], typer.Option("--unit", help="Only this unit id (repeat for several).")
    ] = None,
    combined: Annotated[
        bool, typer.Option("--combined", help="Also write one workbook holding every unit.")
    ] = False,
    force: ForceOption = False,
    paper: PaperOption = PaperChoice.A4,
) -> None:
    """Write one blank workbook per unit (and with --combined, one with every unit)."""
    from iku_xlsx.writer.blanks import write_blanks

    result = write_blanks(
        _load_one(catalog, year),
        out_dir,
        unit_ids=unit,
        combined=combined,
        force=force,
        paper=paper.value,
    )
    for path in result.written:
        out.print(f"wrote {escape(str(path))}", highlight=False)
    _report(result.problems)
    raise typer.Exit(result.exit_code)


@app.command()
def check(
    files: Annotated[
        list[Path],
        typer.Argument(help="Filled workbooks, or folders searched for them."),
    ],
    json_output: Annotated[
        bool, typer.Option("--json", help="Print the problems as a JSON list instead of a table.")
    ] = False,
    annotate: Annotated[
        Optional[Path],
        typer.Option(
            "--annotate",
            file_okay=False,
            help="Write a copy of each workbook with problems, faulty cells marked, here.",
        ),
    ] = None,
    catalog: CatalogsOption = None,
    year: Annotated[
        Optional[int],
        typer.Option(
            "--year",
            min=2000,
            max=2100,
            help="The reporting year the workbooks must have (default: the working folder's "
            "iku-xlsx.yaml, else any).",
        ),
    ] = None,
    jobs: JobsOption = None,
    paper: PaperOption = PaperChoice.A4,
) -> None:
    """Check filled workbooks; every problem names the file, sheet and cell."""
    from iku_xlsx.jobs.check import check_workbooks

    chosen = _office(catalog, year)
    catalogs = _load_all(list(chosen.catalogs)) if chosen.catalogs else None
    result = check_workbooks(
        files, catalogs, year=chosen.year, annotate_to=annotate, jobs=jobs, paper=paper.value
    )
    if result.usage_problems:  # an input that does not exist: nothing was read
        _report(result.usage_problems)
        raise typer.Exit(result.exit_code)
    if json_output:
        out.print_json(data=[problem.to_dict() for problem in result.problems])
    else:
        _print_problems(result)
    for path in result.feedback:
        err.print(f"wrote feedback copy {escape(str(path))}", highlight=False)
    raise typer.Exit(result.exit_code)


def _print_problems(result: CheckResult) -> None:
    for reading in result.readings:
        if not reading.problems:
            continue
        table = Table(title=escape(str(reading.path)), title_justify="left")
        for column in ("cell", "severity", "code", "message"):
            table.add_column(column, overflow="fold")
        for problem in reading.problems:
            where = f"'{problem.sheet}'!{problem.cell}" if problem.cell else (problem.sheet or "")
            colour = "red" if problem.is_error else "yellow"
            table.add_row(
                escape(where),
                f"[{colour}]{problem.severity.value}[/{colour}]",
                problem.code,
                escape(problem.message),
            )
        out.print(table)
    errors = sum(reading.has_errors for reading in result.readings)
    warned = sum(bool(r.problems) and not r.has_errors for r in result.readings)
    skipped = len(result.skipped)
    checked = len(result.readings) - skipped
    err.print(
        f"{checked} file(s) checked: {errors} with errors, {warned} with "
        f"warnings only, {checked - errors - warned} clean"
        + (f"; {skipped} lock or temporary file(s) skipped" if skipped else ""),
        highlight=False,
    )


@app.command()
def consolidate(
    inputs: Annotated[
        list[Path],
        typer.Argument(help="Filled workbooks, or folders searched for them."),
    ],
    out_file: Annotated[
        Path,
        typer.Option("--out", dir_okay=False, help="The consolidated workbook (.xlsx) to write."),
    ],
    csv: Annotated[
        Optional[Path],
        typer.Option("--csv", dir_okay=False, help="Also write the tidy table as CSV."),
    ] = None,
    catalogs: CatalogsOption = None,
    year: Annotated[
        Optional[int],
        typer.Option(
            "--year",
            min=2000,
            max=2100,
            help="The reporting year (default: the working folder's iku-xlsx.yaml, else the "
            "year most workbooks have).",
        ),
    ] = None,
    newest: Annotated[
        bool,
        typer.Option("--newest", help="When two files hold the same unit, use the one saved last."),
    ] = False,
    jobs: JobsOption = None,
    paper: PaperOption = PaperChoice.A4,
    date: Annotated[
        Optional[dt.datetime],
        typer.Option(
            "--date",
            formats=["%Y-%m-%d"],
            help="The report's date, by the signature (default: today), e.g. 2026-10-05.",
        ),
    ] = None,
    quarter: Annotated[
        Optional[int],
        typer.Option(
            "--quarter",
            min=1,
            max=4,
            help="The last quarter the report covers (default: the last with any figure).",
        ),
    ] = None,
    csv_format: Annotated[
        CsvChoice,
        typer.Option(
            "--csv-format",
            case_sensitive=False,
            help="CSV layout: standard (comma, dot decimals) or id (semicolon, decimal comma, "
            "BOM: for Excel set to Indonesian).",
        ),
    ] = CsvChoice.STANDARD,
    previous: Annotated[
        Optional[list[Path]],
        typer.Option(
            "--previous",
            dir_okay=False,
            help="An earlier year's consolidated workbook or tidy CSV (repeat for several "
            "years): last year's realisation and capaian beside this year's, every year in "
            "the trend.",
        ),
    ] = None,
    lkjip: Annotated[
        Optional[Path],
        typer.Option(
            "--lkjip",
            dir_okay=False,
            help="Also write the tables of LKjIP chapter III as a Word document (.docx).",
        ),
    ] = None,
) -> None:
    """Consolidate filled workbooks into the kecamatan (or kabupaten) workbook."""
    from iku_xlsx.jobs.consolidate import consolidate as consolidate_workbooks

    chosen = _office(catalogs, year)
    loaded = _load_all(list(chosen.catalogs)) if chosen.catalogs else None
    # drawn from this thread (no auto_refresh): a bar refreshing itself runs a thread, and
    # the reading processes are forked only from a process without one (reading.processes)
    bar = Progress(console=err, transient=True, disable=not err.is_terminal, auto_refresh=False)
    with bar:
        task = bar.add_task("reading workbooks", total=None)
        drawn = 0.0

        def progress(done: int, total: int) -> None:
            nonlocal drawn
            bar.update(task, completed=done, total=total)
            if time.monotonic() - drawn >= PROGRESS_SECONDS or done == total:
                bar.refresh()
                drawn = time.monotonic()

        result = consolidate_workbooks(
            inputs,
            loaded,
            year=chosen.year,
            newest=newest,
            out=out_file,
            csv=csv,
            jobs=jobs,
            progress=progress,
            paper=paper.value,
            report_date=date.date() if date is not None else None,
            quarter=quarter,
            csv_format=csv_format.value,
            previous=previous or (),
            lkjip=lkjip,
        )
    _report(result.problems)
    for path in result.written:
        out.print(f"wrote {escape(str(path))}", highlight=False)
    raise typer.Exit(result.exit_code)


@app.command()
def demo(
    out_dir: Annotated[
        Path, typer.Option("--out", file_okay=False, help="Folder to write everything into.")
    ] = Path("iku-demo"),
    force: ForceOption = False,
    paper: PaperOption = PaperChoice.A4,
) -> None:
    """The whole job on the built-in catalog: last year's, then this year's blanks, sample
    fills, check, consolidation and LKjIP tables."""
    from iku_xlsx.jobs.demo import run_demo, summary_rows

    try:
        result = run_demo(out_dir, force=force, paper=paper.value)
    except FileExistsError as error:
        _fail(str(error))
    table = Table(
        title=f"Kecamatan {result.consolidation.kecamatan[0].catalog.kecamatan.name} "
        f"{result.consolidation.year}: rekap",
        title_justify="left",
    )
    for column in ("unit", "indicators reported", "mean capaian (%)", "kategori"):
        table.add_column(column)
    for row in summary_rows(result.consolidation):
        table.add_row(*map(escape, row))
    out.print(table)
    checked = result.check
    out.print(
        f"check: {len(checked.readings)} files, {len(checked.problems)} problems "
        f"({sum(p.is_error for p in checked.problems)} errors, deliberate)",
        highlight=False,
    )
    for label, path in (
        (f"{result.earlier.year} consolidated", result.earlier_workbook),
        ("blank workbooks", result.blanks),
        ("filled workbooks", result.filled),
        ("feedback copies", result.feedback),
        ("consolidated workbook", result.workbook),
        ("tidy table", result.csv),
        ("LKjIP chapter III", result.lkjip),
    ):
        out.print(f"{label:>22}: {escape(str(path))}", highlight=False)


@catalog_app.command("export")
def catalog_export(
    file: Annotated[
        Path,
        typer.Argument(dir_okay=False, help="File to write: .xlsx for a workbook, else YAML."),
    ],
    catalog: CatalogOption = None,
    force: ForceOption = False,
) -> None:
    """Write the catalog (the built-in one unless --catalog) as YAML, or .xlsx for Excel."""
    from iku_xlsx.catalog import builtin_catalog_text, dump_catalog, is_catalog_workbook

    chosen = _office([catalog] if catalog is not None else None, None).catalogs
    if is_catalog_workbook(file):
        _write_catalog_workbook(file, _load(chosen[0] if chosen else None), force)
    else:
        text = builtin_catalog_text() if not chosen else dump_catalog(_load(chosen[0]))
        _write_text(file, text, force)


@catalog_app.command("template")
def catalog_template(
    file: Annotated[Path, typer.Argument(dir_okay=False, help="Workbook (.xlsx) to write.")],
    example: Annotated[
        bool, typer.Option("--example", help="Fill it with the built-in catalog.")
    ] = False,
    force: ForceOption = False,
) -> None:
    """Write a catalog workbook to fill in Excel: empty, or the built-in catalog as an example."""
    _write_catalog_workbook(file, _load(None) if example else None, force)


@catalog_app.command("check")
def catalog_check(
    file: Annotated[
        Path,
        typer.Argument(
            exists=True,
            dir_okay=False,
            readable=True,
            help="Catalog file to validate: YAML or an Excel workbook (.xlsx).",
        ),
    ],
) -> None:
    """Validate a catalog; every error names its place (in a workbook: the sheet and cell)."""
    from iku_xlsx.catalog import check_catalog

    problems = check_catalog(file)
    _report(problems)
    if not problems:
        out.print(f"{escape(str(file))}: the catalog is valid", highlight=False)
    raise typer.Exit(1 if problems else 0)


@catalog_app.command("schema")
def catalog_schema(
    file: Annotated[Path, typer.Argument(dir_okay=False, help="JSON file to write.")],
    force: ForceOption = False,
) -> None:
    """Write the JSON Schema of catalog files, for editors that complete and check YAML."""
    from iku_xlsx.catalog import catalog_json_schema

    _write_text(file, json.dumps(catalog_json_schema(), indent=2, ensure_ascii=False) + "\n", force)


@app.command()
def serve(
    folder: Annotated[
        Optional[Path],
        typer.Option(
            "--folder",
            file_okay=False,
            help="Working folder (default: the one whose iku-xlsx.yaml the current folder is "
            "in, else ~/Documents/iku-xlsx).",
        ),
    ] = None,
    catalog: CatalogOption = None,
    year: YearOption = None,
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[
        int, typer.Option("--port", min=0, max=65535, help="Port (0: any free one).")
    ] = 8000,
) -> None:
    """Serve the planner's page (Bahasa Indonesia) over a working folder; prints its address."""
    from iku_xlsx.page.server import serve as serve_page

    raise typer.Exit(serve_page(folder, _one_file(catalog), year, host, port))


@app.command()
def init(
    catalog: CatalogOption = None,
    year: YearOption = None,
    folder: Annotated[
        Path, typer.Option("--folder", file_okay=False, help="The working folder.")
    ] = Path("."),
    force: Annotated[bool, typer.Option("--force", help="Replace the folder's settings.")] = False,
) -> None:
    """Set a working folder up for one office: its iku-xlsx.yaml names the catalog and the
    year that every command run in it (or below it), and the page, then use."""
    from iku_xlsx.catalog import CatalogError
    from iku_xlsx.settings import set_up_folder

    try:
        path, settings = set_up_folder(folder, _one_file(catalog), year, force=force)
    except FileExistsError as error:
        _fail(str(error))
    except CatalogError as error:
        _report(error.problems)
        raise typer.Exit(1) from None
    except OSError as error:
        _fail(f"cannot write the settings in {folder}: {error.strerror or error}")
    named = settings.catalog or "the built-in catalog"
    out.print(f"wrote {escape(str(path))}: {escape(named)}, year {settings.year}", highlight=False)


_owns_the_process = False  # set by run(): the command is the process, which ends with it


def run() -> None:
    """Console entry point: no traceback reaches the user unless IKU_XLSX_DEBUG is set."""
    global _owns_the_process
    _owns_the_process = True
    # numpy's OpenBLAS starts a thread per core when imported (some 50 ms of a fresh process:
    # benchmarks/fresh.py); the library multiplies no matrices, so the command keeps BLAS to
    # its own thread, unless the user set a number
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    try:
        app()
    except Exception as error:  # the last guard before a traceback (re-raised in debug)
        if os.environ.get("IKU_XLSX_DEBUG"):
            raise
        err.print(
            f"[red]internal error[/red] {type(error).__name__}: {escape(str(error))}. "
            "Set IKU_XLSX_DEBUG=1 for details and report it.",
            highlight=False,
        )
        raise SystemExit(3) from None
    finally:
        _freeze_the_living()  # the process ends


def _freeze_the_living() -> None:
    """In a process the command owns: what is garbage now is collected, its finalizers run
    as ever, and what is alive is frozen: Python's cyclic collector leaves it out of its
    passes from then on. Done once the catalogs are loaded (they and the modules live as
    long as the command: the passes while the files are read no longer walk them, half a
    second of a 400-kecamatan consolidation) and when the command is done (the interpreter's
    teardown then does not walk the whole heap again in each of its passes: 0.09 s after the
    command, 0.04 s with this). Measured by benchmarks/fresh.py."""
    if _owns_the_process:
        gc.collect()
        gc.freeze()
