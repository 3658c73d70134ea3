"""The planner's page in a real browser: Chromium, headless, driven by Selenium.

The whole job as a planner does it, from the page alone: set up the office, download the
blanks, upload the nine filled files at once, read a rejected file's problems, download its
feedback copy, send a corrected file (dropped on the page), consolidate, download the rekap
(workbook, CSV and LKjIP document).

Skipped when Chromium, chromedriver or Selenium is missing, unless IKU_XLSX_REQUIRE_BROWSER=1
(CI), when that is a failure. One browser serves the whole test session. Screenshots are
taken at the key steps; with IKU_XLSX_SCREENSHOTS=docs they are written into docs/ (the
README's pictures), otherwise into the test's temporary folder.
"""

from __future__ import annotations

import base64
import os
import shutil
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest
from docx import Document

from iku_xlsx.page import Office

from .conftest import UNIT_IDS
from .page_helpers import FAULTS, KESRA_FAULT_CELL, fill_units, running

REQUIRE_VARIABLE = "IKU_XLSX_REQUIRE_BROWSER"
DOCS = Path(__file__).parent.parent / "docs"
WIDTH = 1280


def _missing() -> str | None:
    if shutil.which("chromium") is None and shutil.which("chromium-browser") is None:
        return "chromium is not installed"
    if shutil.which("chromedriver") is None:
        return "chromedriver is not installed"
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed"
    return None


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Chromium for the session; never anything downloaded by Selenium.

    Its profile is outside pytest's temporary folders: Chromium keeps writing there long
    after it started, which a later test looking for files made outside its office folder
    (tests/test_page_office.py) would take for its own."""
    missing = _missing()
    if missing is not None:
        if os.environ.get(REQUIRE_VARIABLE) == "1":
            pytest.fail(f"{REQUIRE_VARIABLE}=1 but {missing}")
        pytest.skip(missing)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or shutil.which("chromium-browser") or ""
    profile = Path(tempfile.mkdtemp(prefix="iku-chromium-"))
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
        f"--window-size={WIDTH},900",
        "--lang=id",
    ):
        options.add_argument(argument)
    options.add_experimental_option("prefs", {"download.prompt_for_download": False})
    service = Service(executable_path=shutil.which("chromedriver") or "")
    driver = webdriver.Chrome(service=service, options=options)
    driver.set_page_load_timeout(120)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def wait_for(condition: Callable[[], Any], timeout: float = 60, what: str = "") -> Any:
    """The condition's value once true; an element replaced as a page loads is tried again."""
    from selenium.common.exceptions import WebDriverException

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            value = condition()
        except WebDriverException:  # stale, not found yet, not of the document any more
            value = None
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what or condition}")


def downloaded(folder: Path, match: Callable[[str], bool], what: str) -> Path:
    """The finished download whose name matches (Chromium writes .crdownload first)."""

    def done() -> Path | None:
        for path in folder.iterdir():
            if match(path.name) and not path.name.endswith(".crdownload"):
                return path
        return None

    return wait_for(done, what=f"the download of {what}")


class Shots:
    """Screenshots of the whole page, into docs/ when asked for (IKU_XLSX_SCREENSHOTS=docs)."""

    def __init__(self, driver: Any, folder: Path):
        self.driver = driver
        self.folder = DOCS if os.environ.get("IKU_XLSX_SCREENSHOTS") == "docs" else folder
        self.taken: list[Path] = []

    def __call__(self, name: str) -> None:
        height = self.driver.execute_script("return document.documentElement.scrollHeight")
        self.driver.set_window_size(WIDTH, min(max(int(height) + 140, 600), 3000))
        path = self.folder / f"page-{name}.png"
        assert self.driver.save_screenshot(str(path)), path
        self.taken.append(path)
        self.driver.set_window_size(WIDTH, 900)


def table_statuses(driver: Any) -> dict[str, str]:
    from selenium.webdriver.common.by import By

    rows = driver.find_elements(By.CSS_SELECTOR, "#tabel-status tr[data-unit]")
    return {row.get_attribute("data-unit"): row.get_attribute("data-status") for row in rows}


def test_the_whole_job_from_the_page(browser, catalog, tmp_path):
    from selenium.webdriver.common.by import By

    driver = browser
    downloads = tmp_path / "unduhan"
    downloads.mkdir()
    driver.execute_cdp_cmd(
        "Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)}
    )
    shots = Shots(driver, tmp_path)
    office = Office(tmp_path / "kerja")

    def click(selector: str) -> None:
        driver.find_element(By.CSS_SELECTOR, selector).click()

    def text() -> str:
        return driver.find_element(By.TAG_NAME, "body").text

    with running(office) as base:
        # the keyed address, as the command prints it: the page asks for the setup
        driver.get(f"{base}/?key={office.planner_key}")
        wait_for(lambda: "/pengaturan" in driver.current_url, what="the setup page")
        assert "Pengaturan kantor" in text() and "Katalog bawaan" in text()
        year = driver.find_element(By.ID, "tahun")
        year.clear()
        year.send_keys("2025")
        assert driver.find_element(By.ID, "katalog-bawaan").is_selected()
        shots("pengaturan")
        click("#simpan-pengaturan")
        wait_for(lambda: "Pengaturan disimpan" in text(), what="the setup saved")
        assert "IKU Kecamatan Candi Laras Selatan" in text() and "Tahun 2025" in text()
        assert set(table_statuses(driver).values()) == {"belum"}

        # the blanks, all nine in one zip
        click("#unduh-blanko")
        archive = downloaded(downloads, lambda n: n.endswith(".zip"), "the blanks")
        assert archive.name == "blanko-cls-2025.zip"
        blanks_dir = tmp_path / "blanko"
        with zipfile.ZipFile(archive) as blanks_zip:
            assert sorted(blanks_zip.namelist()) == sorted(f"cls-2025-{u}.xlsx" for u in UNIT_IDS)
            blanks_zip.extractall(blanks_dir)
        blanks = {u: blanks_dir / f"cls-2025-{u}.xlsx" for u in UNIT_IDS}

        # the unit heads fill them: two with mistakes
        filled = fill_units(catalog, blanks, tmp_path / "masuk", FAULTS)
        corrected = fill_units(catalog, blanks, tmp_path / "perbaikan")

        # all nine at once through the file input
        field = driver.find_element(By.CSS_SELECTOR, "#kirim input[type=file]")
        assert field.get_attribute("multiple") is not None
        field.send_keys("\n".join(str(filled[u]) for u in UNIT_IDS))
        click("#kirim button[type=submit]")
        wait_for(lambda: "kiriman=" in driver.current_url, what="the upload's results")
        wait_for(lambda: driver.find_elements(By.ID, "hasil"), what="the results section")
        rows = driver.find_elements(By.CSS_SELECTOR, "#hasil tr[data-berkas]")
        assert len(rows) == 9
        statuses = table_statuses(driver)
        assert sorted(statuses.values()).count("diterima") == 7
        assert {u for u, s in statuses.items() if s == "ditolak"} == {"KESRA", "EKONOMI"}
        assert "dua belas" in text()  # the rejected files' problems are listed at once
        shots("hasil")

        # a rejected file's problems: sheet, cell, message
        driver.find_element(By.CSS_SELECTOR, "#unit-KESRA td:nth-child(3) a").click()
        wait_for(lambda: "Berkas: cls-2025-KESRA.xlsx" in text(), what="the problems page")
        problem = driver.find_element(By.CSS_SELECTOR, "table.masalah tbody tr")
        cells = [c.text for c in problem.find_elements(By.TAG_NAME, "td")]
        assert cells[1:4] == ["Kasi Kesra", KESRA_FAULT_CELL, "kesalahan"]
        assert 'berisi teks "dua belas"' in cells[4]
        shots("masalah")
        click("#unduh-catatan")
        copy = downloaded(downloads, lambda n: n.endswith("-catatan.xlsx"), "the feedback copy")
        assert copy.name == "cls-2025-KESRA-catatan.xlsx"
        book = openpyxl.load_workbook(copy)
        assert book.sheetnames[0] == "Catatan Pemeriksaan"
        notes = " ".join(str(c.value) for row in book.worksheets[0].iter_rows() for c in row)
        assert KESRA_FAULT_CELL in notes and "dua belas" in notes

        # the corrected file, dropped on the page (drag and drop, as the script handles it)
        driver.get(f"{base}/")
        ready = "return document.documentElement.dataset.siap"
        wait_for(lambda: driver.execute_script(ready), what="the page's script")
        data = base64.b64encode(corrected["KESRA"].read_bytes()).decode()
        driver.execute_script(
            """
            const bytes = Uint8Array.from(atob(arguments[0]), (c) => c.charCodeAt(0));
            const file = new File([bytes], arguments[1]);
            const transfer = new DataTransfer();
            transfer.items.add(file);
            const zone = document.querySelector("#kirim .seret");
            zone.dispatchEvent(new DragEvent("drop", {dataTransfer: transfer, bubbles: true}));
            """,
            data,
            "cls-2025-KESRA.xlsx",
        )
        wait_for(lambda: "kiriman=" in driver.current_url, what="the dropped file's results")
        wait_for(lambda: driver.find_elements(By.ID, "hasil"), what="the results section")
        statuses = table_statuses(driver)
        assert statuses["KESRA"] == "diterima" and statuses["EKONOMI"] == "ditolak"
        assert sorted(statuses.values()).count("diterima") == 8

        # a unit head's own page, through the link the table gives
        link = driver.find_element(By.ID, "tautan-PERKEU").get_attribute("value")
        assert link.startswith(f"{base}/unit/PERKEU?key=")
        driver.get(link)
        assert "Kirim laporan IKU: Kasubbag Perencanaan dan Keuangan" in text()
        driver.find_element(By.CSS_SELECTOR, "input[type=file]").send_keys(str(corrected["PERKEU"]))
        click("button[type=submit]")
        wait_for(lambda: driver.find_elements(By.ID, "hasil"), what="the unit's results")
        assert "diterima" in driver.find_element(By.ID, "hasil").text
        shots("unit")

        # consolidate and download the kecamatan workbook and the CSV
        driver.get(f"{base}/")
        shots("status")
        click("#buat-rekap")
        wait_for(lambda: "Rekap kecamatan, dibuat" in text(), what="the rekap page")
        assert "EKONOMI" in text()  # its latest file is rejected: said in the notes
        shots("rekap")
        click("#unduh-rekap-xlsx")
        workbook = downloaded(downloads, lambda n: n.startswith("rekap-"), "the workbook")
        click("#unduh-rekap-csv")
        csv = downloaded(downloads, lambda n: n.endswith(".csv"), "the CSV")
        click("#unduh-rekap-lkjip")
        lkjip = downloaded(downloads, lambda n: n.endswith(".docx"), "the LKjIP document")

    assert workbook.name.startswith("rekap-cls-2025-") and workbook.suffix == ".xlsx"
    sheets = openpyxl.load_workbook(workbook, read_only=True).sheetnames
    assert "Ringkasan" in sheets and "Rekap IKU" in sheets
    table = pd.read_csv(csv)
    assert len(table) == 29 * 5
    assert set(table["kecamatan"]) == {"Candi Laras Selatan"} and set(table["year"]) == {2025}
    assert sorted(table["period"].unique()) == ["TW1", "TW2", "TW3", "TW4", "YEAR"]
    reported = table[table["period"] == "TW1"].set_index("indicator_id")["numerator"]
    assert pd.notna(reported["KESRA_2"]) and pd.notna(reported["PERKEU_1"])
    assert pd.isna(reported["EKONOMI_1"])  # EKONOMI's file was rejected: not consolidated
    assert lkjip.stem == workbook.stem  # the same consolidation's
    header = [cell.text for cell in Document(str(lkjip)).tables[0].rows[0].cells]
    assert header[:3] == ["No", "Sasaran", "Indikator Kinerja"]
    assert len(shots.taken) == 6 and all(p.stat().st_size > 10_000 for p in shots.taken)
