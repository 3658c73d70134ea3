"""The consolidate job: filled workbooks into the consolidated workbook and the tidy CSV.

Every file is read and identified by its metadata; a file that is not a workbook is reported
and skipped, and the rest of the batch carries on. The workbook used for each unit is chosen
(:mod:`iku_xlsx.consolidation.collect`), each kecamatan gathered and recomputed
(:mod:`iku_xlsx.consolidation.gather`), then the outputs written, each atomically.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from iku_xlsx.catalog import Catalog
from iku_xlsx.consolidation.collect import choose, read_candidates, usual_year
from iku_xlsx.consolidation.gather import kecamatan_results
from iku_xlsx.consolidation.result import Consolidation
from iku_xlsx.problems import Code, Problem
from iku_xlsx.reading import find_workbooks
from iku_xlsx.reading.workbooks import catalog_list
from iku_xlsx.reports.csv import write_csv
from iku_xlsx.reports.workbook import write_report


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
) -> Consolidation:
    """Consolidate filled workbooks (files or folders) into one result.

    With ``out`` the consolidated workbook is written (kecamatan or, for several kecamatan,
    kabupaten), with ``csv`` the tidy table; both atomically. ``progress(done, total)`` is
    called as files are read. ``jobs``: processes reading the files (None: every core; a
    small batch is read in this one).
    """
    known = catalog_list(catalogs)
    files = find_workbooks(inputs)
    result = Consolidation(year)
    if _outputs_among_inputs(files, (out, csv), result):
        return result
    candidates = read_candidates(files, known, result, progress, jobs)
    result.year = year if year is not None else usual_year(c.reading for c in candidates)
    chosen = choose(candidates, result, newest)
    del candidates  # what was read is chosen now: memory for the outputs
    result.kecamatan = kecamatan_results(known, result.year, chosen, result)
    del chosen
    if csv is not None:
        result.written.append(write_csv(result.table, Path(csv)))
    if out is not None:
        result.written.append(write_report(result, Path(out)))
    return result


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
