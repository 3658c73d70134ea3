"""Loading a catalog: YAML text into a validated :class:`Catalog`, every error at its place.

The text is parsed once, by libyaml (PyYAML's C loader) where it is installed: the node tree
is composed, the data constructed from those nodes, and the same nodes give each error its
line and the duplicate-key check its keys. Validation then runs in two passes: pydantic checks
types and allowed values (the model), then
:func:`iku_xlsx.catalog.validation.semantic_problems` checks what spans fields. Every error
names the path in the file, the unit and indicator it belongs to, and the YAML line.
"""

from __future__ import annotations

import copy
import gc
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from iku_xlsx.catalog.messages import field_messages, yaml_message
from iku_xlsx.catalog.model import Catalog, CatalogError
from iku_xlsx.catalog.validation import semantic_problems
from iku_xlsx.problems import Code, Problem

BUILTIN_CATALOG = "cls-2020.yaml"
CATALOG_SUFFIXES = (".yaml", ".yml")  # the files of a folder of catalogs

# The C loader (libyaml, in PyYAML's wheels) parses a catalog ten times faster than the pure
# Python one, which stays the fallback where libyaml is not installed. Both compose the same
# nodes and construct the same data; their messages for text that is not YAML differ, so
# such text is parsed again by the pure-Python loader, whose message and place are reported.
YAML_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# A catalog written in Excel is read by catalog.workbook (openpyxl, imported only for one);
# .xls and .ods go there too, to be told to save the file as .xlsx.
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")


def builtin_catalog_text() -> str:
    """The built-in catalog's YAML, comments included."""
    return (
        resources.files("iku_xlsx.catalog")
        .joinpath("data")
        .joinpath(BUILTIN_CATALOG)
        .read_text("utf-8")
    )


def load_catalog(path: str | Path | None = None, *, year: int | None = None) -> Catalog:
    """Load and validate a catalog (the built-in one when ``path`` is None).

    Raises :class:`CatalogError` naming every place at fault, or ``OSError`` when the file
    cannot be read.
    """
    if path is not None and is_catalog_workbook(path):
        from iku_xlsx.catalog.workbook import load_catalog_workbook

        return load_catalog_workbook(path, year=year)
    if path is None:
        text, name = builtin_catalog_text(), f"<built-in {BUILTIN_CATALOG}>"
    else:
        try:
            text, name = Path(path).read_text(encoding="utf-8-sig"), str(path)
        except UnicodeDecodeError:
            raise CatalogError([_not_utf8(path)]) from None
    catalog, problems = parse_catalog(text, name)
    if catalog is None:
        raise CatalogError(problems)
    return catalog.for_year(year)


def catalog_files(paths: Iterable[str | Path]) -> list[Path]:
    """The catalog files named: each file as given, and for each folder every ``*.yaml`` and
    ``*.yml`` file in it (not in its subfolders), sorted by name.

    Raises ``FileNotFoundError`` for a path that does not exist or a folder without a catalog.
    """
    found: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            inside = sorted(
                p for p in path.iterdir() if p.suffix.lower() in CATALOG_SUFFIXES and p.is_file()
            )
            if not inside:
                raise FileNotFoundError(f"{path} holds no catalog (no *.yaml or *.yml file)")
            found += inside
        elif path.exists():
            found.append(path)
        else:
            raise FileNotFoundError(f"{path} does not exist")
    return found


def load_catalogs(paths: Iterable[str | Path], *, year: int | None = None) -> list[Catalog]:
    """Load and validate the catalogs of the files and folders named (:func:`catalog_files`),
    in that order: one per kecamatan of a kabupaten, say.

    Raises :class:`CatalogError` naming every place at fault in every file (each problem
    names its file), or ``OSError`` when a file cannot be read or a folder holds none.
    """
    catalogs: list[Catalog] = []
    problems: list[Problem] = []
    with _collector_paused():
        for path in catalog_files(paths):
            try:
                catalogs.append(load_catalog(path, year=year))
            except CatalogError as error:
                problems += error.problems
    if problems:
        raise CatalogError(problems)
    return catalogs


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector paused, and then as it was. Loading a catalog makes
    no reference cycle (nodes, dicts, lists, models), yet its thousands of objects set off
    the collector's passes, which each walk every catalog loaded so far: a third of the time
    of loading 400 catalogs. Whatever cycle there is is collected once it runs again."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def check_catalog(path: str | Path) -> list[Problem]:
    """Every problem of the catalog file at ``path`` (empty when it is valid)."""
    if is_catalog_workbook(path):
        from iku_xlsx.catalog.workbook import check_catalog_workbook

        return check_catalog_workbook(path)
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        return [_not_utf8(path)]
    return parse_catalog(text, str(path))[1]


def is_catalog_workbook(path: str | Path) -> bool:
    """Whether a catalog file is a workbook (by its suffix) rather than YAML."""
    return Path(path).suffix.lower() in WORKBOOK_SUFFIXES


def _not_utf8(path: str | Path) -> Problem:
    return Problem(
        str(path),
        Code.CATALOG_ENCODING,
        "berkas bukan teks UTF-8: simpan ulang dengan pengodean UTF-8 (Notepad: Save As, "
        "Encoding UTF-8)",
    )


def parse_catalog(text: str, name: str = "<catalog>") -> tuple[Catalog | None, list[Problem]]:
    """Validate catalog YAML text: the catalog (None if invalid) and its problems."""
    try:
        try:
            root, raw = _parse_yaml(text, YAML_LOADER)
        except yaml.YAMLError:
            if YAML_LOADER is yaml.SafeLoader:
                raise
            # the pure-Python loader's message and place, as the command always gave them
            root, raw = _parse_yaml(text, yaml.SafeLoader)
    except yaml.YAMLError as error:
        message, where = yaml_message(error, text)
        return None, [Problem(name, Code.CATALOG_YAML, message, location=where)]
    if not isinstance(raw, dict):
        return None, [
            Problem(
                name,
                Code.CATALOG_SHAPE,
                "katalog berupa pemetaan YAML: baris-baris 'catalog_id: ...', 'units: ...'",
            )
        ]
    duplicates = list(_duplicate_keys(root))
    if duplicates:
        return None, [
            Problem(
                name,
                Code.CATALOG_DUPLICATE_KEY,
                f"kunci {key!r} ditulis dua kali di bagian yang sama (pertama pada baris "
                f"{first}); hapus salah satu",
                location=f"baris {line}",
            )
            for key, first, line in duplicates
        ]
    raw = _with_derived_ids(raw)
    try:
        catalog = Catalog.model_validate(raw)
    except ValidationError as error:
        problems = [
            Problem(name, Code.CATALOG_FIELD, message, location=_describe(raw, root, loc))
            for loc, message in field_messages(error.errors(include_url=False))
        ]
        return None, problems
    problems = [
        Problem(name, code, message, location=_describe(raw, root, loc))
        for loc, code, message in semantic_problems(catalog)
    ]
    return (None if problems else catalog), problems


def catalog_json_schema() -> dict[str, Any]:
    """The JSON Schema of a catalog file, for editors that complete and check YAML."""
    schema = Catalog.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "iku_xlsx catalog"
    return schema


def dump_catalog(catalog: Catalog) -> str:
    """A catalog as YAML text (comments are not kept: export the built-in file for those)."""
    data = catalog.data(exclude_none=True)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def _parse_yaml(text: str, loader: type[yaml.SafeLoader]) -> tuple[yaml.Node | None, Any]:
    """The node tree of one YAML document and the data constructed from it, parsed once
    (what ``yaml.compose`` and ``yaml.safe_load`` give, without parsing the text twice).

    Raises ``yaml.YAMLError`` for text that is not one YAML document.
    """
    parser = loader(text)
    try:
        root = parser.get_single_node()
        if root is None:
            return None, None
        # constructing merge keys (<<) rewrites their mappings' nodes: the places are found
        # in the nodes as written, so a text that may hold one is constructed from a copy
        maybe_merged = "<<" in text or "merge" in text
        return root, parser.construct_document(copy.deepcopy(root) if maybe_merged else root)
    finally:
        parser.dispose()


# --- validation helpers --------------------------------------------------------------------


def _with_derived_ids(raw: dict[str, Any]) -> dict[str, Any]:
    """Fill in omitted indicator ids as <UNIT_ID>_<n>, so a catalog may leave them out."""
    units = raw.get("units")
    if not isinstance(units, list):
        return raw
    for unit in units:
        if not isinstance(unit, dict) or not isinstance(unit.get("sasaran"), list):
            continue
        n = 0
        for sasaran in unit["sasaran"]:
            indicators = sasaran.get("indicators") if isinstance(sasaran, dict) else None
            for indicator in indicators if isinstance(indicators, list) else []:
                n += 1
                if isinstance(indicator, dict) and indicator.get("id") is None:
                    indicator["id"] = f"{unit.get('id')}_{n}"
    return raw


def _duplicate_keys(node: yaml.Node | None) -> Iterator[tuple[str, int, int]]:
    """(key, first line, repeated line) for each key given twice in a mapping; YAML keeps the
    last silently, which would hide a mistake."""
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            key, line = str(key_node.value), key_node.start_mark.line + 1
            if key in seen:
                yield key, seen[key], line
            seen.setdefault(key, line)
            yield from _duplicate_keys(value_node)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _duplicate_keys(item)


def _describe(raw: Any, root: yaml.Node | None, loc: tuple[Any, ...]) -> str:
    """'units[6] KESRA > sasaran[0] > indicators[0] KESRA_1 > kind (baris 120)'."""
    parts: list[str] = []
    value, node, line = raw, root, None
    for key in loc:
        label = f"[{key}]" if isinstance(key, int) else (" > " if parts else "") + str(key)
        if isinstance(value, dict):
            value = value.get(key)
        elif isinstance(value, list) and isinstance(key, int) and key < len(value):
            value = value[key]
        else:
            value = None
        if isinstance(key, int) and isinstance(value, dict) and value.get("id"):
            label += f" {value['id']}"
        parts.append(label)
        node = _child_node(node, key)
        if node is not None:
            line = node.start_mark.line + 1
    text = "".join(parts) or "tingkat teratas"
    return f"{text} (baris {line})" if line else text


def _child_node(node: yaml.Node | None, key: Any) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):  # a year key (targets: {2025: 95}) is text here
        for key_node, value_node in node.value:
            if key_node.value == str(key):
                return value_node
    if isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
        return node.value[key]
    return None
