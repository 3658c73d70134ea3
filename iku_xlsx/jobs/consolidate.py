"""The consolidate job: filled workbooks into the consolidated workbook and the tidy CSV, and
with earlier years' consolidations, the annual report (LKjIP chapter III).

Every file is read and identified by its metadata; a file that is not a workbook is reported
and skipped, and the rest of the batch carries on. The workbook used for each unit is chosen
(:mod:`iku_xlsx.consolidation.collect`), each kecamatan gathered and recomputed
(:mod:`iku_xlsx.consolidation.gather`), the earlier years read back and set beside it
(:mod:`iku_xlsx.consolidation.previous`), then the outputs written, each atomically.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from iku_xlsx.catalog import Catalog
from iku_xlsx.consolidation.collect import choose, read_candidates, usual_year
from iku_xlsx.consolidation.gather import kecamatan_results
from iku_xlsx.consolidation.previous import attach_earlier_years, read_earlier_years
from iku_xlsx.consolidation.result import Consolidation
from iku_xlsx.problems import Code, Problem
from iku_xlsx.reading import find_workbooks, missing_inputs
from iku_xlsx.reading.workbooks import catalog_list
from iku_xlsx.reports.csv import DEFAULT_CSV_FORMAT, find_csv_format, write_csv
from iku_xlsx.reports.signing import ReportSettings, head_of
from iku_xlsx.reports.workbook import write_report
from iku_xlsx.writer.printing import DEFAULT_PAPER


def consolidate(
    inputs: Sequence[str | Path],
    catalogs: Catalog | Iterable[Catalog] | None = None,
    *,
    year: int | None = None,
    newest: bool = False,
    out: str | Path | None = None,
    csv: str | Path | None = None,
    progress: Callable[[int, int], None] | None = None,
    jobs: int | None = None,
    paper: str = DEFAULT_PAPER,
    report_date: dt.date | None = None,
    quarter: int | None = None,
    csv_format: str = DEFAULT_CSV_FORMAT,
    previous: Sequence[str | Path] = (),
    lkjip: str | Path | None = None,
) -> Consolidation:
    """Consolidate filled workbooks (files or folders) into one result.

    With ``out`` the consolidated workbook is written (kecamatan or, for several kecamatan,
    kabupaten), with ``csv`` the tidy table; both atomically. ``progress(done, total)`` is
    called as files are read. ``jobs``: processes reading the files (None: every core; a
    small batch is read in this one).

    The workbook prints on ``paper`` ("A4" or "F4"); its Rekap is dated ``report_date``
    (default: today) and covers the year up to ``quarter`` (default: the last quarter with
    any figure). ``csv_format``: "standard" (the contract's: comma-separated, a dot
    for decimals) or "id" (semicolons, decimal commas, a BOM: for an Indonesian Excel).

    ``previous``: earlier years' consolidated workbooks or tidy CSVs; last year's realisation
    and capaian go beside this year's (the tidy table's ``previous_value`` and
    ``previous_achievement``), every year given into the trend. ``lkjip``: the tables of
    LKjIP chapter III as a Word document (one kecamatan only).

    An input that does not exist is a problem ("folder tidak ada"; exit status 2), and
    then nothing is read or written.
    """
    settings = ReportSettings(paper, report_date, quarter)  # a bad value raises here
    find_csv_format(csv_format)
    known = catalog_list(catalogs)
    result = Consolidation(year)
    if _misused(result, known, inputs, previous, (out, csv, lkjip)):
        return result
    files = find_workbooks(inputs)
    if _outputs_among_inputs([*files, *map(Path, previous)], (out, csv, lkjip), result):
        return result
    candidates = read_candidates(files, known, result, progress, jobs)
    result.year = year if year is not None else usual_year(c.reading for c in candidates)
    chosen = choose(candidates, result, newest)
    del candidates  # what was read is chosen now: memory for the outputs
    result.kecamatan = kecamatan_results(known, result.year, chosen, result)
    del chosen
    _set_beside_earlier_years(result, known, previous)
    if out is not None or lkjip is not None:
        _say_who_signs(result)
    if csv is not None:
        result.written.append(write_csv(result.table, Path(csv), csv_format))
    if out is not None:
        result.written.append(write_report(result, Path(out), settings=settings))
    if lkjip is not None:
        # python-docx, only when the document is asked for: some 30 ms of every fresh
        # consolidation's imports otherwise (benchmarks/fresh.py --profile)
        from iku_xlsx.reports.lkjip import write_lkjip

        result.written.append(write_lkjip(result, Path(lkjip), settings))
    return result


def _misused(
    result: Consolidation,
    catalogs: list[Catalog],
    inputs: Sequence[str | Path],
    previous: Sequence[str | Path],
    outputs: tuple[str | Path | None, str | Path | None, str | Path | None],
) -> bool:
    """A missing input or earlier year's file, an output in a folder that does not exist,
    or an LKjIP asked of several kecamatan: said, and nothing read or written."""
    result.problems += missing_inputs([*inputs, *previous])
    for output in (Path(path) for path in outputs if path is not None):
        if not output.parent.is_dir():
            result.problems.append(
                Problem(
                    str(output),
                    Code.OUTPUT_FOLDER,
                    f"the folder {output.parent} does not exist; make it first",
                )
            )
    lkjip = outputs[2]
    if lkjip is not None and len(catalogs) != 1:
        result.problems.append(
            Problem(
                str(lkjip),
                Code.LKJIP_ONE_KECAMATAN,
                "the LKjIP document is one kecamatan's report: give one catalog with --lkjip",
            )
        )
    result.usage_error = bool(result.problems)
    return result.usage_error


def _set_beside_earlier_years(
    result: Consolidation, catalogs: list[Catalog], previous: Sequence[str | Path]
) -> None:
    """The earlier years given, read back and recomputed, set beside each kecamatan."""
    earlier = read_earlier_years(previous, catalogs, result)
    for kecamatan in result.kecamatan:
        result.problems += attach_earlier_years(kecamatan, earlier, given=bool(previous))


def _say_who_signs(result: Consolidation) -> None:
    """A kecamatan whose catalog names no head (and has no CAMAT unit): its Rekap leaves the
    name to be written by hand, and a warning says so."""
    for kecamatan in result.kecamatan:
        catalog = kecamatan.catalog
        if head_of(catalog) is None:
            result.problems.append(
                Problem(
                    f"Kecamatan {catalog.kecamatan.name}",
                    Code.HEAD_MISSING,
                    "katalog tidak menyebut kepala kantor (head) dan tidak punya unit CAMAT: "
                    "nama dan NIP penanda tangan Rekap dikosongkan untuk ditulis tangan. "
                    "Isi head di katalog (jabatan, nama, NIP; boleh Plt./Plh.)",
                )
            )


def _outputs_among_inputs(
    files: list[Path], outputs: tuple[str | Path | None, ...], result: Consolidation
) -> bool:
    """An output that is one of the inputs is a misuse: said, and nothing read."""
    written = [Path(path).resolve() for path in outputs if path is not None]
    clash = [file for file in files if file.resolve() in written]
    if clash:
        result.usage_error = True
        result.problems.append(
            Problem(
                str(clash[0]),
                Code.OUTPUT_IS_INPUT,
                "the output file is one of the inputs; choose another",
            )
        )
    return bool(clash)
