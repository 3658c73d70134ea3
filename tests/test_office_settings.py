"""One setting for the office: the catalog and year chosen once (iku-xlsx.yaml), read by
every command run in the working folder or below it; a workbook of another catalog is told
which catalog file it comes from."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from iku_xlsx import check_workbooks, consolidate, load_catalog
from iku_xlsx.catalog import builtin_catalog_text
from iku_xlsx.settings import (
    SETTINGS_FILE,
    Settings,
    SettingsError,
    choose_office,
    find_settings,
    load_settings,
    save_settings,
)


@pytest.fixture
def office(tmp_path: Path, catalog) -> Path:
    """A working folder: its own catalog (the built-in one with a year's target, so another
    version), the settings naming it, and an inbox with one unit's blank of that catalog."""
    from iku_xlsx import write_workbook

    text = builtin_catalog_text().replace("    target: 1\n", "    targets: {2025: 2}\n", 1)
    assert text != builtin_catalog_text()
    (tmp_path / "katalog.yaml").write_text(text, encoding="utf-8")
    own = load_catalog(tmp_path / "katalog.yaml", year=2025)
    assert own.fingerprint() != catalog.fingerprint()
    save_settings(tmp_path, Settings(year=2025, catalog="katalog.yaml"))
    (tmp_path / "masuk").mkdir()
    write_workbook(tmp_path / "masuk" / "cls-2025-TRANTIB.xlsx", own, [own.unit("TRANTIB")])
    return tmp_path


def test_the_nearest_settings_file_above_is_found(office: Path):
    assert find_settings(office) == office / SETTINGS_FILE
    assert find_settings(office / "masuk") == office / SETTINGS_FILE
    assert find_settings(office.parent) is None


def test_flags_win_and_the_file_gives_what_they_leave_out(office: Path, tmp_path: Path):
    chosen = choose_office(None, None, office / "masuk")
    assert chosen.catalogs == (office / "katalog.yaml",) and chosen.year == 2025
    assert chosen.taken == ("catalog", "year")
    assert (
        chosen.describe()
        == f"{office / SETTINGS_FILE}: catalog {office / 'katalog.yaml'} and year 2025"
    )
    other = tmp_path / "lain.yaml"
    given = choose_office([other], None, office)
    assert given.catalogs == (other,) and given.year == 2025 and given.taken == ("year",)
    both = choose_office([other], 2024, office)
    assert both == choose_office([other], 2024, office) and both.settings_file is None
    assert both.describe() is None


def test_without_settings_the_built_in_catalog(tmp_path: Path):
    chosen = choose_office(None, None, tmp_path)  # no settings file above a temporary folder
    assert chosen.settings_file is None
    assert chosen.catalogs == () and chosen.year is None and chosen.describe() is None


def test_a_settings_file_with_a_fault_says_where(tmp_path: Path):
    (tmp_path / SETTINGS_FILE).write_text("year: dua ribu\n", encoding="utf-8")
    with pytest.raises(SettingsError, match="year"):
        choose_office(None, None, tmp_path)


def test_a_workbook_of_another_catalog_is_told_which_file_to_use(office: Path, catalog):
    """Checked against the built-in catalog (the flag forgotten), the office's workbook is
    refused and named its catalog: the katalog.yaml beside the inbox."""
    result = check_workbooks([office / "masuk"], catalog)
    (problem,) = result.problems
    assert problem.code == "wrong-catalog"
    assert problem.message.endswith(
        f"buku kerja ini dari katalog {office / 'katalog.yaml'}: pakai katalog "
        f"{office / 'katalog.yaml'}"
    )
    assert result.exit_code == 1
    consolidated = consolidate([office / "masuk"], catalog)
    assert any(
        p.code == "wrong-catalog" and "pakai katalog" in p.message for p in consolidated.problems
    )


def test_without_its_catalog_near_the_fix_names_the_catalog_id(office: Path, catalog, tmp_path):
    lone = tmp_path / "lone"
    lone.mkdir()
    shutil.copy(office / "masuk" / "cls-2025-TRANTIB.xlsx", lone / "cls-2025-TRANTIB.xlsx")
    (office / "katalog.yaml").rename(office / "katalog.txt")  # no longer a catalog file
    (problem,) = check_workbooks([lone], catalog).problems
    assert problem.code == "wrong-catalog"
    assert problem.message.endswith(
        "pakai katalog yang dipakai membuat blankonya (katalog 'cls'), atau isi ulang pada "
        "blanko terbaru"
    )


def test_a_workbook_of_the_built_in_catalog_is_told_so(office: Path, catalog, blanks):
    shutil.copy(blanks["EKONOMI"], office / "masuk" / "cls-2025-EKONOMI.xlsx")
    own = load_catalog(office / "katalog.yaml", year=2025)
    problems = check_workbooks([office / "masuk" / "cls-2025-EKONOMI.xlsx"], own).problems
    (problem,) = problems
    assert problem.message.endswith(
        "buku kerja ini dari katalog bawaan iku-xlsx: pakai katalog bawaan"
    )


def test_a_yaml_file_that_is_no_catalog_is_passed_over(office: Path, catalog):
    (office / "catatan.yaml").write_text("- bukan katalog\n", encoding="utf-8")
    (office / "rusak.yml").write_bytes(b"\xff\xfe")
    (problem,) = check_workbooks([office / "masuk"], catalog).problems
    assert f"pakai katalog {office / 'katalog.yaml'}" in problem.message


# --- the command ---------------------------------------------------------------------------


def _run(*args: object):
    from typer.testing import CliRunner

    from iku_xlsx.cli import app

    result = CliRunner().invoke(app, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


def test_init_writes_the_settings_once(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "katalog.yaml").write_text(builtin_catalog_text(), encoding="utf-8")
    made = _run("init", "--catalog", "katalog.yaml", "--year", 2026)
    assert made.exit_code == 0, made.output
    assert load_settings(tmp_path) == Settings(year=2026, catalog="katalog.yaml")
    again = _run("init", "--catalog", "katalog.yaml")
    assert again.exit_code == 2 and "--force" in again.output
    replaced = _run("init", "--force")  # the built-in catalog, its own year
    assert replaced.exit_code == 0, replaced.output
    assert load_settings(tmp_path) == Settings(year=2020, catalog=None)
    (tmp_path / "rusak.yaml").write_text("catalog_id: X\n", encoding="utf-8")
    broken = _run("init", "--catalog", "rusak.yaml", "--force")
    assert broken.exit_code == 1 and "catalog_id" in broken.output
    assert load_settings(tmp_path) == Settings(year=2020, catalog=None)  # left as it was


def test_every_command_below_the_folder_uses_its_catalog_and_year(office: Path, monkeypatch):
    """Run from the inbox without --catalog: the office's catalog and year, never the
    built-in one (which would refuse every workbook as another catalog's)."""
    monkeypatch.chdir(office / "masuk")
    checked = _run("check", ".", "--json")
    assert checked.exit_code == 0, checked.output
    assert "settings " in checked.output and "katalog.yaml and year 2025" in checked.output
    consolidated = _run("consolidate", ".", "--out", office / "rekap.xlsx")
    assert "wrong-catalog" not in consolidated.output
    from iku_xlsx import read_workbook

    own = load_catalog(office / "katalog.yaml")
    reading = read_workbook(office / "rekap.xlsx", own)
    assert reading.identity is not None and reading.identity.year == 2025
    blanks = _run("blank", "--out", office / "blanko", "--unit", "TRANTIB")
    assert blanks.exit_code == 0, blanks.output
    (written,) = (office / "blanko").iterdir()
    assert written.name == "cls-2025-TRANTIB.xlsx"
    assert read_workbook(written, own).catalog is not None  # of the office's catalog


def test_flags_still_win_over_the_settings(office: Path, monkeypatch, tmp_path: Path):
    monkeypatch.chdir(office)
    builtin = _run("check", "masuk", "--catalog", _builtin_file(tmp_path), "--json")
    assert builtin.exit_code == 1 and "wrong-catalog" in builtin.output
    assert "pakai katalog" in builtin.output
    other_year = _run("check", "masuk", "--year", 2024, "--json")
    assert other_year.exit_code == 1 and "wrong-year" in other_year.output


def test_a_broken_settings_file_stops_the_command_and_says_where(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / SETTINGS_FILE).write_text("year: 2025\ncatalogue: x.yaml\n", encoding="utf-8")
    result = _run("blank", "--out", "blanko")
    assert result.exit_code == 2 and SETTINGS_FILE in result.output
    assert not (tmp_path / "blanko").exists()


def _builtin_file(folder: Path) -> Path:
    path = folder / "bawaan.yaml"
    path.write_text(builtin_catalog_text(), encoding="utf-8")
    return path


def test_a_catalog_kept_as_a_workbook_is_named_too(office: Path, catalog):
    """The page keeps an uploaded Excel catalog as katalog.xlsx: the fix names it."""
    from iku_xlsx.catalog.workbook import write_catalog_workbook

    own = load_catalog(office / "katalog.yaml")
    (office / "katalog.yaml").unlink()
    write_catalog_workbook(office / "katalog.xlsx", own)
    (problem,) = check_workbooks([office / "masuk"], catalog).problems
    assert problem.message.endswith(f"pakai katalog {office / 'katalog.xlsx'}")
