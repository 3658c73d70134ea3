"""The tidy table as CSV."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from iku_xlsx.fileio import atomic_output


def write_csv(table: pd.DataFrame, path: Path) -> Path:
    """The tidy table as CSV (a dot as decimal separator), written atomically."""
    with atomic_output(path) as temporary:
        table.to_csv(temporary, index=False, float_format="%.10g")
    return path
