"""The planner's page on a real server (waitress, threads; and `iku-xlsx serve` killed -9)."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import threading
import time
from http.client import HTTPException
from pathlib import Path

import pytest

from iku_xlsx.page import Office

from .conftest import UNIT_IDS
from .page_helpers import FAULTS, fill_units, http, running, upload, zip_bomb


@pytest.fixture(scope="module")
def refilled(catalog, blanks, tmp_path_factory) -> dict[str, Path]:
    """Another valid fill of every unit (other figures: other bytes)."""
    return fill_units(catalog, blanks, tmp_path_factory.mktemp("refilled"), seed=3)


def tree(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*")}


def test_a_real_server_wants_the_key(office):
    with running(office) as base:
        page = http("GET", base + "/")
        assert page.status == 403 and "Akses ditolak" in page.body.decode()
        assert http("GET", base + "/api/status").status == 403
        assert http("GET", base + "/api/status", headers={"X-IKU-Key": "salah"}).status == 403
        ok = http("GET", base + "/api/status", headers={"X-IKU-Key": office.planner_key})
        assert ok.status == 200 and ok.json()["kecamatan"] == "Candi Laras Selatan"
        unit = {"X-IKU-Key": office.unit_link_key("CAMAT")}
        assert http("GET", base + "/api/status", headers=unit).status == 403
        assert http("POST", base + "/api/consolidate", headers=unit).status == 403


def test_nine_files_at_once_through_the_api(office, filled, faulty):
    chosen = [faulty[u] if u in FAULTS else filled[u] for u in UNIT_IDS]
    files = [(path.name, path.read_bytes()) for path in chosen]
    with running(office) as base:
        started = time.perf_counter()
        answer = upload(base, office.planner_key, files)
        seconds = time.perf_counter() - started
        assert answer.status == 200
        by_unit = {r["unit_id"]: r["status"] for r in answer.json()}
        assert by_unit == {u: "diterima" for u in UNIT_IDS} | {
            "KESRA": "ditolak",
            "EKONOMI": "ditolak",
        }
        status = http("GET", base + "/api/status", headers={"X-IKU-Key": office.planner_key})
        assert {u["unit_id"]: u["status"] for u in status.json()["units"]} == by_unit
    print(f"\nnine files uploaded and checked through the API in {seconds:.2f} s")
    assert seconds < 60


def test_oversized_uploads_are_refused_and_the_server_carries_on(office, filled):
    with running(office, max_request_bytes=60 * 1024**2) as base:
        big = [("cls-2025-KESRA.xlsx", b"PK" + bytes(51 * 1024**2))]
        (answer,) = upload(base, office.planner_key, big).json()
        assert answer["status"] == "ditolak" and answer["problems"][0]["code"] == "too-large"
        assert "50 MB" in answer["problems"][0]["message"]
        too_much = [("a.xlsx", bytes(31 * 1024**2)), ("b.xlsx", bytes(31 * 1024**2))]
        refused = upload(base, office.planner_key, too_much)
        assert refused.status == 413 and "terlalu besar" in refused.json()["error"]
        (after,) = upload(
            base, office.planner_key, [("x.xlsx", filled["SEKCAM"].read_bytes())]
        ).json()
        assert after["status"] == "diterima"
        status = http("GET", base + "/api/status", headers={"X-IKU-Key": office.planner_key})
        units = {u["unit_id"]: u["status"] for u in status.json()["units"]}
        assert (units["KESRA"], units["SEKCAM"]) == ("ditolak", "diterima")
    assert {p.name for p in (office.folder / "diterima").iterdir()} == {
        hashlib.sha256(filled["SEKCAM"].read_bytes()).hexdigest() + ".xlsx"
    }


def test_a_zip_bomb_on_a_real_server(office):
    with running(office) as base:
        (answer,) = upload(base, office.planner_key, [("cls-2025-CAMAT.xlsx", zip_bomb())]).json()
    assert (answer["unit_id"], answer["status"]) == ("CAMAT", "ditolak")
    assert answer["problems"][0]["code"] == "zip-bomb"
    assert office.status().units[0].status == "ditolak"


def test_traversal_names_are_stored_by_content(office, filled, tmp_path):
    before = tree(tmp_path)
    data = filled["TRANTIB"].read_bytes()
    names = ["../../etc/passwd.xlsx", "..\\x.xlsx", "/tmp/iku-mutlak.xlsx", "../../../kerja.sqlite"]
    with running(office) as base:
        answers = upload(base, office.planner_key, [(n, data) for n in names]).json()
    assert [a["file"] for a in answers] == names
    assert {a["status"] for a in answers} == {"diterima"}
    created = tree(tmp_path) - before
    assert created and all(p.startswith("kerja/") for p in created), created
    assert {p.name for p in (office.folder / "diterima").iterdir()} == {
        hashlib.sha256(data).hexdigest() + ".xlsx"
    }
    assert not Path("/tmp/iku-mutlak.xlsx").exists()


def test_twenty_concurrent_uploads_are_all_recorded(office, filled, refilled, faulty):
    files = [filled[u] for u in UNIT_IDS] + [refilled[u] for u in UNIT_IDS]
    files += [faulty["KESRA"], faulty["EKONOMI"]]
    assert len({p.read_bytes() for p in files}) == 20
    answers: list[dict] = []
    failures: list[BaseException] = []
    lock = threading.Lock()
    with running(office) as base:
        barrier = threading.Barrier(20)

        def send(path: Path) -> None:
            try:
                barrier.wait()
                answer = upload(base, office.planner_key, [(path.name, path.read_bytes())])
                assert answer.status == 200, answer.body
                with lock:
                    answers.extend(answer.json())
            except BaseException as error:  # noqa: BLE001 - reported below
                failures.append(error)

        threads = [threading.Thread(target=send, args=(p,)) for p in files]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=300)
        assert not failures, failures
        status = http("GET", base + "/api/status", headers={"X-IKU-Key": office.planner_key})
    assert len(answers) == 20 and len({a["id"] for a in answers}) == 20
    recorded = office.received_files()
    assert sorted(r.id for r in recorded) == sorted(a["id"] for a in answers)
    latest: dict[str, dict] = {}  # each unit's status is its latest file's (by record)
    for answer in sorted(answers, key=lambda a: a["id"]):
        latest[answer["unit_id"]] = answer
    expected = {
        unit_id: "ditolak" if any(p["severity"] == "error" for p in a["problems"]) else "diterima"
        for unit_id, a in latest.items()
    }
    assert {u["unit_id"]: u["status"] for u in status.json()["units"]} == expected
    assert {u["unit_id"]: u["file"] for u in status.json()["units"]} == {
        u: a["file"] for u, a in latest.items()
    }
    for path in files:
        kept = (
            office.folder / "diterima" / (hashlib.sha256(path.read_bytes()).hexdigest() + ".xlsx")
        )
        assert kept.read_bytes() == path.read_bytes()


# --- killed -9 ------------------------------------------------------------------------------


def start(folder: Path) -> tuple[subprocess.Popen, str, str]:
    """`python -m iku_xlsx serve` on a free port: the process, its base URL and its key."""
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "iku_xlsx",
            "serve",
            "--folder",
            str(folder),
            "--year",
            "2025",
            "--port",
            "0",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    assert process.stdout is not None
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if line.startswith("http://"):
            base, key = line.strip().split("/?key=")
            return process, base, key
        if not line and process.poll() is not None:
            break
    process.kill()
    raise AssertionError(f"no address printed: {process.stderr.read() if process.stderr else ''}")


def kill(process: subprocess.Popen) -> None:
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    for stream in (process.stdout, process.stderr):
        if stream is not None:
            stream.close()


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_killed_right_after_the_answer_nothing_answered_is_lost(tmp_path, filled, faulty):
    folder = tmp_path / "kerja"
    process, base, key = start(folder)
    chosen = (filled["CAMAT"], faulty["KESRA"], filled["UMPEG"])
    files = [(path.name, path.read_bytes()) for path in chosen]
    try:
        answer = upload(base, key, files)
    finally:
        kill(process)  # at once, right after the answer: no shutdown
    assert answer.status == 200
    answered = answer.json()
    assert [(a["unit_id"], a["status"]) for a in answered] == [
        ("CAMAT", "diterima"),
        ("KESRA", "ditolak"),
        ("UMPEG", "diterima"),
    ]
    process, base, again = start(folder)
    try:
        assert again == key  # the bookmark still works
        status = http("GET", base + "/api/status", headers={"X-IKU-Key": key}).json()
        history = http("GET", base + "/api/units/KESRA/history", headers={"X-IKU-Key": key}).json()
    finally:
        kill(process)
    process, base, _ = start(folder)  # and once more: the same table again
    try:
        again_status = http("GET", base + "/api/status", headers={"X-IKU-Key": key}).json()
    finally:
        kill(process)
    assert again_status == status
    units = {u["unit_id"]: u for u in status["units"]}
    assert {u: s["status"] for u, s in units.items()} == {uid: "belum" for uid in UNIT_IDS} | {
        "CAMAT": "diterima",
        "KESRA": "ditolak",
        "UMPEG": "diterima",
    }
    for sent in answered:  # the table shows each file as the answer described it
        unit = units[sent["unit_id"]]
        assert (unit["file"], unit["received"], unit["errors"], unit["warnings"]) == (
            sent["file"],
            sent["received"],
            sent["errors"],
            sent["warnings"],
        )
    assert history == [answered[1]]
    for sent, (_, data) in zip(answered, files, strict=True):
        assert (folder / "diterima" / f"{sent['sha256']}.xlsx").read_bytes() == data


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_killed_while_uploads_go_on_the_folder_stays_whole(tmp_path, filled, refilled):
    folder = tmp_path / "kerja"
    process, base, key = start(folder)
    answered: list[dict] = []
    stop = threading.Event()
    files = [filled[u] for u in UNIT_IDS] + [refilled[u] for u in UNIT_IDS]

    def keep_sending() -> None:
        for path in files * 3:
            if stop.is_set():
                return
            try:
                answer = upload(base, key, [(path.name, path.read_bytes())])
            except (OSError, HTTPException):
                return  # the server is gone mid-request (or mid-answer: IncompleteRead)
            if answer.status == 200:
                answered.extend(answer.json())

    sender = threading.Thread(target=keep_sending)
    sender.start()
    time.sleep(1.5)
    kill(process)
    stop.set()
    sender.join(timeout=120)
    assert answered, "no upload was answered before the kill"
    process, base, _ = start(folder)
    try:
        status = http("GET", base + "/api/status", headers={"X-IKU-Key": key}).json()
    finally:
        kill(process)
    office = Office(folder)
    recorded = {r.id: r for r in office.received_files()}
    for answer in answered:  # every answered file is recorded as answered, and kept
        assert recorded[answer["id"]].sha256 == answer["sha256"]
        assert recorded[answer["id"]].status == "diterima"
    for receipt in recorded.values():  # every recorded file is whole
        kept = folder / "diterima" / f"{receipt.sha256}.xlsx"
        assert hashlib.sha256(kept.read_bytes()).hexdigest() == receipt.sha256
    assert status == office.status().to_dict()
    received = {u["unit_id"] for u in status["units"] if u["status"] == "diterima"}
    assert {a["unit_id"] for a in answered} <= received
