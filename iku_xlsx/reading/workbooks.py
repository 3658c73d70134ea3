"""Reading filled workbooks back: the public functions.

A workbook is known by its metadata sheet, never by its file name; cells are found by their
defined names; values are read with python-calamine; the cached results of the formulas are
only compared with the library's own recomputation, never used.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from iku_xlsx.catalog import Catalog, load_catalog
from iku_xlsx.catalog.finding import CatalogFinder
from iku_xlsx.reading.batch import Batch, finish
from iku_xlsx.reading.book import BookReader, WorkbookReading
from iku_xlsx.reading.identity import say_which_catalog
from iku_xlsx.reading.processes import processes, read_in_processes


def read_workbook(
    path: str | Path,
    catalogs: Catalog | Iterable[Catalog] | None = None,
    *,
    year: int | None = None,
) -> WorkbookReading:
    """Read and check one filled workbook. Never raises for a bad file: problems say why.

    ``catalogs``: the catalog(s) a workbook may come from (default: the built-in one);
    ``year``: the reporting year expected, if any.
    """
    return read_workbooks([path], catalogs, year=year)[0]


def read_workbooks(
    paths: Iterable[str | Path],
    catalogs: Catalog | Iterable[Catalog] | None = None,
    *,
    year: int | None = None,
    batch_size: int = 256,
    jobs: int | None = 1,
) -> list[WorkbookReading]:
    """Read and check many workbooks; the same as :func:`read_workbook` for each."""
    return list(iter_workbooks(paths, catalogs, year=year, batch_size=batch_size, jobs=jobs))


def iter_workbooks(
    paths: Iterable[str | Path],
    catalogs: Catalog | Iterable[Catalog] | None = None,
    *,
    year: int | None = None,
    batch_size: int = 256,
    jobs: int | None = 1,
) -> Iterator[WorkbookReading]:
    """Read workbooks in batches, yielding each as it is done (memory stays at one batch).

    Each file is parsed and its inputs checked on its own; the recomputation runs once per
    batch over all its indicators, vectorised; then each cached formula result is compared
    with it and the tidy table is cut per file. With ``jobs`` above 1 (None: every core) a
    large batch is read in that many processes, in order; a small one (under
    ``PARALLEL_MIN_FILES`` files per process, for how they start) is not worth starting
    them for. As with any use of :mod:`multiprocessing`, a script that reads in processes
    runs its work under ``if __name__ == "__main__":`` (forked processes would not need it;
    spawned ones, and a fork server's, do).

    A workbook refused for its catalog is told the catalog file near it that it was made
    from (:func:`~iku_xlsx.reading.identity.say_which_catalog`).
    """
    finder = CatalogFinder()
    for reading in _read(paths, catalogs, year, batch_size, jobs):
        say_which_catalog(reading.path, reading.identity, reading.problems, finder)
        yield reading


def _read(
    paths: Iterable[str | Path],
    catalogs: Catalog | Iterable[Catalog] | None,
    year: int | None,
    batch_size: int,
    jobs: int | None,
) -> Iterator[WorkbookReading]:
    """The readings, in this process or in ``jobs`` of them."""
    reader = BookReader(catalog_list(catalogs), year)
    files = [Path(path) for path in paths]
    workers, context = processes(len(files), jobs)
    if context is not None:
        yield from read_in_processes(files, reader, workers, context)
        return
    batch: Batch = []
    for path in files:
        batch.append(reader.parse(path))
        if len(batch) >= batch_size:
            yield from finish(batch)
            batch = []
    yield from finish(batch)


def catalog_list(catalogs: Catalog | Iterable[Catalog] | None) -> list[Catalog]:
    """The catalogs a call names: one, many, or (None) the built-in one."""
    if catalogs is None:
        return [load_catalog()]
    if isinstance(catalogs, Catalog):
        return [catalogs]
    return list(catalogs)
