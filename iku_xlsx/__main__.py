"""`python -m iku_xlsx`: the same as the `iku-xlsx` command."""

from iku_xlsx.cli import run

run()
