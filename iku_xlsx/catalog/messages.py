"""What a planner reads about a mistake in a catalog file: in Bahasa Indonesia, where it is,
and what to write instead.

The YAML parser and pydantic describe faults in their own terms ("expected <block end>, but
found '<block mapping start>'", "Input should be a valid number"); planners typing a catalog
meet a handful of mistakes again and again: a tab, a line indented one space too far, a colon
in unquoted text, a misspelled field, a decimal comma ("97,5") or a percent sign ("75%").
Each is recognised here and said plainly.
"""

from __future__ import annotations

import difflib
import functools
import re
import typing
from enum import Enum
from typing import Any

import yaml
from pydantic import BaseModel
from pydantic_core import ErrorDetails

import iku_xlsx.catalog.model as model
from iku_xlsx.catalog.model import Catalog
from iku_xlsx.numbers import parse_indonesian_number

INDENT_HINT = (
    "bagian yang setingkat harus dimulai pada kolom yang sama, dan isi sebuah bagian menjorok "
    "lebih dalam dengan spasi"
)
PATTERN_HINTS = {  # field -> what its text may hold
    "catalog_id": "huruf kecil, angka dan tanda '-', misalnya tps",
    "id": "huruf besar dan angka, diawali huruf, misalnya EKONOMI",
    "nip": 'angka dan spasi saja, dalam tanda petik, misalnya "19860206 200412 2 001"',
    "due": "BB-HH, misalnya 03-31",
}


# --- YAML ------------------------------------------------------------------------------------


def yaml_message(error: yaml.YAMLError, text: str) -> tuple[str, str | None]:
    """The message and place ("baris 3, kolom 1") of text the YAML parser refused."""
    mark = getattr(error, "problem_mark", None)
    if mark is None:
        return f"bukan YAML yang sah: {error}", None
    place = f"baris {mark.line + 1}, kolom {mark.column + 1}"
    lines = text.splitlines()
    line = lines[mark.line] if mark.line < len(lines) else ""
    problem = str(getattr(error, "problem", "") or "")
    context = getattr(error, "context_mark", None)
    if "'\\t'" in problem or "\t" in line[: len(line) - len(line.lstrip())]:
        return (
            f"baris {mark.line + 1} memakai karakter tab untuk menjorok; YAML hanya menerima "
            "spasi: ganti tab dengan spasi (misalnya 2 spasi per tingkat)",
            place,
        )
    if problem == "mapping values are not allowed here" and ": " in line[: mark.column]:
        return _colon_message(line, mark.line + 1), place
    if problem.startswith(("expected <block end>", "mapping values are not allowed")) or (
        "did not find expected" in problem
    ):
        above = f" (bagian yang dimulai pada baris {context.line + 1})" if context else ""
        return (
            f"menjorok (indentasi) baris {mark.line + 1} tidak sejajar dengan baris di atasnya"
            f"{above}: {INDENT_HINT}",
            place,
        )
    if "end of stream" in problem and "quoted" in str(getattr(error, "context", "")):
        start = context.line + 1 if context else mark.line + 1
        return f'tanda petik yang dibuka pada baris {start} tidak ditutup: tambahkan "', place
    return f"bukan YAML yang sah: {problem or error}", place


def _colon_message(line: str, number: int) -> str:
    """A value holding ": " read as a second key: quote the value."""
    key, _, value = line.partition(": ")
    quoted = value.strip().replace('"', '\\"')
    return (
        f"teks pada baris {number} berisi titik dua (:), yang YAML baca sebagai kunci baru: beri "
        f'tanda petik pada teksnya, tulis {key.strip()}: "{quoted}"'
    )


# --- fields ----------------------------------------------------------------------------------


def field_messages(errors: list[ErrorDetails]) -> list[tuple[tuple[int | str, ...], str]]:
    """Each error's place and message; a field misspelled is one problem, not two (pydantic
    reports the unknown name and, when the field is required, the one it lacks), and a
    value that may take either of two forms (a budget: a number, or amount and realised) is
    told about the form it was written in."""
    errors = in_written_form(errors)
    meant = {
        (*detail["loc"][:-1], near)
        for detail in errors
        if detail["type"] == "extra_forbidden"
        for near in _nearest_field(str(detail["loc"][-1]), detail["loc"])
    }
    return [
        (detail["loc"], field_message(detail))
        for detail in errors
        if not (detail["type"] == "missing" and tuple(detail["loc"]) in meant)
    ]


def in_written_form(errors: list[ErrorDetails]) -> list[ErrorDetails]:
    """The errors about the form each value was written in (of a value that may take either
    of two forms), placed without pydantic's tags of the forms."""
    return [_without_branch(detail) for detail in errors if _written_in_its_form(detail)]


# How pydantic names the branch of a union in an error's place: the model's class name
# ("Budget"), a validator chain ("function-after[...]") or a plain type ("float").
_BRANCH = re.compile(r"^[a-z-]+\[.*\]$|^(float|int|str|bool|none)$")
_SHAPES = ("model_type", "dict_type", "model_attributes_type")  # "not a mapping"
_NUMBERS = ("float_type", "int_type", "float_parsing", "int_parsing")


def _is_branch(key: int | str) -> bool:
    """A place segment naming a branch of a union ('Budget', 'function-after[...]')."""
    return isinstance(key, str) and (key in _models() or bool(_BRANCH.match(key)))


@functools.cache
def _models() -> frozenset[str]:
    """The names of the catalog's models (Catalog, Unit, Indicator, Budget, ...)."""
    return frozenset(
        name
        for name, value in vars(model).items()
        if isinstance(value, type) and issubclass(value, BaseModel)
    )


def _written_in_its_form(detail: ErrorDetails) -> bool:
    """False for a union branch's error about the other form: "not a mapping" for a number
    written, "not a number" for a mapping written."""
    if not any(_is_branch(key) for key in detail["loc"]):
        return True
    given = detail.get("input")
    if detail["type"] in _SHAPES:
        return isinstance(given, dict)
    return not (detail["type"] in _NUMBERS and isinstance(given, dict))


def _without_branch(detail: ErrorDetails) -> ErrorDetails:
    """The error placed where the file writes it: a union's branch tags left out (never a
    field the file names itself, though it were called "Budget")."""
    *path, last = detail["loc"] or ("",)
    kept = [key for key in path if not _is_branch(key)]
    if detail["type"] == "extra_forbidden" or not _is_branch(last):
        kept.append(last)
    return {**detail, "loc": tuple(kept)}


def field_message(detail: ErrorDetails) -> str:
    """A pydantic error about one field, said in Bahasa Indonesia with what to write."""
    loc = detail["loc"]
    field = _field_name(loc)
    kind, given = detail["type"], detail.get("input")
    if kind == "missing":
        return f"kolom {field!r} wajib diisi"
    if kind == "extra_forbidden":
        return _unknown_field(field, loc)
    if kind in ("float_parsing", "int_parsing", "float_type", "int_type") and isinstance(
        given, str
    ):
        return _number_message(field, given)
    if kind == "string_type" and field == "nip":
        return 'NIP ditulis sebagai teks dalam tanda petik: nip: "19860206 200412 2 001"'
    if kind in ("enum", "literal_error"):
        return _choice_message(field, given, detail.get("ctx", {}).get("expected", ""))
    if kind == "string_pattern_mismatch":
        hint = PATTERN_HINTS.get(field, "lihat docs/catalog.md")
        return f"kolom {field!r} berisi {given!r}; yang boleh: {hint}"
    bounds = {
        "greater_than_equal": "paling sedikit",
        "greater_than": "lebih dari",
        "less_than_equal": "paling banyak",
        "less_than": "kurang dari",
    }
    if kind in bounds:
        limit = next(iter(detail.get("ctx", {}).values()), "")
        return f"kolom {field!r} bernilai {given!r}; harus {bounds[kind]} {limit}"
    if kind == "too_short":
        least = detail.get("ctx", {}).get("min_length", 1)
        return f"kolom {field!r} perlu sedikitnya {least} isian"
    if kind in ("list_type", "tuple_type"):
        return f"kolom {field!r} berupa daftar: tiap isian pada baris sendiri diawali '- '"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return f"kolom {field!r} berupa pemetaan: tiap isian 'nama: nilai' pada baris sendiri"
    if kind == "bool_parsing":
        return f"kolom {field!r} diisi true atau false"
    if kind == "value_error":  # the model's own checks, written in Bahasa Indonesia
        return f"kolom {field!r}: {detail['ctx']['error']}"
    return f"kolom {field!r}: {detail['msg']}"


def _field_name(loc: tuple[int | str, ...]) -> str:
    """A field as the file writes it: 'target', or 'targets[2025]' for a year's entry."""
    if not loc:
        return "katalog"
    if isinstance(loc[-1], int) and len(loc) > 1:
        return f"{loc[-2]}[{loc[-1]}]"
    return str(loc[-1])


def _number_message(field: str, given: str) -> str:
    """'97,5' or '75%' where a number belongs: the number to write, with a dot."""
    text = given.strip()
    meant = parse_indonesian_number(text.rstrip("%").strip())
    if meant is None:
        return f"kolom {field!r} berisi {given!r}; isi dengan angka, misalnya 95 atau 97.5"
    written = f"{meant:g}"
    why = "tanpa tanda %" if text.endswith("%") else "titik sebagai tanda desimal di YAML"
    return f"kolom {field!r} berisi {given!r}; tulis {written} ({why})"


def _choice_message(field: str, given: object, expected: str) -> str:
    """An enumeration's value: the allowed ones, and the nearest to what was written."""
    allowed = re.findall(r"'([^']*)'|(\d+)", expected)
    choices = [quoted or number for quoted, number in allowed]
    near = difflib.get_close_matches(str(given), choices, n=1, cutoff=0.5)
    guess = f" (maksudnya {near[0]}?)" if near else ""
    return f"kolom {field!r} berisi {given!r}{guess}; isi salah satu: {', '.join(choices)}"


def _unknown_field(field: str, loc: tuple[int | str, ...]) -> str:
    """A field the catalog does not know: the nearest known field of its place."""
    near = _nearest_field(field, loc)
    guess = f"; maksudnya {near[0]!r}?" if near else ""
    return f"kolom {field!r} tidak dikenal{guess} (periksa ejaannya, lihat docs/catalog.md)"


def _nearest_field(field: str, loc: tuple[int | str, ...]) -> list[str]:
    """The known field of ``loc``'s place nearest to ``field`` (none, or one)."""
    return difflib.get_close_matches(field.strip("\ufeff"), _fields_at(loc[:-1]), n=1, cutoff=0.6)


def _fields_at(loc: tuple[int | str, ...]) -> list[str]:
    """The field names of the model at ``loc`` below the catalog (empty when not known)."""
    model: Any = Catalog
    for key in loc:
        if isinstance(key, int):
            continue  # a list's item: the same model as the list's
        fields = getattr(model, "model_fields", None)
        if fields is None or key not in fields:
            return []
        model = _model_of(fields[key].annotation)
    return list(getattr(model, "model_fields", {}))


def _model_of(annotation: Any) -> Any:
    """The pydantic model inside an annotation (list[Unit], Signatory | None, ...)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return None
    for argument in typing.get_args(annotation):
        found = _model_of(argument)
        if found is not None:
            return found
    return None
