"""One office's working folder: setup, blanks, files received, statuses, consolidation.

The planner's page and its API are thin layers over :class:`Office`. Everything the page
shows is derived from the folder: the settings file (``iku-xlsx.yaml``), the database
(``iku.sqlite``) and the files kept beside it::

    iku-xlsx.yaml            catalog and year
    katalog.yaml             the catalog uploaded at setup, as received (none: built-in);
                             katalog.xlsx when it was written in Excel
    iku.sqlite               every file received, its check, every consolidation, the key
    diterima/<sha256>.xlsx   the files as received (.xls, .ods as the gate says)
    catatan/<id>/...         feedback copies
    blanko/...               the blanks of each setup
    sebelumnya/<sha256>.xlsx earlier years' rekap files as received (.csv: a tidy table)
    rekap/rekap-...xlsx      the consolidations (workbook, .csv, LKjIP .docx), never
                             overwritten

Status of a unit (from the receipts checked against the current catalog and year):

- ``belum``: nothing received for it;
- ``ditolak``: the latest file received holding it has errors;
- ``diterima``: the latest has none, and consolidation would see one file for it;
- ``konflik``: consolidation would see two different accepted files holding it: the
  latest accepted files of the units are consolidated together, so a combined workbook and a
  unit's own file received later are both there for that unit; or two different accepted
  files for it came in the same upload, where which one counts cannot be told.

Status of an earlier year's rekap file (read against the current catalog and year):

- ``ditolak``: it cannot be used (another kecamatan or catalog, this year or a later one,
  unreadable, figures that differ from their inputs);
- ``diterima``: every consolidation uses it (last year's figures, the trend, the LKjIP);
- ``diganti``: usable, but a file received later holds one of its years, and that one is used.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import io
import re
import secrets
import shutil
import tempfile
import threading
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, Literal, Optional

from iku_xlsx import (
    Catalog,
    CatalogError,
    Problem,
    Severity,
    check_workbooks,
    consolidate,
    load_catalog,
    write_blanks,
    write_catalog_workbook,
)
from iku_xlsx.catalog import is_catalog_workbook
from iku_xlsx.page.store import (
    DATABASE,
    ConsolidationRow,
    Database,
    PreviousRow,
    Row,
    place_new,
    sync_file,
    sync_folder,
)
from iku_xlsx.problems import Code
from iku_xlsx.settings import Settings, SettingsError, load_settings, save_settings

MAX_FILE_BYTES = 50 * 1024**2  # as the gate's bound: a larger file is not kept
PLANNER = "planner"
RECEIVED = "diterima"
FEEDBACK = "catatan"
BLANKS = "blanko"
REKAP = "rekap"
PREVIOUS = "sebelumnya"
CATALOG_STEM = "katalog"

Status = Literal["belum", "ditolak", "diterima", "konflik"]
STATUS_WORDS: tuple[Status, ...] = ("belum", "ditolak", "diterima", "konflik")
PreviousStatus = Literal["ditolak", "diterima", "diganti"]
RekapFile = Literal["xlsx", "csv", "docx"]
REKAP_SUFFIXES = (".xlsx", ".csv", ".docx")  # a consolidation's workbook, table, LKjIP

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
HEX_ID = re.compile(r"^[0-9a-f]{32}$")
CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class NotSetUp(RuntimeError):
    """The office has no catalog and year yet: set it up first."""

    def __init__(self) -> None:
        super().__init__("kantor belum disiapkan: pilih katalog dan tahun dahulu")


@dataclass(frozen=True)
class UploadedCatalog:
    """A catalog file as received: the sender's name (data only) and its bytes."""

    name: str
    data: bytes


@dataclass(frozen=True)
class Access:
    """Who a key belongs to: the planner, or the head of one unit."""

    role: Literal["planner", "unit"]
    unit_id: str | None = None

    @property
    def is_planner(self) -> bool:
        return self.role == "planner"


@dataclass
class Receipt:
    """One file received and what its check found."""

    id: int
    request: str
    file: str  # the name the sender gave
    sha256: str
    size: int
    received: str
    via: str  # 'planner' or a unit id
    units: tuple[str, ...]  # the units it counts for
    errors: int
    warnings: int
    problems: list[Problem]
    kept: bool  # kept in diterima/ (not when over 50 MB)
    has_feedback: bool
    status: Status = "ditolak"

    @property
    def unit_id(self) -> str | None:
        """The unit it counts for; None for none or several (a combined workbook)."""
        return self.units[0] if len(self.units) == 1 else None

    def to_dict(self) -> dict[str, Any]:
        """The API's object for a file (docs/contract.md), plus its id, units and counts."""
        return {
            "file": self.file,
            "unit_id": self.unit_id,
            "status": self.status,
            "problems": [problem.to_dict() for problem in self.problems],
            "id": self.id,
            "units": list(self.units),
            "received": self.received,
            "errors": self.errors,
            "warnings": self.warnings,
            "sha256": self.sha256,
        }


@dataclass
class UnitStatus:
    unit_id: str
    name: str
    status: Status
    file: str | None = None  # the latest file received for it
    received: str | None = None
    errors: int = 0
    warnings: int = 0
    receipt_id: int | None = None
    conflicts: list[str] = field(default_factory=list)  # the files in conflict, by name
    used: str | None = None  # when rejected: the earlier accepted file consolidation uses

    def to_dict(self) -> dict[str, Any]:
        return {
            "unit_id": self.unit_id,
            "name": self.name,
            "status": self.status,
            "file": self.file,
            "received": self.received,
            "errors": self.errors,
            "warnings": self.warnings,
        }


@dataclass
class OfficeStatus:
    kecamatan: str
    year: int
    units: list[UnitStatus]

    def to_dict(self) -> dict[str, Any]:
        return {
            "kecamatan": self.kecamatan,
            "year": self.year,
            "units": [unit.to_dict() for unit in self.units],
        }

    def count(self, status: Status) -> int:
        return sum(unit.status == status for unit in self.units)


@dataclass
class PreviousFile:
    """One earlier year's rekap file received (a consolidated workbook or its tidy CSV), what
    was read of it, and whether consolidations use it."""

    id: int
    request: str
    file: str  # the name the sender gave
    sha256: str
    size: int
    received: str
    kecamatan: str | None  # as read, when it can be used
    years: tuple[int, ...]  # the earlier years it holds, as read (none when it cannot be used)
    errors: int
    warnings: int
    problems: list[Problem]
    kept: bool  # kept in sebelumnya/ (not when over 50 MB)
    status: PreviousStatus = "ditolak"
    replaced_by: str | None = None  # when diganti: the file used for its year instead

    @property
    def year(self) -> int | None:
        """The latest year it holds (a tidy CSV may hold several)."""
        return max(self.years) if self.years else None

    def to_dict(self) -> dict[str, Any]:
        """The API's object for an earlier year's file (docs/page.md)."""
        return {
            "file": self.file,
            "status": self.status,
            "year": self.year,
            "problems": [problem.to_dict() for problem in self.problems],
            "id": self.id,
            "years": list(self.years),
            "kecamatan": self.kecamatan,
            "replaced_by": self.replaced_by,
            "received": self.received,
            "errors": self.errors,
            "warnings": self.warnings,
            "sha256": self.sha256,
        }


@dataclass
class Rekap:
    """One consolidation: its files in ``rekap/``, its problems, the files it used."""

    id: int
    made: str
    workbook: Path
    csv: Path
    problems: list[Problem]
    receipts: list[int]
    lkjip: Path | None = None  # None: made before the page wrote the LKjIP document
    previous: list[PreviousFile] = field(default_factory=list)  # the earlier years used


@dataclass(frozen=True)
class _Setup:
    settings: Settings
    catalog: Catalog
    # what receipts are recorded against: the catalog's fingerprint of its year alone, as
    # another year's targets added later do not change what a file's check said
    fingerprint: str
    # what this setup's rows may carry: also the whole fingerprint, as rows written before
    fingerprints: tuple[str, ...]

    @classmethod
    def of(cls, settings: Settings, catalog: Catalog) -> _Setup:
        fingerprints = catalog.fingerprints()
        year = fingerprints.of_year(catalog.year)
        return cls(settings, catalog, year, (year, fingerprints.whole))


@dataclass
class _Derived:
    """Statuses and the files to consolidate, derived from the receipts."""

    states: dict[str, UnitStatus]
    files: list[Row]  # the accepted files consolidation uses, one per content
    holders: dict[str, list[Row]]  # unit -> the files of `files` holding it


class Office:
    """One working folder (created if missing) and everything the page does with it."""

    def __init__(self, folder: str | Path):
        self.folder = Path(folder).expanduser().resolve()
        self.folder.mkdir(parents=True, exist_ok=True)
        for name in (RECEIVED, FEEDBACK, BLANKS, REKAP, PREVIOUS):
            (self.folder / name).mkdir(exist_ok=True)
        self.db = Database(self.folder / DATABASE)
        self._key = self.db.secret()
        self._lock = threading.RLock()  # setup and the blanks
        self._rekap_lock = threading.Lock()
        self.settings_problem: str | None = None
        self._state: _Setup | None = None
        try:
            settings = load_settings(self.folder)
        except SettingsError as error:
            self.settings_problem = str(error)
            return
        if settings is not None:
            try:
                catalog = load_catalog(settings.catalog_path(self.folder), year=settings.year)
            except (CatalogError, OSError) as error:
                self.settings_problem = f"katalog {settings.catalog} tidak dapat dipakai: {error}"
                return
            self._state = _Setup.of(settings, catalog)

    # --- setup ---------------------------------------------------------------------------

    @property
    def settings(self) -> Settings | None:
        state = self._state
        return None if state is None else state.settings

    @property
    def is_set_up(self) -> bool:
        return self._state is not None

    def _setup_now(self) -> _Setup:
        """The current setup, taken once by each piece of work (setup may change it)."""
        state = self._state
        if state is None:
            raise NotSetUp()
        return state

    @property
    def catalog(self) -> Catalog:
        """The catalog of the current setup, for its year; NotSetUp before setup."""
        return self._setup_now().catalog

    @property
    def year(self) -> int:
        return self.catalog.year

    @property
    def catalog_file(self) -> Path | None:
        """The catalog file in use (None: the built-in catalog)."""
        settings = self.settings
        return None if settings is None else settings.catalog_path(self.folder)

    def setup(self, catalog_file: str | Path | UploadedCatalog | None, year: int) -> Settings:
        """Set the office up: the built-in catalog (None) or a catalog file, and the year.

        A catalog file is validated, then kept in the folder as received (``katalog.yaml``,
        or ``katalog-2.yaml`` when another one has that name). Raises :class:`CatalogError`
        for an invalid catalog (its problems name the file as sent) and ValueError for a
        year outside 2000 to 2100.
        """
        if not 2000 <= year <= 2100:
            raise ValueError("tahun harus antara 2000 dan 2100")
        with self._lock:
            relative: str | None = None
            if catalog_file is None:
                catalog = load_catalog(year=year)
            else:
                if isinstance(catalog_file, UploadedCatalog):
                    name, data = catalog_file.name, catalog_file.data
                else:
                    name, data = Path(catalog_file).name, Path(catalog_file).read_bytes()
                relative, catalog = self._keep_catalog(name, data, year)
            settings = Settings(year=year, catalog=relative)
            save_settings(self.folder, settings)
            self._state = _Setup.of(settings, catalog)
            self.settings_problem = None
            return settings

    def configure(self, catalog: str | Path | None = None, year: int | None = None) -> None:
        """Set up from the command's options: a catalog file, a year, or both; the rest is
        kept from the settings (a new catalog without a year takes the catalog's own)."""
        if catalog is None and year is None:
            return
        source = Path(catalog) if catalog is not None else self.catalog_file
        if year is None:
            settings = self.settings
            year = settings.year if settings is not None else load_catalog(source).year
        self.setup(source, year)

    def catalog_workbook(self) -> tuple[str, bytes]:
        """The catalog in use (before setup, the built-in one) as a workbook to edit in Excel
        and upload again, and its file name."""
        state = self._state
        catalog = load_catalog() if state is None else state.catalog
        with tempfile.TemporaryDirectory() as folder:
            path = write_catalog_workbook(Path(folder) / "katalog.xlsx", catalog)
            return f"{CATALOG_STEM}-{catalog.catalog_id}.xlsx", path.read_bytes()

    def _keep_catalog(self, name: str, data: bytes, year: int) -> tuple[str, Catalog]:
        # a workbook keeps its suffix: the catalog is read by it (an .ods told to be .xlsx)
        suffix = Path(name).suffix.lower() if is_catalog_workbook(name) else ".yaml"
        trial = self.folder / f".{CATALOG_STEM}-{secrets.token_hex(8)}{suffix}"
        trial.write_bytes(data)
        try:
            catalog = load_catalog(trial, year=year)
        except CatalogError as error:
            raise CatalogError(
                [
                    _renamed(problem, {str(trial): name, trial.name: name})
                    for problem in error.problems
                ]
            ) from None
        finally:
            trial.unlink(missing_ok=True)
        number = 1
        while True:
            candidate = (
                f"{CATALOG_STEM}{suffix}" if number == 1 else f"{CATALOG_STEM}-{number}{suffix}"
            )
            target = self.folder / candidate
            if not target.exists():
                place_new(data, target)
            if target.read_bytes() == data:
                return candidate, catalog
            number += 1

    # --- keys ----------------------------------------------------------------------------

    @property
    def planner_key(self) -> str:
        return self._key

    def unit_link_key(self, unit_id: str) -> str:
        """The key of one unit's upload page (KeyError for a unit not in the catalog)."""
        self.catalog.unit(unit_id)
        digest = hmac.new(self._key.encode(), f"unit:{unit_id}".encode(), hashlib.sha256)
        return base64.urlsafe_b64encode(digest.digest()).decode().rstrip("=")

    def identify(self, key: str | None) -> Access | None:
        """Whose key this is, compared in constant time; None for no key or a wrong one."""
        if not key:
            return None
        given = key.encode("utf-8", "replace")
        if hmac.compare_digest(given, self._key.encode()):
            return Access("planner")
        state = self._state
        if state is not None:
            for unit in state.catalog.units:
                if hmac.compare_digest(given, self.unit_link_key(unit.id).encode()):
                    return Access("unit", unit.id)
        return None

    def csrf_token(self, access: Access) -> str:
        """The token every form of this holder's pages carries."""
        subject = "planner" if access.is_planner else f"unit:{access.unit_id}"
        return hmac.new(self._key.encode(), f"csrf:{subject}".encode(), hashlib.sha256).hexdigest()

    # --- blanks --------------------------------------------------------------------------

    def blanks_folder(self) -> Path:
        """The blanks of the current setup, written once (one file per unit)."""
        catalog = self.catalog
        final = (
            self.folder
            / BLANKS
            / f"{catalog.catalog_id}-{catalog.year}-{catalog.fingerprint()[:12]}"
        )
        with self._lock:
            if final.is_dir():
                return final
            temporary = self.folder / BLANKS / f".baru-{secrets.token_hex(8)}"
            result = write_blanks(catalog, temporary)
            if result.problems:
                shutil.rmtree(temporary, ignore_errors=True)
                raise OSError(result.problems[0].message)
            for path in result.written:
                sync_file(path)
            sync_folder(temporary)
            temporary.rename(final)
            sync_folder(final.parent)
        return final

    def blank(self, unit_id: str) -> Path:
        """One unit's blank (KeyError for a unit not in the catalog)."""
        catalog = self.catalog
        catalog.unit(unit_id)
        return self.blanks_folder() / f"{catalog.catalog_id}-{catalog.year}-{unit_id}.xlsx"

    def blanks_zip(self) -> bytes:
        """Every unit's blank in one zip."""
        catalog = self.catalog
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for unit in catalog.units:
                path = self.blank(unit.id)
                archive.write(path, path.name)
        return buffer.getvalue()

    def blanks_zip_name(self) -> str:
        return f"blanko-{self.catalog.catalog_id}-{self.year}.zip"

    # --- receiving -----------------------------------------------------------------------

    def receive(
        self,
        filename: str,
        data: bytes | BinaryIO,
        via_unit: str | None = None,
        *,
        request: str | None = None,
    ) -> Receipt:
        """Keep one file, check it, record it; its status as the unit table now says.

        ``filename`` is the sender's name, kept as data and never used as a path; ``data``
        the bytes or a binary stream (read up to 50 MB: a larger file is refused, not kept);
        ``via_unit`` the unit whose link sent it (a file of another unit is then refused).
        """
        return self.receive_all([(filename, data)], via_unit, request=request)[0]

    def receive_all(
        self,
        files: Iterable[tuple[str, bytes | BinaryIO]],
        via_unit: str | None = None,
        *,
        request: str | None = None,
    ) -> list[Receipt]:
        """Receive the files of one upload: each kept, checked and recorded in turn (a
        recorded file is never lost), then their statuses from the unit table."""
        request = request or secrets.token_hex(16)
        ids = [self._receive_one(name, _bounded(data), via_unit, request) for name, data in files]
        rows = {row.id: row for row in self.db.request_receipts(request)}
        derived = self._derive()
        return [self._receipt(rows[i], derived) for i in ids]

    def _receive_one(
        self, filename: str, content: _Content, via_unit: str | None, request: str
    ) -> int:
        state = self._setup_now()
        catalog = state.catalog
        units = {unit.id for unit in catalog.units}
        if via_unit is not None and via_unit not in units:
            raise KeyError(via_unit)
        name = _as_data(filename)
        data, size, sha = content
        received = _now()
        record: dict[str, Any] = {
            "request": request,
            "sha256": sha,
            "stored": None,
            "name": name,
            "size": size,
            "received": received,
            "via": via_unit or PLANNER,
            "catalog": state.fingerprint,
            "year": catalog.year,
            "file_units": [],
            "kecamatan": None,
            "file_year": None,
            "feedback": None,
        }
        owners: tuple[str, ...] = ()
        if data is None:
            problems = [_too_large(name, size)]
            owners = _unit_in_name(name, units)
        else:
            stored = self._store(sha, data)
            record["stored"] = stored.relative_to(self.folder).as_posix()
            problems, identity_units, feedback, extra = self._check(stored, name, catalog)
            record.update(extra)
            record["file_units"] = list(identity_units)
            record["feedback"] = feedback
            if not identity_units:  # unreadable: the unit its name carries, if one
                owners = _unit_in_name(name, units)
            elif record["kecamatan"] == catalog.kecamatan.name:  # not another kecamatan's
                owners = tuple(u for u in identity_units if u in units)
        if via_unit is not None:
            if record["file_units"] and tuple(record["file_units"]) != (via_unit,):
                problems.append(
                    Problem(
                        name,
                        Code.NOT_THIS_UNIT,
                        f"berkas ini memuat unit {', '.join(record['file_units'])}, bukan "
                        f"{via_unit}: tautan ini hanya menerima buku kerja unit {via_unit} "
                        f"({catalog.unit(via_unit).name}). Berkas disimpan tetapi tidak dipakai.",
                    )
                )
            owners = (via_unit,)
        record["units"] = list(owners)
        record.update(_problems_record(problems))
        return self.db.add_receipt(**record)

    def _store(self, sha: str, data: bytes, folder: str = RECEIVED, suffix: str = "") -> Path:
        """The file kept as received, by its content: diterima/<sha256><suffix> (the suffix
        from the bytes, as the gate reads them, unless given)."""
        target = self.folder / folder / f"{sha}{suffix or _suffix(data)}"
        if not target.exists():
            place_new(data, target)
        return target

    def _check(
        self, stored: Path, name: str, catalog: Catalog
    ) -> tuple[list[Problem], tuple[str, ...], str | None, dict[str, Any]]:
        feedback_id = secrets.token_hex(16)
        feedback_dir = self.folder / FEEDBACK / feedback_id
        names = {str(stored): name, stored.name: name}
        try:
            checked = check_workbooks(
                [stored], catalog, year=catalog.year, annotate_to=feedback_dir, jobs=1
            )
        except Exception as error:  # noqa: BLE001 - recorded as the file's problem, not lost
            return (
                [
                    Problem(
                        name,
                        Code.CHECK_FAILED,
                        f"pemeriksaan gagal karena galat internal ({type(error).__name__}); "
                        "berkas disimpan. Laporkan kepada pengelola iku-xlsx.",
                    )
                ],
                (),
                None,
                {},
            )
        reading = checked.readings[0]
        extra: dict[str, Any] = {}
        units: tuple[str, ...] = ()
        if reading.identity is not None:
            units = tuple(reading.identity.units)
            extra = {"kecamatan": reading.identity.kecamatan, "file_year": reading.identity.year}
        if reading.kind is not None and stored.suffix != f".{reading.kind.value}":
            # the gate's kind decides the suffix: kept under that name too (never renamed)
            place_new(stored.read_bytes(), stored.with_suffix(f".{reading.kind.value}"))
        feedback = None
        if checked.feedback:
            for path in checked.feedback:
                sync_file(path)
            sync_folder(feedback_dir)
            feedback = feedback_id
        else:
            shutil.rmtree(feedback_dir, ignore_errors=True)  # made by us, empty
        return [_renamed(p, names) for p in reading.problems], units, feedback, extra

    # --- reading back --------------------------------------------------------------------

    def _rows(self, state: _Setup | None = None) -> list[Row]:
        state = state or self._setup_now()
        return self.db.receipts(state.fingerprints, state.catalog.year)

    def _derive(self, rows: Sequence[Row] | None = None, state: _Setup | None = None) -> _Derived:
        state = state or self._setup_now()
        catalog = state.catalog
        rows = self._rows(state) if rows is None else rows
        latest: dict[str, Row] = {}
        latest_accepted: dict[str, Row] = {}
        for row in rows:
            for unit_id in row.units:
                latest[unit_id] = row
                if row.accepted:
                    latest_accepted[unit_id] = row
        by_request: dict[str, list[Row]] = {}
        for row in rows:
            if row.accepted:
                by_request.setdefault(row.request, []).append(row)
        files: dict[str, Row] = {}  # by content: the same bytes are one file
        for unit_id, chosen in latest_accepted.items():
            for row in by_request[chosen.request]:  # with any other of its upload
                if unit_id in row.units:
                    files.setdefault(row.sha256, row)
        holders = {
            unit.id: [row for row in files.values() if unit.id in row.units]
            for unit in catalog.units
        }
        states: dict[str, UnitStatus] = {}
        for unit in catalog.units:
            last = latest.get(unit.id)
            if last is None:
                states[unit.id] = UnitStatus(unit.id, unit.name, "belum")
                continue
            status: Status
            if not last.accepted:
                status = "ditolak"
            elif len(holders[unit.id]) > 1:
                status = "konflik"
            else:
                status = "diterima"
            used = latest_accepted.get(unit.id)
            states[unit.id] = UnitStatus(
                unit.id,
                unit.name,
                status,
                file=last.name,
                received=last.received,
                errors=last.errors,
                warnings=last.warnings,
                receipt_id=last.id,
                conflicts=[row.name for row in holders[unit.id]] if status == "konflik" else [],
                used=used.name if status == "ditolak" and used is not None else None,
            )
        return _Derived(states, list(files.values()), holders)

    def status(self) -> OfficeStatus:
        """Every unit of the catalog with its status, latest file and when it came."""
        state = self._setup_now()
        catalog = state.catalog
        derived = self._derive(state=state)
        return OfficeStatus(
            catalog.kecamatan.name, catalog.year, [derived.states[u.id] for u in catalog.units]
        )

    def _receipt(self, row: Row, derived: _Derived) -> Receipt:
        status: Status = "ditolak"
        if row.accepted:
            status = "diterima"
            for unit_id in row.units:
                holders = derived.holders.get(unit_id, [])
                if len(holders) > 1 and any(h.sha256 == row.sha256 for h in holders):
                    status = "konflik"
        return Receipt(
            id=row.id,
            request=row.request,
            file=row.name,
            sha256=row.sha256,
            size=row.size,
            received=row.received,
            via=row.via,
            units=row.units,
            errors=row.errors,
            warnings=row.warnings,
            problems=[_problem(data) for data in row.problems],
            kept=row.stored is not None,
            has_feedback=row.feedback is not None,
            status=status,
        )

    def history(self, unit_id: str) -> list[Receipt]:
        """Every file received for one unit (of the current setup), the latest first."""
        state = self._setup_now()
        state.catalog.unit(unit_id)
        rows = self._rows(state)
        derived = self._derive(rows, state)
        return [self._receipt(row, derived) for row in reversed(rows) if unit_id in row.units]

    def receipt(self, receipt_id: int) -> Receipt | None:
        row = self.db.receipt(receipt_id)
        return None if row is None else self._receipt(row, self._derive())

    def request_receipts(self, request: str) -> list[Receipt]:
        """The files of one upload request, as received."""
        if not re.fullmatch(r"[0-9a-f]{32}", request):
            return []
        derived = self._derive()
        return [self._receipt(row, derived) for row in self.db.request_receipts(request)]

    def received_files(self) -> list[Receipt]:
        """Every file received for the current setup, the latest first."""
        state = self._setup_now()
        rows = self._rows(state)
        derived = self._derive(rows, state)
        return [self._receipt(row, derived) for row in reversed(rows)]

    def original_path(self, receipt_id: int) -> Path | None:
        """Where a file received is kept (None when it was not kept)."""
        row = self.db.receipt(receipt_id)
        if row is None or row.stored is None:
            return None
        return self._inside(self.folder / row.stored)

    def feedback_path(self, receipt_id: int) -> Path | None:
        """The feedback copy of a file received (None when it has none)."""
        row = self.db.receipt(receipt_id)
        if row is None or row.feedback is None or not HEX_ID.match(row.feedback):
            return None
        copies = sorted((self.folder / FEEDBACK / row.feedback).glob("*.xlsx"))
        return self._inside(copies[0]) if copies else None

    def via(self, receipt_id: int) -> str | None:
        row = self.db.receipt(receipt_id)
        return None if row is None else row.via

    def _inside(self, path: Path) -> Path | None:
        """``path`` when it is a file inside the folder (a database row is not trusted more)."""
        resolved = path.resolve()
        if not resolved.is_relative_to(self.folder) or not resolved.is_file():
            return None
        return resolved

    # --- earlier years' rekap files -------------------------------------------------------

    def receive_previous(
        self, files: Iterable[tuple[str, bytes | BinaryIO]], *, request: str | None = None
    ) -> list[PreviousFile]:
        """Keep, read and record earlier years' rekap files: the consolidated workbooks or
        tidy CSVs this package wrote (last year's rekap downloaded from the page, or made by
        ``iku-xlsx consolidate``). Each in turn; then their statuses.

        Each file is kept as received in ``sebelumnya/``, by its content (one over 50 MB is
        refused and not kept; the sender's name is data, never a path), and read as
        ``consolidate(previous=...)`` reads it, for the current catalog and year: a file that
        cannot be used (another kecamatan or catalog, this year's own, unreadable, figures
        that differ from their inputs) is recorded ``ditolak`` with its problems.
        """
        state = self._setup_now()
        request = request or secrets.token_hex(16)
        ids = [
            self._receive_previous_one(state, name, _bounded(data), request) for name, data in files
        ]
        found = {item.id: item for _, item in self._previous(state)}
        return [found[i] for i in ids]

    def _receive_previous_one(
        self, state: _Setup, filename: str, content: _Content, request: str
    ) -> int:
        catalog = state.catalog
        name = _as_data(filename)
        data, size, sha = content
        record: dict[str, Any] = {
            "request": request,
            "sha256": sha,
            "stored": None,
            "name": name,
            "size": size,
            "received": _now(),
            "catalog": state.fingerprint,
            "year": catalog.year,
            "kecamatan": None,
            "years": [],
        }
        if data is None:
            problems = [_too_large(name, size)]
        else:
            stored = self._store(sha, data, PREVIOUS, _previous_suffix(name, data))
            record["stored"] = stored.relative_to(self.folder).as_posix()
            problems, kecamatan, years = self._read_previous(stored, name, catalog)
            record["kecamatan"], record["years"] = kecamatan, list(years)
        record.update(_problems_record(problems))
        return self.db.add_previous(**record)

    def _read_previous(
        self, stored: Path, name: str, catalog: Catalog
    ) -> tuple[list[Problem], str | None, tuple[int, ...]]:
        """An earlier year's file read as a consolidation of this year would read it: its
        problems (naming it as sent), and when it can be used its kecamatan and years."""
        names = {str(stored): name, stored.name: name}
        try:
            result = consolidate([], catalog, year=catalog.year, previous=[stored], jobs=1)
        except Exception as error:  # noqa: BLE001 - recorded as the file's problem, not lost
            why = (
                f"pembacaan gagal karena galat internal ({type(error).__name__}); berkas "
                "disimpan. Laporkan kepada pengelola iku-xlsx."
            )
            return [Problem(name, Code.CHECK_FAILED, why)], None, ()
        problems = [_renamed(p, names) for p in result.problems if p.file == str(stored)]
        earlier = [year for kecamatan in result.kecamatan for year in kecamatan.earlier]
        if not earlier and not any(problem.is_error for problem in problems):
            problems.append(
                Problem(
                    name,
                    Code.PREVIOUS_REJECTED,
                    "berkas tahun sebelumnya tidak dipakai: tidak memuat data satu tahun pun",
                )
            )
        if any(problem.is_error for problem in problems):
            return problems, None, ()
        return problems, earlier[0].kecamatan, tuple(sorted({e.year for e in earlier}))

    def _previous(self, state: _Setup | None = None) -> list[tuple[PreviousRow, PreviousFile]]:
        """The earlier years' files of the setup, in the order received, with their statuses:
        for each year, the latest usable file holding it is used; an earlier one is replaced."""
        state = state or self._setup_now()
        rows = self.db.previous_files(state.fingerprints, state.catalog.year)
        found = [(row, _previous_file(row)) for row in rows]
        used: dict[int, PreviousFile] = {}  # year -> the file used for it
        for _, item in reversed(found):
            if item.errors or not item.years:
                continue
            later = [used[year] for year in item.years if year in used]
            if later:
                item.status, item.replaced_by = "diganti", later[0].file
            else:
                item.status = "diterima"
                used.update(dict.fromkeys(item.years, item))
        return found

    def previous_files(self) -> list[PreviousFile]:
        """The earlier years' rekap files received for the current setup, the latest first."""
        return [item for _, item in reversed(self._previous())]

    def previous_path(self, previous_id: int) -> Path | None:
        """Where an earlier year's file is kept (None when it was not kept)."""
        row = self.db.previous_file(previous_id)
        if row is None or row.stored is None:
            return None
        return self._inside(self.folder / row.stored)

    def previous_file(self, previous_id: int) -> PreviousFile | None:
        """One earlier year's file received, with its status in the current setup."""
        state = self._state
        if state is not None:
            for _, item in self._previous(state):
                if item.id == previous_id:
                    return item
        row = self.db.previous_file(previous_id)
        return None if row is None else _previous_file(row)

    # --- consolidation -------------------------------------------------------------------

    def consolidate(self) -> Rekap:
        """Consolidate, per unit, the latest accepted file into rekap/ (never overwriting),
        beside the earlier years' files in use: the workbook, the tidy CSV and the LKjIP
        chapter III document (.docx)."""
        state = self._setup_now()
        catalog = state.catalog
        with self._rekap_lock:
            derived = self._derive(state=state)
            names: dict[str, str] = {}  # as kept -> as sent, for the problems
            paths = self._kept([(row.stored, row.name) for row in derived.files], names)
            used = [(row, item) for row, item in self._previous(state) if item.status == "diterima"]
            earlier = self._kept([(row.stored, row.name) for row, _ in used], names)
            made = dt.datetime.now().astimezone()
            workbook, csv, lkjip = self._rekap_paths(catalog, made)
            result = consolidate(
                paths,
                catalog,
                year=catalog.year,
                out=workbook,
                csv=csv,
                lkjip=lkjip,
                previous=earlier,
                jobs=1,
            )
            for path in result.written:
                sync_file(path)
            sync_folder(workbook.parent)
            problems = [_renamed(problem, names) for problem in result.problems]
            problems += _unit_problems(derived)
            rekap_id = self.db.add_consolidation(
                made=made.isoformat(timespec="seconds"),
                catalog=state.fingerprint,
                year=catalog.year,
                workbook=workbook.relative_to(self.folder).as_posix(),
                csv=csv.relative_to(self.folder).as_posix(),
                receipts=[row.id for row in derived.files],
                problems=[problem.to_dict() for problem in problems],
                lkjip=lkjip.relative_to(self.folder).as_posix(),
                previous=[item.id for _, item in used],
            )
        return self._rekap(self.db.consolidation(rekap_id))

    def _kept(self, files: list[tuple[str | None, str]], names: dict[str, str]) -> list[Path]:
        """The kept copies of files (as kept, as sent), each sent name noted in ``names``
        under the copy's path and name."""
        paths = []
        for stored, sent in files:
            if stored:  # always: a file in use was kept
                paths.append(self.folder / stored)
                names[str(paths[-1])] = names[paths[-1].name] = sent
        return paths

    def _rekap_paths(self, catalog: Catalog, made: dt.datetime) -> tuple[Path, Path, Path]:
        """The workbook, CSV and LKjIP of a new rekap: named by when it was made, numbered
        where a rekap of that second exists."""
        stem = f"rekap-{catalog.catalog_id}-{catalog.year}-{made:%Y%m%d-%H%M%S}"
        folder = self.folder / REKAP
        number = 1
        workbook, csv, lkjip = (folder / f"{stem}{suffix}" for suffix in REKAP_SUFFIXES)
        while workbook.exists() or csv.exists() or lkjip.exists():
            number += 1
            workbook, csv, lkjip = (
                folder / f"{stem}-{number}{suffix}" for suffix in REKAP_SUFFIXES
            )
        return workbook, csv, lkjip

    def _rekap(self, row: ConsolidationRow | None) -> Rekap:
        assert row is not None
        previous = [self.db.previous_file(previous_id) for previous_id in row.previous]
        return Rekap(
            row.id,
            row.made,
            self.folder / row.workbook,
            self.folder / row.csv,
            [_problem(data) for data in row.problems],
            row.receipts,
            None if row.lkjip is None else self.folder / row.lkjip,
            [_previous_file(found, "diterima") for found in previous if found is not None],
        )

    def rekap(self, rekap_id: int) -> Rekap | None:
        row = self.db.consolidation(rekap_id)
        return None if row is None else self._rekap(row)

    def rekap_file(self, rekap_id: int, kind: RekapFile) -> Path | None:
        """A consolidation's workbook, CSV or LKjIP document (None: no such consolidation, or
        one made before the page wrote the LKjIP)."""
        rekap = self.rekap(rekap_id)
        if rekap is None:
            return None
        path = {"xlsx": rekap.workbook, "csv": rekap.csv, "docx": rekap.lkjip}[kind]
        return None if path is None else self._inside(path)

    def rekaps(self) -> list[Rekap]:
        """The consolidations of the current setup, the latest first."""
        state = self._setup_now()
        rows = self.db.consolidations(state.fingerprints, state.catalog.year)
        return [self._rekap(row) for row in rows]


# --- helpers ------------------------------------------------------------------------------


_Content = tuple[Optional[bytes], int, str]  # the bytes (None: over the bound), size, sha256


def _bounded(source: bytes | BinaryIO) -> _Content:
    """Read a file received up to the bound; beyond it only its size and digest are taken."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
        digest = hashlib.sha256(data).hexdigest()
        return (data if len(data) <= MAX_FILE_BYTES else None), len(data), digest
    head = source.read(MAX_FILE_BYTES + 1)
    hasher = hashlib.sha256(head)
    size = len(head)
    if size <= MAX_FILE_BYTES:
        return head, size, hasher.hexdigest()
    while chunk := source.read(1024**2):
        hasher.update(chunk)
        size += len(chunk)
    return None, size, hasher.hexdigest()


def _now() -> str:
    return dt.datetime.now().astimezone().isoformat(timespec="seconds")


def _as_data(name: str | None) -> str:
    """The sender's file name as text to show: control characters out, at most 255."""
    text = CONTROL.sub("", name or "").strip()
    return text[:255] or "(tanpa nama)"


def _suffix(data: bytes) -> str:
    """The suffix the gate's kind will give (it decides: see Office._check)."""
    if data.startswith(OLE_MAGIC):
        return ".xls"
    if data.startswith(b"PK"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = {n.replace("\\", "/").lower() for n in archive.namelist()}
        except Exception:  # noqa: BLE001 - any damage: the gate will say what it is
            return ".xlsx"
        if "content.xml" in names and "xl/workbook.xml" not in names:
            return ".ods"
    return ".xlsx"


def _previous_suffix(name: str, data: bytes) -> str:
    """The suffix an earlier year's file is kept and read under (so, how it is read): a
    workbook's kind from its bytes, as for a file received. Other bytes are read as a CSV
    when the sender's name says so, or when it does not say workbook and they look like text;
    else as a workbook, which the gate refuses saying what they are. The name only picks one
    of these suffixes: it never becomes a path."""
    if data.startswith((OLE_MAGIC, b"PK")):
        return _suffix(data)
    said = Path(name.replace("\\", "/").rsplit("/", 1)[-1]).suffix.lower()
    if said == ".csv" or (said not in WORKBOOK_SUFFIXES and b"\x00" not in data[:4096]):
        return ".csv"
    return ".xlsx"


def _too_large(name: str, size: int) -> Problem:
    """A file over the limit: refused, and not kept."""
    return Problem(
        name,
        Code.TOO_LARGE,
        f"berkas terlalu besar ({size / 1024**2:.0f} MB); batasnya "
        f"{MAX_FILE_BYTES // 1024**2} MB per berkas. Berkas tidak disimpan.",
    )


def _problems_record(problems: list[Problem]) -> dict[str, Any]:
    """A file's problems as its row records them, with its counts of errors and warnings."""
    errors = sum(problem.is_error for problem in problems)
    return {
        "problems": [problem.to_dict() for problem in problems],
        "errors": errors,
        "warnings": len(problems) - errors,
    }


def _unit_problems(derived: _Derived) -> list[Problem]:
    """What the rekap says of units whose latest file was refused: left out, or counted
    from a file accepted before (as consolidate says it)."""
    problems = []
    for unit in derived.states.values():
        if unit.status == "ditolak" and unit.used is None:
            problems.append(
                Problem(
                    unit.file or "",
                    Code.FILE_REJECTED,
                    f"unit {unit.unit_id}: berkas terakhir ({unit.file}) ditolak karena "
                    f"{unit.errors} kesalahan; perbaiki lalu kirim ulang",
                )
            )
        elif unit.used is not None:
            problems.append(
                Problem(
                    unit.file or "",
                    Code.EARLIER_FILE_USED,
                    f"unit {unit.unit_id}: berkas terakhir ({unit.file}) ditolak; "
                    f"rekap memakai berkas yang diterima sebelumnya ({unit.used})",
                )
            )
    return problems


def _previous_file(row: PreviousRow, status: PreviousStatus = "ditolak") -> PreviousFile:
    return PreviousFile(
        id=row.id,
        request=row.request,
        file=row.name,
        sha256=row.sha256,
        size=row.size,
        received=row.received,
        kecamatan=row.kecamatan,
        years=row.years,
        errors=row.errors,
        warnings=row.warnings,
        problems=[_problem(data) for data in row.problems],
        kept=row.stored is not None,
        status=status,
    )


def _unit_in_name(name: str, units: set[str]) -> tuple[str, ...]:
    """For a file whose metadata cannot be read (or too large to read): the one unit id its
    name carries as a word (cls-2025-KESRA.xlsx), as blanks are named."""
    words = {word.upper() for word in re.split(r"[^A-Za-z0-9]+", name)}
    found = sorted(words & units)
    return tuple(found) if len(found) == 1 else ()


def _renamed(problem: Problem, names: dict[str, str]) -> Problem:
    """The problem naming files as their senders named them, not as they are kept."""
    file, message = problem.file, problem.message
    for kept, sent in sorted(names.items(), key=lambda item: -len(item[0])):
        if file == kept:
            file = sent
        message = message.replace(kept, sent)
    return Problem(
        file, problem.code, message, problem.severity, problem.sheet, problem.cell, problem.location
    )


def _problem(data: dict[str, Any]) -> Problem:
    return Problem(
        file=str(data.get("file") or ""),
        code=str(data.get("code") or ""),
        message=str(data.get("message") or ""),
        severity=Severity(data.get("severity", "error")),
        sheet=data.get("sheet"),
        cell=data.get("cell"),
        location=data.get("location"),
    )
