"""The planner's page through Flask's test client: keys, unit links, CSRF, limits, the API."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import openpyxl
import pytest
from docx import Document
from flask.testing import FlaskClient

from iku_xlsx import load_catalog
from iku_xlsx.page import Office, create_app

from .conftest import UNIT_IDS
from .page_helpers import KESRA_FAULT_CELL, zip_bomb

ORIGIN = "http://localhost"  # the test client's host
PROBLEM_KEYS = {"file", "sheet", "cell", "severity", "code", "message", "location"}


@pytest.fixture
def client(office) -> FlaskClient:
    return create_app(office).test_client()


def key(office: Office) -> dict[str, str]:
    return {"X-IKU-Key": office.planner_key}


def files(*paths: Path, names: list[str] | None = None) -> dict[str, list]:
    names = names or [p.name for p in paths]
    return {"files": [(io.BytesIO(p.read_bytes()), n) for p, n in zip(paths, names, strict=True)]}


def form(office: Office, **fields) -> dict:
    return {"csrf": office.csrf_token(office.identify(office.planner_key)), **fields}


# --- the key ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    ["/", "/api/status", "/static/page.css", "/unduh/blanko.zip", "/berkas/1", "/tidak-ada"],
)
def test_without_a_key_only_a_page_saying_so(client, path):
    answer = client.get(path)
    assert answer.status_code == 403
    text = answer.get_data(as_text=True)
    if path.startswith("/api/"):
        assert "kunci" in answer.json["error"]
    else:
        assert "Akses ditolak" in text and "kunci" in text
        assert "Candi Laras" not in text  # nothing of the office
    assert client.get(path, headers={"X-IKU-Key": "salah"}).status_code == 403
    assert client.get(path + "?key=salah").status_code == 403


def test_a_wrong_key_is_refused_on_every_method(client, office, filled):
    assert client.post("/api/upload", data=files(filled["KESRA"])).status_code == 403
    assert client.post("/api/consolidate", headers={"X-IKU-Key": "x" * 43}).status_code == 403
    assert not list((office.folder / "diterima").iterdir())  # nothing was received


def test_the_key_by_header_query_or_cookie(client, office):
    assert client.get("/api/status", headers=key(office)).status_code == 200
    assert client.get(f"/api/status?key={office.planner_key}").status_code == 200
    assert client.get_cookie("iku_kunci") is None  # an API call with the header sets none
    page = client.get(f"/?key={office.planner_key}")
    assert page.status_code == 200
    cookie = client.get_cookie("iku_kunci")
    assert cookie is not None and cookie.value == office.planner_key
    assert cookie.http_only and cookie.same_site == "Strict"
    assert client.get("/").status_code == 200  # the cookie carries it now
    assert client.get("/api/status").json["kecamatan"] == "Candi Laras Selatan"


def test_security_headers(client, office):
    answer = client.get("/", headers=key(office))
    assert answer.headers["X-Frame-Options"] == "DENY"
    assert answer.headers["X-Content-Type-Options"] == "nosniff"
    assert "frame-ancestors 'none'" in answer.headers["Content-Security-Policy"]
    assert answer.headers["Referrer-Policy"] == "same-origin"
    assert answer.headers["Cache-Control"] == "no-store"


# --- unit links ------------------------------------------------------------------------------


def test_a_unit_key_reaches_its_own_upload_page_and_upload_only(client, office, filled):
    unit_key = office.unit_link_key("KESRA")
    link = client.get("/api/units/KESRA/upload-link", headers=key(office)).json["link"]
    assert link == f"http://localhost/unit/KESRA?key={unit_key}"
    page = client.get(link)
    assert page.status_code == 200 and "Kasi Kesra" in page.get_data(as_text=True)
    header = {"X-IKU-Key": unit_key}
    for path in (
        "/",
        "/api/status",
        "/api/units/KESRA/upload-link",
        "/api/units/KESRA/history",
        "/unit/EKONOMI",
        "/unduh/blanko.zip",
        "/unduh/blanko/KESRA",
        "/berkas",
        "/riwayat/KESRA",
        "/pengaturan",
    ):
        answer = client.get(path, headers=header)
        assert answer.status_code == 403, path
    assert client.post("/api/consolidate", headers=header).status_code == 403
    assert not list((office.folder / "rekap").iterdir())
    # its own workbook: received; another unit's: refused with a problem
    own = client.post("/api/upload", headers=header, data=files(filled["KESRA"])).json
    assert [(r["file"], r["unit_id"], r["status"]) for r in own] == [
        ("cls-2025-KESRA.xlsx", "KESRA", "diterima")
    ]
    other = client.post("/api/upload", headers=header, data=files(filled["EKONOMI"])).json
    assert [(r["unit_id"], r["status"]) for r in other] == [("KESRA", "ditolak")]
    assert [p["code"] for p in other[0]["problems"]] == ["not-this-unit"]
    status = {u["unit_id"]: u["status"] for u in office.status().to_dict()["units"]}
    assert status["EKONOMI"] == "belum" and status["KESRA"] == "ditolak"


def test_a_unit_page_form_and_its_feedback_copies(client, office, faulty):
    unit_key = office.unit_link_key("KESRA")
    token = office.csrf_token(office.identify(unit_key))
    answer = client.post(
        f"/unit/KESRA/kirim?key={unit_key}",
        data={"csrf": token, **files(faulty["KESRA"])},
        headers={"Origin": ORIGIN},
    )
    assert answer.status_code == 303
    page = client.get(answer.headers["Location"])
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "dua belas" in text and KESRA_FAULT_CELL in text
    (receipt,) = office.history("KESRA")
    copy = client.get(f"/unit/KESRA/catatan/{receipt.id}?key={unit_key}")
    assert copy.status_code == 200 and copy.data[:2] == b"PK"
    assert "cls-2025-KESRA-catatan.xlsx" in copy.headers["Content-Disposition"]
    # not through another unit's page, nor the planner's download
    assert client.get(f"/unit/EKONOMI/catatan/{receipt.id}?key={unit_key}").status_code == 403
    assert client.get(f"/unduh/catatan/{receipt.id}?key={unit_key}").status_code == 403
    # a file the planner received is not the unit's to download
    planner = office.receive("cls-2025-KESRA.xlsx", faulty["KESRA"].read_bytes())
    assert client.get(f"/unit/KESRA/catatan/{planner.id}?key={unit_key}").status_code == 404


# --- forms: CSRF and origin -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("headers", "with_token"),
    [
        ({}, True),  # no Origin, no Referer
        ({"Origin": "http://evil.example"}, True),
        ({"Origin": "null"}, True),
        ({"Referer": "http://evil.example/page"}, True),
        ({"Origin": ORIGIN}, False),  # the right origin, no token
    ],
)
def test_a_cross_site_form_post_is_refused(client, office, filled, headers, with_token):
    client.get(f"/?key={office.planner_key}")  # the cookie, as a browser would have it
    token = form(office) if with_token else {}
    answer = client.post("/kirim", data={**files(filled["KESRA"]), **token}, headers=headers)
    assert answer.status_code == 403
    assert "ditolak" in answer.get_data(as_text=True)
    consolidate = client.post("/rekap", data=token, headers=headers)
    assert consolidate.status_code == 403
    earlier = client.post("/sebelumnya", data={**files(filled["KESRA"]), **token}, headers=headers)
    assert earlier.status_code == 403
    assert not list((office.folder / "sebelumnya").iterdir())
    setup = client.post("/pengaturan", data={"tahun": "2030", **token}, headers=headers)
    assert setup.status_code == 403
    # the key itself does not lift the form rules
    keyed = client.post("/kirim", data=files(filled["KESRA"]), headers={**headers, **key(office)})
    assert keyed.status_code == 403
    assert not list((office.folder / "diterima").iterdir())
    assert office.year == 2025


def test_a_cookie_alone_does_not_post_to_the_api(client, office, filled):
    client.get(f"/?key={office.planner_key}")
    answer = client.post("/api/upload", data=files(filled["KESRA"]), headers={"Origin": ORIGIN})
    assert answer.status_code == 403
    earlier = client.post("/api/previous", data=files(filled["KESRA"]), headers={"Origin": ORIGIN})
    assert earlier.status_code == 403 and not list((office.folder / "sebelumnya").iterdir())
    token = {"X-IKU-CSRF": office.csrf_token(office.identify(office.planner_key))}
    answer = client.post(
        "/api/upload", data=files(filled["KESRA"]), headers={"Origin": ORIGIN, **token}
    )
    assert answer.status_code == 200 and answer.json[0]["status"] == "diterima"


def test_the_pages_own_forms_pass(client, office, filled, faulty):
    client.get(f"/?key={office.planner_key}")
    answer = client.post(
        "/kirim",
        data={**form(office), **files(filled["EKONOMI"], faulty["KESRA"])},
        headers={"Referer": f"{ORIGIN}/"},  # a browser that sends only the Referer
    )
    assert answer.status_code == 303 and "kiriman=" in answer.headers["Location"]
    page = client.get(answer.headers["Location"]).get_data(as_text=True)
    assert 'data-berkas="cls-2025-KESRA.xlsx" data-status="ditolak"' in page
    assert 'data-berkas="cls-2025-EKONOMI.xlsx" data-status="diterima"' in page
    assert "Kasi Kesra" in page and KESRA_FAULT_CELL in page and "dua belas" in page
    fetch = client.post(
        "/kirim",
        data={**form(office), **files(filled["CAMAT"])},
        headers={"Origin": ORIGIN, "X-IKU-Fetch": "1"},
    )
    assert fetch.status_code == 200 and fetch.json["next"].startswith("/?kiriman=")
    empty = client.post("/kirim", data=form(office), headers={"Origin": ORIGIN})
    assert empty.status_code == 303 and "pesan=kosong" in empty.headers["Location"]
    made = client.post("/rekap", data=form(office), headers={"Origin": ORIGIN})
    assert made.status_code == 303 and made.headers["Location"] == "/rekap/1"
    rekap = client.get("/rekap/1").get_data(as_text=True)
    assert "/unduh/rekap/1.xlsx" in rekap and "/unduh/rekap/1.csv" in rekap
    assert 'id="unduh-rekap-lkjip" href="/unduh/rekap/1.docx"' in rekap


def test_setup_through_the_form(tmp_path):
    office = Office(tmp_path / "baru")
    client = create_app(office).test_client()
    first = client.get(f"/?key={office.planner_key}")
    assert first.status_code == 303 and first.headers["Location"].startswith("/pengaturan")
    page = client.get("/pengaturan").get_data(as_text=True)
    assert "Katalog bawaan" in page and "Tahun pelaporan" in page
    bad = client.post(
        "/pengaturan",
        data={
            **form(office),
            "katalog": "berkas",
            "tahun": "2025",
            "berkas_katalog": (io.BytesIO(b"units: 3\n"), "kantor.yaml"),
        },
        headers={"Origin": ORIGIN},
    )
    assert bad.status_code == 400 and "kantor.yaml" in bad.get_data(as_text=True)
    assert not office.is_set_up
    year = client.post(
        "/pengaturan", data={**form(office), "tahun": "20x5"}, headers={"Origin": ORIGIN}
    )
    assert year.status_code == 400 and "empat digit" in year.get_data(as_text=True)
    good = client.post(
        "/pengaturan",
        data={**form(office), "katalog": "bawaan", "tahun": "2025"},
        headers={"Origin": ORIGIN},
    )
    assert good.status_code == 303 and office.is_set_up and office.year == 2025
    assert (tmp_path / "baru" / "iku-xlsx.yaml").exists()


def set_up(client: FlaskClient, office: Office, year: int, catalog: tuple[str, bytes] | None):
    """The setup form posted: the built-in catalog (None), or a file (name, content)."""
    data = {**form(office), "katalog": "bawaan", "tahun": str(year)}
    if catalog is not None:
        name, content = catalog
        data |= {"katalog": "berkas", "berkas_katalog": (io.BytesIO(content), name)}
    return client.post("/pengaturan", data=data, headers={"Origin": ORIGIN})


def test_setup_with_a_catalog_written_in_excel(tmp_path):
    office = Office(tmp_path / "baru")
    client = create_app(office).test_client()
    client.get(f"/?key={office.planner_key}")  # the key kept in the cookie from here on
    page = client.get("/pengaturan").get_data(as_text=True)
    # before setup, the built-in catalog as a workbook: the example to change
    assert 'href="/unduh/katalog.xlsx"' in page
    download = client.get("/unduh/katalog.xlsx")
    assert download.headers["Content-Disposition"] == "attachment; filename=katalog-cls.xlsx"
    book = openpyxl.load_workbook(io.BytesIO(download.data))
    book["Indikator"]["F4"] = "hitungan"
    book.save(faulty := io.BytesIO())
    refused = set_up(client, office, 2025, ("kantor.xlsx", faulty.getvalue()))
    assert refused.status_code == 400 and not office.is_set_up
    assert (
        "<li>kantor.xlsx: &#39;Indikator&#39;!F4: Jenis: &#34;hitungan&#34; tidak dikenal; "
        "pilih salah satu: rasio, jumlah, nilai</li>" in refused.get_data(as_text=True)
    )
    book["Indikator"]["F4"] = "rasio"
    book.save(corrected := io.BytesIO())
    kept = set_up(client, office, 2026, ("kantor.xlsx", corrected.getvalue()))
    assert kept.status_code == 303 and office.year == 2026
    assert office.catalog_file == tmp_path / "baru" / "katalog.xlsx"
    assert office.catalog == load_catalog(year=2026)
    again = client.get("/unduh/katalog.xlsx")  # now the catalog in use
    assert openpyxl.load_workbook(io.BytesIO(again.data))["Kantor"]["B9"].value == 2026


# --- limits -------------------------------------------------------------------------------


def test_a_request_over_the_cap_is_413_in_bahasa_indonesia(office, filled):
    client = create_app(office, max_request_bytes=1024**2).test_client()

    def big() -> dict:
        return {"files": [(io.BytesIO(b"PK" + bytes(2 * 1024**2)), "besar.xlsx")]}

    answer = client.post("/api/upload", data=big(), headers=key(office))
    assert answer.status_code == 413
    assert "terlalu besar" in answer.json["error"] and "1 MB" in answer.json["error"]
    client.get(f"/?key={office.planner_key}")
    page = client.post("/kirim", data={**form(office), **big()}, headers={"Origin": ORIGIN})
    assert page.status_code == 413 and "Kiriman terlalu besar" in page.get_data(as_text=True)
    assert client.get("/api/status", headers=key(office)).status_code == 200  # carries on
    small = client.post("/api/upload", data=files(filled["KESRA"]), headers=key(office))
    assert small.status_code == 200 and small.json[0]["status"] == "diterima"


def test_a_file_over_50_mb_is_refused_with_a_message(client, office):
    big = {"files": [(io.BytesIO(b"PK" + bytes(51 * 1024**2)), "cls-2025-KESRA.xlsx")]}
    (answer,) = client.post("/api/upload", data=big, headers=key(office)).json
    assert answer["status"] == "ditolak"
    assert [p["code"] for p in answer["problems"]] == ["too-large"]
    assert "50 MB" in answer["problems"][0]["message"]
    assert list((office.folder / "diterima").iterdir()) == []
    assert client.get("/api/status", headers=key(office)).json["units"][6]["status"] == "ditolak"


def test_a_zip_bomb_is_recorded_rejected_with_its_problem(client, office):
    bomb = {"files": [(io.BytesIO(zip_bomb()), "cls-2025-PEMBANGUNAN.xlsx")]}
    (answer,) = client.post("/api/upload", data=bomb, headers=key(office)).json
    assert (answer["unit_id"], answer["status"]) == ("PEMBANGUNAN", "ditolak")
    assert [p["code"] for p in answer["problems"]] == ["zip-bomb"]
    assert (office.folder / "diterima" / f"{answer['sha256']}.xlsx").exists()
    history = client.get("/api/units/PEMBANGUNAN/history", headers=key(office)).json
    assert [h["problems"][0]["code"] for h in history] == ["zip-bomb"]


# --- the API's shapes (docs/contract.md) ---------------------------------------------------------


def test_the_api_as_the_contract_says(client, office, filled, faulty):
    status = client.get("/api/status", headers=key(office)).json
    assert set(status) == {"kecamatan", "year", "units"}
    assert (status["kecamatan"], status["year"]) == ("Candi Laras Selatan", 2025)
    assert [u["unit_id"] for u in status["units"]] == UNIT_IDS
    assert set(status["units"][0]) == {
        "unit_id",
        "name",
        "status",
        "file",
        "received",
        "errors",
        "warnings",
    }
    assert {u["status"] for u in status["units"]} == {"belum"}
    answer = client.post(
        "/api/upload", data=files(filled["EKONOMI"], faulty["KESRA"]), headers=key(office)
    )
    assert answer.status_code == 200
    ekonomi, kesra = answer.json
    assert {"file", "unit_id", "status", "problems"} <= set(ekonomi)
    assert (ekonomi["file"], ekonomi["unit_id"], ekonomi["status"]) == (
        "cls-2025-EKONOMI.xlsx",
        "EKONOMI",
        "diterima",
    )
    assert (kesra["unit_id"], kesra["status"]) == ("KESRA", "ditolak")
    problem = kesra["problems"][0]
    assert set(problem) == PROBLEM_KEYS
    assert (problem["sheet"], problem["cell"], problem["severity"], problem["code"]) == (
        "Kasi Kesra",
        KESRA_FAULT_CELL,
        "error",
        "not-a-number",
    )
    assert problem["file"] == "cls-2025-KESRA.xlsx"
    units = {u["unit_id"]: u for u in client.get("/api/status", headers=key(office)).json["units"]}
    assert units["KESRA"]["status"] == "ditolak" and units["KESRA"]["errors"] == 1
    assert units["EKONOMI"]["file"] == "cls-2025-EKONOMI.xlsx"
    assert units["EKONOMI"]["received"].startswith("20")
    made = client.post("/api/consolidate", headers=key(office)).json
    assert set(made) >= {"workbook", "csv", "problems", "lkjip"}
    assert made["workbook"].startswith("/") and made["workbook"].endswith(".xlsx")
    assert made["lkjip"] == made["workbook"].removesuffix(".xlsx") + ".docx"
    workbook = client.get(made["workbook"], headers=key(office))
    assert workbook.status_code == 200 and workbook.data[:2] == b"PK"
    csv = client.get(made["csv"] + f"?key={office.planner_key}")
    lines = csv.get_data(as_text=True).splitlines()
    assert lines[0].startswith("kecamatan,year,unit_id,indicator_id,period")
    assert len(lines) == 1 + 29 * 5
    assert {p["code"] for p in made["problems"]} >= {"unit-missing", "file-rejected"}
    stranger = create_app(office).test_client()  # no cookie from the visit above
    assert stranger.get(made["csv"]).status_code == 403  # the link needs the key
    assert client.get("/api/units/NOSUCH/upload-link", headers=key(office)).status_code == 404
    assert client.post("/api/upload", headers=key(office)).status_code == 400


def test_api_before_setup_says_so(tmp_path):
    office = Office(tmp_path / "kosong")
    client = create_app(office).test_client()
    answer = client.get("/api/status", headers=key(office))
    assert answer.status_code == 409 and "belum disiapkan" in answer.json["error"]


# --- downloads --------------------------------------------------------------------------------


def test_downloads_by_id_only(client, office, filled):
    blanks = client.get("/unduh/blanko.zip", headers=key(office))
    assert blanks.status_code == 200
    with zipfile.ZipFile(io.BytesIO(blanks.data)) as archive:
        assert archive.namelist() == [f"cls-2025-{u}.xlsx" for u in UNIT_IDS]
    one = client.get("/unduh/blanko/PERKEU", headers=key(office))
    assert one.status_code == 200 and "cls-2025-PERKEU.xlsx" in one.headers["Content-Disposition"]
    (receipt,) = client.post(
        "/api/upload", data=files(filled["UMPEG"], names=["../../a b\\c.xlsx"]), headers=key(office)
    ).json
    original = client.get(f"/unduh/berkas/{receipt['id']}", headers=key(office))
    assert original.data == filled["UMPEG"].read_bytes()
    disposition = original.headers["Content-Disposition"]
    assert "/" not in disposition and "\\" not in disposition and ".." not in disposition
    for path in (
        "/unduh/berkas/999",
        "/unduh/berkas/..%2F..%2Fetc%2Fpasswd",
        "/unduh/berkas/-1",
        "/unduh/catatan/abc",
        f"/unduh/catatan/{receipt['id']}",  # a clean file has no feedback copy
        "/unduh/rekap/1.xlsx",
        "/unduh/rekap/1.docx",
        "/unduh/rekap/1.exe",
        "/unduh/sebelumnya/1",
        "/unduh/blanko/NOSUCH",
        "/unduh/blanko/..%2F..%2Fiku.sqlite",
    ):
        assert client.get(path, headers=key(office)).status_code == 404, path


# --- earlier years' rekap files and the LKjIP ------------------------------------------------


def test_earlier_years_and_the_lkjip_through_the_api(client, office, filled, earlier_rekap):
    client.post("/api/upload", data=files(*filled.values()), headers=key(office))
    answer = client.post(
        "/api/previous",
        data=files(earlier_rekap["stranger"], earlier_rekap["xlsx"]),
        headers=key(office),
    )
    assert answer.status_code == 200
    stranger, last_year = answer.json
    assert {"file", "status", "year", "problems"} <= set(last_year)
    assert (last_year["file"], last_year["status"], last_year["year"]) == (
        "rekap-cls-2024.xlsx",
        "diterima",
        2024,
    )
    assert last_year["problems"] == [] and last_year["kecamatan"] == "Candi Laras Selatan"
    assert (stranger["status"], stranger["year"]) == ("ditolak", None)
    assert "previous-rejected" in [p["code"] for p in stranger["problems"]]
    assert all(set(p) == PROBLEM_KEYS for p in stranger["problems"])
    assert {p["file"] for p in stranger["problems"]} == {"rekap-binuang-2024.xlsx"}
    # kept as received, and downloaded by number with the key
    kept = client.get(f"/unduh/sebelumnya/{last_year['id']}", headers=key(office))
    assert kept.status_code == 200 and kept.data == earlier_rekap["xlsx"].read_bytes()
    assert "rekap-cls-2024.xlsx" in kept.headers["Content-Disposition"]

    made = client.post("/api/consolidate", headers=key(office)).json
    assert [f["file"] for f in made["previous"]] == ["rekap-cls-2024.xlsx"]
    assert made["lkjip"].startswith("/unduh/rekap/") and made["lkjip"].endswith(".docx")
    document = client.get(made["lkjip"], headers=key(office))
    assert document.status_code == 200 and document.data[:2] == b"PK"
    assert document.headers["Content-Disposition"].endswith(".docx")
    header = [c.text for c in Document(io.BytesIO(document.data)).tables[0].rows[0].cells]
    assert header[8:10] == ["Realisasi tahun lalu", "Capaian tahun lalu (%)"]
    csv = client.get(made["csv"], headers=key(office)).get_data(as_text=True)
    assert csv.splitlines()[0].endswith(",previous_value,previous_achievement")
    stranger_client = create_app(office).test_client()
    assert stranger_client.get(made["lkjip"]).status_code == 403  # the link needs the key
    assert client.post("/api/previous", headers=key(office)).status_code == 400


def test_a_unit_key_reaches_no_earlier_year_nor_lkjip(client, office, filled, earlier_rekap):
    (kept,) = office.receive_previous([("rekap-2024.xlsx", earlier_rekap["xlsx"].read_bytes())])
    made = office.consolidate()
    unit_key = office.unit_link_key("KESRA")
    header = {"X-IKU-Key": unit_key}
    sent = files(earlier_rekap["xlsx"])
    assert client.post("/api/previous", headers=header, data=sent).status_code == 403
    token = office.csrf_token(office.identify(unit_key))
    form_post = client.post(
        f"/sebelumnya?key={unit_key}",
        data={"csrf": token, **files(earlier_rekap["xlsx"])},
        headers={"Origin": ORIGIN},
    )
    assert form_post.status_code == 403
    for path in (
        f"/unduh/rekap/{made.id}.docx",
        f"/unduh/rekap/{made.id}.xlsx",
        f"/unduh/sebelumnya/{kept.id}",
        f"/rekap/{made.id}",
    ):
        assert client.get(path, headers=header).status_code == 403, path
    assert [f.id for f in office.previous_files()] == [kept.id]  # nothing more received


def test_the_pages_earlier_year_form(client, office, earlier_rekap):
    client.get(f"/?key={office.planner_key}")
    home = client.get("/").get_data(as_text=True)
    assert "Rekap tahun sebelumnya" in home and 'action="/sebelumnya"' in home
    answer = client.post(
        "/sebelumnya",
        data={**form(office), **files(earlier_rekap["csv"], earlier_rekap["stranger"])},
        headers={"Origin": ORIGIN},
    )
    assert answer.status_code == 303
    assert answer.headers["Location"] == "/?pesan=sebelumnya#sebelumnya"
    page = client.get(answer.headers["Location"]).get_data(as_text=True)
    assert "Rekap tahun sebelumnya sudah diterima dan diperiksa" in page
    assert 'data-berkas="rekap-cls-2024.csv" data-status="diterima" data-tahun="2024"' in page
    assert 'data-berkas="rekap-binuang-2024.xlsx" data-status="ditolak"' in page
    assert "untuk Kecamatan Binuang, bukan kecamatan ini" in page
    fetch = client.post(
        "/sebelumnya",
        data={**form(office), **files(earlier_rekap["xlsx"])},
        headers={"Origin": ORIGIN, "X-IKU-Fetch": "1"},
    )
    assert fetch.status_code == 200 and fetch.json["next"].endswith("#sebelumnya")
    statuses = [(f.file, f.status) for f in office.previous_files()]
    assert statuses == [
        ("rekap-cls-2024.xlsx", "diterima"),
        ("rekap-binuang-2024.xlsx", "ditolak"),
        ("rekap-cls-2024.csv", "diganti"),
    ]
    empty = client.post("/sebelumnya", data=form(office), headers={"Origin": ORIGIN})
    assert empty.status_code == 303 and "pesan=kosong" in empty.headers["Location"]
    made = client.post("/rekap", data=form(office), headers={"Origin": ORIGIN})
    rekap = client.get(made.headers["Location"]).get_data(as_text=True)
    assert "Tahun sebelumnya: rekap-cls-2024.xlsx (2024)" in rekap
