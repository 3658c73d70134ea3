"""The planner's page, library first: setup, receiving, statuses, history, consolidation."""

from __future__ import annotations

import hashlib
import math
import random
import sqlite3
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
import yaml
from docx import Document

from iku_xlsx import CatalogError, load_catalog, write_catalog_workbook, write_workbook
from iku_xlsx.page import Office, UploadedCatalog
from iku_xlsx.settings import Settings, SettingsError, load_settings, save_settings

from .conftest import UNIT_IDS
from .libreoffice import convert
from .page_helpers import (
    KESRA_FAULT_CELL,
    builtin_catalog_yaml,
    unit_values,
    zip_bomb,
)
from .workbooks import fill

YEAR = 2025


@pytest.fixture(scope="module")
def combined(catalog, tmp_path_factory) -> Path:
    """One workbook holding every unit, filled validly."""
    folder = tmp_path_factory.mktemp("combined")
    blank = write_workbook(folder / "cls-2025-gabungan-blanko.xlsx", catalog, catalog.units)
    rng = random.Random(11)
    values: dict[str, object] = {}
    for unit in catalog.units:
        values |= unit_values(catalog, unit.id, rng)
    fill(blank, folder / "cls-2025-gabungan.xlsx", values)
    return folder / "cls-2025-gabungan.xlsx"


def statuses(office: Office) -> dict[str, str]:
    return {unit.unit_id: unit.status for unit in office.status().units}


def send(office: Office, *paths: Path, via: str | None = None):
    return office.receive_all([(p.name, p.read_bytes()) for p in paths], via_unit=via)


def outside_files(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*")}


# --- setup and settings -----------------------------------------------------------------------


def test_setup_writes_the_settings_and_a_new_office_reads_them(tmp_path):
    folder = tmp_path / "kerja"
    office = Office(folder)
    assert not office.is_set_up and load_settings(folder) is None
    office.setup(None, YEAR)
    assert load_settings(folder) == Settings(year=YEAR, catalog=None)
    text = (folder / "iku-xlsx.yaml").read_text(encoding="utf-8")
    assert yaml.safe_load(text) == {"year": 2025}
    again = Office(folder)
    assert again.is_set_up and again.year == YEAR
    assert again.catalog.kecamatan.name == "Candi Laras Selatan"
    assert [u.unit_id for u in again.status().units] == UNIT_IDS
    assert again.planner_key == office.planner_key  # kept: bookmarks survive restarts
    assert len(office.planner_key) >= 43


def test_an_uploaded_catalog_is_validated_and_kept_as_received(tmp_path):
    builtin = builtin_catalog_yaml(tmp_path)
    text = builtin.replace("name: Candi Laras Selatan", "name: Tapin Selatan", 1)
    assert text != builtin
    office = Office(tmp_path / "kerja")
    office.setup(UploadedCatalog("../../kantor saya.yaml", text.encode()), 2026)
    assert (tmp_path / "kerja" / "katalog.yaml").read_bytes() == text.encode()
    assert load_settings(tmp_path / "kerja") == Settings(year=2026, catalog="katalog.yaml")
    assert office.status().kecamatan == "Tapin Selatan" and office.status().year == 2026
    assert not (tmp_path / "kantor saya.yaml").exists()
    # another catalog later: kept beside the first, which is not overwritten
    other = text.replace("Tapin Selatan", "Tapin Utara", 1).encode()
    office.setup(UploadedCatalog("lain.yaml", other), 2026)
    assert (tmp_path / "kerja" / "katalog.yaml").read_bytes() == text.encode()
    assert (tmp_path / "kerja" / "katalog-2.yaml").read_bytes() == other
    assert Office(tmp_path / "kerja").catalog.kecamatan.name == "Tapin Utara"


def test_an_invalid_catalog_is_refused_naming_the_file_as_sent(tmp_path):
    office = Office(tmp_path / "kerja")
    office.setup(None, YEAR)
    before = outside_files(tmp_path)
    with pytest.raises(CatalogError) as caught:
        office.setup(UploadedCatalog("kantor.yaml", b"catalog_id: X\nunits: []\n"), YEAR)
    assert caught.value.problems and all(p.file == "kantor.yaml" for p in caught.value.problems)
    assert outside_files(tmp_path) == before  # nothing kept, no temporary left
    assert load_settings(tmp_path / "kerja") == Settings(year=YEAR)
    with pytest.raises(ValueError, match="2000 dan 2100"):
        office.setup(None, 1999)


def _catalog_workbook(tmp_path: Path, **cells) -> bytes:
    """The built-in catalog as a workbook, with cells set: {"Kantor!B7": "Tapin Selatan"}."""
    book = openpyxl.load_workbook(write_catalog_workbook(tmp_path / "contoh.xlsx", load_catalog()))
    for where, value in cells.items():
        sheet, cell = where.split("!")
        book[sheet][cell] = value
    book.save(tmp_path / "contoh.xlsx")
    return (tmp_path / "contoh.xlsx").read_bytes()


def test_an_uploaded_catalog_workbook_is_validated_and_kept_as_received(tmp_path):
    data = _catalog_workbook(tmp_path, **{"Kantor!B7": "Tapin Selatan"})
    office = Office(tmp_path / "kerja")
    office.setup(UploadedCatalog("katalog kantor.xlsx", data), 2026)
    assert (tmp_path / "kerja" / "katalog.xlsx").read_bytes() == data
    assert load_settings(tmp_path / "kerja") == Settings(year=2026, catalog="katalog.xlsx")
    again = Office(tmp_path / "kerja")
    assert again.catalog.kecamatan.name == "Tapin Selatan" and again.year == 2026
    assert [u.unit_id for u in again.status().units] == UNIT_IDS
    # downloaded again to edit: the catalog in use, as a workbook
    name, downloaded = again.catalog_workbook()
    assert name == "katalog-cls.xlsx"
    (tmp_path / "lagi.xlsx").write_bytes(downloaded)
    assert load_catalog(tmp_path / "lagi.xlsx") == again.catalog


def test_a_faulty_catalog_workbook_is_refused_at_its_sheet_and_cell(tmp_path):
    office = Office(tmp_path / "kerja")
    office.setup(None, YEAR)
    before = outside_files(tmp_path)
    for data, expected in (
        (
            _catalog_workbook(tmp_path, **{"Indikator!F4": "hitungan", "Unit!A4": "SEKCAM"}),
            [  # in the workbook's order
                ("Unit", "A4", "catalog-duplicate-id"),
                ("Indikator", "F4", "catalog-field"),
            ],
        ),
        (zip_bomb(60), [(None, None, "zip-bomb")]),
    ):
        with pytest.raises(CatalogError) as caught:
            office.setup(UploadedCatalog("kantor.xlsx", data), YEAR)
        problems = caught.value.problems
        assert [(p.sheet, p.cell, p.code) for p in problems][: len(expected)] == expected
        assert all(p.file == "kantor.xlsx" for p in problems)  # as sent, not as tried
    assert outside_files(tmp_path) == before | {"contoh.xlsx"}  # nothing kept, no temporary
    assert office.catalog.kecamatan.name == "Candi Laras Selatan"


def test_a_broken_settings_file_is_said_and_the_office_asks_again(tmp_path):
    folder = tmp_path / "kerja"
    folder.mkdir()
    (folder / "iku-xlsx.yaml").write_text("year: 2025\ncatalgo: x.yaml\n", encoding="utf-8")
    with pytest.raises(SettingsError, match="catalgo"):
        load_settings(folder)
    office = Office(folder)
    assert not office.is_set_up and "catalgo" in (office.settings_problem or "")
    (folder / "iku-xlsx.yaml").write_text("year: 1990\n", encoding="utf-8")
    with pytest.raises(SettingsError, match="year"):
        load_settings(folder)
    save_settings(folder, Settings(year=2030, catalog="k.yaml"))
    assert load_settings(folder) == Settings(year=2030, catalog="k.yaml")
    assert Settings(year=2030, catalog="k.yaml").catalog_path(folder) == folder / "k.yaml"


def test_configure_from_the_command_options(tmp_path, filled):
    office = Office(tmp_path / "kerja")
    office.configure(None, None)
    assert not office.is_set_up
    office.configure(None, 2024)
    assert load_settings(tmp_path / "kerja") == Settings(year=2024)
    own = tmp_path / "kantor.yaml"
    own.write_text(builtin_catalog_yaml(tmp_path), encoding="utf-8")
    office.configure(own, None)  # the year is kept
    assert load_settings(tmp_path / "kerja") == Settings(year=2024, catalog="katalog.yaml")
    office.configure(None, 2025)  # the catalog is kept
    assert load_settings(tmp_path / "kerja") == Settings(year=2025, catalog="katalog.yaml")
    fresh = Office(tmp_path / "baru")
    fresh.configure(own, None)  # no settings: the catalog's own year
    assert fresh.year == 2020


# --- receiving ------------------------------------------------------------------------------


def test_every_status_is_reached(office, filled, faulty, combined):
    assert set(statuses(office).values()) == {"belum"}
    # ditolak: the latest file holding the unit has errors
    (kesra,) = send(office, faulty["KESRA"])
    assert (kesra.status, kesra.unit_id, kesra.errors) == ("ditolak", "KESRA", 1)
    assert kesra.problems[0].code == "not-a-number"
    assert (kesra.problems[0].sheet, kesra.problems[0].cell) == ("Kasi Kesra", KESRA_FAULT_CELL)
    assert kesra.problems[0].file == "cls-2025-KESRA.xlsx"  # as sent, not as kept
    # diterima
    (ekonomi,) = send(office, filled["EKONOMI"])
    assert (ekonomi.status, ekonomi.errors) == ("diterima", 0)
    assert statuses(office) == {u: "belum" for u in UNIT_IDS} | {
        "KESRA": "ditolak",
        "EKONOMI": "diterima",
    }
    # a combined workbook received later holds every unit: it is the latest for each
    (everything,) = send(office, combined)
    assert everything.units == tuple(UNIT_IDS) and everything.unit_id is None
    assert everything.status == "diterima"
    assert set(statuses(office).values()) == {"diterima"}
    # konflik: a unit's own file after the combined one; both would be consolidated
    (own,) = send(office, filled["PERKEU"])
    assert own.status == "konflik"
    state = {u.unit_id: u for u in office.status().units}
    assert state["PERKEU"].status == "konflik"
    assert sorted(state["PERKEU"].conflicts) == ["cls-2025-PERKEU.xlsx", "cls-2025-gabungan.xlsx"]
    assert {u for u, s in statuses(office).items() if s != "diterima"} == {"PERKEU"}
    # a new combined workbook settles it
    send(office, combined)
    assert set(statuses(office).values()) == {"diterima"}


def test_two_accepted_files_of_one_unit_in_one_upload_are_a_conflict(
    office, filled, catalog, tmp_path
):
    other = tmp_path / "cls-2025-UMPEG-perbaikan.xlsx"
    values = unit_values(catalog, "UMPEG", random.Random(99))
    fill(filled["UMPEG"], other, values)
    assert other.read_bytes() != filled["UMPEG"].read_bytes()
    receipts = send(office, filled["UMPEG"], other, filled["SEKCAM"])
    assert [r.status for r in receipts] == ["konflik", "konflik", "diterima"]
    assert statuses(office)["UMPEG"] == "konflik"
    # the same bytes twice in one upload are one file: no conflict
    send(office, filled["UMPEG"], filled["UMPEG"])
    assert statuses(office)["UMPEG"] == "diterima"
    # one of the two alone, in an upload of its own, settles it
    send(office, other)
    assert statuses(office)["UMPEG"] == "diterima"


def test_the_same_bytes_are_kept_once_and_recorded_twice(office, filled):
    first = send(office, filled["TRANTIB"])[0]
    second = office.receive("salinan.xlsx", filled["TRANTIB"].read_bytes())
    assert (
        first.sha256 == second.sha256 == hashlib.sha256(filled["TRANTIB"].read_bytes()).hexdigest()
    )
    assert first.id != second.id
    kept = list((office.folder / "diterima").iterdir())
    assert [p.name for p in kept] == [f"{first.sha256}.xlsx"]
    assert kept[0].read_bytes() == filled["TRANTIB"].read_bytes()
    assert [r.file for r in office.history("TRANTIB")] == ["salinan.xlsx", "cls-2025-TRANTIB.xlsx"]
    assert office.original_path(second.id) == kept[0]


def test_sent_names_are_data_never_paths(office, filled, tmp_path):
    before = outside_files(tmp_path.parent)
    data = filled["UMPEG"].read_bytes()
    names = [
        "../../etc/passwd.xlsx",
        "..\\..\\x.xlsx",
        "/etc/cron.d/iku.xlsx",
        "C:\\Windows\\a.xlsx",
    ]
    receipts = office.receive_all([(name, data) for name in names])
    assert [r.file for r in receipts] == names
    assert {r.status for r in receipts} == {"diterima"}
    created = outside_files(tmp_path.parent) - before
    assert all(p.startswith(str(Path(tmp_path.name) / "kerja")) for p in created), created
    assert {p.name for p in (office.folder / "diterima").iterdir()} == {
        f"{receipts[0].sha256}.xlsx"
    }
    assert not Path("/etc/cron.d/iku.xlsx").exists()


def test_a_unit_link_takes_that_units_workbooks_only(office, filled, combined):
    (wrong,) = send(office, filled["EKONOMI"], via="KESRA")
    assert wrong.status == "ditolak" and wrong.units == ("KESRA",)
    assert [p.code for p in wrong.problems] == ["not-this-unit"]
    assert "EKONOMI" in wrong.problems[0].message and "KESRA" in wrong.problems[0].message
    (everything,) = send(office, combined, via="KESRA")  # a combined workbook holds others too
    assert everything.status == "ditolak" and everything.problems[-1].code == "not-this-unit"
    assert statuses(office) == {u: "belum" for u in UNIT_IDS} | {"KESRA": "ditolak"}
    (right,) = send(office, filled["KESRA"], via="KESRA")
    assert (right.status, right.via) == ("diterima", "KESRA")
    assert statuses(office)["KESRA"] == "diterima"
    assert (office.folder / "diterima" / f"{wrong.sha256}.xlsx").exists()  # kept all the same
    with pytest.raises(KeyError):
        office.receive("x.xlsx", b"x", via_unit="NOSUCH")


def test_refused_files_are_recorded_and_kept(office):
    bomb = zip_bomb()
    (receipt,) = office.receive_all([("cls-2025-TRANTIB.xlsx", bomb)])
    assert receipt.status == "ditolak" and [p.code for p in receipt.problems] == ["zip-bomb"]
    assert receipt.units == ("TRANTIB",)  # unreadable: the unit its name carries
    assert (office.folder / "diterima" / f"{receipt.sha256}.xlsx").read_bytes() == bomb
    assert statuses(office)["TRANTIB"] == "ditolak"
    (junk,) = office.receive_all([("catatan rapat.docx", b"not a workbook")])
    assert junk.units == () and junk.problems[0].code == "not-a-workbook"
    assert statuses(office)["TRANTIB"] == "ditolak"  # a file of no unit changes nothing


def test_a_file_over_50_mb_is_refused_and_not_kept(office):
    big = b"PK" + bytes(50 * 1024**2)
    (receipt,) = office.receive_all([("besar.xlsx", big)])
    assert receipt.status == "ditolak" and receipt.problems[0].code == "too-large"
    assert "50 MB" in receipt.problems[0].message and receipt.size == len(big)
    assert not receipt.kept and list((office.folder / "diterima").iterdir()) == []


def test_an_opendocument_file_is_kept_under_its_kind(require_libreoffice, office, filled, tmp_path):
    (ods,) = convert([filled["SEKCAM"]], tmp_path / "ods", tmp_path / "profile", to="ods")
    (receipt,) = send(office, ods)
    assert receipt.status == "diterima", receipt.problems
    assert (office.folder / "diterima" / f"{receipt.sha256}.ods").exists()
    assert not (office.folder / "diterima" / f"{receipt.sha256}.xlsx").exists()


def test_statuses_are_the_same_after_a_restart(office, filled, faulty, combined):
    send(office, *faulty.values())
    send(office, combined)
    send(office, faulty["KESRA"], filled["PERKEU"])
    before = office.status().to_dict()
    history = [r.to_dict() for r in office.history("KESRA")]
    again = Office(office.folder)
    assert again.status().to_dict() == before
    assert [r.to_dict() for r in again.history("KESRA")] == history
    assert {u["unit_id"]: u["status"] for u in before["units"]} == {
        u: "diterima" for u in UNIT_IDS
    } | {
        "KESRA": "ditolak",
        "PERKEU": "konflik",
    }


def test_a_new_year_has_its_own_statuses(office, filled):
    send(office, filled["CAMAT"])
    assert statuses(office)["CAMAT"] == "diterima"
    office.setup(None, 2026)
    assert set(statuses(office).values()) == {"belum"}
    (late,) = send(office, filled["CAMAT"])  # a 2025 workbook, checked for 2026
    assert late.status == "ditolak" and "wrong-year" in [p.code for p in late.problems]
    office.setup(None, YEAR)
    assert statuses(office)["CAMAT"] == "diterima"


def test_next_year_s_targets_added_to_the_catalog_keep_this_year_s_statuses(office, filled):
    """The planner writes 2026's targets into the catalog in January and sets it up again:
    the 2025 files received stay received (their check is the same), also those recorded
    before the page recorded the year's fingerprint alone; a new file is still known."""
    send(office, *(filled[unit] for unit in ("CAMAT", "SEKCAM")))
    data = yaml.safe_load(load_catalog().model_dump_json())
    data["units"][1]["sasaran"][0]["indicators"][0]["targets"] = {2026: 100}
    text = yaml.safe_dump(data, allow_unicode=True).encode()
    office.setup(UploadedCatalog("katalog-2026.yaml", text), YEAR)
    assert office.catalog.fingerprint() != load_catalog().fingerprint()
    assert statuses(office) == {
        unit: "diterima" if unit in ("CAMAT", "SEKCAM") else "belum" for unit in UNIT_IDS
    }
    with sqlite3.connect(office.folder / "iku.sqlite") as connection:  # as written before
        connection.execute("UPDATE receipts SET catalog = ?", (office.catalog.fingerprint(),))
    connection.close()
    reopened = Office(office.folder)
    assert statuses(reopened)["CAMAT"] == "diterima"
    (late,) = send(reopened, filled["UMPEG"])
    assert late.status == "diterima", late.problems
    assert statuses(reopened)["UMPEG"] == "diterima"


# --- blanks, feedback, consolidation ------------------------------------------------------------


def test_blanks_zip_holds_one_blank_per_unit(office):
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(office.blanks_zip())) as archive:
        assert archive.namelist() == [f"cls-2025-{u}.xlsx" for u in UNIT_IDS]
    assert office.blank("KESRA").name == "cls-2025-KESRA.xlsx"
    first = office.blank("KESRA").read_bytes()
    assert office.blank("KESRA").read_bytes() == first  # written once per setup


def test_feedback_copies_of_faulty_files(office, faulty):
    kesra, camat = send(office, faulty["KESRA"], faulty["CAMAT"])
    copy = office.feedback_path(kesra.id)
    assert kesra.has_feedback and copy is not None and copy.is_relative_to(office.folder)
    import openpyxl

    book = openpyxl.load_workbook(copy)
    assert book.sheetnames[0] == "Catatan Pemeriksaan"
    assert camat.errors == 0
    assert office.feedback_path(999) is None


def test_consolidation_uses_the_latest_accepted_file_of_each_unit(office, filled, faulty):
    send(office, *filled.values())
    send(office, faulty["KESRA"])  # rejected later: the earlier accepted file is used
    state = {u.unit_id: u for u in office.status().units}
    assert state["KESRA"].status == "ditolak" and state["KESRA"].used == "cls-2025-KESRA.xlsx"
    first = office.consolidate()
    assert first.workbook.parent == office.folder / "rekap"
    assert first.workbook.name.startswith("rekap-cls-2025-") and first.workbook.suffix == ".xlsx"
    table = pd.read_csv(first.csv)
    assert len(table) == 29 * 5
    assert set(table["kecamatan"]) == {"Candi Laras Selatan"} and set(table["year"]) == {2025}
    kesra = table[(table["unit_id"] == "KESRA") & (table["period"] == "TW1")]
    assert kesra["numerator"].notna().all()  # the earlier file's figures
    codes = [p.code for p in first.problems]
    assert "earlier-file-used" in codes and "unit-missing" not in codes
    assert len(first.receipts) == 9
    size = first.workbook.stat().st_size
    second = office.consolidate()  # never over the first
    assert second.workbook != first.workbook and second.csv != first.csv
    assert first.workbook.stat().st_size == size
    assert [r.id for r in office.rekaps()] == [second.id, first.id]


def test_consolidation_of_a_conflict_names_the_files_as_sent(office, filled, combined):
    send(office, combined)
    send(office, filled["PERKEU"])
    made = office.consolidate()
    conflicts = [p for p in made.problems if p.code == "unit-conflict"]
    assert len(conflicts) == 1 and "PERKEU" in conflicts[0].message
    assert "cls-2025-gabungan.xlsx" in conflicts[0].message
    assert "cls-2025-PERKEU.xlsx" in conflicts[0].message
    assert not any(len(p.file) > 60 for p in made.problems)  # no sha256 names


def test_unit_keys_are_per_unit_and_stable(office):
    keys = {u: office.unit_link_key(u) for u in UNIT_IDS}
    assert len(set(keys.values())) == 9 and office.planner_key not in keys.values()
    assert office.identify(keys["KESRA"]).unit_id == "KESRA"
    assert office.identify(office.planner_key).is_planner
    assert office.identify("salah") is None and office.identify("") is None
    assert office.identify(office.planner_key + "x") is None
    assert Office(office.folder).unit_link_key("KESRA") == keys["KESRA"]
    with pytest.raises(KeyError):
        office.unit_link_key("NOSUCH")


# --- earlier years' rekap files and the LKjIP ---------------------------------------------------


def data_sheet_year(workbook: Path) -> dict[str, tuple[object, object]]:
    """What a consolidated workbook's Data sheet says of each indicator's year, read with
    openpyxl: (realisation, capaian), None where empty."""
    book = openpyxl.load_workbook(workbook, read_only=True)
    rows = list(book["Data"].iter_rows(values_only=True))
    book.close()
    column = {name: k for k, name in enumerate(rows[0])}
    return {
        str(row[column["indicator_id"]]): (row[column["value"]], row[column["achievement"]])
        for row in rows[1:]
        if row[column["period"]] == "YEAR"
    }


def indonesian(value: object, decimals: int) -> str:
    """A figure as an Indonesian document writes it: half up, a dot between thousands, a
    decimal comma; "-" for none."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    rounded = Decimal(f"{value:.15g}").quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)
    whole, _, fraction = f"{abs(rounded):,.{decimals}f}".partition(".")
    sign = "-" if rounded < 0 else ""
    return sign + whole.replace(",", ".") + ("," + fraction if fraction else "")


def lkjip_last_year(document: Path) -> dict[str, tuple[str, str]]:
    """The first table of an LKjIP document, read with python-docx: by indicator name, what
    its columns "Realisasi tahun lalu" and "Capaian tahun lalu (%)" say."""
    table = Document(str(document)).tables[0]
    header = [cell.text for cell in table.rows[0].cells]
    name = header.index("Indikator Kinerja")
    value, capaian = header.index("Realisasi tahun lalu"), header.index("Capaian tahun lalu (%)")
    rows = [[cell.text for cell in row.cells] for row in table.rows[1:]]
    return {row[name]: (row[value], row[capaian]) for row in rows}


def test_last_years_rekap_fills_last_years_columns_and_the_lkjip(
    office, filled, earlier_rekap, catalog
):
    """A 2024 rekap workbook received: kept as received, read as 2024 of this kecamatan, and
    every consolidation then carries 2024's realisation and capaian as its Data sheet says
    them, in the tidy table and in the LKjIP document written beside the workbook."""
    send(office, *filled.values())
    data = earlier_rekap["xlsx"].read_bytes()
    (received,) = office.receive_previous([("rekap 2024 dari halaman.xlsx", data)])
    assert (received.status, received.year, received.years) == ("diterima", 2024, (2024,))
    assert received.kecamatan == "Candi Laras Selatan" and received.problems == []
    kept = office.folder / "sebelumnya" / f"{hashlib.sha256(data).hexdigest()}.xlsx"
    assert kept.read_bytes() == data and office.previous_path(received.id) == kept
    assert [f.id for f in office.previous_files()] == [received.id]

    made = office.consolidate()
    assert [f.file for f in made.previous] == ["rekap 2024 dari halaman.xlsx"]
    assert not [p for p in made.problems if p.code.startswith("previous")], made.problems
    assert made.lkjip == made.workbook.with_suffix(".docx") and made.lkjip.is_file()
    assert office.rekap_file(made.id, "docx") == made.lkjip

    said = data_sheet_year(earlier_rekap["xlsx"])  # what the file received says
    table = pd.read_csv(made.csv)
    year = table[table["period"] == "YEAR"].set_index("indicator_id")
    compared = 0
    for indicator_id, (value, capaian) in said.items():
        got_value = year.at[indicator_id, "previous_value"]
        got_capaian = year.at[indicator_id, "previous_achievement"]
        if value is None:
            assert pd.isna(got_value), indicator_id
            continue
        assert math.isclose(got_value, value, rel_tol=1e-9, abs_tol=1e-9), indicator_id
        assert math.isclose(got_capaian, capaian, rel_tol=1e-9, abs_tol=1e-9), indicator_id
        compared += 1
    assert compared >= 25 and year["previous_value"].notna().sum() == compared

    document = lkjip_last_year(made.lkjip)
    names = {indicator.id: indicator.name for indicator in catalog.indicators}
    for indicator in catalog.indicators:
        value, capaian = said[indicator.id]
        decimals = 0 if indicator.kind.value == "count" else 2
        assert document[indicator.name] == (indonesian(value, decimals), indonesian(capaian, 2))
    # a few by hand, as the file has them: a decimal comma, a dot between thousands
    assert said["CAMAT_1"][0] == pytest.approx(59.7222222, abs=1e-6)
    assert document[names["CAMAT_1"]][0] == "59,72"
    assert said["TRANTIB_2"] == (16, 1600)
    assert document[names["TRANTIB_2"]] == ("16", "1.600,00")


def test_wrong_earlier_files_are_refused_in_bahasa_indonesia_and_not_used(
    office, filled, earlier_rekap, tmp_path
):
    send(office, *filled.values())
    this_year = office.consolidate()  # this year's own rekap, sent back by mistake
    stranger_csv = earlier_rekap["csv"].read_text(encoding="utf-8")
    stranger_csv = stranger_csv.replace("Candi Laras Selatan", "Binuang")
    sent = [
        ("rekap-binuang-2024.xlsx", earlier_rekap["stranger"].read_bytes()),
        ("rekap-binuang-2024.csv", stranger_csv.encode()),
        ("rekap-2025.xlsx", this_year.workbook.read_bytes()),
        ("rekap-2024.xlsx", b"bukan buku kerja"),
        ("rekap-2024.csv", b"tahun;nilai\n2024;5\n"),
        ("rekap-2024-kesra.xlsx", filled["KESRA"].read_bytes()),  # a unit's, not a rekap
        ("rekap-2024-rusak.xlsx", zip_bomb()),  # through the gate as any workbook
    ]
    received = office.receive_previous(sent)
    assert [r.file for r in received] == [name for name, _ in sent]
    assert {(r.status, r.year, r.years, r.kecamatan) for r in received} == {
        ("ditolak", None, (), None)
    }
    says = [" ".join(p.message for p in r.problems) for r in received]
    assert "rekap tahun 2024 untuk Kecamatan Binuang, bukan kecamatan ini" in says[0]
    assert "Kecamatan Binuang; rekap ini untuk Kecamatan Candi Laras Selatan" in says[1]
    assert "data tahun 2025, padahal rekap ini tahun 2025" in says[2]
    assert received[3].problems[0].code == "not-a-workbook"
    assert "bukan tabel rapi iku_xlsx" in says[4]
    assert "bukan rekap kecamatan" in says[5]
    assert received[6].problems[0].code == "zip-bomb"
    for r in received:
        assert "previous-rejected" in [p.code for p in r.problems] or r.errors
        assert all(p.file == r.file for p in r.problems)  # as sent, never as kept
    for (_, data), r in zip(sent, received, strict=True):  # kept all the same, as received
        assert office.previous_path(r.id).read_bytes() == data

    made = office.consolidate()
    assert made.previous == [] and not [p for p in made.problems if p.code.startswith("prev")]
    table = pd.read_csv(made.csv)
    assert table["previous_value"].isna().all()
    assert set(lkjip_last_year(made.lkjip).values()) == {("-", "-")}


def test_a_later_file_for_a_year_replaces_the_earlier_one(office, earlier_rekap):
    workbook, csv = earlier_rekap["xlsx"], earlier_rekap["csv"]
    (first,) = office.receive_previous([(workbook.name, workbook.read_bytes())])
    assert first.status == "diterima"
    (second,) = office.receive_previous([(csv.name, csv.read_bytes())])
    assert (second.status, second.years) == ("diterima", (2024,))
    first_now, second_now = office.previous_files()[::-1]
    assert (first_now.status, first_now.replaced_by) == ("diganti", csv.name)
    assert second_now.status == "diterima"
    made = office.consolidate()  # one file for 2024: never both, never chosen silently
    assert [f.file for f in made.previous] == [csv.name]
    assert not [p for p in made.problems if p.code.startswith("previous")]
    assert pd.read_csv(made.csv)["previous_value"].notna().sum() >= 25


def test_an_earlier_file_over_50_mb_is_refused_and_not_kept(office):
    (big,) = office.receive_previous([("rekap-2024.csv", b"a" * (50 * 1024**2 + 1))])
    assert big.status == "ditolak" and [p.code for p in big.problems] == ["too-large"]
    assert not big.kept and list((office.folder / "sebelumnya").iterdir()) == []
    assert office.previous_path(big.id) is None


VERSION_1 = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE consolidations (
    id INTEGER PRIMARY KEY AUTOINCREMENT, made TEXT NOT NULL, catalog TEXT NOT NULL,
    year INTEGER NOT NULL, workbook TEXT NOT NULL, csv TEXT NOT NULL,
    receipts TEXT NOT NULL, problems TEXT NOT NULL
);
INSERT INTO meta VALUES ('schema', '1'), ('planner_key', 'kunci-lama');
"""


def test_a_folder_made_before_the_lkjip_opens_and_its_old_rekaps_have_none(tmp_path):
    """A working folder whose database is of version 1 (no LKjIP, no earlier years): opened,
    its rekaps still there without an LKjIP, the next one with it."""
    folder = tmp_path / "kerja"
    Office(folder).setup(None, YEAR)  # the settings; then the database as version 1 made it
    for name in ("iku.sqlite", "iku.sqlite-wal", "iku.sqlite-shm"):
        (folder / name).unlink(missing_ok=True)
    fingerprint = load_catalog(year=YEAR).fingerprint()
    (folder / "rekap" / "lama.xlsx").write_bytes(b"PK lama")
    (folder / "rekap" / "lama.csv").write_text("kecamatan\n", encoding="utf-8")
    with sqlite3.connect(folder / "iku.sqlite") as connection:
        connection.executescript(VERSION_1)
        connection.execute(
            "INSERT INTO consolidations (made, catalog, year, workbook, csv, receipts, problems)"
            " VALUES ('2025-06-01T10:00:00+08:00', ?, 2025, 'rekap/lama.xlsx', 'rekap/lama.csv',"
            " '[]', '[]')",
            (fingerprint,),
        )
    connection.close()
    office = Office(folder)
    assert office.planner_key == "kunci-lama"  # the bookmarks still open it
    (old,) = office.rekaps()
    assert old.lkjip is None and old.previous == []
    assert office.rekap_file(old.id, "docx") is None
    assert office.rekap_file(old.id, "xlsx") == folder / "rekap" / "lama.xlsx"
    new = office.consolidate()
    assert new.lkjip is not None and new.lkjip.is_file()
    again = Office(folder)  # opened again: nothing to add twice
    assert [r.lkjip for r in again.rekaps()] == [new.lkjip, None]
    with sqlite3.connect(folder / "iku.sqlite") as connection:
        (schema,) = connection.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
    connection.close()
    assert schema == "2"
