"""The Windows launcher (`iku-xlsx-page`): the page started, the browser opened at the key."""

from __future__ import annotations

from typing import Any

import pytest

from iku_xlsx.page import Office, launcher
from iku_xlsx.page.server import make_server

from .page_helpers import running


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The addresses the launcher opens in the browser (none is really opened)."""
    urls: list[str] = []
    monkeypatch.setattr(launcher.webbrowser, "open", urls.append)
    return urls


def test_the_launcher_serves_the_folder_and_opens_the_keyed_address(tmp_path, monkeypatch, opened):
    served: list[Any] = []

    def free_port_server(office: Office, host: str, port: int) -> Any:
        server = make_server(office, host, 0)  # not 8000: the test machine may use it
        server.run = lambda: None  # serve no request: return at once
        served.append(server)
        return server

    monkeypatch.setattr(launcher, "make_server", free_port_server)
    launcher.main([str(tmp_path / "kerja")])
    office = Office(tmp_path / "kerja")
    port = served[0].effective_port
    served[0].close()
    assert opened == [f"http://127.0.0.1:{port}/?key={office.planner_key}"]


def test_started_again_it_opens_the_page_already_running(tmp_path, monkeypatch, opened):
    office = Office(tmp_path / "kerja")
    with running(office) as base:
        port = int(base.rsplit(":", 1)[1])
        monkeypatch.setattr(launcher, "DEFAULT_PORT", port)  # taken by the running page
        launcher.main([str(tmp_path / "kerja")])
    assert opened == [f"{base}/?key={office.planner_key}"]


def test_a_fault_at_start_is_written_to_the_log(tmp_path, monkeypatch, opened):
    said: list[str] = []
    monkeypatch.setattr(launcher, "_window", said.append)  # no window in a test run
    folder = tmp_path / "kerja"
    (folder / "iku.sqlite").mkdir(parents=True)  # a folder where the database should be
    with pytest.raises(SystemExit) as stopped:
        launcher.main([str(folder)])
    assert stopped.value.code == 1
    log = (folder / "iku-xlsx-page.log").read_text(encoding="utf-8")
    assert "sqlite3" in log and "Traceback" in log
    assert opened == []
    assert said == [
        f"Halaman IKU tidak dapat dijalankan. Keterangan ada di {folder / 'iku-xlsx-page.log'}."
    ]
