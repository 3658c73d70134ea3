"""The check job: read filled workbooks, report every problem, write feedback copies."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from iku_xlsx.catalog import Catalog
from iku_xlsx.compute import TIDY_COLUMNS
from iku_xlsx.fileio import os_error_words
from iku_xlsx.problems import Code, Problem
from iku_xlsx.reading import WorkbookReading, find_workbooks, missing_inputs, read_workbooks
from iku_xlsx.writer.printing import DEFAULT_PAPER, paper_index


@dataclass
class CheckResult:
    """Every workbook read, their tidy table and their problems."""

    readings: list[WorkbookReading]
    feedback: list[Path] = field(default_factory=list)  # feedback copies written
    usage_problems: list[Problem] = field(default_factory=list)  # a missing input

    @property
    def problems(self) -> list[Problem]:
        read = [problem for reading in self.readings for problem in reading.problems]
        return self.usage_problems + read

    @property
    def skipped(self) -> list[Path]:
        """The lock and temporary files found and skipped (not problems)."""
        return [reading.path for reading in self.readings if reading.skipped]

    @property
    def table(self) -> pd.DataFrame:
        """The tidy table of every workbook that could be read (docs/contract.md)."""
        # each batch's table once: it holds the rows of every readable workbook of the batch
        batches = {
            id(r.batch_table): r.batch_table for r in self.readings if r.batch_table is not None
        }
        tables = list(batches.values())
        if not tables:
            return pd.DataFrame(columns=TIDY_COLUMNS)
        return pd.concat(tables, ignore_index=True)

    @property
    def exit_code(self) -> int:
        """0 when no workbook has an error, 1 otherwise; 2 when an input does not exist
        (docs/contract.md)."""
        if self.usage_problems:
            return 2
        return 1 if any(problem.is_error for problem in self.problems) else 0


def check_workbooks(
    inputs: Sequence[str | Path],
    catalogs: Catalog | Iterable[Catalog] | None = None,
    *,
    year: int | None = None,
    annotate_to: str | Path | None = None,
    jobs: int | None = None,
    paper: str = DEFAULT_PAPER,
) -> CheckResult:
    """Check filled workbooks (files or folders); with ``annotate_to``, write feedback copies.

    Input files are only read. A feedback copy is written for each readable .xlsx that has
    problems, named ``<name>-catatan.xlsx``, every sheet printing on ``paper`` ("A4" or
    "F4"). ``jobs``: processes reading the files (None: every core; a small batch is read in
    this one). An input that does not exist is a problem ("folder tidak ada"), and nothing
    is read (exit status 2).
    """
    paper_index(paper)
    missing = missing_inputs(inputs)
    if missing:
        return CheckResult([], usage_problems=missing)
    result = CheckResult(read_workbooks(find_workbooks(inputs), catalogs, year=year, jobs=jobs))
    if annotate_to is not None:
        _write_feedback(result, Path(annotate_to), paper)
    return result


def _write_feedback(result: CheckResult, folder: Path, paper: str) -> None:
    """A feedback copy of each readable .xlsx with problems; one failing is a warning."""
    from iku_xlsx.checking.feedback import (  # openpyxl: only when asked for
        ANNOTATED_SUFFIXES,
        annotate,
        feedback_path,
    )

    taken: set[Path] = set()
    for reading in result.readings:
        readable = reading.identity is not None  # read, not refused
        if not (
            reading.problems and readable and reading.path.suffix.lower() in ANNOTATED_SUFFIXES
        ):
            continue
        target = feedback_path(reading.path, folder, taken)
        try:
            result.feedback.append(annotate(reading.path, reading.problems, target, paper))
        except Exception as error:  # noqa: BLE001 - one copy failing must not stop the batch
            reason = (
                os_error_words(error)
                if isinstance(error, OSError)
                else f"galat {type(error).__name__}"
            )
            reading.problems.append(
                Problem(
                    str(reading.path),
                    Code.FEEDBACK_NOT_WRITTEN,
                    f"salinan bercatatan tidak dapat ditulis ke {target}: {reason}",
                )
            )
