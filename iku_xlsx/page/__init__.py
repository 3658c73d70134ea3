"""The planner's page: a local web page (Bahasa Indonesia) over one working folder.

``iku-xlsx serve`` runs it; the library underneath::

    from iku_xlsx.page import Office, create_app, serve

    office = Office("kerja")                     # the folder, created if missing
    office.setup(None, 2025)                     # the built-in catalog, year 2025
    receipt = office.receive("cls-2025-EKONOMI.xlsx", data)   # kept, checked, recorded
    print(receipt.status, receipt.problems)
    print(office.status().to_dict())             # belum / ditolak / diterima / konflik
    office.receive_previous([("rekap-2024.xlsx", last_year)])  # earlier years, checked
    rekap = office.consolidate()                 # rekap/....xlsx, .csv and the LKjIP .docx
"""

from iku_xlsx.page.app import create_app
from iku_xlsx.page.office import (
    Access,
    NotSetUp,
    Office,
    OfficeStatus,
    PreviousFile,
    Receipt,
    Rekap,
    UnitStatus,
    UploadedCatalog,
)
from iku_xlsx.page.server import default_folder, make_server, serve

__all__ = [
    "Access",
    "NotSetUp",
    "Office",
    "OfficeStatus",
    "PreviousFile",
    "Receipt",
    "Rekap",
    "UnitStatus",
    "UploadedCatalog",
    "create_app",
    "default_folder",
    "make_server",
    "serve",
]
