from __future__ import annotations

import os
from pathlib import Path

import pytest

from iku_xlsx import load_catalog
from iku_xlsx.catalog import Catalog

from .libreoffice import REQUIRE_VARIABLE, soffice

DATA = Path(__file__).parent / "data"
# interfaces.md: the built-in catalog's unit ids, in the seed's order
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
def kinds_catalog() -> Catalog:
    return load_catalog(DATA / "kinds.yaml")


@pytest.fixture(scope="session")
def require_libreoffice() -> None:
    """Skip without LibreOffice, except where CI demands it: then fail."""
    if soffice() is None:
        if os.environ.get(REQUIRE_VARIABLE) == "1":
            pytest.fail(f"{REQUIRE_VARIABLE}=1 but soffice is not installed")
        pytest.skip("LibreOffice (soffice) is not installed")
