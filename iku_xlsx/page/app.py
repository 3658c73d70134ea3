"""The planner's page and its JSON API: a Flask app over one :class:`Office`.

Every route is a few lines calling one method of the office. The rules of access, in
:func:`_guard`, before any route runs:

- every request needs a key: the planner's (header ``X-IKU-Key``, query parameter ``key``
  or, after a first visit with ``?key=``, the cookie ``iku_kunci``: HttpOnly,
  SameSite=Strict) or a unit's; without one, only a page saying so (403);
- a unit's key opens that unit's upload page, its uploads (the form and
  ``POST /api/upload``) and the feedback copies of the files it sent, and nothing else
  (not the earlier years' rekap files, nor any consolidation);
- every form POST of the page, and every POST that a cookie authenticates, carries the CSRF
  token of its key and comes from this server's own pages (Origin, or else Referer), or
  it is refused (403).
"""

from __future__ import annotations

import datetime as dt
import hmac
import io
import re
from http import HTTPStatus
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from flask import Flask, Response, g, jsonify, redirect, render_template, request, send_file
from flask.typing import ResponseReturnValue
from werkzeug.datastructures import FileStorage
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from iku_xlsx import CatalogError
from iku_xlsx.page.office import (
    MAX_FILE_BYTES,
    STATUS_WORDS,
    Access,
    NotSetUp,
    Office,
    RekapFile,
    UploadedCatalog,
)

MAX_REQUEST_BYTES = 200 * 1024**2  # one upload request in all (each file: 50 MB)
KEY_HEADER = "X-IKU-Key"
KEY_PARAMETER = "key"
COOKIE = "iku_kunci"
CSRF_FIELD = "csrf"
CSRF_HEADER = "X-IKU-CSRF"
FETCH_HEADER = "X-IKU-Fetch"  # the page's script: answer where to go next, as JSON
COOKIE_DAYS = 400

# what a unit's key may reach (with that unit's id in the address, where it has one)
UNIT_ENDPOINTS = {"unit_page", "unit_upload", "unit_feedback", "api_upload", "static"}
# the page's forms: token and origin always checked, whatever carries the key
FORM_ENDPOINTS = {"setup", "upload", "previous_upload", "rekap_new", "unit_upload"}

STATUS_TEXT = {
    "belum": "belum ada berkas yang diterima untuk unit ini",
    "ditolak": "berkas terakhir untuk unit ini memuat kesalahan; perbaiki lalu kirim ulang",
    "diterima": "berkas terakhir lolos pemeriksaan dan dipakai dalam rekap",
    "konflik": "dua berkas berbeda untuk unit ini (misalnya buku kerja gabungan dan berkas "
    "unit itu sendiri, atau dua berkas unit ini dalam satu kiriman); rekap tidak dapat "
    "memilih. Kirim ulang yang berlaku",
}
MESSAGES = {  # ?pesan= after a redirect: only these texts, never one from the address
    "kosong": "Belum ada berkas yang dipilih. Pilih atau seret berkas Excel lalu tekan Kirim.",
    "disiapkan": "Pengaturan disimpan.",
    "sebelumnya": "Rekap tahun sebelumnya sudah diterima dan diperiksa; hasilnya ada di "
    "bagian 4 di bawah.",
}
PREVIOUS_TEXT = {  # the status of an earlier year's rekap file, as the page explains it
    "diterima": "dipakai dalam setiap rekap: kolom tahun lalu, tren dan LKjIP",
    "diganti": "tidak dipakai: berkas yang diterima kemudian memuat tahun yang sama",
    "ditolak": "tidak dapat dipakai; lihat masalahnya",
}


def create_app(office: Office, *, max_request_bytes: int = MAX_REQUEST_BYTES) -> Flask:
    """The page and the API over ``office``; served by :func:`iku_xlsx.page.server.serve`."""
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = max_request_bytes
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    app.extensions["iku_office"] = office

    @app.before_request
    def guard() -> ResponseReturnValue | None:
        return _guard(office)

    @app.after_request
    def headers(response: Response) -> Response:
        return _headers(office, response)

    @app.context_processor
    def helpers() -> dict[str, Any]:
        return {
            "keyed": _keyed,
            "csrf": office.csrf_token(g.access) if "access" in g else "",
            "status_text": STATUS_TEXT,
            "status_words": STATUS_WORDS,
            "previous_text": PREVIOUS_TEXT,
            "when": _when,
            "size": _size,
            "max_file_mb": MAX_FILE_BYTES // 1024**2,
        }

    _errors(app, max_request_bytes)
    _pages(app, office)
    _downloads(app, office)
    _api(app, office)
    return app


# --- access -------------------------------------------------------------------------------


def _given_key() -> tuple[str | None, str | None]:
    for source, value in (
        ("header", request.headers.get(KEY_HEADER)),
        ("query", request.args.get(KEY_PARAMETER)),
        ("cookie", request.cookies.get(COOKIE)),
    ):
        if value:
            return source, value
    return None, None


def _guard(office: Office) -> ResponseReturnValue | None:
    source, key = _given_key()
    access = office.identify(key)
    if access is None:
        return _forbidden(
            "Halaman ini hanya dapat dibuka dengan alamat lengkap yang memuat kunci "
            "(…/?key=…). Mintalah alamat itu kepada perencana kecamatan."
            if key is None
            else "Kunci pada alamat ini tidak berlaku. Mintalah alamat yang baru kepada "
            "perencana kecamatan."
        )
    g.access, g.key_source = access, source
    if not access.is_planner:
        unit_id = (request.view_args or {}).get("unit_id", access.unit_id)
        if request.endpoint not in UNIT_ENDPOINTS or unit_id != access.unit_id:
            return _forbidden(
                "Kunci ini hanya untuk halaman unggah unit "
                f"{access.unit_id}; halaman yang diminta tidak dapat dibuka dengannya."
            )
    if request.method == "POST" and (request.endpoint in FORM_ENDPOINTS or source == "cookie"):
        if not _same_origin():
            return _forbidden("Permintaan ini tidak datang dari halaman ini sendiri; ditolak.")
        token = request.headers.get(CSRF_HEADER) or request.form.get(CSRF_FIELD) or ""
        if not _equal(token, office.csrf_token(access)):
            return _forbidden(
                "Formulir ini kedaluwarsa atau tidak datang dari halaman ini. Muat ulang "
                "halaman lalu coba lagi."
            )
    return None


def _equal(given: str, expected: str) -> bool:
    return hmac.compare_digest(given.encode("utf-8", "replace"), expected.encode())


def _same_origin() -> bool:
    """The request comes from a page of this server (Origin, or else Referer, says so)."""
    own = request.host_url.rstrip("/")
    origin = request.headers.get("Origin")
    if origin is not None:
        return origin == own
    referer = request.headers.get("Referer")
    return referer is not None and (referer == own or referer.startswith(own + "/"))


def _headers(office: Office, response: Response) -> Response:
    access: Access | None = g.get("access")
    if (
        access is not None
        and access.is_planner
        and g.get("key_source") == "query"
        and not request.path.startswith("/api/")  # the page's visit, not a script's call
    ):
        response.set_cookie(
            COOKIE,
            office.planner_key,
            max_age=COOKIE_DAYS * 24 * 3600,
            httponly=True,
            samesite="Strict",
            path="/",
        )
    response.headers.setdefault("Cache-Control", "no-store")
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["Content-Security-Policy"] = (
        "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; "
        "frame-ancestors 'none'; form-action 'self'"
    )
    return response


def _keyed(url: str, **params: Any) -> str:
    """``url`` with ``params``, and the key where this request carried it in its address."""
    query = {k: v for k, v in params.items() if v is not None}
    if g.get("key_source") == "query":
        query[KEY_PARAMETER] = request.args[KEY_PARAMETER]
    return f"{url}?{urlencode(query)}" if query else url


def _wants_json() -> bool:
    return request.path.startswith("/api/") or bool(request.headers.get(FETCH_HEADER))


def _forbidden(message: str) -> ResponseReturnValue:
    if _wants_json():
        return jsonify({"error": message}), HTTPStatus.FORBIDDEN
    return render_template("pesan.html", title="Akses ditolak", message=message), 403


# --- errors -------------------------------------------------------------------------------


def _errors(app: Flask, max_request_bytes: int) -> None:
    @app.errorhandler(RequestEntityTooLarge)
    def too_large(_: RequestEntityTooLarge) -> ResponseReturnValue:
        message = (
            f"Kiriman terlalu besar: lebih dari {max_request_bytes // 1024**2} MB sekaligus. "
            f"Kirim berkas dalam beberapa kali; setiap berkas paling besar "
            f"{MAX_FILE_BYTES // 1024**2} MB."
        )
        if _wants_json():
            return jsonify({"error": message}), 413
        return render_template("pesan.html", title="Kiriman terlalu besar", message=message), 413

    @app.errorhandler(NotSetUp)
    def not_set_up(error: NotSetUp) -> ResponseReturnValue:
        if _wants_json():
            return jsonify({"error": str(error)}), 409
        return redirect(_keyed("/pengaturan"), 303)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> ResponseReturnValue:
        code = error.code or 500
        message = {
            400: "Permintaan tidak dapat dipahami.",
            404: "Halaman atau berkas yang diminta tidak ada.",
            405: "Cara permintaan ini tidak didukung di alamat ini.",
        }.get(code, f"Permintaan tidak dapat dilayani ({code}).")
        if _wants_json():
            return jsonify({"error": message}), code
        title = "Tidak ditemukan" if code == 404 else "Permintaan tidak dapat dilayani"
        return render_template("pesan.html", title=title, message=message), code

    @app.errorhandler(OSError)
    def disk_error(error: OSError) -> ResponseReturnValue:
        message = f"Berkas tidak dapat ditulis atau dibaca di folder kerja: {error}"
        if _wants_json():
            return jsonify({"error": message}), 500
        return render_template("pesan.html", title="Galat folder kerja", message=message), 500


# --- pages --------------------------------------------------------------------------------


def _incoming(files: list[FileStorage]) -> list[tuple[str, Any]]:
    """The files of a form, without the empty part a browser sends when none is chosen."""
    chosen = []
    for storage in files:
        stream = storage.stream
        stream.seek(0, 2)
        empty = stream.tell() == 0
        stream.seek(0)
        if storage.filename or not empty:
            chosen.append((storage.filename or "", stream))
    return chosen


def _after_upload(target: str) -> ResponseReturnValue:
    if request.headers.get(FETCH_HEADER):
        return jsonify({"next": target})
    return redirect(target, 303)


def _unit_link(office: Office, unit_id: str) -> str:
    key = office.unit_link_key(unit_id)
    return f"{request.host_url}unit/{unit_id}?{urlencode({KEY_PARAMETER: key})}"


def _pages(app: Flask, office: Office) -> None:
    """Every page a person opens: setting up, the planner's, a unit head's."""
    _setup_pages(app, office)
    _planner_pages(app, office)
    _unit_pages(app, office)


def _planner_pages(app: Flask, office: Office) -> None:
    """The status and upload page, the files received, a unit's history, the rekap."""

    @app.get("/")
    def index() -> ResponseReturnValue:
        if not office.is_set_up:
            return redirect(_keyed("/pengaturan"), 303)
        request_id = request.args.get("kiriman", "")
        return render_template(
            "index.html",
            office=office,
            status=office.status(),
            results=office.request_receipts(request_id) if request_id else [],
            links={unit.id: _unit_link(office, unit.id) for unit in office.catalog.units},
            rekaps=office.rekaps()[:3],
            previous=office.previous_files(),
            message=MESSAGES.get(request.args.get("pesan", "")),
        )

    @app.post("/kirim")
    def upload() -> ResponseReturnValue:
        files = _incoming(request.files.getlist("files"))
        if not files:
            return _after_upload(_keyed("/", pesan="kosong") + "#kirim")
        receipts = office.receive_all(files)
        return _after_upload(_keyed("/", kiriman=receipts[0].request) + "#hasil")

    @app.get("/berkas")
    def received() -> ResponseReturnValue:
        return render_template("berkas.html", office=office, receipts=office.received_files())

    @app.get("/berkas/<int:receipt_id>")
    def receipt(receipt_id: int) -> ResponseReturnValue:
        found = office.receipt(receipt_id)
        if found is None:
            return _not_found()
        return render_template("masalah.html", office=office, receipt=found, unit_view=False)

    @app.get("/riwayat/<unit_id>")
    def history(unit_id: str) -> ResponseReturnValue:
        unit = _unit_or_none(office, unit_id)
        if unit is None:
            return _not_found()
        return render_template(
            "riwayat.html", office=office, unit=unit, receipts=office.history(unit_id)
        )

    @app.post("/sebelumnya")
    def previous_upload() -> ResponseReturnValue:
        files = _incoming(request.files.getlist("files"))
        if not files:
            return _after_upload(_keyed("/", pesan="kosong") + "#sebelumnya")
        office.receive_previous(files)
        return _after_upload(_keyed("/", pesan="sebelumnya") + "#sebelumnya")

    @app.post("/rekap")
    def rekap_new() -> ResponseReturnValue:
        made = office.consolidate()
        return redirect(_keyed(f"/rekap/{made.id}"), 303)

    @app.get("/rekap/<int:rekap_id>")
    def rekap(rekap_id: int) -> ResponseReturnValue:
        made = office.rekap(rekap_id)
        if made is None:
            return _not_found()
        return render_template("rekap.html", office=office, rekap=made)


def _setup_pages(app: Flask, office: Office) -> None:
    """Setting the office up: the catalog (built-in, kept, or a file sent) and the year."""

    @app.get("/pengaturan")
    def setup_form() -> ResponseReturnValue:
        return render_template("pengaturan.html", office=office, problems=[], error=None, **_year())

    @app.post("/pengaturan")
    def setup() -> ResponseReturnValue:
        year_text = request.form.get("tahun", "").strip()
        choice = request.form.get("katalog", "bawaan")
        upload = request.files.get("berkas_katalog")
        source: Any = None
        if choice == "sekarang":
            source = office.catalog_file
        elif choice == "berkas":
            if upload is None or not upload.filename:
                return _setup_error("Pilih berkas katalog (Excel atau YAML) dahulu.")
            source = UploadedCatalog(upload.filename, upload.read())
        if not re.fullmatch(r"\d{4}", year_text) or not 2000 <= int(year_text) <= 2100:
            return _setup_error("Tahun harus angka empat digit antara 2000 dan 2100.")
        try:
            office.setup(source, int(year_text))
        except CatalogError as error:
            return _setup_error("Katalog tidak dapat dipakai:", error.problems)
        return redirect(_keyed("/", pesan="disiapkan"), 303)

    def _setup_error(text: str, problems: Any = ()) -> ResponseReturnValue:
        page = render_template(
            "pengaturan.html", office=office, problems=problems, error=text, **_year()
        )
        return page, 400


def _unit_pages(app: Flask, office: Office) -> None:
    """A unit head's page, reached by the unit's own link: its status and its uploads."""

    @app.get("/unit/<unit_id>")
    def unit_page(unit_id: str) -> ResponseReturnValue:
        unit = _unit_or_none(office, unit_id)
        if unit is None:
            return _not_found()
        request_id = request.args.get("kiriman", "")
        results = [r for r in office.request_receipts(request_id) if r.via == unit_id]
        sent = [r for r in office.history(unit_id) if r.via == unit_id]
        return render_template(
            "unit.html",
            office=office,
            unit=unit,
            state=next(s for s in office.status().units if s.unit_id == unit_id),
            results=results,
            sent=sent[:20],
            message=MESSAGES.get(request.args.get("pesan", "")),
        )

    @app.post("/unit/<unit_id>/kirim")
    def unit_upload(unit_id: str) -> ResponseReturnValue:
        if _unit_or_none(office, unit_id) is None:
            return _not_found()
        files = _incoming(request.files.getlist("files"))
        if not files:
            return _after_upload(_keyed(f"/unit/{unit_id}", pesan="kosong"))
        receipts = office.receive_all(files, via_unit=unit_id)
        return _after_upload(_keyed(f"/unit/{unit_id}", kiriman=receipts[0].request) + "#hasil")


def _year() -> dict[str, int]:
    """The year the setup form offers when none is set: this one."""
    return {"default_year": dt.date.today().year}


def _unit_or_none(office: Office, unit_id: str) -> Any:
    try:
        return office.catalog.unit(unit_id)
    except KeyError:
        return None


def _not_found() -> ResponseReturnValue:
    message = "Halaman atau berkas yang diminta tidak ada."
    if _wants_json():
        return jsonify({"error": message}), 404
    return render_template("pesan.html", title="Tidak ditemukan", message=message), 404


# --- downloads: by id only; the paths come from the office, checked to be inside -----------


def _download_name(name: str, suffix: str, extra: str = "") -> str:
    """A download's name from the sender's name: its stem, plain characters only."""
    stem = Path(name.replace("\\", "/").rsplit("/", 1)[-1]).stem
    stem = re.sub(r"[^\w.-]+", "-", stem).strip(".-") or "berkas"
    return f"{stem[:100]}{extra}{suffix}"


def _send(path: Path | None, name: str) -> ResponseReturnValue:
    if path is None:
        return _not_found()
    response = send_file(path, as_attachment=True, download_name=name, max_age=0)
    response.headers["Cache-Control"] = "no-store"
    return response


def _downloads(app: Flask, office: Office) -> None:
    @app.get("/unduh/blanko.zip")
    def blanks_zip() -> ResponseReturnValue:
        data = io.BytesIO(office.blanks_zip())
        return send_file(
            data,
            as_attachment=True,
            download_name=office.blanks_zip_name(),
            mimetype="application/zip",
        )

    @app.get("/unduh/katalog.xlsx")
    def catalog_workbook() -> ResponseReturnValue:
        name, data = office.catalog_workbook()
        return send_file(io.BytesIO(data), as_attachment=True, download_name=name, max_age=0)

    @app.get("/unduh/blanko/<unit_id>")
    def blank(unit_id: str) -> ResponseReturnValue:
        if _unit_or_none(office, unit_id) is None:
            return _not_found()
        path = office.blank(unit_id)
        return _send(path, path.name)

    @app.get("/unduh/berkas/<int:receipt_id>")
    def original(receipt_id: int) -> ResponseReturnValue:
        found = office.receipt(receipt_id)
        if found is None:
            return _not_found()
        path = office.original_path(receipt_id)
        suffix = path.suffix if path is not None else ".xlsx"
        return _send(path, _download_name(found.file, suffix))

    @app.get("/unduh/catatan/<int:receipt_id>")
    def feedback(receipt_id: int) -> ResponseReturnValue:
        return _feedback(office, receipt_id)

    @app.get("/unit/<unit_id>/catatan/<int:receipt_id>")
    def unit_feedback(unit_id: str, receipt_id: int) -> ResponseReturnValue:
        if office.via(receipt_id) != unit_id:
            return _not_found()
        return _feedback(office, receipt_id)

    @app.get("/unduh/sebelumnya/<int:previous_id>")
    def previous_file(previous_id: int) -> ResponseReturnValue:
        found = office.previous_file(previous_id)
        if found is None:
            return _not_found()
        path = office.previous_path(previous_id)
        suffix = path.suffix if path is not None else ".xlsx"
        return _send(path, _download_name(found.file, suffix))

    @app.get("/unduh/rekap/<int:rekap_id>.<any(xlsx, csv, docx):kind>")
    def rekap_file(rekap_id: int, kind: RekapFile) -> ResponseReturnValue:
        path = office.rekap_file(rekap_id, kind)  # the route allows these three only
        return _send(path, path.name if path is not None else "")


def _feedback(office: Office, receipt_id: int) -> ResponseReturnValue:
    found = office.receipt(receipt_id)
    if found is None:
        return _not_found()
    return _send(office.feedback_path(receipt_id), _download_name(found.file, ".xlsx", "-catatan"))


# --- the JSON API (docs/contract.md, "The planner's page") --------------------------------------


def _api(app: Flask, office: Office) -> None:
    @app.get("/api/status")
    def api_status() -> ResponseReturnValue:
        return jsonify(office.status().to_dict())

    @app.post("/api/upload")
    def api_upload() -> ResponseReturnValue:
        files = _incoming(request.files.getlist("files"))
        if not files:
            return jsonify({"error": "tidak ada berkas pada kolom 'files'"}), 400
        access: Access = g.access
        receipts = office.receive_all(files, via_unit=access.unit_id)
        return jsonify([receipt.to_dict() for receipt in receipts])

    @app.post("/api/previous")
    def api_previous() -> ResponseReturnValue:
        files = _incoming(request.files.getlist("files"))
        if not files:
            return jsonify({"error": "tidak ada berkas pada kolom 'files'"}), 400
        return jsonify([found.to_dict() for found in office.receive_previous(files)])

    @app.post("/api/consolidate")
    def api_consolidate() -> ResponseReturnValue:
        made = office.consolidate()
        return jsonify(
            {
                "workbook": f"/unduh/rekap/{made.id}.xlsx",
                "csv": f"/unduh/rekap/{made.id}.csv",
                "problems": [problem.to_dict() for problem in made.problems],
                "lkjip": f"/unduh/rekap/{made.id}.docx" if made.lkjip is not None else None,
                "id": made.id,
                "previous": [found.to_dict() for found in made.previous],
            }
        )

    @app.get("/api/units/<unit_id>/upload-link")
    def api_upload_link(unit_id: str) -> ResponseReturnValue:
        if _unit_or_none(office, unit_id) is None:
            return _not_found()
        return jsonify({"link": _unit_link(office, unit_id)})

    @app.get("/api/units/<unit_id>/history")
    def api_history(unit_id: str) -> ResponseReturnValue:
        if _unit_or_none(office, unit_id) is None:
            return _not_found()
        return jsonify([receipt.to_dict() for receipt in office.history(unit_id)])


def _when(text: str | None) -> str:
    """'2025-06-12T11:15:03+08:00' as people read it: 12/06/2025 11.15."""
    if not text:
        return "-"
    match = re.match(r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})", text)
    if not match:
        return text
    year, month, day, hour, minute = match.groups()
    return f"{day}/{month}/{year} {hour}.{minute}"


def _size(size: int) -> str:
    if size < 1024:
        return f"{size} B"
    if size < 1024**2:
        return f"{size / 1024:.0f} KB".replace(".", ",")
    return f"{size / 1024**2:.1f} MB".replace(".", ",")
