"""Render the pictures of the docs, each printed by LibreOffice on A4:

- docs/unit-sheet.png: a Sekretaris Camat sheet, filled with plausible figures (its upper part);
- docs/ringkasan.png and docs/print-rekap.png: the Ringkasan and the Rekap IKU of the demo's
  consolidated workbook (dated 6 October 2025, after TW III);
- docs/print-feedback.png: the first page of the demo's feedback copy (Catatan Pemeriksaan);
- docs/print-blank.png: a blank as handed out (the Camat's sheet);
- docs/lkjip.png: the first page of the demo's LKjIP chapter III document (Word, printed by
  LibreOffice Writer).

    python docs/make_picture.py

Needs LibreOffice (soffice) and poppler (pdftoppm). The figures are typed into a blank by
defined name, as a person would; LibreOffice computes the rest while printing to PDF.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import tempfile
from pathlib import Path

import openpyxl

from iku_xlsx import load_catalog, write_workbook

HERE = Path(__file__).parent
FIGURES = {  # defined name -> value: four quarters of (numerator, denominator)
    "SEKCAM_1": [(1, 1), (2, 2), (1, 2), (None, None)],
    "SEKCAM_2": [(182, 200), (185, 200), (190, 204), (None, None)],
    "SEKCAM_3": [(9, 9), (9, 9), (8, 9), (None, None)],
    "SEKCAM_4": [(0, 12), (3, 12), (4, 10), (None, None)],
    "SEKCAM_5": [
        (310_500_000, 2_450_000_000),
        (520_000_000, 2_450_000_000),
        (640_250_000, 2_600_000_000),
        (None, None),
    ],
}
TARGETS = {"SEKCAM_1": 100, "SEKCAM_2": 95, "SEKCAM_3": 100, "SEKCAM_4": 90, "SEKCAM_5": 95}


def _pdf(workbook: Path, work: Path) -> None:
    """Print a workbook to PDF beside it in ``work``, with LibreOffice."""
    soffice = shutil.which("soffice") or "soffice"
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(work),
            str(workbook),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )


def main() -> None:
    catalog = load_catalog(year=2025)
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        blank = write_workbook(work / "blank.xlsx", catalog, [catalog.unit("SEKCAM")])
        workbook = openpyxl.load_workbook(blank)
        cells = {name: next(iter(d.destinations)) for name, d in workbook.defined_names.items()}

        def put(name: str, value: object) -> None:
            sheet, ref = cells[name]
            workbook[sheet][ref.replace("$", "")].value = value

        for indicator_id, quarters in FIGURES.items():
            put(f"{indicator_id}_TARGET", TARGETS[indicator_id])
            for quarter, (num, den) in enumerate(quarters, start=1):
                put(f"{indicator_id}_TW{quarter}_NUM", num)
                put(f"{indicator_id}_TW{quarter}_DEN", den)
        put("SEKCAM_4_KENDALA", "Pengadaan TW I tertunda menunggu DPA perubahan.")
        filled = work / "cls-2025-SEKCAM.xlsx"
        workbook.save(filled)
        _pdf(filled, work)
        # the page's upper part: heading, table and signature (the rest of the A4 is empty)
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "110",
                "-singlefile",
                "-W",
                "1287",
                "-H",
                "640",
                str(work / f"{filled.stem}.pdf"),
                str(HERE / "unit-sheet"),
            ],
            check=True,
        )
    print(f"wrote {HERE / 'unit-sheet.png'}")
    summary_picture()


def _page(pdf: Path, page: int, name: str, resolution: int = 80) -> None:
    """One page of ``pdf`` as docs/<name>.png."""
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            str(resolution),
            "-singlefile",
            "-f",
            str(page),
            "-l",
            str(page),
            str(pdf),
            str(HERE / name),
        ],
        check=True,
    )
    print(f"wrote {HERE / name}.png")


def summary_picture() -> None:
    """The demo's consolidated workbook (its first two pages: the Ringkasan and the Rekap),
    its feedback copy, a blank and its LKjIP document, each printed whole."""
    from iku_xlsx.jobs.demo import run_demo

    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        demo = run_demo(work / "demo", report_date=dt.date(2025, 10, 6))
        (feedback,) = demo.check.feedback
        blank = demo.blanks / "cls-2025-CAMAT.xlsx"
        for workbook in (demo.workbook, feedback, blank, demo.lkjip):
            _pdf(workbook, work)
        _page(work / f"{demo.workbook.stem}.pdf", 1, "ringkasan", 90)
        _page(work / f"{demo.workbook.stem}.pdf", 2, "print-rekap")
        _page(work / f"{feedback.stem}.pdf", 1, "print-feedback")
        _page(work / f"{blank.stem}.pdf", 1, "print-blank")
        _page(work / f"{demo.lkjip.stem}.pdf", 1, "lkjip")


if __name__ == "__main__":
    main()
