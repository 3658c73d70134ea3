"""Broken and hostile files, made by the tests: each one clear problem, fast, bounded memory.

And files re-saved by LibreOffice (as .xlsx, .xls and .ods) read the same as the original.
"""

from __future__ import annotations

import io
import math
import os
import random
import re
import struct
import subprocess
import sys
import time
import warnings
import zipfile

import openpyxl
import pytest

from iku_xlsx import write_workbook
from iku_xlsx.gate import inspect_file
from iku_xlsx.gate.archive import zip_entries
from iku_xlsx.gate.inspection import UNPARSED_PARTS
from iku_xlsx.gate.markup import check_plain_markup
from iku_xlsx.gate.refusal import Refusal
from iku_xlsx.jobs.demo import sample_record_figures
from iku_xlsx.reading import read_workbook

from .libreoffice import convert
from .test_reader import GOOD
from .workbooks import fill

BILLION_LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        f'<!ENTITY lol{k} "{("&lol" + str(k - 1) + ";") * 10 if k > 1 else "&lol;" * 10}">'.encode()
        for k in range(1, 10)
    )
    + b"]><lolz>&lol9;</lolz>"
)
EXTERNAL_ENTITY = (
    b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>'
)


@pytest.fixture(scope="module")
def blank(builtin, tmp_path_factory):
    catalog = builtin.for_year(2025)
    folder = tmp_path_factory.mktemp("hostile")
    path = write_workbook(folder / "cls-2025-EKONOMI.xlsx", catalog, [catalog.unit("EKONOMI")])
    return catalog, path


def _rezip(source, target, replace: dict[str, bytes]) -> None:
    """A copy of the zip at ``source`` with parts replaced, or added when new."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        names = old.namelist()
        for name in names:
            new.writestr(name, replace.get(name, old.read(name)))
        for name, data in replace.items():
            if name not in names:
                new.writestr(name, data)


def _lying_sizes(path) -> None:
    """Make a zip whose entry says it holds 1,000 bytes but inflates to 10 MB."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", b"<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"<a>" + b"0" * 10_000_000 + b"</a>")
    data = bytearray(buffer.getvalue())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        entry = archive.getinfo("xl/worksheets/sheet1.xml")
    local = entry.header_offset
    struct.pack_into("<I", data, local + 22, 1000)  # local header: uncompressed size
    central = data.rfind(b"PK\x01\x02")  # the last central directory entry is this one
    struct.pack_into("<I", data, central + 24, 1000)
    path.write_bytes(bytes(data))


CASES = {
    "empty": (lambda p, b: p.write_bytes(b""), {"empty-file"}),
    "not-a-zip": (lambda p, b: p.write_text("Ini bukan buku kerja\n"), {"not-a-workbook"}),
    "truncated": (
        lambda p, b: p.write_bytes(b.read_bytes()[: len(b.read_bytes()) * 3 // 5]),
        {"corrupt"},
    ),
    "other-zip": (
        lambda p, b: zipfile.ZipFile(p, "w").writestr("word/document.xml", "<w/>"),
        {"not-a-workbook"},
    ),
    "encrypted": (
        lambda p, b: p.write_bytes(
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
            + b"\x00" * 1000
            + "EncryptedPackage".encode("utf-16-le")
            + b"\x00" * 3000
        ),
        {"encrypted"},
    ),
    "zip-bomb": (
        lambda p, b: _rezip(b, p, {"xl/worksheets/sheet2.xml": b"<a/>" + b" " * 40_000_000}),
        {"zip-bomb"},
    ),
    "lying-sizes": (lambda p, b: _lying_sizes(p), {"zip-bomb", "corrupt"}),
    "entity-bomb": (
        lambda p, b: _rezip(b, p, {"docProps/app.xml": BILLION_LAUGHS}),
        {"xml-entities"},
    ),
    "entity-bomb-in-the-theme": (  # a part no parser reads: its prolog is still checked
        lambda p, b: _rezip(b, p, {"xl/theme/theme1.xml": BILLION_LAUGHS}),
        {"xml-entities"},
    ),
    "external-entity": (
        lambda p, b: _rezip(b, p, {"xl/worksheets/sheet1.xml": EXTERNAL_ENTITY}),
        {"xml-entities"},
    ),
    "entity-bomb-in-a-bin-part": (
        lambda p, b: _rezip(b, p, {"xl/worksheets/sheet9.bin": BILLION_LAUGHS}),
        {"xml-entities"},
    ),
    "far-away-cell": (lambda p, b: _far_away_cell(b, p), {"too-large"}),
    # the same cell with its address written otherwise than r="...": each is read by
    # python-calamine, and would have it ask for a grid of 17 billion cells
    "far-away-cell-single-quoted": (
        lambda p, b: _far_away_cell(b, p, b"<c r='XFD1048576' t='inlineStr'>"),
        {"too-large"},
    ),
    "far-away-cell-after-a-tab": (
        lambda p, b: _far_away_cell(b, p, b'<c\tr="XFD1048576" t="inlineStr">'),
        {"too-large"},
    ),
    "far-away-cell-with-four-letters": (
        lambda p, b: _far_away_cell(b, p, b'<c r="ZZZZ9999" t="inlineStr">'),
        {"too-large"},
    ),
    "far-away-cell-in-a-second-address": (  # the parser takes the last r
        lambda p, b: _far_away_cell(b, p, b'<c r="A1" r=\'XFD1048576\' t="inlineStr">'),
        {"too-large"},
    ),
    "far-away-cell-made-by-stripping-the-names": (  # checked as the parser gets it
        lambda p, b: _rezip(
            b,
            p,
            {
                "xl/workbook.xml": _part(b, "xl/workbook.xml")
                .replace(b"<definedNames>", b'<c r="XF<definedNames>', 1)
                .replace(b"</definedNames>", b'</definedNames>D1048576"/>')
            },
        ),
        {"too-large"},
    ),
    "far-away-cell-beside-opendocument-content": (  # xl/Workbook.xml: still an .xlsx
        lambda p, b: _far_away_cell(b, p, renamed={"xl/workbook.xml": "xl/Workbook.xml"}),
        {"too-large"},
    ),
    "shared-strings-counting-billions": (  # python-calamine allocates for them ahead
        lambda p, b: _rezip(
            b,
            p,
            {
                "xl/sharedStrings.xml": re.sub(
                    rb'uniqueCount="\d+"',
                    b'uniqueCount="4000000000"',
                    _part(b, "xl/sharedStrings.xml"),
                )
            },
        ),
        {"too-large"},
    ),
    "far-away-cell-with-an-empty-prefix": (  # the parser takes <:c> and <é:c> as cells
        lambda p, b: _far_away_cell(b, p, b'<:c r="XFD1048576" t="inlineStr">'),
        {"too-large"},
    ),
    "far-away-cell-with-a-non-ascii-prefix": (
        lambda p, b: _far_away_cell(b, p, '<é:c r="XFD1048576" t="inlineStr">'.encode()),
        {"too-large"},
    ),
    "millions-of-shared-strings": (
        lambda p, b: _rezip(
            b,  # each its own, so that the part does not compress like a zip bomb
            p,
            {
                "xl/sharedStrings.xml": b"<sst>"
                + b"".join(b"<si>%d</si>" % k for k in range(1_100_000))
            },
        ),
        {"too-large"},
    ),
    "shared-string-copied-into-a-thousand-cells": (  # a gigabyte in the parser
        lambda p, b: _shared_string_copies(b, p),
        {"too-large"},
    ),
    "shared-string-copied-behind-formulas": (  # cells the exact count cannot read
        lambda p, b: _shared_string_copies(b, p, b'<c r="A%d" t="s"><f>1</f><v>%d</v></c>'),
        {"too-large"},
    ),
    "the-same-part-twice": (  # the gate might check one copy, the parser read the other
        lambda p, b: _part_twice(b, p, "xl/sharedStrings.xml"),
        {"corrupt"},
    ),
    "shared-string-sized-wrong-by-a-comment": (  # <!--<si>--> halves a string's size
        lambda p, b: _shared_string_copies(b, p, hidden=b"<!--<si>-->"),
        {"too-large"},
    ),
    "shared-string-sized-wrong-by-nesting": (  # the parser merges the two into one
        lambda p, b: _shared_string_copies(b, p, hidden=b"<t>a</t><si>", closing=b"</si>"),
        {"too-large"},
    ),
    "shared-string-shifted-by-a-processing-instruction": (  # <?x <si>?> the parser skips
        lambda p, b: _rezip(
            b,
            p,
            {
                "xl/sharedStrings.xml": _part(b, "xl/sharedStrings.xml").replace(
                    b"<si>", b"<?x <si>?><si>", 1
                )
            },
        ),
        {"corrupt"},
    ),
    "far-away-cell-in-a-part-named-with-backslashes": (
        lambda p, b: _far_away_cell(b, p, part="xl\\worksheets\\sheet1.xml"),
        {"too-large"},
    ),
    "sheet-in-utf-16": (
        lambda p, b: _rezip(
            b,
            p,
            {
                "xl/worksheets/sheet1.xml": _part(b, "xl/worksheets/sheet1.xml")
                .decode()
                .replace('encoding="UTF-8"', 'encoding="UTF-16"')
                .encode("utf-16")
            },
        ),
        {"corrupt"},
    ),
    "doctype-after-a-comment": (
        lambda p, b: _rezip(
            b, p, {"xl/styles.xml": b'<?xml version="1.0"?><!-- <a> -->' + BILLION_LAUGHS[21:]}
        ),
        {"xml-entities"},
    ),
    "doctype-after-a-processing-instruction": (  # <?pi <a?>: no element, skipped whole
        lambda p, b: _rezip(
            b,
            p,
            {
                "xl/worksheets/sheet1.xml": _part(b, "xl/worksheets/sheet1.xml").replace(
                    b"?>", b"?><?pi <a?>" + BILLION_LAUGHS[21:-19], 1
                )
            },
        ),
        {"xml-entities"},
    ),
    "doctype-after-the-defined-names": (  # before the root, where the gate takes them out
        lambda p, b: _rezip(b, p, {"xl/workbook.xml": _names_before_a_doctype(b)}),
        {"xml-entities"},
    ),
    "millions-of-prefixed-shared-strings": (  # <x:si>, which the parser reads as <si>
        lambda p, b: _rezip(
            b,
            p,
            {
                "xl/sharedStrings.xml": b'<x:sst xmlns:x="urn:x">'
                + b"".join(b"<x:si>%d</x:si>" % k for k in range(1_100_000))
                + b"</x:sst>"
            },
        ),
        {"too-large"},
    ),
    "doctype-after-a-long-prolog": (  # beyond the kilobyte read of a part no parser reads
        lambda p, b: _rezip(b, p, {"docProps/app.xml": b" " * 5000 + BILLION_LAUGHS}),
        {"xml-entities"},
    ),
    "opendocument-content-in-an-xlsx": (  # python-calamine falls back to it if let
        lambda p, b: _rezip(
            b,
            p,
            {
                "xl/workbook.xml": b"<workbook/>",
                "content.xml": _ods_content(REPEAT_BOMB).encode(),
                "mimetype": b"application/vnd.oasis.opendocument.spreadsheet",
            },
        ),
        {"unreadable", "not-iku-workbook"},
    ),
    "unaddressed-cells": (lambda p, b: _unaddressed_cells(b, p), {"too-large"}),
    "empty-sheet-xml": (
        lambda p, b: _rezip(b, p, {"xl/worksheets/sheet1.xml": b""}),
        {"unreadable"},
    ),
}


def _shared_string_copies(
    source,
    target,
    cell: bytes = b'<c r="A%d" t="s"><v>%d</v></c>',
    hidden: bytes = b"",
    closing: bytes = b"",
) -> None:
    """A shared string of a megabyte (not compressible), and a thousand cells showing it;
    ``hidden``: markup before its text that makes a search see another string start."""
    strings = _part(source, "xl/sharedStrings.xml")
    index = strings.count(b"<si>")
    text = os.urandom(500_000).hex().encode()
    big = b"<si>" + hidden + b"<t>" + text + b"</t></si>" + closing + b"</sst>"
    sheet = _part(source, "xl/worksheets/sheet1.xml")
    cells = b"".join(
        b'<row r="%d">' % row + cell % (row, index) + b"</row>" for row in range(2000, 3000)
    )
    _rezip(
        source,
        target,
        {
            "xl/sharedStrings.xml": strings.replace(b"</sst>", big),
            "xl/worksheets/sheet1.xml": sheet.replace(b"</sheetData>", cells + b"</sheetData>"),
        },
    )


def _names_before_a_doctype(source) -> bytes:
    """xl/workbook.xml with its <definedNames> moved before the root element, and a DTD
    after them: in the prolog once the names are taken out."""
    workbook = _part(source, "xl/workbook.xml")
    start, end = workbook.index(b"<definedNames>"), workbook.index(b"</definedNames>") + 15
    names, rest = workbook[start:end], workbook[:start] + workbook[end:]
    declaration = rest.index(b"?>") + 2
    return rest[:declaration] + names + BILLION_LAUGHS[21:-19] + rest[declaration:]


def _part_twice(source, target, name: str) -> None:
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for entry in old.namelist():
            new.writestr(entry, old.read(entry))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # zipfile warns of the duplicate it is asked for
            new.writestr(name, old.read(name))


def _part(source, name: str) -> bytes:
    with zipfile.ZipFile(source) as archive:
        return archive.read(name)


def _far_away_cell(
    source,
    target,
    tag: bytes = b'<c r="XFD1048576" t="inlineStr">',
    part: str = "xl/worksheets/sheet1.xml",
    renamed: dict[str, str] | None = None,
) -> None:
    """One cell at XFD1048576: a reader would allocate a grid of 17 billion cells. ``part``:
    the name the sheet is stored under (python-calamine finds xl\\worksheets\\.. as well);
    ``renamed``: other parts stored under other names, an OpenDocument content.xml beside."""
    sheet = _part(source, "xl/worksheets/sheet1.xml")
    far = b'<row r="1048576">' + tag + b"<is><t>x</t></is></c></row>"
    names = {"xl/worksheets/sheet1.xml": part, **(renamed or {})}
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for name in old.namelist():
            data = old.read(name)
            if name == "xl/worksheets/sheet1.xml":
                data = sheet.replace(b"</sheetData>", far + b"</sheetData>")
            new.writestr(names.get(name, name), data)
        if renamed:
            new.writestr("content.xml", _ods_content(VALUED_CELL))


def _unaddressed_cells(source, target) -> None:
    """20,000 cells without an address in one row, and a cell on row 9,999 (within bounds):
    no far reference, yet a grid of 200 million cells."""
    with zipfile.ZipFile(source) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml")
    wide = b'<row r="9998">' + b"<c/>" * 20_000 + b'</row><row r="9999"><c r="A9999"/></row>'
    _rezip(
        source,
        target,
        {"xl/worksheets/sheet1.xml": sheet.replace(b"</sheetData>", wide + b"</sheetData>")},
    )


def test_the_parser_gets_the_checked_parts_inflated_once(blank):
    """What python-calamine reads is an uncompressed zip of the parts the gate inflated and
    checked: the same bytes, only the parts under xl/ and _rels/ that a parser reads, and
    without the defined names."""
    _, source = blank
    inspection = inspect_file(source)
    with (
        zipfile.ZipFile(source) as original,
        zipfile.ZipFile(io.BytesIO(inspection.workbook)) as given,
    ):
        assert given.testzip() is None  # every CRC right
        assert {entry.compress_type for entry in given.infolist()} == {zipfile.ZIP_STORED}
        names = set(given.namelist())
        assert names == {
            n
            for n in original.namelist()
            if n.startswith(("xl/", "_rels/")) and not UNPARSED_PARTS.match(n)
        }
        assert "xl/theme/theme1.xml" in original.namelist()
        assert {"xl/theme/theme1.xml", "docProps/app.xml", "[Content_Types].xml"}.isdisjoint(names)
        for name in names - {"xl/workbook.xml"}:
            assert given.read(name) == original.read(name), name
        workbook = original.read("xl/workbook.xml")
        assert b"<definedNames>" in workbook
        start, end = workbook.index(b"<definedNames>"), workbook.index(b"</definedNames>")
        assert given.read("xl/workbook.xml") == workbook[:start] + workbook[end + 15 :]


def _as_zip64(data: bytes) -> bytes:
    """The same zip with a zip64 end of central directory, as archivers write for large ones."""
    _, _, _, _, count, size, offset, _ = struct.unpack("<4s4H2LH", data[-22:])
    record = struct.pack("<4sQ2H2L4Q", b"PK\x06\x06", 44, 45, 45, 0, 0, count, count, size, offset)
    locator = struct.pack("<4sLQL", b"PK\x06\x07", 0, offset + size, 1)
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, 0xFFFF, 0xFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0)
    return data[: offset + size] + record + locator + end


def test_a_zip64_is_read_by_the_standard_reader(blank, tmp_path):
    """A zip64 directory is not what the quick reading of the central directory expects:
    zipfile reads it instead, and the workbook reads as before."""
    catalog, source = blank
    zip64 = tmp_path / "zip64.xlsx"
    zip64.write_bytes(_as_zip64(source.read_bytes()))
    quick, standard = zip_entries(source.read_bytes()), zip_entries(zip64.read_bytes())
    assert all(isinstance(entry, zipfile.ZipInfo) for entry in standard)
    fields = ("filename", "CRC", "compress_size", "file_size", "header_offset")
    assert [[getattr(e, f) for f in fields] for e in quick] == [
        [getattr(e, f) for f in fields] for e in standard
    ]
    reading, again = read_workbook(source, catalog), read_workbook(zip64, catalog)
    assert [p.code for p in again.problems] == [p.code for p in reading.problems]
    assert again.table.equals(reading.table.assign(source_file=str(zip64)))


def _ods(path, rows: str, prefix: str = "table") -> None:
    """A minimal OpenDocument spreadsheet whose one sheet holds ``rows`` (its table
    namespace under ``prefix``)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED
        )
        archive.writestr(
            "META-INF/manifest.xml",
            '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:'
            'manifest:1.0"><manifest:file-entry manifest:full-path="content.xml" '
            'manifest:media-type="text/xml"/></manifest:manifest>',
        )
        archive.writestr("content.xml", _ods_content(rows, prefix))


def _ods_content(rows: str, prefix: str = "table") -> str:
    table = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
    office = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
    return (
        f'<office:document-content xmlns:office="{office}" xmlns:{prefix}="{table}">'
        f'<office:body><office:spreadsheet><{prefix}:table {prefix}:name="IKU">{rows}'
        f"</{prefix}:table></office:spreadsheet></office:body></office:document-content>"
    )


VALUED_CELL = '<table:table-cell office:value-type="float" office:value="1"/>'
# a cell with content, repeated over every row and column a sheet can have
REPEAT_BOMB = (
    '<table:table-row table:number-rows-repeated="1048576"><table:table-cell '
    'table:number-columns-repeated="16384" office:value-type="float" office:value="1"/>'
    "</table:table-row>"
)


@pytest.mark.parametrize(
    "rows",
    [
        REPEAT_BOMB,
        # the same, the repeats written otherwise: single quotes, spaces, a ">" in a value
        REPEAT_BOMB.replace('"1048576"', "'1048576'").replace('"16384"', "'16384'"),
        REPEAT_BOMB.replace('repeated="1048576"', 'repeated = " 1048576"'),
        REPEAT_BOMB.replace("<table:table-row ", '<table:table-row table:style-name=">" '),
        REPEAT_BOMB.replace('"1048576"', '"+1048576"'),
        REPEAT_BOMB.replace('"1048576"', '"&#49;048576"'),  # a character reference
        REPEAT_BOMB.replace('office:value-type="float" ', ""),  # a value without its type
        # a table nested in a cell, which the parser reads past: it would restart the
        # count of columns of a row repeated five thousand times
        '<table:table-row table:number-rows-repeated="5000">'
        + '<table:table-cell office:value="1" table:number-columns-repeated="100"/>'
        "<table:table-cell><table:table><table:table-row/></table:table></table:table-cell>"
        * 3
        + "</table:table-row>",
        # the count of rows restarted by a table in a comment, or nested in a cell
        f'<table:table-row table:number-rows-repeated="1000000"><table:table-cell/>'
        f"</table:table-row><!-- <table:table> --><table:table-row>{VALUED_CELL}"
        "</table:table-row>",
        f'<table:table-row table:number-rows-repeated="1000000"><table:table-cell>'
        f"<table:table/></table:table-cell></table:table-row><table:table-row>{VALUED_CELL}"
        "</table:table-row>",
        # one cell far down, after a million empty rows
        f'<table:table-row table:number-rows-repeated="1000000"><table:table-cell/>'
        f"</table:table-row><table:table-row>{VALUED_CELL}</table:table-row>",
        # one cell far right
        f'<table:table-row><table:table-cell table:number-columns-repeated="200"/>'
        f"{VALUED_CELL}</table:table-row>",
    ],
)
def test_repeated_opendocument_cells_are_bounded(tmp_path, rows):
    path = tmp_path / "repeat.ods"
    _ods(path, rows)
    started = time.perf_counter()
    (problem,) = read_workbook(path).problems
    assert time.perf_counter() - started < 3
    assert problem.code == "too-large", problem


def test_opendocument_under_another_prefix_is_what_the_parser_ignores(tmp_path):
    """The gate counts OpenDocument rows and cells by their usual prefix, "table:", as
    python-calamine reads them: elements of the table namespace under another prefix are no
    sheet to it. Should a new version resolve namespaces, this repeat bomb would reach it
    past the gate: it would then refuse it itself (python-calamine caps a sheet at 100
    million cells) or run out of the memory the child is given, and either shows here."""
    path = tmp_path / "prefix.ods"
    _ods(path, REPEAT_BOMB.replace("table:", "t:"), prefix="t")
    assert b"<table:" not in zipfile.ZipFile(path).read("content.xml")
    child = (
        "import resource, sys\n"
        "resource.setrlimit(resource.RLIMIT_AS, (1024**3, 1024**3))\n"
        "from iku_xlsx.reading import read_workbook\n"
        "print(*[p.code for p in read_workbook(sys.argv[1]).problems])\n"
    )
    completed = subprocess.run(
        [sys.executable, "-c", child, str(path)], capture_output=True, text=True, timeout=60
    )
    assert completed.returncode == 0, completed.stderr[-2000:]
    assert completed.stdout.split() == ["legacy-format", "not-iku-workbook"]  # read: no sheet


@pytest.mark.parametrize(
    "part, content",
    [
        # a part of some 700 KB: a prolog of comments, a tag after tag never closed
        ("xl/styles.xml", b"<?xml version='1.0'?>" + b"<!---->" * 100_000 + b"<a/>"),
        ("xl/worksheets/sheet1.xml", b'<worksheet><c r="A1" ' * 40_000 + b't="e"><v>1</v>'),
        ("xl/workbook.xml", b"<workbook><definedNames><!--" + b"<definedName " * 50_000),
        ("content.xml", b"<office:document-content>" + b"<table:table-cell " * 40_000),
        ("xl/worksheets/sheet1.xml", b'<worksheet><c r="A20"' + b' t="e"' * 50_000 + b">"),
        ("docProps/core.xml", b"<cp:coreProperties>" + b"<dcterms:modified " * 40_000),
        (  # a long word in the relationships, read when a sheet holds an error value
            "xl/_rels/workbook.xml.rels",
            b"<Relationships><!-- <Relationship " + b"a" * 100_000 + b" --></Relationships>",
        ),
    ],
)
def test_the_gate_and_the_reader_are_linear_in_the_size(blank, tmp_path, part, content):
    """Searches that would retry from every tag of a crafted part (quadratic time) are not."""
    _, source = blank
    path = tmp_path / "slow.xlsx"
    _rezip(source, path, {part: content})
    started = time.perf_counter()
    read_workbook(path)
    assert time.perf_counter() - started < 3


def test_prologs_of_comments_in_many_parts_are_read_quickly(blank, tmp_path):
    """A part may open with comments before its root; a file of 60 parts opening with a
    mebibyte of empty comments each (a few kilobytes compressed) is read within seconds."""
    _, source = blank
    path = tmp_path / "comments.xlsx"
    prolog = b"<!---->" * (1024**2 // 7) + b"<r/>"
    _rezip(source, path, {f"custom/part{k}.xml": prolog for k in range(60)})
    started = time.perf_counter()
    read_workbook(path)
    assert time.perf_counter() - started < 3


@pytest.mark.parametrize(
    "rows, code",
    [
        # a cell of 400 KB repeated over a thousand rows: the parser copies it into each
        (
            '<table:table-row table:number-rows-repeated="1000"><table:table-cell '
            f'office:value-type="string" office:string-value="{"x" * 400_000}"/>'
            "</table:table-row>",
            "too-large",
        ),
        # a covered cell of 400 KB repeated over a thousand rows
        (
            '<table:table-row table:number-rows-repeated="1000"><table:covered-table-cell>'
            f"<text:p>{'x' * 400_000}</text:p></table:covered-table-cell></table:table-row>",
            "too-large",
        ),
        # a cell holding only a formula, repeated over more columns than CZ
        (
            '<table:table-row><table:table-cell table:formula="of:=1" '
            'table:number-columns-repeated="11000"/></table:table-row>',
            "too-large",
        ),
        # two thousand million spaces, written as one <text:s/>
        (
            '<table:table-row><table:table-cell office:value-type="string"><text:p>'
            '<text:s text:c="2000000000"/></text:p></table:table-cell></table:table-row>',
            "too-large",
        ),
        # a cell's end shown to a search, not to the parser, inside CDATA
        (
            '<table:table-row table:number-rows-repeated="1000"><table:table-cell><text:p>'
            f"<![CDATA[</table:table-cell>]]>{'x' * 400_000}</text:p></table:table-cell>"
            "</table:table-row>",
            "corrupt",
        ),
        # a "<" in an attribute value, which the parser lets by: the element cannot be read
        (
            '<table:table-row><table:table-cell x="<" office:value-type="float" '
            'office:value="1" table:number-columns-repeated="100000000"/></table:table-row>',
            "corrupt",
        ),
    ],
)
def test_opendocument_content_the_parser_would_expand_is_refused(tmp_path, rows, code):
    path = tmp_path / "expand.ods"
    _ods(path, rows)
    (problem,) = read_workbook(path).problems
    assert problem.code == code, problem


@pytest.mark.parametrize(
    "xml, refused",
    [
        # texts ending in a quote after "=": no attribute (a text never holds a bare "<")
        (b"<sst><si><t>='</t></si><si><t>x = \"</t></si></sst>", False),
        (b'<text:p>rumus ="SUM(</text:p><table:table-cell office:value="1"/>', False),
        # a "<" in an attribute value, after a ">" in another, or quoted either way
        (b'<c r="A1" s="<1"/>', True),
        (b'<t a="x>y" b="<">z</t>', True),
        (b"<c r='A1' t=\"it's <\"/>", True),
        (b"<si><t><![CDATA[</si>]]></t></si>", True),
    ],
)
def test_an_attribute_hiding_markup_is_told_from_a_quote_in_a_text(xml, refused):
    """A unit head's text (or a catalog's) may end in =" or =': only a "<" inside a tag's
    quoted value hides markup from the gate's searches."""
    if refused:
        with pytest.raises(Refusal):
            check_plain_markup(xml, "xl/sharedStrings.xml")
    else:
        check_plain_markup(xml, "xl/sharedStrings.xml")


def test_empty_repeats_as_libreoffice_writes_them_pass_the_gate(tmp_path):
    """LibreOffice fills a sheet's empty remainder with huge repeats of empty cells."""
    path = tmp_path / "empty-rest.ods"
    _ods(
        path,
        f"<table:table-row>{VALUED_CELL}</table:table-row>"
        '<table:table-row table:number-rows-repeated="1048575"><table:table-cell '
        'table:number-columns-repeated="16384"/></table:table-row>',
    )
    codes = [problem.code for problem in read_workbook(path).problems]
    assert codes == ["legacy-format", "not-iku-workbook"]  # read: no IKU workbook


def test_a_file_that_grows_while_read_is_read_whole(blank, monkeypatch):
    """The gate reads as many bytes as the file had when looked at, plus one; a file that has
    grown since (still being saved) is read on to the bound, not cut at its old size."""
    _, source = blank
    as_read = [(p.code, p.cell) for p in read_workbook(source).problems]
    real_stat = type(source).stat

    class AsFirstSeen:  # the file as it was when looked at, before it grew: 100 bytes
        def __init__(self, status: os.stat_result):
            self.st_mode, self.st_size = status.st_mode, 100

    monkeypatch.setattr(type(source), "stat", lambda path, **kw: AsFirstSeen(real_stat(path, **kw)))
    inspection = inspect_file(source)
    assert inspection.data == source.read_bytes()
    assert [(p.code, p.cell) for p in read_workbook(source).problems] == as_read


def test_a_pipe_is_not_read(tmp_path):
    pipe = tmp_path / "x.xlsx"
    os.mkfifo(pipe)
    (problem,) = read_workbook(pipe).problems
    assert problem.code == "not-a-workbook"


@pytest.mark.parametrize("case", CASES)
def test_hostile_file_is_one_clear_problem_within_seconds(blank, tmp_path, case):
    catalog, source = blank
    make, codes = CASES[case]
    path = tmp_path / f"{case}.xlsx"
    make(path, source)
    before = path.read_bytes()
    started = time.perf_counter()
    reading = read_workbook(path, catalog)
    assert time.perf_counter() - started < 3
    assert len(reading.problems) == 1, reading.problems
    (problem,) = reading.problems
    assert problem.code in codes and problem.is_error and problem.file == str(path)
    assert path.read_bytes() == before


# The command run as `python -m iku_xlsx`, saying its own peak memory as it ends: VmHWM, the
# high-water mark of its own address space. ru_maxrss would not do: Linux keeps it across
# exec, so a child of the test session starts from the session's own size.
PEAK_OF_THE_COMMAND = """
import atexit, re, runpy, sys

def peak():
    status = open("/proc/self/status").read()
    sys.stderr.write("PEAK " + re.search(r"VmHWM:\\s+(\\d+) kB", status)[1] + "\\n")

atexit.register(peak)
sys.argv = ["iku-xlsx", *sys.argv[1:]]
runpy.run_module("iku_xlsx", run_name="__main__")
"""


def test_hostile_files_stay_within_bounded_memory(blank, tmp_path):
    """The whole corpus checked by the command in one process, whose peak memory is measured."""
    _, source = blank
    for case, (make, _) in CASES.items():
        make(tmp_path / f"{case}.xlsx", source)
    completed = subprocess.run(
        [sys.executable, "-c", PEAK_OF_THE_COMMAND, "check", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    peak_mb = int(re.search(r"^PEAK (\d+)$", completed.stderr, re.M)[1]) / 1024  # type: ignore[index]
    assert completed.returncode == 1
    assert "Traceback" not in completed.stdout + completed.stderr
    assert f"{len(CASES)} file(s) checked: {len(CASES)} with errors" in completed.stderr
    assert peak_mb < 250, peak_mb  # 136 MB measured: the 40 MB and 10 MB bombs never inflated


def test_an_xls_beyond_the_bounds_is_refused_without_harm(require_libreoffice, tmp_path):
    """python-calamine builds every sheet of an .xls whole when it opens one: three sheets
    with a value at IV65536 would take 1.6 GB and abort the process. Parsed apart, with its
    memory bounded, the file is refused and the batch carries on."""
    made = openpyxl.Workbook()
    for index in range(3):
        sheet = made.active if index == 0 else made.create_sheet()
        sheet["A1"], sheet["IV65536"] = index, index  # the grid spans the two
    made.save(tmp_path / "far.xlsx")
    (xls,) = convert([tmp_path / "far.xlsx"], tmp_path / "xls", tmp_path / "profile", to="xls")
    started = time.perf_counter()
    (problem,) = read_workbook(xls).problems
    assert problem.code == "too-large" and time.perf_counter() - started < 30


@pytest.fixture(scope="module")
def resaved(require_libreoffice, blank, tmp_path_factory):
    """A filled workbook, and LibreOffice's re-saves of it as .xlsx, .xls and .ods."""
    catalog, source = blank
    folder = tmp_path_factory.mktemp("resaved")
    filled = folder / "cls-2025-EKONOMI.xlsx"
    fill(source, filled, GOOD)
    profile = folder / "profile"
    return (
        catalog,
        filled,
        {to: convert([filled], folder / to, profile, to=to)[0] for to in ("xlsx", "xls", "ods")},
    )


@pytest.mark.parametrize("to", ["xlsx", "xls", "ods"])
def test_libreoffice_resaved_workbook_reads_the_same(resaved, to):
    catalog, original, copies = resaved
    first = read_workbook(original, catalog)
    again = read_workbook(copies[to], catalog)
    expected_codes = [] if to == "xlsx" else ["legacy-format"]
    assert [p.code for p in again.problems] == expected_codes  # no formula reads as overwritten
    numbers = ["numerator", "denominator", "value", "target", "achievement"]
    for column in [*numbers, "category", "period", "indicator_id"]:
        for a, b in zip(first.table[column], again.table[column], strict=True):
            assert (
                a == b
                or (isinstance(a, float) and math.isnan(a) and math.isnan(b))
                or (a is None and b is None)
            ), (column, a, b)


def test_records_resaved_as_xls_read_the_same(require_libreoffice, builtin, tmp_path):
    """The survey's computed cells that show nothing read as 0 from an .xls: not a formula
    typed over (as for the unit sheet's)."""
    catalog = builtin.for_year(2025)
    unit = catalog.unit("CAMAT")
    blank = write_workbook(tmp_path / "blank.xlsx", catalog, [unit])
    filled = tmp_path / "cls-2025-CAMAT.xlsx"
    fill(blank, filled, sample_record_figures(catalog, unit, random.Random(3)))
    (xls,) = convert([filled], tmp_path / "xls", tmp_path / "profile", to="xls")
    first, again = read_workbook(filled, catalog), read_workbook(xls, catalog)
    assert [p.code for p in again.problems] == ["legacy-format"] + [p.code for p in first.problems]
