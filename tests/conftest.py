from __future__ import annotations

import os
from pathlib import Path

import pytest

from iku_xlsx import load_catalog, write_workbook
from iku_xlsx.catalog import Catalog

from .libreoffice import REQUIRE_VARIABLE, soffice

DATA = Path(__file__).parent / "data"
# docs/contract.md: the built-in catalog's unit ids, in the seed's order
UNIT_IDS = [
    "CAMAT",
    "SEKCAM",
    "UMPEG",
    "PERKEU",
    "TRANTIB",
    "EKONOMI",
    "KESRA",
    "PEMERINTAHAN",
    "PEMBANGUNAN",
]


@pytest.fixture(scope="session")
def builtin() -> Catalog:
    return load_catalog()


@pytest.fixture(scope="session")
def catalog(builtin: Catalog) -> Catalog:
    """The built-in catalog for 2025, the year of the files the tests fill."""
    return builtin.for_year(2025)


@pytest.fixture(scope="session")
def blanks(catalog: Catalog, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """One blank per unit of ``catalog``, by unit id (never written to: tests fill copies)."""
    folder = tmp_path_factory.mktemp("blanks")
    return {
        unit.id: write_workbook(folder / f"cls-2025-{unit.id}.xlsx", catalog, [unit])
        for unit in catalog.units
    }


@pytest.fixture(scope="session")
def kinds_catalog() -> Catalog:
    return load_catalog(DATA / "kinds.yaml")


@pytest.fixture(scope="session")
def require_libreoffice() -> None:
    """Skip without LibreOffice, except where CI demands it: then fail."""
    if soffice() is None:
        if os.environ.get(REQUIRE_VARIABLE) == "1":
            pytest.fail(f"{REQUIRE_VARIABLE}=1 but soffice is not installed")
        pytest.skip("LibreOffice (soffice) is not installed")


# --- the planner's page -------------------------------------------------------------------------


@pytest.fixture(scope="session")
def filled(catalog: Catalog, blanks: dict[str, Path], tmp_path_factory) -> dict[str, Path]:
    """The nine unit files, valid (never written to: the page keeps its own copies)."""
    from .page_helpers import fill_units

    return fill_units(catalog, blanks, tmp_path_factory.mktemp("filled"))


@pytest.fixture(scope="session")
def faulty(catalog: Catalog, blanks: dict[str, Path], tmp_path_factory) -> dict[str, Path]:
    """The nine unit files, KESRA's and EKONOMI's with an error each."""
    from .page_helpers import FAULTS, fill_units

    return fill_units(catalog, blanks, tmp_path_factory.mktemp("faulty"), FAULTS, seed=7)


@pytest.fixture
def office(tmp_path: Path):
    """A working folder set up for the built-in catalog, 2025."""
    from iku_xlsx.page import Office

    office = Office(tmp_path / "kerja")
    office.setup(None, 2025)
    return office


@pytest.fixture(scope="session")
def earlier_rekap(builtin: Catalog, tmp_path_factory) -> dict[str, Path]:
    """2024 of the built-in catalog consolidated, as a planner would upload it a year later:
    its workbook ("xlsx") and tidy CSV ("csv"), from the nine units' files filled with other
    figures than 2025's; and an empty 2024 rekap of another kecamatan ("stranger")."""
    from iku_xlsx import consolidate

    from .page_helpers import fill_units

    root = tmp_path_factory.mktemp("rekap-2024")
    earlier = builtin.for_year(2024)
    blanks = {
        unit.id: write_workbook(root / f"cls-2024-{unit.id}.xlsx", earlier, [unit])
        for unit in earlier.units
    }
    filled = fill_units(earlier, blanks, root / "masuk", seed=2024)
    files = {"xlsx": root / "rekap-cls-2024.xlsx", "csv": root / "rekap-cls-2024.csv"}
    made = consolidate(list(filled.values()), earlier, out=files["xlsx"], csv=files["csv"], jobs=1)
    assert made.exit_code == 0 and made.year == 2024, made.problems
    other = earlier.kecamatan.model_copy(update={"name": "Binuang"})
    files["stranger"] = root / "rekap-binuang-2024.xlsx"
    empty = consolidate(
        [], earlier.model_copy(update={"kecamatan": other}), year=2024, out=files["stranger"]
    )
    assert empty.written == [files["stranger"]]
    return files
