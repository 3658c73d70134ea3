"""The gate every input file passes before a parser sees it: bounded in time and memory.

An .xlsx (and an .ods) is a zip of XML. Before parsing, :func:`inspect_file` checks the file's
size and kind, the zip's declared sizes and compression ratios, then decompresses each entry
with a cap (a declared size can lie), checking its CRC (a truncated file fails here) and
refusing any XML with a DOCTYPE or entity declaration (entity bombs, external entities): a
spreadsheet never needs one. Encrypted workbooks (an OLE container holding an
"EncryptedPackage") and legacy .xls files are told apart by their first bytes.
"""

from __future__ import annotations

import io
import itertools
import pickle
import re
import stat
import struct
import subprocess
import sys
import zipfile
import zlib
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any, NamedTuple

from python_calamine import CalamineWorkbook

MAX_FILE_BYTES = 50 * 1024**2  # a unit workbook is about 15 KB; a filled one under 1 MB
MAX_TOTAL_UNCOMPRESSED = 64 * 1024**2
# A sheet's extent, from its cells' and rows' references: the reader allocates rows x columns,
# so one far-away cell (XFD1048576) would ask for hundreds of gigabytes. An IKU sheet uses 17
# columns and a few hundred rows; a reference to row 10,000 or beyond, or to a column past CZ
# (104), is refused, which bounds a sheet to about a million cells.
MAX_ROWS = 9_999
MAX_COLUMN = "CZ"
MAX_COLUMNS = 104  # CZ
MAX_ENTRIES = 5_000
MAX_RATIO = 200  # XML compresses 5 to 30 times; zip bombs a thousand times and more
RATIO_APPLIES_ABOVE = 1024**2  # tiny entries may compress extremely well and harmlessly

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
LOCK_FILE_PREFIX = "~$"
DANGEROUS_XML = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
# An XML document may declare a DTD only in its prolog, before the root element (comments
# aside): a DOCTYPE further on is a syntax error to every XML parser, and python-calamine
# expands no entities at all. So only the prolog is searched.
FIRST_ELEMENT = re.compile(rb"<[A-Za-z_]")
# What may stand before the root besides a DTD: comments and processing instructions (the
# XML declaration is one), skipped whole (a "<a" inside one is no element). A real prolog
# has two or three; past MAX_PROLOG_SKIPS the whole part is searched for a DTD instead.
PROLOG_SKIPPED = re.compile(rb"<!--|<\?")
MAX_PROLOG_SKIPS = 16
PROLOG_BYTES_UNPARSED = 1024  # read of the parts no parser reads (a real prolog: 100 bytes)
UTF16_MARKS = (b"\xff\xfe", b"\xfe\xff")  # byte-order marks; the searches here need UTF-8
# Parts of an .xlsx that python-calamine never reads and the reader never parses: only their
# declared sizes and their prolog are checked (openpyxl, which reads some of them for the
# feedback copies, stops at the declared size and refuses any DTD through defusedxml).
UNPARSED_PARTS = re.compile(
    r"\[Content_Types\]\.xml$|docProps/(?:app|custom)\.xml$|xl/theme/[^/]+\.xml$"
)
XML_PART = re.compile(r"\.(?:xml|rels)$", re.IGNORECASE)
# What python-calamine is given of an .xlsx: the parts under xl/ and _rels/ (not an
# OpenDocument content.xml nor a binary .xlsb sheet, which it would fall back to).
PARSER_PARTS = ("xl/", "_rels/")
# Every cell tag must read <c r="REF" ...> with REF within the bounds (at most column CZ and
# row 9,999) and only the attributes a cell has (s, t, cm, vm, ph), each once after r. That is
# how Excel, LibreOffice, WPS and the Python writers all write them; anything else is refused:
# a cell without an address (<c/>) takes the place after the previous one, so a few thousand
# reach far beyond the bounds without any far reference; a far address, written as such or
# otherwise (r='..', a tab before it, a second r, which the parser would take), would ask the
# parser for a grid of billions of cells. One search with a literal prefix; the lookahead
# reads each cell tag once. Also with a namespace prefix (<x:c>), searched when one is there.
_CANONICAL_CELL = (
    rb'(?! r="(?:[A-Ca-c]?[A-Za-z])[1-9]\d{0,3}"(?: (?:s|t|cm|vm|ph)="[^"<>]*"){0,5}\s*/?>)'
)
ODD_CELL = re.compile(rb"<c(?=[\s/>])" + _CANONICAL_CELL)
ODD_PREFIXED_CELL = re.compile(rb"<[^\s<>/]*:c(?=[\s/>])" + _CANONICAL_CELL)  # any prefix
MAX_SHARED_STRINGS = 1_000_000
# A count the parser allocates for ahead (sharedStrings' uniqueCount) is bounded too.
HUGE_COUNT = re.compile(rb'ount\s*=\s*["\']\s*\+?0*[1-9]\d{6}')


# An OpenDocument sheet has no cell addresses: rows and cells count on from the one before,
# and one element may stand for many (table:number-rows-repeated, -columns-repeated). A cell
# with content repeated a million times over a million rows would be a grid of a trillion
# cells, in a file of a few hundred bytes. LibreOffice fills a sheet's empty remainder with
# such repeats of empty cells, which python-calamine does not expand: only cells with content
# (a value type, or any child element) count. Attribute values are skipped whole (a ">" may
# stand in one), in either quotes.
_ODS_NAME = rb"table:(table-row|table-cell|covered-table-cell|table)(?=[\s/>])"
ODS_ELEMENT = re.compile(rb"<(/?)" + _ODS_NAME + rb"((?:[^<>\"']|\"[^<\"]*\"|'[^<']*')*)>")
ODS_ELEMENT_START = re.compile(rb"<" + _ODS_NAME)  # every opening, read or not
ODS_REPEATED = re.compile(rb"table:number-(?:rows|columns)-repeated\s*=\s*(\"[^\"]*\"|'[^']*')")
# The parser copies a cell's content into every repeat of it (OpenDocument), and a shared
# string into every cell that refers to it (.xlsx): what that would expand to is bounded.
MAX_EXPANDED_BYTES = 256 * 1024**2
STRING_CELL = re.compile(rb't="s"[^<>]*>\s*<v>\s*(\d+)')
SHARED_STRING_TAG = re.compile(rb"<(/?)(?:[^\s<>/]*:)?si[\s>/]")
# Markup the parser skips but a search would count (a processing instruction, CDATA, a "<"
# inside an attribute value): refused in the parts whose elements the gate counts.
HIDING_MARKUP = re.compile(rb"<!\[CDATA\[|=\s*\"[^\"<]*<|=\s*'[^'<]*<")
TEXT_SPACES = re.compile(rb"text:c\s*=\s*(\"[^\"]*\"|'[^']*')")  # <text:s text:c="N"/>


class FileKind(str, Enum):
    XLSX = "xlsx"  # an Office Open XML workbook (.xlsx, .xlsm)
    ODS = "ods"  # an OpenDocument spreadsheet
    XLS = "xls"  # a legacy Excel 97-2003 workbook


class Refusal(Exception):
    """The file is refused before parsing; ``code`` and ``message`` (Bahasa Indonesia) say why."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass
class Inspection:
    """What the gate learnt of a file it let through."""

    kind: FileKind
    data: bytes  # the whole file, read once
    # what the parser is given: for an .xlsx, the parts it reads, already inflated and checked,
    # in an uncompressed zip (no part is inflated twice); else the file's bytes
    workbook: bytes = b""
    # the raw bytes of a few small parts, kept to spare a second decompression
    parts: dict[str, bytes] = field(default_factory=dict)
    # cells holding an error value (#N/A, #DIV/0!), by sheet part: python-calamine reads them
    # as empty, which would pass for "not reported"
    errors: dict[str, dict[str, str]] = field(default_factory=dict)


# the parts kept apart, for the reader's own use
KEPT_PARTS = ("xl/workbook.xml", "xl/_rels/workbook.xml.rels", "docProps/core.xml")
# <c r="J12" s="3" t="e"><f>1/0</f><v>#DIV/0!</v></c>: an error value and where it is
ERROR_CELL = re.compile(
    rb'<c r="([A-Z]{1,3}\d+)"[^<>]*?\bt="e"[^<>]*>(?:<f\b[^<>]*?/>|<f\b[^<>]*>[^<]*</f>)?'
    rb"<v>([^<]*)</v>"
)


def is_lock_file(path: Path) -> bool:
    """Excel's owner files (~$name.xlsx) sit beside open workbooks; they are not workbooks."""
    return path.name.startswith(LOCK_FILE_PREFIX)


def inspect_file(path: Path) -> Inspection:
    """Let a file through or raise :class:`Refusal`. Never modifies the file."""
    try:
        status = path.stat()
        if not stat.S_ISREG(status.st_mode):
            raise Refusal("not-a-workbook", "bukan berkas biasa (folder, pipa atau perangkat)")
        data = b""
        if status.st_size <= MAX_FILE_BYTES:
            with path.open("rb") as handle:  # once: the parser reads these bytes, not the file
                # sized by the file (plus a byte, should it have grown): read(n) allocates n
                # bytes ahead, and 50 MB for every 15 KB file costs time and address space
                data = handle.read(status.st_size + 1)
                if len(data) > status.st_size:  # it has grown since: the rest, to the bound
                    data += handle.read(MAX_FILE_BYTES + 1 - len(data))
        size = max(status.st_size, len(data))  # it may have grown since
    except OSError as error:
        raise Refusal(
            "unreadable", f"berkas tidak dapat dibaca: {error.strerror or error}"
        ) from None
    if size == 0:
        raise Refusal("empty-file", "berkas kosong (0 bita), bukan buku kerja Excel")
    if size > MAX_FILE_BYTES:
        raise Refusal(
            "too-large",
            f"berkas terlalu besar ({size // 1024**2} MB); batasnya {MAX_FILE_BYTES // 1024**2} MB",
        )
    if data.startswith(OLE_MAGIC):
        if ENCRYPTED_STREAM in data:
            raise Refusal(
                "encrypted",
                "buku kerja dilindungi kata sandi (terenkripsi); "
                "simpan ulang tanpa kata sandi lalu kirim kembali",
            )
        return Inspection(FileKind.XLS, data, data)
    if not data.startswith(ZIP_MAGIC):
        raise Refusal("not-a-workbook", "bukan buku kerja Excel (.xlsx) maupun OpenDocument (.ods)")
    return _inspect_zip(data)


def _inspect_zip(data: bytes) -> Inspection:
    try:
        entries = _zip_entries(data)
        # as the parser finds them: whatever the case, with backslashes for slashes
        names = {entry.filename.replace("\\", "/").lower() for entry in entries}
        if len(names) != len(entries):  # the gate could check one, the parser read the other
            raise Refusal(
                "corrupt",
                "berkas memuat bagian yang sama dua kali (tidak pernah ditulis Excel, "
                "LibreOffice maupun WPS); simpan ulang di Excel",
            )
        _check_declared_sizes(entries)
        kind = (
            FileKind.ODS
            if "content.xml" in names and "xl/workbook.xml" not in names
            else FileKind.XLSX
        )
        if kind is FileKind.XLSX and "xl/workbook.xml" not in names:
            raise Refusal(
                "not-a-workbook",
                "berkas zip ini bukan buku kerja Excel (tidak ada xl/workbook.xml)",
            )
        inspection = Inspection(kind, data, data)
        inflated: list[tuple[str, bytes, int]] = []
        for entry in entries:
            name = entry.filename
            xml = bool(XML_PART.search(name))
            if kind is FileKind.ODS:
                whole = xml or name == "mimetype"
            else:
                whole = xml and not UNPARSED_PARTS.match(name)
            content = _inflate_capped(data, entry, whole, xml)
            if not whole:
                continue
            if kind is FileKind.ODS:
                if name == "content.xml":
                    _check_plain_markup(content, name)
                    _check_ods_extent(content)
                if "/" not in name.replace("\\", "/") or name == "META-INF/manifest.xml":
                    inflated.append((name, content, entry.CRC))  # never an xl/ part
            elif name.replace("\\", "/").lower().startswith(PARSER_PARTS):
                given, crc = content, entry.CRC
                if name == "xl/workbook.xml":
                    given, crc = _without_defined_names(content)
                    # the names taken out may have stood before a DTD: checked as given
                    _check_prolog(given, name, xml=True, complete=True)
                _check_extent(given, name)  # what the parser is given, as it is given
                inflated.append((name, given, crc))
            if name in KEPT_PARTS:
                inspection.parts[name] = content
            elif name.startswith("xl/worksheets/") and b't="e"' in content:
                inspection.errors[name] = {  # a sheet holding error values
                    reference.decode("ascii"): value.decode("utf-8", errors="replace")
                    for reference, value in ERROR_CELL.findall(content)
                }
        if kind is FileKind.XLSX:
            _check_shared_strings(inflated)
        inspection.workbook = _stored_zip(inflated)
        return inspection
    except Refusal:
        raise
    except (
        zipfile.BadZipFile,
        zlib.error,
        EOFError,
        OSError,
        NotImplementedError,
        RuntimeError,
        struct.error,
        ValueError,
    ) as error:
        raise Refusal(
            "corrupt",
            f"berkas rusak atau terpotong ({error}); simpan ulang di Excel lalu kirim kembali",
        ) from None


class ZipEntry(NamedTuple):
    """What the gate needs of a zip entry (the same names as :class:`zipfile.ZipInfo`)."""

    filename: str
    flag_bits: int
    compress_type: int
    CRC: int
    compress_size: int
    file_size: int
    header_offset: int


_END_RECORD = struct.Struct("<4s4H2LH")  # the end of central directory record, 22 bytes
_CENTRAL_HEADER = struct.Struct("<4s6H3L5H2L")  # one central directory header, 46 bytes
_UTF8_NAME = 0x800


def _zip_entries(data: bytes) -> list[ZipEntry] | list[zipfile.ZipInfo]:
    """The zip's central directory, read with :mod:`struct`: a tenth of the time
    :class:`zipfile.ZipFile` takes for the dozen entries of a workbook. Anything unusual
    (zip64, data before the zip, a multi-disk archive) goes to :mod:`zipfile` instead."""
    end = data.rfind(b"PK\x05\x06", max(0, len(data) - _END_RECORD.size - 0xFFFF))
    if end < 0:
        raise Refusal("corrupt", "berkas terpotong; simpan ulang di Excel lalu kirim kembali")
    _, disk, directory_disk, on_disk, count, size, offset, _ = _END_RECORD.unpack_from(data, end)
    if disk or directory_disk or on_disk != count or offset + size != end:
        return _standard_entries(data)
    if count > MAX_ENTRIES:
        raise Refusal("zip-bomb", f"berkas berisi {count} bagian; batasnya {MAX_ENTRIES}")
    entries = []
    position = offset
    for _ in range(count):
        header = _CENTRAL_HEADER.unpack_from(data, position)
        flags, method, crc, compressed, size = header[3], header[4], header[7], header[8], header[9]
        name_length, extra_length, comment_length, local = (
            header[10],
            header[11],
            header[12],
            header[16],
        )
        if header[0] != b"PK\x01\x02":
            raise Refusal("corrupt", "daftar isi berkas rusak; simpan ulang di Excel")
        if 0xFFFFFFFF in (compressed, size, local):
            return _standard_entries(data)
        start = position + _CENTRAL_HEADER.size
        name = data[start : start + name_length].decode("utf-8" if flags & _UTF8_NAME else "cp437")
        entries.append(ZipEntry(name, flags, method, crc, compressed, size, local))
        position = start + name_length + extra_length + comment_length
    return entries


def _standard_entries(data: bytes) -> list[zipfile.ZipInfo]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.infolist()


def _check_declared_sizes(entries: list[ZipEntry] | list[zipfile.ZipInfo]) -> None:
    if len(entries) > MAX_ENTRIES:
        raise Refusal("zip-bomb", f"berkas berisi {len(entries)} bagian; batasnya {MAX_ENTRIES}")
    total = sum(entry.file_size for entry in entries)
    if total > MAX_TOTAL_UNCOMPRESSED:
        raise Refusal(
            "zip-bomb",
            f"isi berkas mengembang menjadi {total // 1024**2} MB; "
            f"batasnya {MAX_TOTAL_UNCOMPRESSED // 1024**2} MB (kemungkinan zip bomb)",
        )
    for entry in entries:
        if entry.flag_bits & 0x1:
            raise Refusal("encrypted", "bagian berkas terenkripsi; simpan ulang tanpa kata sandi")
        ratio = entry.file_size / max(entry.compress_size, 1)
        if entry.file_size > RATIO_APPLIES_ABOVE and ratio > MAX_RATIO:
            raise Refusal(
                "zip-bomb",
                f"bagian {entry.filename} memampat {ratio:.0f} kali; "
                f"batasnya {MAX_RATIO} kali (kemungkinan zip bomb)",
            )


def _inflate_capped(
    data: bytes, entry: ZipEntry | zipfile.ZipInfo, whole: bool, xml: bool
) -> bytes:
    """Decompress one entry from the file's bytes, never beyond its declared size (plus one
    byte), and check it: its size and CRC, no DTD in its prolog. Returns its content.

    A part no parser reads (``whole`` false: binary parts, and UNPARSED_PARTS) is only opened
    for its first kilobyte, and b"" returned. Working from the raw bytes with zlib (rather than
    zipfile's reader) costs a fraction of the time for the dozen small parts of a workbook,
    with the same bounds.
    """
    header = data[entry.header_offset : entry.header_offset + 30]
    if len(header) < 30 or header[:4] != ZIP_MAGIC:
        raise Refusal("corrupt", f"bagian {entry.filename} rusak; simpan ulang di Excel")
    name_length, extra_length = struct.unpack("<HH", header[26:30])
    start = entry.header_offset + 30 + name_length + extra_length
    compressed = data[start : start + entry.compress_size]
    if len(compressed) < entry.compress_size:
        raise Refusal("corrupt", "berkas terpotong; simpan ulang di Excel lalu kirim kembali")
    if entry.compress_type == zipfile.ZIP_STORED:
        inflater = None
    elif entry.compress_type == zipfile.ZIP_DEFLATED:
        inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    else:
        raise Refusal("corrupt", f"bagian {entry.filename} memakai pemampatan yang tidak dikenal")
    if not whole:
        if inflater is None:
            prefix = compressed[:PROLOG_BYTES_UNPARSED]
        else:
            prefix = inflater.decompress(compressed, PROLOG_BYTES_UNPARSED)
        complete = len(prefix) < PROLOG_BYTES_UNPARSED
        _check_prolog(prefix, entry.filename, xml=xml, complete=complete)
        return b""
    # at most one byte beyond the declared size: enough to catch a lie, never more memory
    # than the declared sizes, which are bounded above
    if inflater is None:
        content = compressed
    else:
        content = inflater.decompress(compressed, entry.file_size + 1)
    if len(content) > entry.file_size:
        raise Refusal(
            "zip-bomb",
            f"bagian {entry.filename} lebih besar dari yang dinyatakan (kemungkinan zip bomb)",
        )
    if len(content) != entry.file_size or zlib.crc32(content) != entry.CRC:
        raise Refusal(
            "corrupt",
            f"bagian {entry.filename} rusak (ukuran atau CRC tidak cocok); simpan ulang di Excel",
        )
    _check_prolog(content, entry.filename, xml=xml, complete=True)
    return content


_LOCAL_HEADER = struct.Struct("<4s5H3L2H")  # one local file header, 30 bytes


# <definedNames>, or with a prefix (<x:definedNames>); linear: one try per "<"
_NAMES_OPENING = re.compile(rb"<(?:\w+:)?definedNames>")


def defined_names_span(workbook_xml: bytes) -> tuple[int, int]:
    """Where the <definedNames> element of xl/workbook.xml lies, from its opening tag to the
    last closing one ((0, 0) when there is none). One rule for the gate, which keeps the
    names from the parser, and for the reader, which parses them itself."""
    opening = _NAMES_OPENING.search(workbook_xml)
    if opening is None:
        return 0, 0
    end = workbook_xml.rfind(b"definedNames>") + len(b"definedNames>")
    return (opening.start(), end) if end > opening.end() else (0, 0)


def _without_defined_names(workbook_xml: bytes) -> tuple[bytes, int]:
    """xl/workbook.xml without its <definedNames>, and its CRC: python-calamine would parse
    the few hundred names of an IKU workbook for nothing (the reader parses them itself)."""
    start, end = defined_names_span(workbook_xml)
    content = workbook_xml[:start] + workbook_xml[end:] if end else workbook_xml
    return content, zlib.crc32(content)


def _stored_zip(parts: list[tuple[str, bytes, int]]) -> bytes:
    """An uncompressed zip of parts (name, content, CRC) already inflated and checked: what
    the parser reads, without inflating them a second time."""
    out: list[bytes] = []
    directory: list[bytes] = []
    offset = 0
    for filename, content, crc in parts:
        name = filename.encode("utf-8")
        size = len(content)
        local = _LOCAL_HEADER.pack(
            ZIP_MAGIC, 20, _UTF8_NAME, 0, 0, 0, crc, size, size, len(name), 0
        )
        directory.append(
            _CENTRAL_HEADER.pack(
                b"PK\x01\x02",
                20,
                20,
                _UTF8_NAME,
                0,
                0,
                0,
                crc,
                size,
                size,
                len(name),
                0,
                0,
                0,
                0,
                0,
                offset,
            )
            + name
        )
        out += (local, name, content)
        offset += len(local) + len(name) + size
    listing = b"".join(directory)
    count = len(directory)
    out += (listing, _END_RECORD.pack(b"PK\x05\x06", 0, 0, count, count, len(listing), offset, 0))
    return b"".join(out)


def _check_prolog(start: bytes, part: str, *, xml: bool, complete: bool) -> None:
    """Refuse a DOCTYPE or ENTITY declaration in a part's prolog, the only place XML allows
    one: before the root element, comments and processing instructions aside (in all of
    ``start`` when no element begins in it, as in any part that is not XML). An XML part in
    UTF-16 is refused too: these searches, like every Excel, LibreOffice and WPS file, need
    UTF-8."""
    if xml and (start[:2] in UTF16_MARKS or b"\x00" in start[:64]):
        raise Refusal(
            "corrupt",
            f"bagian {part} tidak ditulis dalam UTF-8 seperti buku kerja yang sah; "
            "simpan ulang di Excel",
        )
    end = _prolog_end(start)
    prolog = start if end is None else start[:end]
    if DANGEROUS_XML.search(prolog) or (xml and end is None and not complete):
        raise Refusal(
            "xml-entities",
            f"bagian {part} memuat deklarasi DOCTYPE/ENTITY, atau pembukaan yang terlalu "
            "panjang untuk diperiksa (tidak pernah ada di buku kerja yang sah; kemungkinan "
            "serangan XML)",
        )


def _prolog_end(text: bytes) -> int | None:
    """Where the first element begins, outside comments and processing instructions; None
    when none begins in ``text``, a comment or instruction runs past its end, or more than
    MAX_PROLOG_SKIPS of them come first. Linear, and a part is read no further than its
    root."""
    position = 0
    root = FIRST_ELEMENT.search(text)
    for _ in range(MAX_PROLOG_SKIPS):
        if root is None:
            return None
        skipped = PROLOG_SKIPPED.search(text, position, root.start())
        if skipped is None:
            return root.start()
        closing = b"-->" if skipped[0] == b"<!--" else b"?>"
        close = text.find(closing, skipped.end())
        if close < 0:
            return None
        position = close + len(closing)
        if root.start() < position:  # that "element" was inside what was skipped
            root = FIRST_ELEMENT.search(text, position)
    return None


def _check_shared_strings(parts: list[tuple[str, bytes, int]]) -> None:
    """Refuse an .xlsx whose cells would copy shared strings beyond MAX_EXPANDED_BYTES (a
    string of megabytes shown by a thousand cells). Worked out only when the quick bound (the
    largest strings part's size x the string cells) is passed; then a string cell the search
    cannot read counts as that whole part."""
    candidates = [(name, c) for name, c, _ in parts if name.lower().endswith("sharedstrings.xml")]
    for name, content in candidates:
        _check_plain_markup(content, name)
    strings = max((content for _, content in candidates), key=len, default=b"")
    # a string cell takes at least the five bytes of t="s": within the bound, no need to count
    if len(strings) * sum(len(content) for _, content, _ in parts) // 5 <= MAX_EXPANDED_BYTES:
        return
    cells = sum(content.count(b't="s"') for _, content, _ in parts)
    if len(strings) * cells <= MAX_EXPANDED_BYTES:
        return
    starts = _string_starts(strings)
    if starts is None or b"<!--" in strings or b"<![CDATA[" in strings:
        sizes = []  # a <si> the parser does not see as one string: sizes cannot be trusted
    else:
        sizes = [end - start for start, end in itertools.pairwise([*starts, len(strings)])]
    expanded = read = 0
    for _, content, _ in parts:
        for index in STRING_CELL.findall(content):
            k = int(index)
            expanded += sizes[k] if k < len(sizes) else len(strings)
            read += 1
    expanded += (cells - read) * len(strings)
    if expanded > MAX_EXPANDED_BYTES:
        raise Refusal(
            "too-large",
            f"sel-sel buku kerja ini merujuk teks bersama sampai lebih dari "
            f"{MAX_EXPANDED_BYTES // 1024**2} MB; simpan ulang di Excel",
        )


def _string_starts(strings: bytes) -> list[int] | None:
    """Where each <si> opens; None unless every one closes before the next opens (a nested
    one would merge two strings into one for the parser)."""
    starts: list[int] = []
    opened = False
    for tag in SHARED_STRING_TAG.finditer(strings):
        closing = bool(tag[1])
        if closing != opened:
            return None
        if not closing:
            starts.append(tag.start())
        opened = not closing
    return None if opened else starts


def _check_plain_markup(content: bytes, part: str) -> None:
    """Refuse, in a part whose elements the gate counts, markup that hides an element from
    the parser but not from a search: a processing instruction after the XML declaration,
    CDATA, a "<" inside an attribute value. Spreadsheet programs write none of them."""
    start = 3 if content.startswith(b"\xef\xbb\xbf") else 0
    if content.find(b"<?", start + 1) >= 0 or HIDING_MARKUP.search(content):
        raise Refusal(
            "corrupt",
            f"bagian {part} memuat markah yang tidak ditulis Excel, LibreOffice maupun WPS "
            "(instruksi pemrosesan, CDATA, atau '<' di dalam nilai atribut); simpan ulang",
        )


def _check_ods_extent(content: bytes) -> None:
    """Refuse an OpenDocument sheet whose cells with content reach beyond MAX_ROWS rows or
    MAX_COLUMNS columns, counting the repeats (comments left out; a table nested in a cell
    refused), or whose repeated content would expand beyond
    MAX_EXPANDED_BYTES (the parser copies a cell into each of its repeats)."""
    xml = _without_comments(content)
    next_row = next_col = 0  # where the next row and the next cell of the row begin
    row_count = 1  # the repeats of the current row
    open_cells: list[tuple[int, int]] = []  # (where its content starts, its repeats)
    expanded = elements = 0
    for match in ODS_ELEMENT.finditer(xml):
        closing, element, attributes = match.groups()
        if closing:
            if element != b"table" and element != b"table-row" and open_cells:
                start, repeats = open_cells.pop()
                spaces = sum(
                    _ods_number(value) for value in TEXT_SPACES.findall(xml, start, match.start())
                )  # <text:s text:c="N"/>: N spaces written out
                expanded += (match.start() - start + spaces) * repeats
        else:
            elements += 1
            closed = attributes.rstrip().endswith(b"/")
            count = _ods_count(attributes)
            if element == b"table":
                if open_cells:  # the parser reads past it: it would restart the counts here
                    raise Refusal(
                        "too-large",
                        "lembar OpenDocument memuat tabel di dalam sel, yang ukurannya tidak "
                        "dapat dibatasi; simpan ulang sebagai .xlsx",
                    )
                next_row = 0
            elif element == b"table-row":
                next_row, next_col, row_count = next_row + count, 0, count
            else:
                next_col += count
                # any value attribute (office:value, -value-type, date-value...) or a
                # formula is content, as is anything inside the cell
                has_content = not closed or b"value" in attributes or b"formula" in attributes
                if has_content and (next_row > MAX_ROWS or next_col > MAX_COLUMNS):
                    raise Refusal(
                        "too-large",
                        f"lembar OpenDocument memuat isi yang diulang sampai baris "
                        f"{next_row:,} atau kolom {next_col:,}; buku kerja IKU tidak melewati "
                        f"baris {MAX_ROWS} dan kolom {MAX_COLUMN}",
                    )
                if has_content:
                    expanded += len(attributes) * count * row_count
                if not closed:  # a cell or a covered cell: its content measured at its end
                    open_cells.append((match.end(), count * row_count))
        if expanded > MAX_EXPANDED_BYTES:
            raise Refusal(
                "too-large",
                f"lembar OpenDocument mengulang isi sel sampai lebih dari "
                f"{MAX_EXPANDED_BYTES // 1024**2} MB; simpan ulang sebagai .xlsx",
            )
    if elements != sum(1 for _ in ODS_ELEMENT_START.finditer(xml)):
        raise Refusal(  # an element the search above could not read (a "<" in a value)
            "corrupt",
            "isi lembar OpenDocument tidak dapat diperiksa (tag yang tidak lazim); "
            "simpan ulang di LibreOffice",
        )


def _ods_count(attributes: bytes) -> int:
    """An element's repeat count (1 when none)."""
    repeated = ODS_REPEATED.search(attributes)
    return 1 if repeated is None else _ods_number(repeated[1])


def _ods_number(quoted: bytes) -> int:
    """A count in quotes; one written otherwise than in digits (a character reference)
    counts as too many."""
    text = quoted[1:-1].strip().lstrip(b"+")
    return int(text) if text.isdigit() else MAX_EXPANDED_BYTES + 1


def _without_comments(xml: bytes) -> bytes:
    """The XML without its comments (an unclosed one runs to the end), in one pass."""
    if b"<!--" not in xml:
        return xml
    kept, position = [], 0
    while (start := xml.find(b"<!--", position)) >= 0:
        kept.append(xml[position:start])
        end = xml.find(b"-->", start + 4)
        if end < 0:
            return b"".join(kept)
        position = end + 3
    kept.append(xml[position:])
    return b"".join(kept)


def _check_extent(xml: bytes, part: str) -> None:
    """Refuse a part whose cells could reach beyond MAX_ROWS rows or column MAX_COLUMN (a
    cell tag other than <c r="REF"...> with REF within them), or that asks the parser to
    allocate for a huge count ahead."""
    odd = ODD_CELL.search(xml)
    if odd is None and b":c" in xml:
        odd = ODD_PREFIXED_CELL.search(xml)
    if odd is not None:
        tag = xml[odd.start() : odd.start() + 40].split(b">")[0].decode("utf-8", "replace")
        raise Refusal(
            "too-large",
            f"lembar {part} memuat sel yang alamatnya di luar baris {MAX_ROWS} dan kolom "
            f"{MAX_COLUMN}, kosong, atau ditulis tidak seperti Excel, LibreOffice dan WPS "
            f"menulisnya ({tag}...); ukurannya tidak dapat dibatasi. Simpan ulang di Excel",
        )
    # a string, <si> or <x:si>: "<si" and ":si" take three bytes, so a part under three
    # million cannot hold a million of them
    too_many_strings = (
        len(xml) > 3 * MAX_SHARED_STRINGS
        and xml.count(b"<si") + xml.count(b":si") > MAX_SHARED_STRINGS
    )
    if HUGE_COUNT.search(xml) or too_many_strings:
        raise Refusal(
            "too-large",
            f"bagian {part} menyatakan jumlah isi jutaan atau lebih; buku kerja IKU jauh lebih "
            "kecil. Simpan ulang di Excel",
        )


# --- legacy .xls: parsed apart -----------------------------------------------------------------

# python-calamine builds every sheet's whole grid when it opens an .xls, from cell records the
# gate cannot read (a binary format inside an OLE container): one cell at IV65536 makes a grid
# of 16.7 million cells, half a gigabyte per sheet, and a few sheets abort the process. So an
# .xls is parsed in a child process, with its memory (on POSIX) and time bounded, and only its
# values come back. Legacy files are rare: the child's start (a tenth of a second) is paid
# only for them.
XLS_MEMORY_LIMIT = 1024**3
XLS_SECONDS = 30
XLS_OUTPUT_BYTES = 64 * 1024**2  # the values sent back: an IKU workbook's are some 100 KB
_XLS_CHILD = f"""
import io, pickle, sys
try:
    import resource
    resource.setrlimit(resource.RLIMIT_AS, ({XLS_MEMORY_LIMIT}, {XLS_MEMORY_LIMIT}))
except (ImportError, ValueError, OSError):
    pass
from python_calamine import CalamineWorkbook
book = CalamineWorkbook.from_filelike(io.BytesIO(sys.stdin.buffer.read()))
sheets, cells = {{}}, 0
for name in book.sheet_names:
    sheet = book.get_sheet_by_name(name)
    end = sheet.end or (0, 0)  # the values come back from A1: that far
    cells += (end[0] + 1) * (end[1] + 1)
    if cells > {(MAX_ROWS + 1) * MAX_COLUMNS}:
        sys.exit(3)
    sheets[name] = (sheet.start, sheet.to_python(skip_empty_area=False))
payload = pickle.dumps((book.sheet_names, sheets))
if len(payload) > {XLS_OUTPUT_BYTES}:
    sys.exit(3)
sys.stdout.buffer.write(payload)
"""


class ParsedSheet:
    """A sheet parsed in the child, answering as python-calamine's sheet does."""

    def __init__(self, start: tuple[int, int] | None, rows: list[list[Any]]):
        self.start, self.rows = start or (0, 0), rows

    def to_python(self, skip_empty_area: bool = True) -> list[list[Any]]:
        if not skip_empty_area:
            return self.rows
        row, col = self.start
        return [values[col:] for values in self.rows[row:]]


class ParsedBook:
    """An .xls parsed in the child, answering as python-calamine's workbook does."""

    def __init__(self, sheet_names: list[str], sheets: dict[str, tuple[Any, list[list[Any]]]]):
        self.sheet_names = sheet_names
        self._sheets = sheets

    def get_sheet_by_name(self, name: str) -> ParsedSheet:
        return ParsedSheet(*self._sheets[name])

    def close(self) -> None:
        pass


def parsed_workbook(inspection: Inspection) -> CalamineWorkbook | ParsedBook:
    """python-calamine's reading of a file the gate let through (an .xls in a child process,
    see above); raises :class:`Refusal` when an .xls is beyond the bounds."""
    if inspection.kind is not FileKind.XLS:
        return CalamineWorkbook.from_filelike(io.BytesIO(inspection.workbook))
    try:
        child = subprocess.run(
            [sys.executable, "-c", _XLS_CHILD],
            input=inspection.data,
            capture_output=True,
            timeout=XLS_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired:
        child = None
    if child is None or child.returncode != 0:
        if child is not None and b"CalamineError" in child.stderr:
            message = child.stderr.decode("utf-8", "replace").strip().splitlines()[-1]
            raise Refusal("unreadable", f"berkas .xls tidak dapat dibaca ({message})")
        raise Refusal(
            "too-large",
            "berkas .xls ini memuat lembar yang terlalu besar untuk dibaca (melewati baris "
            f"{MAX_ROWS} atau kolom {MAX_COLUMN}, atau lebih dari {XLS_SECONDS} detik); "
            "simpan sebagai .xlsx lalu kirim kembali",
        )
    return ParsedBook(*pickle.loads(child.stdout))  # our own child's output: trusted
