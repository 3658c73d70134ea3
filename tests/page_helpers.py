"""Helpers of the planner's page tests: filled unit files, HTTP by hand, a server in a thread."""

from __future__ import annotations

import io
import json
import random
import secrets
import subprocess
import sys
import threading
import urllib.error
import urllib.request
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from xlsxwriter.utility import xl_rowcol_to_cell

from iku_xlsx import Catalog, load_catalog
from iku_xlsx.contract.layout import sheet_layout
from iku_xlsx.page import Office, make_server
from iku_xlsx.page.server import stop

from .workbooks import QUARTERS, fill, random_records

# the two deliberate faults of the flows: text for a number, a numerator above its denominator
FAULTS: dict[str, dict[str, object]] = {
    "KESRA": {"KESRA_2_TW2_NUM": "dua belas"},
    "EKONOMI": {"EKONOMI_1_TW1_NUM": 45, "EKONOMI_1_TW1_DEN": 40},
}


def _address(unit_id: str, name: str) -> str:
    """Where a named cell of a unit's sheet of the built-in catalog is ('K18')."""
    row, col = sheet_layout(load_catalog().unit(unit_id)).names()[name]
    return xl_rowcol_to_cell(row, col)


KESRA_FAULT_CELL = _address("KESRA", "KESRA_2_TW2_NUM")  # where "dua belas" is typed


def unit_values(catalog: Catalog, unit_id: str, rng: random.Random) -> dict[str, object]:
    """Valid, plausible inputs of one unit by defined name: targets, three quarters, records."""
    unit = catalog.unit(unit_id)
    values: dict[str, object] = {}
    for indicator in unit.indicators:
        kind = indicator.kind.value
        if indicator.target is None:
            values[f"{indicator.id}_TARGET"] = {"ratio": 100, "value": 80, "count": 4}[kind]
        if indicator.computed_inputs:
            continue
        budget = rng.choice((1_850_000_000, 2_450_000_000))
        for q in QUARTERS[:3]:
            name = f"{indicator.id}_TW{q}"
            if kind == "value":
                values[f"{name}_NUM"] = round(rng.uniform(70, 95), 2)
            elif kind == "count":
                values[f"{name}_NUM"] = rng.randint(0, 10)
            elif indicator.aggregation.value == "cumulative":
                values[f"{name}_NUM"] = round(budget * rng.uniform(0.15, 0.28))
                values[f"{name}_DEN"] = budget
            else:
                den = rng.randint(5, 60)
                values[f"{name}_DEN"] = den
                values[f"{name}_NUM"] = rng.randint(den // 2, den)
    records = random_records(catalog, rng, valid=True)
    prefixes = tuple(f"{indicator.id}_" for indicator in unit.indicators)
    survey = any(indicator.ikm for indicator in unit.indicators)
    values |= {
        k: v
        for k, v in records.items()
        if k.startswith(prefixes) or (survey and k.startswith("IKM_"))
    }
    return values


def fill_units(
    catalog: Catalog,
    blanks: dict[str, Path],
    folder: Path,
    faults: dict[str, dict[str, object]] | None = None,
    seed: int = 2025,
) -> dict[str, Path]:
    """Every unit's blank filled into ``folder`` (same names), with ``faults`` typed over."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    filled = {}
    for unit in catalog.units:
        values = unit_values(catalog, unit.id, rng) | (faults or {}).get(unit.id, {})
        filled[unit.id] = folder / blanks[unit.id].name
        fill(blanks[unit.id], filled[unit.id], values)
    return filled


def builtin_catalog_yaml(tmp: Path) -> str:
    """The built-in catalog's YAML, as `iku-xlsx catalog export` writes it (the contract's way)."""
    target = tmp / "bawaan.yaml"
    subprocess.run(
        [sys.executable, "-m", "iku_xlsx", "catalog", "export", str(target)],
        check=True,
        capture_output=True,
    )
    return target.read_text(encoding="utf-8")


def zip_bomb(megabytes: int = 60) -> bytes:
    """An .xlsx-looking zip whose sheet inflates to ``megabytes`` of zero-like XML."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/'
            '2006/content-types"/>',
        )
        archive.writestr(
            "xl/workbook.xml",
            '<?xml version="1.0"?><workbook><sheets><sheet name="A" sheetId="1" r:id="rId1"/>'
            "</sheets></workbook>",
        )
        body = b"<v>0</v>" * (megabytes * 1024**2 // 8)
        archive.writestr("xl/worksheets/sheet1.xml", b"<worksheet><sheetData>" + body + b"</x>")
    return buffer.getvalue()


# --- HTTP by hand (the standard library only) -----------------------------------------------


def multipart(files: list[tuple[str, bytes]], field: str = "files") -> tuple[bytes, str]:
    """A multipart/form-data body holding ``files`` under ``field``, and its content type."""
    boundary = f"----iku{secrets.token_hex(12)}"
    parts = []
    for name, data in files:
        quoted = name.replace("\\", "\\\\").replace('"', '\\"')  # as a quoted-string
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; '
            f'filename="{quoted}"\r\nContent-Type: application/octet-stream\r\n\r\n'
        )
        parts.append(head.encode() + data + b"\r\n")
    body = b"".join(parts) + f"--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


def http(
    method: str, url: str, *, headers: dict[str, str] | None = None, body: bytes | None = None
) -> Answer:
    """One request; an HTTP error status is an answer too (not an exception)."""
    request = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return Answer(response.status, dict(response.headers), response.read())
    except urllib.error.HTTPError as error:
        return Answer(error.code, dict(error.headers), error.read())


def upload(
    base: str, key: str, files: list[tuple[str, bytes]], path: str = "/api/upload"
) -> Answer:
    body, content_type = multipart(files)
    return http(
        "POST", base + path, headers={"X-IKU-Key": key, "Content-Type": content_type}, body=body
    )


@contextmanager
def running(office: Office, **options: Any) -> Iterator[str]:
    """The page over ``office`` served by waitress on a free port, in a thread: its base URL."""
    server = make_server(office, "127.0.0.1", 0, **options)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.effective_port}"
    finally:
        stop(server)
        thread.join(timeout=30)
        assert not thread.is_alive()
