"""Every defined name of the contract, built in one place.

The writer names cells with these, the reader finds cells by them, formulas and the
consolidated workbook refer to them: nothing else spells a name out (docs/contract.md lists
them). An indicator's names start with its id (``EKONOMI_3_TW2_NUM``); a name's *suffix* is
what follows the id (``TW2_NUM``), the key the library's own computations use.
"""

from __future__ import annotations

from enum import Enum


class Part(str, Enum):
    """A row of an indicator block, and the last word of its cells' names."""

    NUM = "NUM"  # the numerator (for count and value indicators: the reported figure)
    DEN = "DEN"  # the denominator (ratio only)
    VAL = "VAL"  # the realisation, computed
    # the quarter to date (layout version 2): quarter cells only, no year cell
    TARGET = "TARGET"  # the target to date: the catalog's, typed, or the annual target
    TODATE = "TODATE"  # the realisation to date, computed
    CAPAIAN = "CAPAIAN"  # the capaian to date, computed


TO_DATE_PARTS = (Part.TARGET, Part.TODATE, Part.CAPAIAN)


# Suffixes of an indicator's single cells.
TARGET = "TARGET"
CAPAIAN = "CAPAIAN"
KATEGORI = "KATEGORI"
KENDALA = "KENDALA"


def quarter_suffix(quarter: int, part: Part | str) -> str:
    """'TW2_NUM': a quarter's cell of one part."""
    return f"TW{quarter}_{Part(part).value}"


def year_suffix(part: Part | str) -> str:
    """'YEAR_VAL': the year's cell of one part."""
    return f"YEAR_{Part(part).value}"


def of(indicator_id: str, suffix: str) -> str:
    """'EKONOMI_3_TARGET': an indicator's cell by its suffix."""
    return f"{indicator_id}_{suffix}"


def target(indicator_id: str) -> str:
    return of(indicator_id, TARGET)


def quarter(indicator_id: str, quarter: int, part: Part | str) -> str:
    return of(indicator_id, quarter_suffix(quarter, part))


def year(indicator_id: str, part: Part | str) -> str:
    return of(indicator_id, year_suffix(part))


def capaian(indicator_id: str) -> str:
    return of(indicator_id, CAPAIAN)


def kategori(indicator_id: str) -> str:
    return of(indicator_id, KATEGORI)


def kendala(indicator_id: str) -> str:
    return of(indicator_id, KENDALA)


# --- the annual report: cells of the consolidated kecamatan workbook alone -------------------

# On the Capaian Tahunan sheet: last year (given with --previous) and the Renstra.
PREVIOUS_VAL = "PREV_VAL"  # last year's realisation
PREVIOUS_CAPAIAN = "PREV_CAPAIAN"  # last year's capaian
BASELINE = "BASELINE"  # the Renstra's starting point
RENSTRA_TARGET = "RENSTRA_TARGET"  # the Renstra's end-of-period target
RENSTRA_CAPAIAN = "RENSTRA_CAPAIAN"  # the year's realisation against the end target
RENSTRA_KEMAJUAN = "RENSTRA_KEMAJUAN"  # the share of the way from the baseline covered
STANDARD = "STANDAR"  # a national or provincial standard (the catalog's standard)
STANDARD_CAPAIAN = "STANDAR_CAPAIAN"  # the year's realisation against the standard

# On the Evaluasi Renja sheet, in rupiah (where the catalog gives a budget).
RUPIAH_PARTS = (
    "RENSTRA",  # the Renstra's total
    "BEFORE",  # spent in the Renstra's years before this one
    "PAGU",  # this year's budget
    "TW1",
    "TW2",
    "TW3",
    "TW4",  # spent in each quarter
    "YEAR",  # spent this year
    "CAPAIAN",  # this year's spent over its budget
    "TODATE",  # spent in the Renstra up to this year
    "RENSTRA_CAPAIAN",  # that over the Renstra's total
)


def rupiah(indicator_id: str, part: str) -> str:
    """'SEKCAM_5_RP_PAGU': an indicator's rupiah cell of the Evaluasi Renja."""
    if part not in RUPIAH_PARTS:
        raise ValueError(f"no rupiah cell {part!r}")
    return of(indicator_id, f"RP_{part}")


# --- records sheets kept by one indicator: a checklist, desa records --------------------------


def last_quarter(indicator_id: str) -> str:
    """The records sheet's 'reported up to quarter' input."""
    return of(indicator_id, "LAST_TW")


def item(indicator_id: str, number: int, field: str) -> str:
    """A checklist item's cell: field DUE, DONE, STATUS or NOTE; ``number`` from 1."""
    return of(indicator_id, f"ITEM{number}_{field}")


def document_due(indicator_id: str, document: int) -> str:
    """The quarter by whose end a desa document is due."""
    return of(indicator_id, f"DOC{document}_DUE")


def desa(indicator_id: str, desa: int) -> str:
    """A desa's name on the records sheet."""
    return of(indicator_id, f"DESA{desa}")


def desa_document(indicator_id: str, desa: int, document: int) -> str:
    """The date a desa's document came in."""
    return of(indicator_id, f"DESA{desa}_DOC{document}")


def desa_complete(indicator_id: str, desa: int, quarter: int) -> str:
    """Whether a desa's documents due by a quarter's end are all in by then."""
    return of(indicator_id, f"DESA{desa}_LENGKAP_TW{quarter}")


# --- the IKM survey ------------------------------------------------------------------------------

SURVEY_QUARTER = "IKM_TRIWULAN"  # the quarter the survey was held
POOLED_RESPONDENTS = "IKM_RESPONDEN"
POOLED_IKM = "IKM_NILAI"
POOLED_MUTU = "IKM_MUTU"


def service(number: int, field: str) -> str:
    """A service's cell: NAMA, POPULASI, SAMPEL, RESPONDEN, JUMLAH, NILAI or MUTU."""
    return f"IKM_L{number}_{field}"


def service_score(number: int, unsur: int) -> str:
    """The sum of the scores a service's respondents gave one unsur (1 to 9)."""
    return service(number, f"U{unsur}")


# Names a layout gained after workbooks of its version were handed out: a workbook may lack
# them, and then its cell is read where the layout has it, or (rows moved) not at all.
LATER_SUFFIXES = ("_NOTE",)
