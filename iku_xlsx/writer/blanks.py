"""The `blank` job: one blank workbook per unit, and optionally one holding every unit."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from iku_xlsx.catalog import Catalog, Unit
from iku_xlsx.problems import Code, Problem
from iku_xlsx.writer.printing import DEFAULT_PAPER, paper_index
from iku_xlsx.writer.workbook import write_workbook

COMBINED_NAME = "gabungan"  # lower case, so it never equals a unit id


@dataclass
class BlankResult:
    """What `write_blanks` wrote, or why it wrote nothing."""

    written: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        """0 when written; 2 when the request could not be carried out (docs/contract.md)."""
        return 2 if self.problems else 0


def blank_file_name(catalog: Catalog, unit: Unit | None) -> str:
    """'cls-2025-EKONOMI.xlsx': the unit id is a word of its own; None names the combined file."""
    return f"{catalog.catalog_id}-{catalog.year}-{unit.id if unit else COMBINED_NAME}.xlsx"


def write_blanks(
    catalog: Catalog,
    out_dir: str | Path,
    *,
    unit_ids: Sequence[str] | None = None,
    combined: bool = False,
    force: bool = False,
    paper: str = DEFAULT_PAPER,
) -> BlankResult:
    """Write a blank workbook per unit (all units, or ``unit_ids``) into ``out_dir``.

    With ``combined``, also one workbook holding those units; ``paper`` ("A4" or "F4") is
    what they print on. Nothing is written when any target exists (unless ``force``), when a
    unit id is unknown, or when the folder cannot be made; the result's problems say why.
    """
    paper_index(paper)  # an unknown paper is a programming error: raised before any work
    out_dir = Path(out_dir)
    result = BlankResult()
    units = _chosen_units(catalog, unit_ids, out_dir, result)
    if units is None:
        return result
    targets = [(out_dir / blank_file_name(catalog, unit), [unit], False) for unit in units]
    if combined:
        targets.append((out_dir / blank_file_name(catalog, None), list(units), True))
    if not force:
        result.problems += [
            Problem(
                str(path),
                Code.OUTPUT_EXISTS,
                "the file exists (it may be a filled workbook); nothing was written. "
                "Use --force to overwrite, or choose another folder",
            )
            for path, _, _ in targets
            if path.exists()
        ]
        if result.problems:
            return result
    _write(catalog, out_dir, targets, result, paper)
    return result


def _chosen_units(
    catalog: Catalog, unit_ids: Sequence[str] | None, out_dir: Path, result: BlankResult
) -> list[Unit] | None:
    """The units asked for (every one when none is named); None when one is unknown."""
    known = {unit.id: unit for unit in catalog.units}
    asked = [unit_id.upper() for unit_id in unit_ids or ()]  # --unit ekonomi is EKONOMI
    unknown = [unit_id for unit_id in asked if unit_id not in known]
    result.problems += [
        Problem(
            str(out_dir),
            Code.UNKNOWN_UNIT,
            f"unknown unit id {unit_id!r}; the catalog has {', '.join(known)}",
        )
        for unit_id in unknown
    ]
    if unknown:
        return None
    return [known[unit_id] for unit_id in dict.fromkeys(asked)] if asked else list(catalog.units)


def _write(
    catalog: Catalog,
    out_dir: Path,
    targets: list[tuple[Path, list[Unit], bool]],
    result: BlankResult,
    paper: str,
) -> None:
    """Each workbook (path, units, combined), the folder made first; a folder that cannot be
    written is a problem."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        for path, chosen, is_combined in targets:
            result.written.append(
                write_workbook(path, catalog, chosen, combined=is_combined, paper=paper)
            )
    except OSError as error:
        result.problems.append(
            Problem(
                str(error.filename or out_dir),
                Code.OUTPUT_FOLDER,
                f"cannot write there: {error.strerror or error}",
            )
        )
