"""Reading filled workbooks back: let through, identified, read by name, recomputed.

- :mod:`iku_xlsx.gate` lets every file through, bounded in time and memory, first;
- :mod:`~.book`: one workbook: identified (:mod:`~.identity`), its unit sheets
  (:mod:`~.unit_sheets`) and records sheets (:mod:`~.records_sheets`) read and checked, its
  cells found by their defined names (:mod:`~.defined_names`, :mod:`~.cells`);
- :mod:`~.batch`: a batch recomputed at once, every cached result compared;
- :mod:`~.processes`: a batch read in several processes;
- :mod:`~.workbooks`: the public functions; :mod:`~.files`: which files a batch reads.
"""

from iku_xlsx.reading.book import WorkbookReading
from iku_xlsx.reading.files import WORKBOOK_SUFFIXES, find_workbooks, missing_inputs
from iku_xlsx.reading.processes import reading_processes
from iku_xlsx.reading.workbooks import iter_workbooks, read_workbook, read_workbooks

__all__ = [
    "WORKBOOK_SUFFIXES",
    "WorkbookReading",
    "find_workbooks",
    "iter_workbooks",
    "missing_inputs",
    "read_workbook",
    "read_workbooks",
    "reading_processes",
]
