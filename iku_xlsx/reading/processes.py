"""Reading a batch in several processes: forked, served or spawned, as the platform allows.

A pool pays only from some files per process (its start is not free); below that a batch
is read in this process. Each process gets the reader (the catalogs by their fingerprints)
once, when it starts; readings come back without their catalog and take this process's
catalog objects again.
"""

from __future__ import annotations

import os
import sys
import threading
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from multiprocessing import get_all_start_methods, get_context
from multiprocessing.context import BaseContext
from pathlib import Path

from iku_xlsx.reading.batch import finish
from iku_xlsx.reading.book import BookReader, WorkbookReading

# Files per task sent to a process: large enough to keep the traffic low, small enough to
# keep every core busy to the end and memory flat.
PARALLEL_CHUNK = 64
# Files per process below which a pool is not started, by how processes start: forked ones
# in about a tenth of a second, the time to read some 100 files; from a fork server, or
# spawned, in about a second (each imports pandas), some 600 files (benchmarks/scale.py).
PARALLEL_MIN_FILES = {"fork": 128, "forkserver": 600, "spawn": 600}


def reading_processes(files: int, jobs: int | None) -> int:
    """How many processes :func:`iter_workbooks` would read ``files`` files in, given the
    same ``jobs`` (None: every core), were it called now (see :func:`_process_context`)."""
    return processes(files, jobs)[0]


def processes(files: int, jobs: int | None) -> tuple[int, BaseContext | None]:
    """The processes to read ``files`` files in, and how they start (None: in this one)."""
    cores = jobs or os.cpu_count() or 1
    if cores < 2:
        return 1, None
    context = _process_context()
    workers = min(cores, files // PARALLEL_MIN_FILES[context.get_start_method()])
    return (workers, context) if workers > 1 else (1, None)


def _process_context() -> BaseContext:
    """Processes that need not import everything anew. On Linux, while this process runs no
    other thread, a plain fork: each starts in milliseconds, the reader imported and the
    catalogs already in memory. Forking a process that runs other threads can deadlock (a
    lock one of them holds is copied held), so then, and on other POSIX systems, a fork
    server: it imports the reader once, then forks each process from itself (about a second
    in all). On Windows, spawned processes. Only the threads of :mod:`threading` are seen
    (the ones numpy's BLAS starts stop themselves for a fork)."""
    methods = get_all_start_methods()
    if sys.platform.startswith("linux") and threading.active_count() == 1 and "fork" in methods:
        return get_context("fork")
    if "forkserver" in methods:
        context = get_context("forkserver")
        context.set_forkserver_preload([__name__])
        return context
    return get_context("spawn")


def read_in_processes(
    paths: list[Path], reader: BookReader, workers: int, context: BaseContext
) -> Iterator[WorkbookReading]:
    """Chunks of files read in ``workers`` processes, yielded in the files' order, at most
    two chunks per process in flight. Each process gets the reader (the catalogs by their
    fingerprints) once, when it starts; readings come back without their catalog and take
    this process's catalog objects again."""
    known = reader.known
    chunks = [paths[i : i + PARALLEL_CHUNK] for i in range(0, len(paths), PARALLEL_CHUNK)]
    with ProcessPoolExecutor(
        workers,
        mp_context=context,
        initializer=_start_process,
        initargs=(reader,),
    ) as pool:
        pending: deque[Future[list[tuple[WorkbookReading, str | None]]]] = deque()

        def done() -> Iterator[WorkbookReading]:
            for reading, fingerprint in pending.popleft().result():
                if fingerprint is not None:
                    reading.catalog = known[fingerprint]
                yield reading

        for chunk in chunks:
            pending.append(pool.submit(_read_chunk, chunk))
            if len(pending) >= 2 * workers:
                yield from done()
        while pending:
            yield from done()


_process_reader: BookReader | None = None  # in a reading process: its reader, for every chunk


def _start_process(reader: BookReader) -> None:
    global _process_reader
    _process_reader = reader


def _read_chunk(paths: list[Path]) -> list[tuple[WorkbookReading, str | None]]:
    """One process's share: the readings (sharing one tidy table, which travels once), each
    catalog sent back as its fingerprint."""
    assert _process_reader is not None, "_start_process runs first"
    readings = []
    for reading in finish([_process_reader.parse(path) for path in paths]):
        # a catalog is known by a fingerprint its workbook names (see iku_xlsx.reading.identity)
        identity = reading.identity
        known = reading.catalog is not None and identity is not None
        fingerprint = _process_reader.known.key(identity) if known else None  # type: ignore[arg-type]
        reading.catalog = None
        readings.append((reading, fingerprint))
    return readings
