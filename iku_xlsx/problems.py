"""The one shape every reported problem takes, and the one registry of problem codes.

Every code the package can emit is declared once below (as frictionless declares each of its
errors once), with its usual severity and one line of meaning; docs/checks.md explains each
for the people who meet it. A :class:`Problem` refuses a code that is not declared here.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import Enum


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


ERROR, WARNING = Severity.ERROR, Severity.WARNING


class Code(str, Enum):
    """A problem code: its text (the contract's ``code``), usual severity and meaning."""

    severity: Severity
    meaning: str

    def __new__(cls, code: str, severity: Severity, meaning: str) -> Code:
        member = str.__new__(cls, code)
        member._value_ = code
        member.severity = severity
        member.meaning = meaning
        return member

    def __str__(self) -> str:
        return self.value

    # --- a catalog ------------------------------------------------------------------------
    CATALOG_ENCODING = "catalog-encoding", ERROR, "the catalog file is not UTF-8 text"
    CATALOG_YAML = "catalog-yaml", ERROR, "the catalog is not valid YAML"
    CATALOG_SHAPE = "catalog-shape", ERROR, "the catalog is not a YAML mapping"
    CATALOG_DUPLICATE_KEY = "catalog-duplicate-key", ERROR, "a key given twice in one mapping"
    CATALOG_FIELD = "catalog-field", ERROR, "a field missing, unknown, or of the wrong type"
    CATALOG_DUPLICATE_ID = "catalog-duplicate-id", ERROR, "a unit or indicator id used twice"
    CATALOG_SHEET_NAME = "catalog-sheet-name", ERROR, "a name that cannot be a sheet name"
    CATALOG_NIP = "catalog-nip", ERROR, "a NIP without its 18 digits"
    CATALOG_INDICATOR_ID = "catalog-indicator-id", ERROR, "an indicator id not <UNIT>_<n>"
    CATALOG_MISSING_LABEL = (
        "catalog-missing-label",
        ERROR,
        "a ratio without its numerator or denominator label",
    )
    CATALOG_KIND = "catalog-kind", ERROR, "a field that does not fit the indicator's kind"
    CATALOG_RANGE = "catalog-range", ERROR, "a valid_range whose minimum is above its maximum"
    CATALOG_DERIVATION = "catalog-derivation", ERROR, "a cascade that cannot be summed"
    CATALOG_RECORDS = "catalog-records", ERROR, "records (checklist, desa, IKM) set up wrongly"
    CATALOG_TARGET = (
        "catalog-target",
        ERROR,
        "a target that cannot be right (95 % as 0.95; quarter targets that do not add up)",
    )
    CATALOG_RULES = "catalog-rules", ERROR, "capaian categories not from the highest down"
    CATALOG_BUDGET = (
        "catalog-budget",
        ERROR,
        "a budget that cannot be right: more than four quarters, or spent beyond its amount",
    )
    CATALOG_WORKBOOK = (
        "catalog-workbook",
        ERROR,
        "a catalog workbook's sheet, column or row missing, unknown or given twice",
    )
    CATALOG_REFERENCE = (
        "catalog-reference",
        ERROR,
        "a catalog workbook's row naming a unit or indicator no sheet has",
    )

    # --- a request that cannot be carried out ------------------------------------------------
    UNKNOWN_UNIT = "unknown-unit", ERROR, "a unit id the catalog does not have"
    OUTPUT_EXISTS = "output-exists", ERROR, "an output file exists and --force was not given"
    OUTPUT_FOLDER = "output-folder", ERROR, "the output folder cannot be made or written"
    OUTPUT_IS_INPUT = "output-is-input", ERROR, "an output file is one of the inputs"
    INPUT_MISSING = "input-missing", ERROR, "a file or folder given as input does not exist"
    LKJIP_ONE_KECAMATAN = (
        "lkjip-one-kecamatan",
        ERROR,
        "--lkjip with several catalogs: the LKjIP document is one kecamatan's",
    )

    # --- a file before it is read (the gate) --------------------------------------------------
    LOCK_FILE = (  # kept so that the code stays known to those who read it in old output
        "lock-file",
        WARNING,
        "no longer reported: lock and temporary files are skipped and listed as skipped",
    )
    EMPTY_FILE = "empty-file", ERROR, "a file of 0 bytes"
    NOT_A_WORKBOOK = "not-a-workbook", ERROR, "not a regular file, or not a workbook"
    CORRUPT = "corrupt", ERROR, "a damaged or truncated file, or markup no program writes"
    ENCRYPTED = "encrypted", ERROR, "a workbook protected by a password"
    TOO_LARGE = "too-large", ERROR, "a file, sheet or expansion beyond the bounds"
    UNREADABLE = "unreadable", ERROR, "a file that cannot be read as a workbook"
    ZIP_BOMB = "zip-bomb", ERROR, "a zip that inflates far beyond its size"
    XML_ENTITIES = "xml-entities", ERROR, "a DOCTYPE or ENTITY declaration (an XML attack)"

    # --- what a workbook is ---------------------------------------------------------------
    LEGACY_FORMAT = "legacy-format", WARNING, "an .xls or .ods, read without defined names"
    NOT_IKU_WORKBOOK = "not-iku-workbook", ERROR, "no or broken metadata: not made by iku_xlsx"
    UNKNOWN_LAYOUT = "unknown-layout", ERROR, "a layout version this version cannot read"
    WRONG_CATALOG = "wrong-catalog", ERROR, "made from another version of the catalog"
    WRONG_KECAMATAN = "wrong-kecamatan", ERROR, "a workbook of another kecamatan"
    WRONG_YEAR = "wrong-year", ERROR, "a workbook of another year"
    WRONG_UNIT = "wrong-unit", WARNING, "the file name names another unit than it holds"
    SHEET_RENAMED = "sheet-renamed", WARNING, "a sheet renamed; read by its defined names"
    SHEET_MISSING = "sheet-missing", ERROR, "a unit's or records sheet deleted"
    LAYOUT_MOVED = "layout-moved", WARNING, "rows or columns moved; read by the defined names"
    NAME_MISSING = "name-missing", ERROR, "cells moved and their defined names gone"

    # --- what was typed ----------------------------------------------------------------------
    NOT_A_NUMBER = "not-a-number", ERROR, "text, a date or TRUE/FALSE where a number belongs"
    ERROR_VALUE = "error-value", ERROR, "an Excel error value (#N/A) in an input"
    NUMBER_AS_TEXT = "number-as-text", ERROR, "a number typed as text (the formulas skip it)"
    NEGATIVE = "negative", ERROR, "a negative amount or target"
    NOT_WHOLE = "not-whole", ERROR, "a fraction where whole numbers belong"
    OUT_OF_RANGE = "out-of-range", ERROR, "a figure outside what it can be"
    NUMERATOR_ABOVE_DENOMINATOR = (
        "numerator-above-denominator",
        ERROR,
        "a ratio's numerator above its denominator",
    )
    NUMERATOR_WITHOUT_DENOMINATOR = (
        "numerator-without-denominator",
        ERROR,
        "a numerator typed, its denominator empty",
    )
    DENOMINATOR_WITHOUT_NUMERATOR = (
        "denominator-without-numerator",
        ERROR,
        "a denominator typed, its numerator empty",
    )
    TARGET_MISSING = "target-missing", WARNING, "a target to type left empty: no capaian yet"
    TARGET_AS_FRACTION = (
        "target-as-fraction",
        ERROR,
        "a ratio target between 0 and 1 (100% stored as 1); a warning when lower is better",
    )
    TARGET_CHANGED = "target-changed", ERROR, "a target fixed by the catalog changed"
    AMOUNT_FALLING = (
        "amount-falling",
        ERROR,
        "an amount typed to date (s.d. triwulan) below the quarter before",
    )
    AMOUNTS_ABOVE_ANNUAL = (
        "amounts-above-annual",
        ERROR,
        "quarters' own amounts summing past the annual amount (to-date figures typed?)",
    )
    FORMULA_OVERWRITTEN = (
        "formula-overwritten",
        ERROR,
        "a formula's cached result differs from what its inputs give",
    )

    # --- records sheets ------------------------------------------------------------------------
    NOT_A_DATE = "not-a-date", ERROR, "a record date typed as text, a number or an error"
    DATE_OUTSIDE_YEAR = (
        "date-outside-year",
        ERROR,
        "a record date outside the workbook's year (a warning after it)",
    )
    RECORD_CHANGED = "record-changed", ERROR, "a locked record cell (due date, desa) edited"
    BAD_QUARTER = "bad-quarter", ERROR, "a records sheet's quarter other than 1 to 4"
    SCORE_OUT_OF_RANGE = "score-out-of-range", ERROR, "an IKM score sum respondents cannot give"
    SURVEY_INCOMPLETE = (
        "survey-incomplete",
        ERROR,
        "score sums without respondents (a warning when only unsur are missing)",
    )
    SAMPLE_TOO_SMALL = "sample-too-small", WARNING, "fewer respondents than the minimum sample"
    RECORDS_QUARTER_MISSING = (
        "records-quarter-missing",
        WARNING,
        "records typed but their quarter cell empty: nothing counted yet",
    )

    # --- a batch ---------------------------------------------------------------------------------
    FEEDBACK_NOT_WRITTEN = "feedback-not-written", WARNING, "a feedback copy could not be written"
    FILE_REJECTED = "file-rejected", ERROR, "a file with errors, left out of a consolidation"
    UNIT_CONFLICT = "unit-conflict", ERROR, "two accepted files for one unit: neither used"
    UNIT_SUPERSEDED = "unit-superseded", WARNING, "two files for one unit: the newest used"
    UNIT_MISSING = "unit-missing", WARNING, "a unit without a usable workbook"
    HEAD_MISSING = (
        "head-missing",
        WARNING,
        "no head of office to sign the Rekap: the name is left to write by hand",
    )

    # --- earlier years (--previous) ---------------------------------------------------------
    PREVIOUS_REJECTED = (
        "previous-rejected",
        ERROR,
        "an earlier year's file not used: another kecamatan, catalog or year, or faulty",
    )
    PREVIOUS_DIFFERS = (
        "previous-differs",
        ERROR,
        "an earlier year's stored figure differs from what its inputs give",
    )
    PREVIOUS_YEAR_MISSING = (
        "previous-year-missing",
        WARNING,
        "earlier years given, but not last year: the last year's columns stay empty",
    )

    # --- the planner's page ----------------------------------------------------------------------
    CHECK_FAILED = "check-failed", ERROR, "a file received whose check failed (kept as received)"
    NOT_THIS_UNIT = (
        "not-this-unit",
        ERROR,
        "a workbook of another unit sent through a unit head's own link (kept, not used)",
    )
    EARLIER_FILE_USED = (
        "earlier-file-used",
        WARNING,
        "a unit's latest file rejected: its earlier accepted one consolidated",
    )


_DECLARED = {code.value: code for code in Code}


@dataclass(frozen=True)
class Problem:
    """A located problem, the unit of every report the project makes.

    ``file``, ``sheet``, ``cell``, ``severity``, ``code`` and ``message`` are the contract's JSON
    fields; ``location`` says where in a text file (a catalog) the problem is, when that
    applies. ``severity`` defaults to the code's usual one.
    """

    file: str
    code: str
    message: str
    severity: Severity = None  # type: ignore[assignment]  # the code's, when not given
    sheet: str | None = None
    cell: str | None = None
    location: str | None = None

    def __post_init__(self) -> None:
        code = _DECLARED.get(self.code)
        if code is None:
            raise ValueError(f"problem code {self.code!r} is not declared in problems.Code")
        object.__setattr__(self, "code", code.value)
        if self.severity is None:
            object.__setattr__(self, "severity", code.severity)

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def where(self) -> str:
        """Where the problem is, the way a person would write it."""
        if self.sheet and self.cell:
            return f"{self.file}: '{self.sheet}'!{self.cell}"
        if self.sheet:
            return f"{self.file}: '{self.sheet}'"
        if self.location:
            return f"{self.file}: {self.location}"
        return self.file

    def to_dict(self) -> dict[str, str | None]:
        data = asdict(self)
        data["severity"] = self.severity.value
        return data
