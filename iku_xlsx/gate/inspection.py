"""The gate every input file passes before a parser sees it: bounded in time and memory.

An .xlsx (and an .ods) is a zip of XML. Before parsing, :func:`inspect_file` checks the file's
size and kind, the zip's declared sizes and compression ratios (:mod:`.archive`), then
decompresses each entry with a cap (a declared size can lie), checking its CRC (a truncated
file fails here) and refusing any XML with a DOCTYPE or entity declaration, cells beyond the
bounds or counts too large (:mod:`.markup`, :mod:`.opendocument`). Encrypted workbooks (an
OLE container holding an "EncryptedPackage") and legacy .xls files (:mod:`.xls`) are told
apart by their first bytes.
"""

from __future__ import annotations

import re
import stat
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from iku_xlsx.fileio import os_error_words
from iku_xlsx.gate.archive import (
    ZIP_MAGIC,
    ZipEntry,
    check_declared_sizes,
    inflate_capped,
    stored_zip,
    zip_entries,
)
from iku_xlsx.gate.markup import (
    check_extent,
    check_plain_markup,
    check_prolog,
    check_shared_strings,
    without_defined_names,
)
from iku_xlsx.gate.opendocument import check_ods_extent
from iku_xlsx.gate.refusal import MAX_FILE_BYTES, FileKind, Refusal
from iku_xlsx.problems import Code

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
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


def inspect_file(path: Path) -> Inspection:
    """Let a file through or raise :class:`Refusal`. Never modifies the file."""
    try:
        status = path.stat()
        if not stat.S_ISREG(status.st_mode):
            raise Refusal(Code.NOT_A_WORKBOOK, "bukan berkas biasa (folder, pipa atau perangkat)")
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
            Code.UNREADABLE, f"berkas tidak dapat dibaca: {os_error_words(error)}"
        ) from None
    if size == 0:
        raise Refusal(Code.EMPTY_FILE, "berkas kosong (0 bita), bukan buku kerja Excel")
    if size > MAX_FILE_BYTES:
        raise Refusal(
            Code.TOO_LARGE,
            f"berkas terlalu besar ({size // 1024**2} MB); batasnya {MAX_FILE_BYTES // 1024**2} MB",
        )
    if data.startswith(OLE_MAGIC):
        if ENCRYPTED_STREAM in data:
            raise Refusal(
                Code.ENCRYPTED,
                "buku kerja dilindungi kata sandi (terenkripsi); "
                "simpan ulang tanpa kata sandi lalu kirim kembali",
            )
        return Inspection(FileKind.XLS, data, data)
    if not data.startswith(ZIP_MAGIC):
        raise Refusal(
            Code.NOT_A_WORKBOOK, "bukan buku kerja Excel (.xlsx) maupun OpenDocument (.ods)"
        )
    return _inspect_zip(data)


def _inspect_zip(data: bytes) -> Inspection:
    """A zip let through: its directory and declared sizes checked, each part the parser
    reads inflated once and searched, the parser's parts gathered into a stored zip."""
    try:
        entries = zip_entries(data)
        names = _part_names(entries)
        check_declared_sizes(entries)
        inspection = Inspection(_zip_kind(names), data, data)
        given: list[tuple[str, bytes, int]] = []  # what the parser reads: name, content, CRC
        for entry in entries:
            _inspect_part(inspection, entry, given)
        if inspection.kind is FileKind.XLSX:
            check_shared_strings(given)
        inspection.workbook = stored_zip(given)
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
            Code.CORRUPT,
            f"berkas rusak atau terpotong ({error}); simpan ulang di Excel lalu kirim kembali",
        ) from None


def _part_names(entries: list[ZipEntry] | list[zipfile.ZipInfo]) -> set[str]:
    """The parts' names as the parser finds them (whatever the case, with backslashes for
    slashes); a part stored twice refused: the gate could check one, the parser read the
    other."""
    names = {entry.filename.replace("\\", "/").lower() for entry in entries}
    if len(names) != len(entries):
        raise Refusal(
            Code.CORRUPT,
            "berkas memuat bagian yang sama dua kali (tidak pernah ditulis Excel, "
            "LibreOffice maupun WPS); simpan ulang di Excel",
        )
    return names


def _zip_kind(names: set[str]) -> FileKind:
    """An .xlsx or an .ods, by its parts; neither refused."""
    if "content.xml" in names and "xl/workbook.xml" not in names:
        return FileKind.ODS
    if "xl/workbook.xml" not in names:
        raise Refusal(
            Code.NOT_A_WORKBOOK,
            "berkas zip ini bukan buku kerja Excel (tidak ada xl/workbook.xml)",
        )
    return FileKind.XLSX


def _inspect_part(
    inspection: Inspection,
    entry: ZipEntry | zipfile.ZipInfo,
    given: list[tuple[str, bytes, int]],
) -> None:
    """One part: inflated within its bounds and searched if a parser reads it, then added to
    what the parser is ``given`` (or kept apart for the reader)."""
    name = entry.filename
    xml = bool(XML_PART.search(name))
    if inspection.kind is FileKind.ODS:
        whole = xml or name == "mimetype"
    else:
        whole = xml and not UNPARSED_PARTS.match(name)
    content = inflate_capped(inspection.data, entry, whole, xml)
    if not whole:
        return
    if inspection.kind is FileKind.ODS:
        if name == "content.xml":
            check_plain_markup(content, name)
            check_ods_extent(content)
        if "/" not in name.replace("\\", "/") or name == "META-INF/manifest.xml":
            given.append((name, content, entry.CRC))  # never an xl/ part
        return
    if name.replace("\\", "/").lower().startswith(PARSER_PARTS):
        parsed, crc = content, entry.CRC
        if name == "xl/workbook.xml":
            parsed, crc = without_defined_names(content)
            # the names taken out may have stood before a DTD: checked as given
            check_prolog(parsed, name, xml=True, complete=True)
        check_extent(parsed, name)  # what the parser is given, as it is given
        given.append((name, parsed, crc))
    if name in KEPT_PARTS:
        inspection.parts[name] = content
    elif name.startswith("xl/worksheets/") and b't="e"' in content:
        inspection.errors[name] = {  # a sheet holding error values
            reference.decode("ascii"): value.decode("utf-8", errors="replace")
            for reference, value in ERROR_CELL.findall(content)
        }
