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
import re
import stat
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

MAX_FILE_BYTES = 50 * 1024**2  # a unit workbook is about 15 KB; a filled one under 1 MB
MAX_TOTAL_UNCOMPRESSED = 64 * 1024**2
# A sheet's extent, from its cells' and rows' references: the reader allocates rows x columns,
# so one far-away cell (XFD1048576) would ask for hundreds of gigabytes. An IKU sheet uses 17
# columns and a few hundred rows; a reference to row 10,000 or beyond, or to a column past CZ
# (104), is refused, which bounds a sheet to about a million cells.
MAX_ROWS = 9_999
MAX_COLUMN = "CZ"
MAX_ENTRIES = 5_000
MAX_RATIO = 200  # XML compresses 5 to 30 times; zip bombs a thousand times and more
RATIO_APPLIES_ABOVE = 1024**2  # tiny entries may compress extremely well and harmlessly
CHUNK = 256 * 1024

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
LOCK_FILE_PREFIX = "~$"
DANGEROUS_XML = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
# <row r="12"> and <c r="J12"> beyond the bounds: a five-digit row, or a column of three
# letters or from DA on. One search, with a literal prefix the regex engine skips ahead to.
FAR_REFERENCE = re.compile(rb' r="(?:[A-Z]{0,3}\d{5}|[A-Z]{3}\d|[D-Z][A-Z]\d)')
# A cell without its address (<c/>, <c s="1">) takes the place after the previous one, so a
# few thousand of them in a row reach far beyond MAX_COLUMN without any far reference. Excel,
# LibreOffice, WPS and the Python writers all write r="..." first; a quick search finds any
# other cell tag, and only then does the exact one say whether the address is missing.
UNADDRESSED_QUICK = re.compile(rb'<c(?! r="|[a-zA-Z])')
UNADDRESSED_CELL = re.compile(rb"<c(?=[\s/>])(?![^>]*\sr=)")


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
    # the raw bytes of a few small parts, kept to spare a second decompression
    parts: dict[str, bytes] = field(default_factory=dict)
    # cells holding an error value (#N/A, #DIV/0!), by sheet part: python-calamine reads them
    # as empty, which would pass for "not reported"
    errors: dict[str, dict[str, str]] = field(default_factory=dict)


KEPT_PARTS = ("xl/workbook.xml", "xl/_rels/workbook.xml.rels", "docProps/core.xml")
# <c r="J12" s="3" t="e"><f>1/0</f><v>#DIV/0!</v></c>: an error value and where it is
ERROR_CELL = re.compile(
    rb'<c r="([A-Z]{1,3}\d+)"[^>]*?\bt="e"[^>]*>(?:<f\b[^>]*?/>|<f\b[^>]*>[^<]*</f>)?'
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
                data = handle.read(MAX_FILE_BYTES + 1)
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
        return Inspection(FileKind.XLS, data)
    if not data.startswith(ZIP_MAGIC):
        raise Refusal("not-a-workbook", "bukan buku kerja Excel (.xlsx) maupun OpenDocument (.ods)")
    return _inspect_zip(data)


def _inspect_zip(data: bytes) -> Inspection:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
        names = {entry.filename for entry in entries}
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
        inspection = Inspection(kind, data)
        for entry in entries:
            content = _inflate_capped(data, entry)
            if entry.filename in KEPT_PARTS:
                inspection.parts[entry.filename] = content
            elif content:  # a sheet that holds error values
                inspection.errors[entry.filename] = {
                    reference.decode("ascii"): value.decode("utf-8", errors="replace")
                    for reference, value in ERROR_CELL.findall(content)
                }
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


def _check_declared_sizes(entries: list[zipfile.ZipInfo]) -> None:
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


def _inflate_capped(data: bytes, entry: zipfile.ZipInfo) -> bytes:
    """Decompress one entry from the file's bytes, in chunks, never beyond its declared size;
    check its CRC and refuse DTDs in XML. Returns the content only for KEPT_PARTS and for
    sheets holding error values (else b"").

    Working from the raw bytes with zlib (rather than zipfile's reader) costs a fraction of the
    time for the dozen small parts of a workbook, with the same bounds.
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
    sheet = entry.filename.startswith("xl/worksheets/")
    keep = sheet or entry.filename in KEPT_PARTS
    has_errors = False  # a sheet holding error values is returned, for them to be located
    kept: list[bytes] = []
    size, crc, tail = 0, 0, b""
    pending = compressed
    while True:
        if inflater is None:
            chunk, pending = pending[:CHUNK], pending[CHUNK:]
        else:
            chunk = inflater.decompress(pending, CHUNK)
            pending = inflater.unconsumed_tail
        if not chunk:
            break
        size += len(chunk)
        if size > entry.file_size:
            raise Refusal(
                "zip-bomb",
                f"bagian {entry.filename} lebih besar dari yang dinyatakan (kemungkinan zip bomb)",
            )
        window = tail + chunk if tail else chunk  # every part: a sheet can have any name
        if DANGEROUS_XML.search(window):
            raise Refusal(
                "xml-entities",
                f"bagian {entry.filename} memuat deklarasi "
                "DOCTYPE/ENTITY (tidak pernah ada di buku kerja yang sah; "
                "kemungkinan serangan XML)",
            )
        if sheet:
            _check_extent(window, entry.filename)
            has_errors = has_errors or b't="e"' in window
        crc = zlib.crc32(chunk, crc)
        tail = chunk[-32:]
        if keep:
            kept.append(chunk)
        if inflater is not None and inflater.eof:
            break
    if size != entry.file_size or crc != entry.CRC:
        raise Refusal(
            "corrupt",
            f"bagian {entry.filename} rusak (ukuran atau CRC tidak cocok); simpan ulang di Excel",
        )
    return b"".join(kept) if has_errors or not sheet else b""


def _check_extent(xml: bytes, part: str) -> None:
    """Refuse a sheet whose cells reach beyond MAX_ROWS rows or column MAX_COLUMN."""
    if UNADDRESSED_QUICK.search(xml) and UNADDRESSED_CELL.search(xml):
        raise Refusal(
            "too-large",
            f"lembar {part} memuat sel tanpa alamat (r), yang tidak ditulis Excel, "
            "LibreOffice maupun WPS; ukurannya tidak dapat dibatasi. Simpan ulang di Excel",
        )
    far = FAR_REFERENCE.search(xml)
    if far is not None:
        reference = far.group(0)[4:].decode("ascii")
        raise Refusal(
            "too-large",
            f"lembar {part} memakai sel jauh ({reference}...); buku kerja "
            f"IKU tidak melewati baris {MAX_ROWS} dan kolom {MAX_COLUMN}",
        )
