"""Searches of a part's XML before any parser reads it: DTDs in the prolog, cells beyond the
bounds, counts the parser would allocate for, shared strings copied into many cells.

The searches stand in for the parser, so anything they could not read the way the parser
does is refused: markup no spreadsheet program writes costs nothing to refuse.
"""

from __future__ import annotations

import itertools
import re
import zlib

from iku_xlsx.gate.refusal import (
    MAX_COLUMN,
    MAX_EXPANDED_BYTES,
    MAX_PROLOG_SKIPS,
    MAX_ROWS,
    MAX_SHARED_STRINGS,
    Refusal,
)
from iku_xlsx.problems import Code

DANGEROUS_XML = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
# An XML document may declare a DTD only in its prolog, before the root element (comments
# aside): a DOCTYPE further on is a syntax error to every XML parser, and python-calamine
# expands no entities at all. So only the prolog is searched.
FIRST_ELEMENT = re.compile(rb"<[A-Za-z_]")
# What may stand before the root besides a DTD: comments and processing instructions (the
# XML declaration is one), skipped whole (a "<a" inside one is no element). A real prolog
# has two or three; past MAX_PROLOG_SKIPS the whole part is searched for a DTD instead.
PROLOG_SKIPPED = re.compile(rb"<!--|<\?")
UTF16_MARKS = (b"\xff\xfe", b"\xfe\xff")  # byte-order marks; the searches here need UTF-8
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
# A count the parser allocates for ahead (sharedStrings' uniqueCount) is bounded too.
HUGE_COUNT = re.compile(rb'ount\s*=\s*["\']\s*\+?0*[1-9]\d{6}')
STRING_CELL = re.compile(rb't="s"[^<>]*>\s*<v>\s*(\d+)')
SHARED_STRING_TAG = re.compile(rb"<(/?)(?:[^\s<>/]*:)?si[\s>/]")
# Markup the parser skips but a search would count (a processing instruction, CDATA, a "<"
# inside an attribute value): refused in the parts whose elements the gate counts. First a
# quick search that finds every such value and little else (a quote after "=" reaching a
# "<"); where it finds one, the exact search: an attribute inside a tag, its values walked
# whole (a ">" may stand in one), so that a text holding =" or =' passes (a text never
# holds a bare "<", so what follows it is the next tag).
MAYBE_HIDING = re.compile(rb"<!\[CDATA\[|=\s*\"[^\"<]*<|=\s*'[^'<]*<")
_QUOTED = rb"(?:\"[^\"<]*\"|'[^'<]*')"
_ATTRIBUTE = rb"\s+[^\s<>=]+\s*=\s*"
_OPEN_LT = rb"(?:\"[^\"<]*<|'[^'<]*<)"  # a value, quoted either way, reaching a "<"
HIDING_MARKUP = re.compile(
    rb"<!\[CDATA\[|<[^\s<>/!?]+(?:" + _ATTRIBUTE + _QUOTED + rb")*" + _ATTRIBUTE + _OPEN_LT
)

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


def without_defined_names(workbook_xml: bytes) -> tuple[bytes, int]:
    """xl/workbook.xml without its <definedNames>, and its CRC: python-calamine would parse
    the few hundred names of an IKU workbook for nothing (the reader parses them itself)."""
    start, end = defined_names_span(workbook_xml)
    content = workbook_xml[:start] + workbook_xml[end:] if end else workbook_xml
    return content, zlib.crc32(content)


def check_prolog(start: bytes, part: str, *, xml: bool, complete: bool) -> None:
    """Refuse a DOCTYPE or ENTITY declaration in a part's prolog, the only place XML allows
    one: before the root element, comments and processing instructions aside (in all of
    ``start`` when no element begins in it, as in any part that is not XML). An XML part in
    UTF-16 is refused too: these searches, like every Excel, LibreOffice and WPS file, need
    UTF-8."""
    if xml and (start[:2] in UTF16_MARKS or b"\x00" in start[:64]):
        raise Refusal(
            Code.CORRUPT,
            f"bagian {part} tidak ditulis dalam UTF-8 seperti buku kerja yang sah; "
            "simpan ulang di Excel",
        )
    end = prolog_end(start)
    prolog = start if end is None else start[:end]
    if DANGEROUS_XML.search(prolog) or (xml and end is None and not complete):
        raise Refusal(
            Code.XML_ENTITIES,
            f"bagian {part} memuat deklarasi DOCTYPE/ENTITY, atau pembukaan yang terlalu "
            "panjang untuk diperiksa (tidak pernah ada di buku kerja yang sah; kemungkinan "
            "serangan XML)",
        )


def prolog_end(text: bytes) -> int | None:
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


def check_shared_strings(parts: list[tuple[str, bytes, int]]) -> None:
    """Refuse an .xlsx whose cells would copy shared strings beyond MAX_EXPANDED_BYTES (a
    string of megabytes shown by a thousand cells). Worked out only when the quick bound (the
    largest strings part's size x the string cells) is passed; then a string cell the search
    cannot read counts as that whole part."""
    candidates = [(name, c) for name, c, _ in parts if name.lower().endswith("sharedstrings.xml")]
    for name, content in candidates:
        check_plain_markup(content, name)
    strings = max((content for _, content in candidates), key=len, default=b"")
    # a string cell takes at least the five bytes of t="s": within the bound, no need to count
    if len(strings) * sum(len(content) for _, content, _ in parts) // 5 <= MAX_EXPANDED_BYTES:
        return
    cells = sum(content.count(b't="s"') for _, content, _ in parts)
    if len(strings) * cells <= MAX_EXPANDED_BYTES:
        return
    starts = string_starts(strings)
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
            Code.TOO_LARGE,
            f"sel-sel buku kerja ini merujuk teks bersama sampai lebih dari "
            f"{MAX_EXPANDED_BYTES // 1024**2} MB; simpan ulang di Excel",
        )


def string_starts(strings: bytes) -> list[int] | None:
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


def check_plain_markup(content: bytes, part: str) -> None:
    """Refuse, in a part whose elements the gate counts, markup that hides an element from
    the parser but not from a search: a processing instruction after the XML declaration,
    CDATA, a "<" inside an attribute value. Spreadsheet programs write none of them."""
    start = 3 if content.startswith(b"\xef\xbb\xbf") else 0
    hiding = MAYBE_HIDING.search(content) and HIDING_MARKUP.search(content)
    if content.find(b"<?", start + 1) >= 0 or hiding:
        raise Refusal(
            Code.CORRUPT,
            f"bagian {part} memuat markah yang tidak ditulis Excel, LibreOffice maupun WPS "
            "(instruksi pemrosesan, CDATA, atau '<' di dalam nilai atribut); simpan ulang",
        )


def check_extent(xml: bytes, part: str) -> None:
    """Refuse a part whose cells could reach beyond MAX_ROWS rows or column MAX_COLUMN (a
    cell tag other than <c r="REF"...> with REF within them), or that asks the parser to
    allocate for a huge count ahead."""
    odd = ODD_CELL.search(xml)
    if odd is None and b":c" in xml:
        odd = ODD_PREFIXED_CELL.search(xml)
    if odd is not None:
        tag = xml[odd.start() : odd.start() + 40].split(b">")[0].decode("utf-8", "replace")
        raise Refusal(
            Code.TOO_LARGE,
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
            Code.TOO_LARGE,
            f"bagian {part} menyatakan jumlah isi jutaan atau lebih; buku kerja IKU jauh lebih "
            "kecil. Simpan ulang di Excel",
        )
