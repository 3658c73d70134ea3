"""The `iku-xlsx` command: blanks, catalog export/check/schema, exit statuses, no tracebacks."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from iku_xlsx.catalog import builtin_catalog_text, load_catalog
from iku_xlsx.cli import app

from .conftest import DATA, UNIT_IDS


def run(*args: str):
    result = CliRunner().invoke(app, [str(a) for a in args])
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_blank_writes_one_workbook_per_unit(tmp_path):
    result = run("blank", "--out", tmp_path / "blanko", "--year", 2025)
    assert result.exit_code == 0
    assert sorted(p.name for p in (tmp_path / "blanko").iterdir()) == sorted(
        f"cls-2025-{unit_id}.xlsx" for unit_id in UNIT_IDS
    )
    assert result.output.count("wrote ") == 9


def test_blank_never_overwrites_without_force(tmp_path):
    out = tmp_path / "blanko"
    run("blank", "--out", out, "--unit", "EKONOMI")
    (out / "cls-2020-EKONOMI.xlsx").write_bytes(b"a filled workbook")
    before = digest(out)
    result = run("blank", "--out", out, "--unit", "EKONOMI", "--unit", "KESRA")
    assert result.exit_code == 2
    assert "exists" in result.output and "--force" in result.output
    assert digest(out) == before  # nothing written, not even the KESRA file
    assert run("blank", "--out", out, "--unit", "EKONOMI", "--force").exit_code == 0
    assert digest(out) != before


def test_blank_units_and_combined(tmp_path):
    result = run(
        "blank",
        "--out",
        tmp_path,
        "--unit",
        "EKONOMI",
        "--unit",
        "KESRA",
        "--combined",
        "--year",
        2026,
    )
    assert result.exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "cls-2026-EKONOMI.xlsx",
        "cls-2026-KESRA.xlsx",
        "cls-2026-gabungan.xlsx",
    ]


def test_blank_with_another_catalog(tmp_path):
    assert run("blank", "--out", tmp_path, "--catalog", DATA / "kinds.yaml").exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["uji-2024-DUA.xlsx", "uji-2024-SATU.xlsx"]


@pytest.mark.parametrize(
    "args",
    [
        ("blank", "--out", "{tmp}", "--unit", "NOPE"),
        ("blank", "--out", "{tmp}/file.txt/sub"),  # a folder that cannot be made
        ("blank", "--out", "{tmp}", "--year", "1900"),
        ("blank", "--out", "{tmp}", "--no-such-option"),
        ("blank",),
        ("blank", "--out", "{tmp}", "--catalog", "{tmp}/missing.yaml"),
        ("catalog", "check", "{tmp}/missing.yaml"),
        ("catalog", "check", "{tmp}/missing.xlsx"),
        ("catalog", "template", "{tmp}/katalog.ods"),  # a catalog workbook is an .xlsx
        ("catalog", "export", "{tmp}/katalog.xls"),
    ],
)
def test_misuse_exits_2(tmp_path, args):
    (tmp_path / "file.txt").write_text("x")
    result = run(*(a.replace("{tmp}", str(tmp_path)) for a in args))
    assert result.exit_code == 2, result.output
    assert not list(tmp_path.glob("*.xlsx"))


def test_unwritable_folder_says_so(tmp_path):
    (tmp_path / "file.txt").write_text("x")
    result = run("blank", "--out", tmp_path / "file.txt" / "sub")
    assert "cannot write there" in result.output


def test_bad_catalog_exits_1_naming_the_place(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(builtin_catalog_text().replace("kind: count", "kind: hitungan", 1))
    for args in (("catalog", "check", bad), ("blank", "--out", tmp_path / "o", "--catalog", bad)):
        result = run(*args)
        assert result.exit_code == 1
        assert (
            "units[4] TRANTIB > sasaran[0] > indicators[1] TRANTIB_2 > kind (baris"
            in result.output.replace("\n", "")
        )
    assert not (tmp_path / "o").exists()


def test_catalog_export_check_round_trip(tmp_path):
    exported = tmp_path / "cls.yaml"
    assert run("catalog", "export", exported).exit_code == 0
    assert exported.read_text("utf-8") == builtin_catalog_text()  # comments kept
    assert run("catalog", "check", exported).exit_code == 0
    assert run("catalog", "export", exported).exit_code == 2  # exists
    assert run("catalog", "export", exported, "--force").exit_code == 0
    other = tmp_path / "uji.yaml"
    assert run("catalog", "export", other, "--catalog", DATA / "kinds.yaml").exit_code == 0
    assert load_catalog(other) == load_catalog(DATA / "kinds.yaml")
    assert yaml.safe_load(other.read_text("utf-8"))["units"][0]["name"] == "=Unit Satu"


def test_catalog_template_and_export_as_workbooks(tmp_path, builtin):
    empty, example = tmp_path / "kosong.xlsx", tmp_path / "katalog.xlsx"
    assert run("catalog", "template", empty).output.strip() == f"wrote {empty}"
    result = run("catalog", "check", empty)
    assert result.exit_code == 1
    assert f"error {empty}: 'Kantor'!B2: Kode katalog: wajib diisi (catalog-field)" in (
        result.output.replace("\n", "")
    )
    assert run("catalog", "template", example, "--example").exit_code == 0
    assert load_catalog(example) == builtin
    assert run("catalog", "check", example).output.strip() == f"{example}: the catalog is valid"
    exported = tmp_path / "target.xlsx"
    assert run("catalog", "export", exported, "--catalog", DATA / "targets.yaml").exit_code == 0
    assert load_catalog(exported) == load_catalog(DATA / "targets.yaml")
    # --catalog takes the workbook wherever it takes YAML
    assert run("catalog", "export", tmp_path / "target.yaml", "--catalog", exported).exit_code == 0
    assert load_catalog(tmp_path / "target.yaml") == load_catalog(DATA / "targets.yaml")
    assert run("blank", "--out", tmp_path / "blanko", "--catalog", exported).exit_code == 0
    assert sorted(p.name for p in (tmp_path / "blanko").iterdir()) == [
        "target-2024-DUA.xlsx",
        "target-2024-SATU.xlsx",
    ]


def test_a_catalog_workbook_is_overwritten_only_with_force(tmp_path):
    path = tmp_path / "katalog.xlsx"
    path.write_bytes(b"the planner's catalog")
    for args in (("template",), ("template", "--example"), ("export",)):
        result = run("catalog", args[0], path, *args[1:])
        assert result.exit_code == 2 and "--force" in result.output
        assert path.read_bytes() == b"the planner's catalog"
    assert run("catalog", "template", path, "--example", "--force").exit_code == 0
    assert load_catalog(path) == load_catalog()


def test_bad_catalog_workbook_exits_1_naming_sheet_and_cell(tmp_path):
    import openpyxl

    path = tmp_path / "katalog.xlsx"
    run("catalog", "template", path, "--example")
    book = openpyxl.load_workbook(path)
    book["Indikator"]["F4"] = "hitungan"
    book.save(path)
    for args in (("catalog", "check", path), ("blank", "--out", tmp_path / "o", "--catalog", path)):
        result = run(*args)
        assert result.exit_code == 1
        assert (
            f"error {path}: 'Indikator'!F4: Jenis: \"hitungan\" tidak dikenal; pilih salah satu: "
            "rasio, jumlah, nilai (catalog-field)" in result.output.replace("\n", "")
        )
    assert not (tmp_path / "o").exists()


def test_catalog_schema(tmp_path):
    assert run("catalog", "schema", tmp_path / "s.json").exit_code == 0
    schema = json.loads((tmp_path / "s.json").read_text("utf-8"))
    assert schema["title"] == "iku_xlsx catalog" and "units" in schema["required"]


def test_python_dash_m_and_no_traceback(tmp_path):
    version = subprocess.run(
        [sys.executable, "-m", "iku_xlsx", "--version"], capture_output=True, text=True
    )
    assert version.returncode == 0 and version.stdout.startswith("iku-xlsx ")
    misuse = subprocess.run(
        [sys.executable, "-m", "iku_xlsx", "catalog", "check", str(tmp_path / "nope.yaml")],
        capture_output=True,
        text=True,
    )
    assert misuse.returncode == 2
    assert "Traceback" not in misuse.stderr + misuse.stdout
    binary = tmp_path / "binary.yaml"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    result = subprocess.run(
        [sys.executable, "-m", "iku_xlsx", "catalog", "check", str(binary)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1 and "Traceback" not in result.stderr


@pytest.fixture
def filled_folder(tmp_path):
    """A folder with a correct EKONOMI workbook and a faulty KESRA one."""
    from .test_reader import GOOD
    from .workbooks import fill

    blanks = tmp_path / "blanko"
    run("blank", "--out", blanks, "--year", 2025, "--unit", "EKONOMI", "--unit", "KESRA")
    folder = tmp_path / "masuk"
    folder.mkdir()
    fill(blanks / "cls-2025-EKONOMI.xlsx", folder / "cls-2025-EKONOMI.xlsx", GOOD)
    fill(
        blanks / "cls-2025-KESRA.xlsx",
        folder / "cls-2025-KESRA.xlsx",
        {
            "KESRA_1_TARGET": 100,
            "KESRA_2_TARGET": 100,
            "KESRA_3_TARGET": 100,
            "KESRA_1_TW1_NUM": "dua",
            "KESRA_1_TW1_DEN": 4,
        },
    )
    return folder


def test_check_exit_statuses(filled_folder):
    assert run("check", filled_folder / "cls-2025-EKONOMI.xlsx").exit_code == 0
    result = run("check", filled_folder)
    assert result.exit_code == 1
    assert "'Kasi Kesra'!J12" in result.output and "dua" in result.output
    assert "2 file(s) checked: 1 with errors, 0 with warnings only, 1 clean" in result.output
    assert run("check", filled_folder / "missing.xlsx").exit_code == 2
    assert run("check", filled_folder, "--year", 2024).exit_code == 1


def test_check_json_lists_every_problem_with_its_place(filled_folder):
    result = run("check", filled_folder, "--json")
    problems = json.loads(result.stdout)
    assert [(p["sheet"], p["cell"], p["severity"], p["code"]) for p in problems] == [
        ("Kasi Kesra", "J12", "error", "not-a-number")
    ]
    assert {"file", "sheet", "cell", "severity", "code", "message"} <= set(problems[0])
    assert problems[0]["file"].endswith("cls-2025-KESRA.xlsx")


def test_check_annotate_writes_feedback_and_keeps_originals(filled_folder, tmp_path):
    before = digest(filled_folder)
    result = run("check", filled_folder, "--annotate", tmp_path / "catatan")
    assert result.exit_code == 1
    assert digest(filled_folder) == before
    assert [p.name for p in (tmp_path / "catatan").iterdir()] == ["cls-2025-KESRA-catatan.xlsx"]


def test_the_command_starts_without_the_heavy_libraries():
    """--help, --version and the catalog commands need neither pandas nor the workbook
    libraries: the package and the command import them only when a command runs."""
    code = (
        "import sys, iku_xlsx, iku_xlsx.cli; "
        "print(sorted(m for m in ('pandas', 'numpy', 'openpyxl', 'xlsxwriter') "
        "if m in sys.modules))"
    )
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert completed.stdout.strip() == "[]", completed.stderr


def test_every_public_name_of_the_package_resolves():
    import iku_xlsx

    assert set(iku_xlsx.__all__) == {*iku_xlsx._PUBLIC, "__version__"}
    for name in iku_xlsx.__all__:
        assert getattr(iku_xlsx, name) is not None, name
    with pytest.raises(AttributeError):
        iku_xlsx.no_such_name  # noqa: B018


@pytest.mark.parametrize(
    "code",
    [
        "from iku_xlsx import Consolidation, consolidate",
        "import iku_xlsx.jobs.demo, iku_xlsx; consolidate = iku_xlsx.consolidate",
        "import iku_xlsx.jobs.consolidate, iku_xlsx; consolidate = iku_xlsx.consolidate",
        "from iku_xlsx import *",
    ],
)
def test_consolidate_stays_the_function_whatever_was_imported_first(code):
    """The job's module, once imported, must not take the function's place; subpackages are
    reached as attributes, as a plain import gives them."""
    check = "import inspect; print(inspect.isfunction(consolidate), iku_xlsx.reading.__name__)"
    completed = subprocess.run(
        [sys.executable, "-c", f"import iku_xlsx; {code}; {check}"], capture_output=True, text=True
    )
    assert completed.stdout.split() == ["True", "iku_xlsx.reading"], completed.stderr


def test_the_progress_bar_runs_no_thread(monkeypatch, tmp_path):
    """On a terminal, consolidate draws its progress bar from the main thread: the reading
    processes are forked only from a process that runs no other thread (reading.processes)."""
    import io
    import threading

    from rich.console import Console

    import iku_xlsx.cli as cli
    from iku_xlsx.consolidation.result import Consolidation

    threads = []
    before = threading.active_count()  # whatever threads the test runner keeps

    def consolidate(inputs, catalogs, *, progress, **options):
        for done in range(1, 4):
            progress(done, 3)
            threads.append(threading.active_count())
        return Consolidation(2025)

    monkeypatch.setattr(sys.modules["iku_xlsx.jobs.consolidate"], "consolidate", consolidate)
    screen = io.StringIO()
    monkeypatch.setattr(cli, "err", Console(file=screen, force_terminal=True, width=80))
    result = CliRunner().invoke(app, ["consolidate", str(tmp_path), "--out", "x.xlsx"])
    assert result.exit_code == 0, result.output
    assert threads == [before] * 3
    assert "reading workbooks" in screen.getvalue()  # the bar was drawn
