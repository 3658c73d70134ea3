"""The one shape every reported problem takes: in a catalog, a workbook or a batch."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import Enum


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    """A located problem, the unit of every report the project makes.

    ``file``, ``sheet``, ``cell``, ``severity``, ``code`` and ``message`` are the contract's JSON
    fields; ``location`` says where in a text file (a catalog) the problem is, when that applies.
    """

    file: str
    code: str
    message: str
    severity: Severity = Severity.ERROR
    sheet: str | None = None
    cell: str | None = None
    location: str | None = None

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
