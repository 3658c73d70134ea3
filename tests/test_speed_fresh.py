"""What a fresh `iku-xlsx` process pays before its work: no BLAS thread pool."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

import iku_xlsx.cli as cli


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
