"""The gate every input file passes before a parser sees it: bounded in time and memory.

It stands before the catalog, which reads catalog workbooks through it, and before the
reading of filled workbooks; it imports nothing of the package but problems and fileio.

- :mod:`~.inspection`: a file let through, or refused (:func:`inspect_file`);
- :mod:`~.refusal`: what a refusal says, and the bounds;
- :mod:`~.archive`: the zip: its directory, its parts inflated within bounds;
- :mod:`~.markup`: searches of the XML a parser will read;
- :mod:`~.opendocument`: an OpenDocument sheet's extent;
- :mod:`~.xls`, :mod:`~.xls_child`: a legacy .xls, parsed in a bounded child process.
"""

from iku_xlsx.gate.inspection import Inspection, inspect_file
from iku_xlsx.gate.markup import defined_names_span
from iku_xlsx.gate.refusal import FileKind, Refusal
from iku_xlsx.gate.xls import Book, ParsedBook, parsed_workbook

__all__ = [
    "Book",
    "FileKind",
    "Inspection",
    "ParsedBook",
    "Refusal",
    "defined_names_span",
    "inspect_file",
    "parsed_workbook",
]
