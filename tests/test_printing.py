"""What people print and sign: every workbook's sheets on A4 or F4, fitted, whole, signed.

The demo's workbooks, a kecamatan of five units without a Camat (the first unit a Sekcam), a
kabupaten and F4 copies are made once and printed by LibreOffice in one call
(tests/printing.py: each workbook whole, the kabupaten's sheets one at a time), and the pages
counted. The rest reads the files themselves.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import random
from pathlib import Path

import openpyxl
import pytest

from iku_xlsx import check_workbooks, consolidate, load_catalog, write_blanks, write_workbook
from iku_xlsx.catalog import Catalog
from iku_xlsx.jobs import demo as demo_job
from iku_xlsx.jobs.demo import DemoResult, run_demo
from iku_xlsx.reports.rekap import RekapCol

from .libreoffice import REQUIRE_VARIABLE
from .printing import Printed, poppler_missing, print_workbooks, visible_sheets

YEAR = 2025
REPORT_DATE = dt.date(2026, 10, 5)
A4_LANDSCAPE = (841.89, 595.304)  # points
F4_LANDSCAPE = (936.0, 612.0)  # Excel's Folio, 8.5 x 13 in
PAPER_INDEX = {"A4": 9, "F4": 14}
A4_PORTRAIT = A4_LANDSCAPE[::-1]
PORTRAIT = {"Tren Tahunan"}  # two years of 29 indicators: one page portrait, two landscape


# --- the workbooks -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    """The demo's catalog (the built-in one with its year's plan): the demo's files are its."""
    return demo_job.demo_catalog()


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> DemoResult:
    return run_demo(tmp_path_factory.mktemp("demo") / "demo", report_date=REPORT_DATE)


@pytest.fixture(scope="module")
def five_units(catalog: Catalog) -> Catalog:
    """A new office's catalog: five units, no Camat, the first a Sekretaris Camat."""
    units = [unit for unit in catalog.units if unit.id != "CAMAT"][:5]
    assert units[0].id == "SEKCAM"
    return catalog.model_copy(update={"catalog_id": "lima", "units": units})


def _filled(catalog: Catalog, folder: Path) -> Path:
    """Blanks of ``catalog`` filled as the demo fills its own: three quarters reported."""
    blanks = write_blanks(catalog, folder / "blanko")
    assert blanks.exit_code == 0, blanks.problems
    rng = random.Random(YEAR)
    masuk = folder / "masuk"
    masuk.mkdir()
    for unit, blank in zip(catalog.units, blanks.written, strict=True):
        demo_job.fill_blank(blank, masuk / blank.name, demo_job.unit_figures(catalog, unit, rng))
    return masuk


@pytest.fixture(scope="module")
def five_unit_rekap(five_units: Catalog, tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("lima")
    result = consolidate(
        [_filled(five_units, folder)],
        five_units,
        out=folder / "rekap-lima.xlsx",
        report_date=REPORT_DATE,
    )
    assert result.written, result.problems
    return result


@pytest.fixture(scope="module")
def kabupaten(catalog: Catalog, tmp_path_factory: pytest.TempPathFactory) -> Path:
    other = catalog.model_copy(
        update={"kecamatan": catalog.kecamatan.model_copy(update={"name": "Binuang"})}
    )
    path = tmp_path_factory.mktemp("kabupaten") / "rekap-tapin.xlsx"
    result = consolidate([], [catalog, other], year=YEAR, out=path, report_date=REPORT_DATE)
    assert len(result.kecamatan) == 2 and result.written
    return path


@pytest.fixture(scope="module")
def on_f4(demo: DemoResult, catalog: Catalog, tmp_path_factory: pytest.TempPathFactory):
    """The demo's consolidated workbook, a blank and a feedback copy, on F4."""
    folder = tmp_path_factory.mktemp("f4")
    rekap = consolidate(
        [demo.filled], catalog, out=folder / "rekap-f4.xlsx", paper="F4", report_date=REPORT_DATE
    )
    blank = write_workbook(folder / "blank-f4.xlsx", catalog, [catalog.unit("SEKCAM")], paper="F4")
    checked = check_workbooks([demo.filled], catalog, annotate_to=folder / "catatan", paper="F4")
    return {"rekap": rekap.written[0], "blank": blank, "feedback": checked.feedback[0]}


@pytest.fixture(scope="module")
def printed(
    require_libreoffice: None,
    demo: DemoResult,
    five_unit_rekap,
    kabupaten: Path,
    on_f4: dict[str, Path],
    tmp_path_factory: pytest.TempPathFactory,
) -> dict[tuple[str, str | None], Printed]:
    """The workbooks below printed whole, and the kabupaten's sheets one by one, in one
    LibreOffice call."""
    if poppler_missing():
        if os.environ.get(REQUIRE_VARIABLE) == "1":
            pytest.fail("poppler-utils (pdfinfo, pdftotext) are not installed")
        pytest.skip("poppler-utils (pdfinfo, pdftotext) are not installed")
    (feedback,) = demo.check.feedback
    workbooks = [
        ("rekap", demo.workbook, None),
        ("feedback", feedback, None),
        ("blank", demo.blanks / "cls-2025-SEKCAM.xlsx", None),
        ("blank-records", demo.blanks / "cls-2025-CAMAT.xlsx", None),
        ("lima", five_unit_rekap.written[0], None),
        ("kabupaten", kabupaten, visible_sheets(kabupaten)),
        ("f4-rekap", on_f4["rekap"], None),
        ("f4-blank", on_f4["blank"], None),
        ("f4-feedback", on_f4["feedback"], None),
    ]
    return print_workbooks(workbooks, tmp_path_factory.mktemp("printed"))


def _of(printed: dict[tuple[str, str | None], Printed], label: str) -> dict[str, Printed]:
    """A workbook's sheets printed one by one."""
    return {sheet: page for (name, sheet), page in printed.items() if name == label and sheet}


def _sheet_text(printed: Printed, sheet: str) -> str:
    """A sheet's page, in a workbook printed whole at a page a sheet."""
    return printed.text(printed.page_of(sheet))


# --- 1. every sheet on its paper, one page a sheet -------------------------------------------


@pytest.mark.parametrize("label", ["rekap", "feedback", "blank", "blank-records", "lima"])
def test_every_sheet_prints_on_one_page(printed, label):
    """The demo's consolidated workbook, a feedback copy, blanks and a five-unit kecamatan:
    as many A4 landscape pages as visible sheets (the trend of two years portrait), so each
    on one (before: the demo's workbook 22 pages for 17 sheets, Masalah 3 pages and Sumber
    4)."""
    whole = printed[(label, None)]
    sheets = visible_sheets(whole.workbook)
    assert whole.pages == len(sheets), sheets
    assert whole.sizes == {A4_LANDSCAPE} | ({A4_PORTRAIT} if PORTRAIT & set(sheets) else set())
    for page, sheet in enumerate(sheets, start=1):  # each page its sheet's: the footer says
        footer = whole.text(page).strip().splitlines()[-1]
        assert f"Halaman {page} dari {len(sheets)}" in footer, (sheet, footer)


def test_the_kabupaten_workbook_prints_a_page_a_sheet_and_its_chart_on_its_own(printed):
    """Its Rekaps, Masalah and Sumber a page each; the Perbandingan's table of 29 indicators
    two pages, its header on each, then the chart on a page of its own."""
    sheets = _of(printed, "kabupaten")
    pages = {sheet: page.pages for sheet, page in sheets.items()}
    comparison = sheets["Perbandingan"]
    assert pages.pop("Perbandingan") == 3
    assert pages == dict.fromkeys(pages, 1)
    for page in (1, 2, 3):
        assert "INDIKATOR KINERJA UTAMA" in comparison.text(page)
    assert "Capaian per indikator dan kecamatan" in comparison.text(3)
    assert "PEMBANGUNAN_3 Persentase" in comparison.text(3)  # the chart's labels


@pytest.mark.parametrize("label", ["f4-rekap", "f4-blank", "f4-feedback"])
def test_f4_prints_on_folio(printed, label):
    """--paper F4 is Excel's Folio (8.5 x 13 in, 215.9 x 330.2 mm: F4 within a millimetre)."""
    whole = printed[(label, None)]
    assert whole.pages == len(visible_sheets(whole.workbook))
    assert whole.sizes == {F4_LANDSCAPE}


def test_titles_and_headers_print_whole(printed):
    """Before, Masalah's title was centred on its first column and cut at the page's edge."""
    rekap = printed[("rekap", None)]
    assert "MASALAH YANG DITEMUKAN" in _sheet_text(rekap, "Masalah")
    assert "BERKAS MASUKAN" in _sheet_text(rekap, "Sumber")
    ringkasan = _sheet_text(rekap, "Ringkasan")
    assert "BELUM" in ringkasan and "DILAPORKAN" in ringkasan
    assert "TAHUN 2025 (S.D. TRIWULAN III)" in ringkasan


def test_the_chart_prints_inside_its_page_with_the_indicators_named(printed):
    text = _sheet_text(printed[("rekap", None)], "Ringkasan")
    assert "SEKCAM_2 Persentase" in text  # the category labels, not ids alone
    assert "JUMLAH" in text  # and the table above it, on the same single page


def _visible(path: Path) -> list:
    workbook = openpyxl.load_workbook(path)
    return [workbook[name] for name in visible_sheets(path)]


def test_every_visible_sheet_is_set_to_print_fitted(demo, five_unit_rekap, kabupaten, on_f4):
    """Paper, landscape (the demo's two years' trend portrait), one page wide; a header row
    repeated wherever a table may run over a page; a print area. For every kind of workbook
    the package writes."""
    paths = {
        "A4": [
            demo.workbook,
            demo.check.feedback[0],
            demo.blanks / "cls-2025-gabungan.xlsx",
            five_unit_rekap.written[0],
            kabupaten,
        ],
        "F4": list(on_f4.values()),
    }
    for paper, files in paths.items():
        for path in files:
            for sheet in _visible(path):
                where = f"{path.name}: {sheet.title}"
                setup = sheet.page_setup
                assert int(setup.paperSize) == PAPER_INDEX[paper], where
                # a narrow, long table prints portrait, when only that puts it on one page
                wanted = "portrait" if sheet.title in PORTRAIT else "landscape"
                assert setup.orientation == wanted, where
                assert sheet.sheet_properties.pageSetUpPr.fitToPage, where
                assert setup.fitToWidth in (1, None), where  # None: openpyxl's default, 1
                assert sheet.print_area, where
                if sheet.title != "Ringkasan":  # one page tall: nothing to repeat
                    assert sheet.print_title_rows, where


def test_a_sheet_a_little_too_tall_shrinks_onto_one_page_a_long_one_runs_on(catalog, tmp_path):
    from iku_xlsx.writer.printing import column_pixels, pages_tall_for, printable_pixels

    widths = [10.0] * 24
    page_width, page_height = printable_pixels("A4")
    row = page_height / (page_width / column_pixels(widths)) * 72 / 96 / 40  # 40 rows a page
    assert pages_tall_for(widths, [row] * 40, "A4") == 1
    assert pages_tall_for(widths, [row] * 64, "A4") == 1  # 1.6 pages: printed 5/8 the size
    assert pages_tall_for(widths, [row] * 70, "A4") == 0  # 1.75 pages: as many as it takes
    sekcam = catalog.unit("SEKCAM")
    fifteen = sekcam.model_copy(update={"sasaran": sekcam.sasaran * 3})
    assert len(fifteen.indicators) == 15
    long = catalog.model_copy(update={"units": [fifteen]})
    for unit, pages in ((sekcam, 1), (fifteen, 0)):
        path = write_workbook(tmp_path / f"{len(unit.indicators)}.xlsx", long, [unit])
        tall = openpyxl.load_workbook(path).worksheets[0].page_setup.fitToHeight
        assert (1 if tall is None else tall) == pages  # None: openpyxl's default, 1


def test_header_rows_are_tall_enough_for_their_wrapped_headers(demo):
    workbook = openpyxl.load_workbook(demo.workbook)
    ringkasan = workbook["Ringkasan"]
    assert ringkasan.row_dimensions[6].height >= 27  # "BELUM DILAPORKAN": two lines
    for name in ("Masalah", "Sumber"):
        sheet = workbook[name]
        assert sheet["A1"].coordinate in sheet.merged_cells, name  # the title over the table
        for row in range(4, sheet.max_row + 1):
            assert sheet.row_dimensions[row].height, (name, row)


def test_counts_print_without_decimals(demo, catalog):
    """TRANTIB_2 (1 report) and PEMERINTAHAN_1 (72 documents) are counts: '1', '24'."""
    sheet = openpyxl.load_workbook(demo.workbook)["Rekap IKU"]
    formats = {}
    for row in sheet.iter_rows(min_row=7):
        if row[1].value in ("TRANTIB_2", "PEMERINTAHAN_1", "SEKCAM_2", "CAMAT_1"):
            figures = row[RekapCol.TARGET : RekapCol.TAHUN + 1]
            formats[row[1].value] = {cell.number_format for cell in figures}
    assert formats["TRANTIB_2"] == {"#,##0"}
    assert formats["PEMERINTAHAN_1"] == {"#,##0"}
    assert formats["SEKCAM_2"] == {"0.00"}  # percent points
    assert formats["CAMAT_1"] == {"#,##0.00"}  # an index


# --- 2. the signature ---------------------------------------------------------------------


def _texts(sheet) -> list[str]:
    return [str(cell.value) for row in sheet.iter_rows() for cell in row if cell.value]


def test_the_rekap_is_signed_by_the_camat_dated_and_says_its_quarter(demo):
    sheet = openpyxl.load_workbook(demo.workbook)["Rekap IKU"]
    texts = _texts(sheet)
    assert "Baringin, 5 Oktober 2026" in texts
    assert "Camat Candi Laras Selatan" in texts
    assert "IVADA CHANDRA SARI, S.STP" in texts
    assert "NIP. 19860206 200412 2 001" in texts
    assert "TAHUN 2025 (S.D. TRIWULAN III)" in texts
    assert not any("Februari" in text or "Januari" in text for text in texts)


def test_an_acting_head_from_the_catalog_signs_and_a_quarter_can_be_given(demo, catalog, tmp_path):
    from iku_xlsx.catalog import Signatory

    head = Signatory(title="Plt. Camat Candi Laras Selatan", name="H. ACHMAD", nip="")
    acting = catalog.model_copy(update={"head": head})
    assert acting.fingerprint() == catalog.fingerprint()  # the units' workbooks still count
    result = consolidate(
        [demo.filled], acting, out=tmp_path / "r.xlsx", report_date=REPORT_DATE, quarter=2
    )
    assert result.written
    texts = _texts(openpyxl.load_workbook(result.written[0])["Rekap IKU"])
    assert "Plt. Camat Candi Laras Selatan" in texts and "H. ACHMAD" in texts
    assert "NIP. ....." in " ".join(texts)  # no NIP in the catalog: written by hand
    assert "IVADA CHANDRA SARI, S.STP" not in texts
    assert "TAHUN 2025 (S.D. TRIWULAN II)" in texts


def test_without_a_camat_the_name_is_left_to_write_never_a_sekcam(five_unit_rekap, five_units):
    texts = _texts(openpyxl.load_workbook(five_unit_rekap.written[0])["Rekap IKU"])
    sekcam = five_units.unit("SEKCAM").signatory
    assert sekcam.name not in texts and sekcam.title not in texts
    assert "Camat Candi Laras Selatan" in texts
    assert any(text.startswith("(....") for text in texts)
    (warning,) = [p for p in five_unit_rekap.problems if p.code == "head-missing"]
    assert not warning.is_error and five_unit_rekap.exit_code == 0


def test_a_catalog_names_its_head(tmp_path):
    from iku_xlsx import check_catalog
    from iku_xlsx.catalog import builtin_catalog_text

    text = builtin_catalog_text() + (
        '\nhead: {title: "Plh. Camat Candi Laras Selatan", name: "NAMA LENGKAP, S.Sos", '
        'nip: "19700101 199503 1 001"}\n'
    )
    path = tmp_path / "katalog.yaml"
    path.write_text(text, encoding="utf-8")
    catalog = load_catalog(path)
    assert catalog.head is not None and catalog.head.title.startswith("Plh.")
    assert catalog.fingerprint() == load_catalog().fingerprint()
    path.write_text(text.replace("19700101 199503 1 001", "1970"), encoding="utf-8")
    assert [p.code for p in check_catalog(path)] == ["catalog-nip"]


# --- 5. the chart names its indicators ------------------------------------------------------


def test_the_chart_categories_name_the_indicators(demo):
    workbook = openpyxl.load_workbook(demo.workbook)
    ringkasan = workbook["Ringkasan"]
    (chart,) = ringkasan._charts
    reference = chart.series[0].cat.strRef.f  # 'Ringkasan'!$K$7:$K$35
    sheet_name, cells = reference.rsplit("!", 1)
    labels = [row[0].value for row in workbook[sheet_name.strip("'")][cells.replace("$", "")]]
    assert len(labels) == 29
    assert labels[5] == "SEKCAM_2 Persentase Aset Dengan Kondi..."
    assert all(len(label) <= 40 for label in labels)
    assert all(label.split()[0].count("_") == 1 for label in labels)  # each starts with its id
    axis = chart.x_axis.txPr.bodyPr
    assert axis.rot == -5400000  # standing: -90 degrees
    assert chart.anchor.to.row - chart.anchor._from.row >= 25  # rows: room for the labels


# --- 3. lock and temporary files ---------------------------------------------------------


def test_lock_and_temporary_files_are_skipped_not_problems(demo, catalog, tmp_path):
    inbox = tmp_path / "masuk"
    inbox.mkdir()
    for path in demo.filled.iterdir():
        if "KESRA" not in path.name:  # the demo's faulty file
            (inbox / path.name).write_bytes(path.read_bytes())
    temporary = [
        "~$cls-2025-EKONOMI.xlsx",
        ".~lock.cls-2025-EKONOMI.xlsx#",
        "~WRL0001.tmp",
        "cls-2025-EKONOMI.xlsx~",
        "._cls-2025-EKONOMI.xlsx",
        ".#cls-2025-EKONOMI.xlsx",
    ]
    for name in temporary:
        (inbox / name).write_bytes(b"\x00" * 165)
    result = consolidate([inbox], catalog, out=tmp_path / "rekap.xlsx", report_date=REPORT_DATE)
    named = {Path(p.file).name for p in result.problems}
    assert not named & set(temporary)
    assert {p.code for p in result.problems} == {"unit-missing"}  # Kasi Kesra's, as sent
    assert result.exit_code == 0
    statuses = {s.path.name: s.status for s in result.sources}
    assert {statuses[name] for name in temporary} == {"dilewati"}
    workbook = openpyxl.load_workbook(result.written[0])
    assert not set(temporary) & {Path(t).name for t in _texts(workbook["Masalah"])}
    sources = {row[0].value: row[-1].value for row in workbook["Sumber"].iter_rows(min_row=4)}
    skipped = {Path(path).name: status for path, status in sources.items()}
    assert all(skipped[name].startswith("dilewati") for name in temporary)
    checked = check_workbooks([inbox], catalog)
    assert checked.exit_code == 0 and not checked.problems
    assert sorted(path.name for path in checked.skipped) == sorted(temporary)


# --- 4. the messages -----------------------------------------------------------------------


def test_long_messages_wrap_on_the_feedback_sheet(demo, catalog, tmp_path):
    """A row as tall as its wrapped message: spreadsheet programs do not grow it."""
    source = next(p for p in demo.filled.iterdir() if "EKONOMI" in p.name)
    workbook = openpyxl.load_workbook(source)
    sheet, ref = next(iter(workbook.defined_names["EKONOMI_1_TW2_NUM"].destinations))
    workbook[sheet][ref.replace("$", "")] = "dua belas " * 30  # a long text, a long message
    faulty = tmp_path / source.name
    workbook.save(faulty)
    checked = check_workbooks([faulty], catalog, annotate_to=tmp_path / "catatan")
    notes = openpyxl.load_workbook(checked.feedback[0])["Catatan Pemeriksaan"]
    for row in range(5, notes.max_row + 1):
        message = notes.cell(row, 6)
        assert message.alignment.wrap_text
        lines = math.ceil(len(message.value) / 62)  # at least, in a column 62 wide
        assert notes.row_dimensions[row].height >= lines * 13, (row, message.value)
    assert notes.row_dimensions[5].height >= 4 * 13  # the long one


def test_a_number_typed_as_text_says_what_to_type(demo, catalog, tmp_path):
    source = next(p for p in demo.filled.iterdir() if "EKONOMI" in p.name)
    workbook = openpyxl.load_workbook(source)
    sheet, ref = next(iter(workbook.defined_names["EKONOMI_1_TW2_DEN"].destinations))
    workbook[sheet][ref.replace("$", "")] = "1.548"
    faulty = tmp_path / source.name
    workbook.save(faulty)
    (problem,) = [p for p in check_workbooks([faulty], catalog).problems if p.cell]
    assert problem.code == "number-as-text"
    assert "ketik 1548 " in problem.message
    assert "1.548 (tanpa" not in problem.message


def test_a_missing_folder_is_said_the_same_by_the_library_and_the_command(catalog, tmp_path):
    from typer.testing import CliRunner

    from iku_xlsx.cli import app

    missing = tmp_path / "masuk"
    out = tmp_path / "rekap.xlsx"
    result = consolidate([missing], catalog, out=out, csv=tmp_path / "rekap.csv")
    (problem,) = result.problems
    assert (problem.code, problem.file) == ("input-missing", str(missing))
    assert problem.message.startswith("folder tidak ada")
    assert result.exit_code == 2 and not result.written and not out.exists()
    checked = check_workbooks([missing], catalog)
    assert [p.message for p in checked.problems] == [problem.message]
    assert checked.exit_code == 2
    for command in (["consolidate", str(missing), "--out", str(out)], ["check", str(missing)]):
        ran = CliRunner().invoke(app, command)
        assert ran.exit_code == 2, ran.output
        assert "folder tidak ada" in ran.output and "None" not in ran.output
        assert not out.exists()


ENGLISH = (" the ", " is ", " was ", " cannot ", " not found", " file ", "No such", "None")


def test_messages_for_planners_are_in_bahasa_indonesia_and_never_say_none(
    demo, catalog, tmp_path, monkeypatch
):
    """Nothing received yet (an empty folder), a broken file, a file the system refuses to
    open, the demo's mistakes: no English word, no "None"."""
    import errno

    empty, broken = tmp_path / "kosong", tmp_path / "rusak"
    empty.mkdir()
    broken.mkdir()
    (broken / "cls-2025-EKONOMI.xlsx").write_bytes(b"PK")
    locked = tmp_path / "terkunci.xlsx"
    locked.write_bytes(b"PK\x03\x04")
    results = [
        consolidate([empty], catalog, out=tmp_path / "kosong.xlsx"),
        consolidate([broken], catalog),
        demo.consolidation,
    ]
    opened = Path.open

    def refused(self: Path, *args, **kwargs):
        if self.name == locked.name:
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return opened(self, *args, **kwargs)

    with monkeypatch.context() as patched:
        patched.setattr(Path, "open", refused)
        results.append(consolidate([locked], catalog))
    refusal = [p.message for p in results[-1].problems if p.file == str(locked)]
    assert refusal == ["berkas tidak dapat dibaca: tidak ada izin untuk membukanya"]
    messages = [p.message for result in results for p in result.problems]
    offending = [m for m in messages if any(word in f" {m} " for word in ENGLISH)]
    assert offending == []
    texts = _texts(openpyxl.load_workbook(tmp_path / "kosong.xlsx")["Masalah"])
    assert not any("None" in text for text in texts)


# --- 6. the tidy table as a sheet, and a CSV for an Indonesian Excel -------------------------


def test_the_tidy_table_is_a_hidden_sheet_of_typed_numbers(demo):
    import pandas as pd

    from iku_xlsx.compute import TIDY_COLUMNS

    workbook = openpyxl.load_workbook(demo.workbook)
    sheet = workbook["Data"]
    assert workbook.sheetnames[-1] == "Data"
    assert sheet.sheet_state == "hidden"
    rows = list(sheet.values)
    assert list(rows[0]) == TIDY_COLUMNS
    assert sheet.auto_filter.ref == f"A1:R{len(rows)}"  # eighteen columns
    assert not sheet.print_area  # LibreOffice would print a hidden sheet with one
    table = demo.consolidation.table
    assert len(rows) - 1 == len(table)
    frame = pd.DataFrame(rows[1:], columns=TIDY_COLUMNS)
    for column in ("numerator", "denominator", "value", "target", "achievement"):
        typed = [v for v in frame[column] if v is not None]
        assert typed and all(isinstance(v, (int, float)) for v in typed), column
        expected = table[column].astype(float)
        got = frame[column].astype(float)
        assert ((got - expected).abs().fillna(0) < 1e-9).all(), column
        assert (got.isna() == expected.isna()).all(), column
    assert list(frame["year"].unique()) == [YEAR]


def test_the_csv_for_an_indonesian_excel(demo, catalog, tmp_path):
    import pandas as pd

    standard, indonesian = tmp_path / "rekap.csv", tmp_path / "rekap-id.csv"
    consolidate([demo.filled], catalog, csv=standard)
    consolidate([demo.filled], catalog, csv=indonesian, csv_format="id")
    head = standard.read_bytes()
    assert head.startswith(b"kecamatan,year,unit_id,")  # the contract's, unchanged
    data = indonesian.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfkecamatan;year;unit_id;")  # BOM, semicolons
    read = pd.read_csv(indonesian, sep=";", decimal=",", encoding="utf-8-sig")
    expected = pd.read_csv(standard)
    pd.testing.assert_frame_equal(read, expected)
    assert any("," in line.split(";")[7] for line in data.decode("utf-8-sig").splitlines()[1:])
    with pytest.raises(ValueError, match="CSV format"):
        consolidate([demo.filled], catalog, csv=standard, csv_format="de")


# --- 7. headers and footers within Excel's 255 characters, no warning --------------------------


def test_long_names_shorten_the_footer_never_drop_it_and_never_warn(catalog, tmp_path):
    import warnings

    from iku_xlsx.writer.printing import HEADER_FOOTER_MAX

    long_unit = "Kepala Seksi Ketenteraman & Ketertiban Umum " * 5  # 220 characters, an &
    unit = catalog.unit("TRANTIB").model_copy(
        update={"name": long_unit.strip(), "sheet_name": "Kasi Trantib"}
    )
    units = [unit if u.id == "TRANTIB" else u for u in catalog.units]
    kecamatan = catalog.kecamatan.model_copy(update={"name": "Candi Laras Selatan " * 4})
    long = catalog.model_copy(update={"units": units, "kecamatan": kecamatan})
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # xlsxwriter warns, and drops the footer, over 255
        blanks = write_blanks(
            long, tmp_path / "blanko", unit_ids=["TRANTIB", "CAMAT"], combined=True, paper="F4"
        )
        assert blanks.exit_code == 0
        result = consolidate([], long, year=YEAR, out=tmp_path / "rekap.xlsx")
        assert result.written
    for path in [*blanks.written, *result.written]:
        workbook = openpyxl.load_workbook(path)
        for sheet in workbook.worksheets:
            if sheet.sheet_state == "veryHidden":
                continue
            footer = str(sheet.oddFooter)
            where = f"{path.name}: {sheet.title}"
            assert footer.endswith("Halaman &P dari &N"), (where, footer)
            assert len(footer) <= HEADER_FOOTER_MAX, where
            left = footer.split("&R")[0].removeprefix("&L&8").strip()
            assert len(left) > 10, (where, footer)  # shortened, never dropped
    trantib = openpyxl.load_workbook(blanks.written[-1])[unit.sheet]
    assert "Ketenteraman &&" in str(trantib.oddFooter)  # the & kept, escaped
    assert str(trantib.oddFooter).split("&R")[0].endswith("...")  # cut, and marked


def test_the_footer_is_cut_to_the_limit_counting_its_codes():
    from iku_xlsx.writer.printing import HEADER_FOOTER_MAX, header_footer

    for left in ("A" * 300, "&" * 300, "A&" * 150, "2025 " + "x" * 300):
        footer = header_footer(left)
        assert len(footer) + 2 <= HEADER_FOOTER_MAX  # room for openpyxl's "&8 " spaces
        assert footer.startswith("&L&8") and footer.endswith("&R&8Halaman &P dari &N")
        body = footer[len("&L&8") : -len("&R&8Halaman &P dari &N")]
        assert body.endswith("...") and body.replace("&&", "").count("&") == 0
    assert header_footer("2025 IKU").startswith("&L&8 2025")  # not font size 82025
    assert header_footer("IKU A & B") == "&L&8IKU A && B&R&8Halaman &P dari &N"


# --- the command's options ----------------------------------------------------------------------


def test_the_command_takes_paper_date_quarter_and_csv_format(demo, tmp_path):
    from typer.testing import CliRunner

    from iku_xlsx.cli import app

    runner = CliRunner()
    out, csv = tmp_path / "rekap.xlsx", tmp_path / "rekap.csv"
    plan = str(demo.filled.parent / demo_job.CATALOG_FILE)  # the demo's catalog, its targets
    ran = runner.invoke(
        app,
        [
            "consolidate",
            str(demo.filled),
            "--catalog",
            plan,
            "--out",
            str(out),
            "--csv",
            str(csv),
            "--paper",
            "f4",
            "--date",
            "2026-10-05",
            "--quarter",
            "2",
            "--csv-format",
            "id",
        ],
    )
    assert ran.exit_code == 1, ran.output  # the demo's faulty file, rejected
    workbook = openpyxl.load_workbook(out)
    assert {int(s.page_setup.paperSize) for s in _visible(out)} == {14}
    texts = _texts(workbook["Rekap IKU"])
    assert "Baringin, 5 Oktober 2026" in texts and "TAHUN 2025 (S.D. TRIWULAN II)" in texts
    assert csv.read_bytes().startswith(b"\xef\xbb\xbf")
    blank = runner.invoke(app, ["blank", "--out", str(tmp_path / "b"), "--paper", "F4"])
    assert blank.exit_code == 0, blank.output
    assert {int(s.page_setup.paperSize) for s in _visible(tmp_path / "b/cls-2020-CAMAT.xlsx")} == {
        14
    }
    checked = runner.invoke(
        app,
        [
            "check",
            str(demo.filled),
            "--catalog",
            plan,
            "--paper",
            "F4",
            "--annotate",
            str(tmp_path / "c"),
        ],
    )
    assert checked.exit_code == 1, checked.output
    (copy,) = (tmp_path / "c").iterdir()
    assert {int(s.page_setup.paperSize) for s in _visible(copy)} == {14}
    for bad in (["--paper", "A3"], ["--date", "5-10-2026"], ["--quarter", "5"]):
        ran = runner.invoke(app, ["consolidate", str(demo.filled), "--out", str(out), *bad])
        assert ran.exit_code == 2, (bad, ran.output)
