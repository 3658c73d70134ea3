"""What a fresh `iku-xlsx` process pays around its work: no BLAS thread pool at the start,
no walks over the whole heap at the end."""

from __future__ import annotations

import gc
import os
import subprocess
import sys

import pytest
from typer.testing import CliRunner

import iku_xlsx.cli as cli
from iku_xlsx.catalog import builtin_catalog_text


@pytest.fixture(autouse=True)
def _thawed():
    """run() owns its process and freezes what is alive when the command ends; this process
    does not end then: thaw it, and give it back."""
    yield
    gc.unfreeze()
    cli._owns_the_process = False


@pytest.mark.parametrize(("given", "seen"), [(None, "1"), ("4", "4")])
def test_the_command_starts_no_blas_threads_unless_asked(monkeypatch, given, seen):
    """numpy's OpenBLAS would start a thread per core on import; the command asks for none,
    and a number the user set stays."""
    if given is None:
        monkeypatch.delenv("OPENBLAS_NUM_THREADS", raising=False)
    else:
        monkeypatch.setenv("OPENBLAS_NUM_THREADS", given)
    found = []
    monkeypatch.setattr(cli, "app", lambda: found.append(os.environ["OPENBLAS_NUM_THREADS"]))
    cli.run()
    assert found == [seen]


def test_numpy_in_the_command_has_one_blas_thread():
    """Set before numpy is imported: the command's process has no BLAS threads."""
    code = (
        "import os; from iku_xlsx import cli; cli.app = lambda: None; cli.run(); "
        "import numpy; "
        "print(os.environ['OPENBLAS_NUM_THREADS'], len(os.listdir(f'/proc/{os.getpid()}/task')))"
    )
    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    variable, threads = done.stdout.split()
    assert variable == "1"
    if sys.platform.startswith("linux"):
        assert threads == "1", done.stdout  # the main thread only


@pytest.mark.parametrize("end", [None, SystemExit(0), SystemExit(2), ValueError("internal")])
def test_the_end_collects_then_freezes(monkeypatch, end):
    """Garbage is collected as ever (its finalizers run); what is alive is then frozen, for
    the interpreter's teardown to skip, however the command ends."""
    calls = []

    def command():
        calls.append("command")
        if end is not None:
            raise end

    monkeypatch.setattr(cli, "app", command)
    monkeypatch.setattr(gc, "collect", lambda: calls.append("collect"))
    monkeypatch.setattr(gc, "freeze", lambda: calls.append("freeze"))
    if end is None:
        cli.run()
    else:
        with pytest.raises(SystemExit) as raised:
            cli.run()
        assert raised.value.code == (3 if isinstance(end, ValueError) else end.code)
    assert calls == ["command", "collect", "freeze"]


def test_a_finalizer_of_garbage_still_runs_at_the_end(tmp_path):
    """An object left in a reference cycle when the command ends is still finalized."""
    marker = tmp_path / "finalized"
    code = (
        "from iku_xlsx import cli\n"
        "class Node:\n"
        f"    def __del__(self): open({str(marker)!r}, 'w').close()\n"
        "def command():\n"
        "    node = Node(); node.me = node\n"
        "cli.app = command; cli.run()\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
    assert marker.exists()


CATALOG_FROZEN = """
import gc, sys
import iku_xlsx.jobs.check as job
from iku_xlsx import cli

def check_workbooks(files, catalogs, **options):
    print(len(catalogs), gc.get_freeze_count() > 0)
    raise SystemExit(0)

job.check_workbooks = check_workbooks
sys.argv = ["iku-xlsx", "check", sys.argv[1], "--catalog", sys.argv[2]]
cli.run()
"""


def test_the_command_freezes_its_catalogs_once_loaded(tmp_path):
    """The catalogs and the modules live as long as the command: frozen before the files are
    read, in a process the command owns."""
    folder = tmp_path / "katalog"
    folder.mkdir()
    for name in ("a", "b"):
        (folder / f"{name}.yaml").write_text(builtin_catalog_text(), "utf-8")
    done = subprocess.run(
        [sys.executable, "-c", CATALOG_FROZEN, str(tmp_path), str(folder)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.split() == ["2", "True"], done.stderr


def test_the_command_in_another_process_freezes_nothing(tmp_path):
    """Run from a test (or any program), the command leaves the collector as it was."""
    folder = tmp_path / "katalog"
    folder.mkdir()
    (folder / "a.yaml").write_text(builtin_catalog_text(), "utf-8")
    before = gc.get_freeze_count()
    result = CliRunner().invoke(cli.app, ["check", str(folder), "--catalog", str(folder)])
    assert result.exit_code == 0, result.output  # no workbook in it: nothing to check
    assert gc.get_freeze_count() == before
