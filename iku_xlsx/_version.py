"""The package's version, in one place (the metadata sheet and the command print it)."""

__version__ = "0.4.0"
