"""Printing workbooks through LibreOffice to PDF, every workbook of a test in one `soffice` call.

LibreOffice's PDF export prints every visible sheet of a workbook, one after the other, each
on at least one page. So a workbook printed whole on as many pages as it has visible sheets
printed each sheet on one page, and page k is its k-th sheet: one load of each workbook is
enough, and that is how most workbooks are printed here.

Where a sheet may take more pages, its pages are counted on their own: it is printed from a
copy of the workbook in which every other sheet is hidden and has no print area (LibreOffice
prints a hidden sheet that has one). The copy is made by editing ``xl/workbook.xml`` in the
zip, so everything else (charts, formats, defined names) is the workbook's own. Each such
copy costs a load of the whole workbook, so only the sheets asked for are printed this way.
`pdfinfo` and `pdftotext` (poppler) read the PDFs.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from .libreoffice import convert

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
PRINT_AREA = "_xlnm.Print_Area"


@dataclass(frozen=True)
class Printed:
    """A workbook, or one of its sheets (``sheet``), as LibreOffice printed it."""

    workbook: Path
    sheet: str | None
    pdf: Path

    def _info(self) -> str:
        return subprocess.run(
            ["pdfinfo", str(self.pdf)], capture_output=True, text=True, check=True
        ).stdout

    @property
    def pages(self) -> int:
        return int(re.search(r"^Pages:\s+(\d+)", self._info(), re.MULTILINE)[1])

    @property
    def sizes(self) -> set[tuple[float, float]]:
        """Every page's width and height in points."""
        info = subprocess.run(
            ["pdfinfo", "-f", "1", "-l", str(self.pages), str(self.pdf)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        found = re.findall(r"^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", info, re.MULTILINE)
        return {(float(width), float(height)) for width, height in found}

    def page_of(self, sheet: str) -> int:
        """The page of ``sheet`` in a workbook printed whole, a page a sheet."""
        return visible_sheets(self.workbook).index(sheet) + 1

    def text(self, page: int | None = None) -> str:
        pages = [] if page is None else ["-f", str(page), "-l", str(page)]
        return subprocess.run(
            ["pdftotext", *pages, "-layout", str(self.pdf), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout


def poppler_missing() -> bool:
    return shutil.which("pdfinfo") is None or shutil.which("pdftotext") is None


def visible_sheets(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as archive:
        root = etree.fromstring(archive.read("xl/workbook.xml"))
    return [
        sheet.get("name")
        for sheet in root.find(f"{{{MAIN}}}sheets")
        if sheet.get("state") in (None, "visible")
    ]


def _sheet_copy(path: Path, keep: str, target: Path) -> Path:
    """A copy of ``path`` printing only the sheet ``keep``."""
    with zipfile.ZipFile(path) as archive:
        parts = {item: archive.read(item) for item in archive.namelist()}
    root = etree.fromstring(parts["xl/workbook.xml"])
    sheets = list(root.find(f"{{{MAIN}}}sheets"))
    index = next(k for k, sheet in enumerate(sheets) if sheet.get("name") == keep)
    for k, sheet in enumerate(sheets):
        if k == index:
            sheet.attrib.pop("state", None)
        elif sheet.get("state") in (None, "visible"):
            sheet.set("state", "hidden")
    names = root.find(f"{{{MAIN}}}definedNames")
    for name in list(names) if names is not None else []:
        if name.get("name") == PRINT_AREA and name.get("localSheetId") != str(index):
            names.remove(name)
    view = root.find(f"{{{MAIN}}}bookViews/{{{MAIN}}}workbookView")
    if view is not None:
        view.set("activeTab", str(index))
        view.attrib.pop("firstSheet", None)
    parts["xl/workbook.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for item, data in parts.items():
            archive.writestr(item, data)
    return target


def print_workbooks(
    workbooks: Iterable[tuple[str, Path, list[str] | None]], work: Path
) -> dict[tuple[str, str | None], Printed]:
    """Print each workbook whole (sheets None: keyed (label, None)) or the sheets listed,
    each on its own (keyed (label, sheet)), all in one LibreOffice call."""
    copies = work / "copies"
    copies.mkdir(parents=True, exist_ok=True)
    planned: list[tuple[str, Path, str | None, Path]] = []
    for label, path, sheets in workbooks:
        if sheets is None:
            whole = copies / f"{label}.xlsx"
            shutil.copyfile(path, whole)
            planned.append((label, path, None, whole))
        for k, sheet in enumerate(sheets or ()):
            copy = _sheet_copy(path, sheet, copies / f"{label}-{k:02d}.xlsx")
            planned.append((label, path, sheet, copy))
    pdfs = convert([copy for *_, copy in planned], work / "pdf", work / "profile", to="pdf")
    return {
        (label, sheet): Printed(path, sheet, pdf)
        for (label, path, sheet, _), pdf in zip(planned, pdfs, strict=True)
    }
