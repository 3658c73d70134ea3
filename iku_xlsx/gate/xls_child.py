"""The child process an .xls is parsed in: its memory bounded, only its values sent back.

Run as a script, ``python -I xls_child.py MEMORY CELLS OUTPUT``, by :mod:`.xls`, with the
file's bytes on standard input: it imports nothing of the package (the bounds come as
arguments), so that its memory is bounded before python-calamine is even imported. It exits
with 3 when the workbook is beyond the bounds, and writes the pickled values otherwise.
"""

from __future__ import annotations

import io
import pickle
import sys

BEYOND_BOUNDS = 3  # the exit status for a workbook beyond the bounds


def _limit_memory(limit: int) -> None:
    """Bound this process's address space (POSIX; elsewhere only time is bounded)."""
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ImportError, ValueError, OSError):
        pass


def main(memory: int, max_cells: int, max_output: int) -> int:
    _limit_memory(memory)
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_filelike(io.BytesIO(sys.stdin.buffer.read()))
    sheets, cells = {}, 0
    for name in book.sheet_names:
        sheet = book.get_sheet_by_name(name)
        end = sheet.end or (0, 0)  # the values come back from A1: that far
        cells += (end[0] + 1) * (end[1] + 1)
        if cells > max_cells:
            return BEYOND_BOUNDS
        sheets[name] = (sheet.start, sheet.to_python(skip_empty_area=False))
    payload = pickle.dumps((book.sheet_names, sheets))
    if len(payload) > max_output:
        return BEYOND_BOUNDS
    sys.stdout.buffer.write(payload)
    return 0


if __name__ == "__main__":
    sys.exit(main(*(int(argument) for argument in sys.argv[1:4])))
