"""Catalogs load fast and the same: parsed once (libyaml where installed, pure Python else),
every error at the place it always had."""

from __future__ import annotations

import copy
import dataclasses

import pytest
import yaml

from iku_xlsx.catalog import (
    Catalog,
    builtin_catalog_text,
    load_catalog,
    loading,
    parse_catalog,
)
from iku_xlsx.catalog.validation import semantic_problems

from .conftest import DATA

BUILTIN = builtin_catalog_text()
KINDS = (DATA / "kinds.yaml").read_text("utf-8")
HAS_LIBYAML = hasattr(yaml, "CSafeLoader")
# Both loaders, where libyaml is installed; the pure-Python one is the fallback everywhere.
LOADERS = [yaml.SafeLoader, *([yaml.CSafeLoader] if HAS_LIBYAML else [])]


def renamed(text: str, name: str) -> str:
    """The built-in catalog's text for another kecamatan."""
    old = "kecamatan:\n  name: Candi Laras Selatan\n"
    assert text.count(old) == 1
    return text.replace(old, f"kecamatan:\n  name: {name}\n")


def old_parse_catalog(text: str, name: str = "<catalog>"):
    """parse_catalog as it was: the text parsed twice by the pure-Python loader
    (``yaml.safe_load`` for the data, ``yaml.compose`` for the places)."""
    saved = loading._parse_yaml, loading.YAML_LOADER
    loading._parse_yaml = lambda text, loader: (yaml.compose(text), yaml.safe_load(text))
    loading.YAML_LOADER = yaml.SafeLoader
    try:
        return parse_catalog(text, name)
    finally:
        loading._parse_yaml, loading.YAML_LOADER = saved


def _edit(text: str, edit) -> str:
    raw = yaml.safe_load(text)
    edit(raw)
    return yaml.safe_dump(raw, allow_unicode=True, sort_keys=False)


def _indicator(raw, unit=5, number=0):
    return raw["units"][unit]["sasaran"][0]["indicators"][number]


# Texts with every kind of problem: not YAML (where libyaml's message and place differ from
# the pure-Python loader's), not a mapping, keys given twice, fields and rules broken.
BROKEN = {
    "unclosed flow": "catalog_id: cls\nunits: [\n  - {id: A\n",
    "mapping in a scalar": "catalog_id: cls\nunits: a: b\n",
    "a tab": "catalog_id: cls\nunits:\n\t- a\n",
    "unknown escape": 'catalog_id: "cls\\q"\n',
    "undefined alias": "catalog_id: &a cls\ntitle: *b\n",
    "two documents": "catalog_id: cls\n---\nunits: []\n",
    "a control character": "catalog_id: cls\x07\n",
    "a python tag": "catalog_id: !!python/object:os.system cls\n",
    "an unhashable key": "? [a]\n: 1\n",
    "a byte order mark inside": "catalog_id: cls\n\ufefftitle: x\n",
    "incompatible version": "%YAML 2.0\n---\ncatalog_id: cls\n",
    "end in a flow": "catalog_id: [cls, \n  ",
    "not a mapping": "- just\n- a list\n",
    "empty": "",
    "duplicate keys": BUILTIN.replace(
        '    name: "Camat"\n', '    name: "Camat"\n    name: Camat Lagi\n', 1
    ).replace("catalog_id: cls\n", "catalog_id: cls\ncatalog_id: cls\n", 1),
    "a missing heading": _edit(BUILTIN, lambda r: r["units"][5].pop("heading")),
    "an unknown kind": _edit(BUILTIN, lambda r: _indicator(r, number=2).update(kind="persen")),
    "a unit id twice": _edit(BUILTIN, lambda r: r["units"][8].update(id="EKONOMI")),
    "a long sheet name": _edit(
        BUILTIN, lambda r: r["units"][5].update(name="Kasi Ekonomi dan Pembangunan Desa Kawasan")
    ),
    "an unquoted NIP": BUILTIN.replace('nip: "19630624 198303 2 010"', "nip: 196306241983032010"),
    "a typo": _edit(BUILTIN, lambda r: _indicator(r).update(numerater="typo")),
    "a negative target": _edit(BUILTIN, lambda r: _indicator(r).update(target=-5)),
    "a count with a denominator": _edit(
        KINDS,
        lambda r: r["units"][0]["sasaran"][0]["indicators"][1].update(
            kind="count", unit_of_measure="x"
        ),
    ),
}
# YAML merge keys (an anchored indicator merged into the next, its kind overridden):
# constructing them rewrites the mapping nodes the places are found in
MERGED_OK = """\
catalog_id: tps
government: {name: Kabupaten Tapin, code: "63.05", heading: PEMERINTAH KABUPATEN TAPIN}
kecamatan: {name: Tapin Selatan, code: "63.05.02"}
year: 2025
signing: {place: Tambarangan, month: Januari}
units:
  - id: EKONOMI
    name: Kasi Ekonomi
    heading: KASI EKONOMI KECAMATAN TAPIN SELATAN
    signatory: {title: Kasi Ekonomi, name: "NAMA LENGKAP, S.E.", nip: "19700101 199503 1 001"}
    sasaran:
      - name: Meningkatnya pelayanan ekonomi pedesaan
        indicators:
          - &ratio
            name: Persentase rekomendasi ijin usaha sesuai ketentuan
            numerator: Jumlah rekomendasi
            denominator: Jumlah usulan
            kind: ratio
          - <<: *ratio
            name: Persentase izin lain
            kind: ratio
            target: 90
"""
MERGED = "kind: persen".join(MERGED_OK.rsplit("kind: ratio", 1))  # the second's, not the first's
BROKEN["merge keys"] = MERGED


class Counting:
    """Wraps a loader class: how many loaders were made and documents composed."""

    def __init__(self, base: type[yaml.SafeLoader]):
        self.made = self.composed = 0
        counter = self

        class Loader(base):  # type: ignore[misc, valid-type]
            def __init__(self, stream):
                counter.made += 1
                super().__init__(stream)

            def get_single_node(self):
                counter.composed += 1
                return super().get_single_node()

        self.loader = Loader


def _forbid_parsing_again(monkeypatch):
    def refused(*args, **kwargs):
        raise AssertionError("the text is parsed once, by the loader of parse_catalog")

    for name in ("safe_load", "load", "compose", "compose_all", "parse", "scan"):
        monkeypatch.setattr(yaml, name, refused)


@pytest.mark.parametrize("base", LOADERS)
@pytest.mark.parametrize("text", [BUILTIN, KINDS, MERGED_OK], ids=["built-in", "kinds", "merged"])
def test_a_catalog_is_parsed_once(monkeypatch, base, text):
    counting = Counting(base)
    monkeypatch.setattr(loading, "YAML_LOADER", counting.loader)
    _forbid_parsing_again(monkeypatch)
    catalog, problems = parse_catalog(text)
    assert not problems and catalog is not None
    assert (counting.made, counting.composed) == (1, 1)


def test_the_c_loader_is_used_where_installed():
    assert loading.YAML_LOADER is (yaml.CSafeLoader if HAS_LIBYAML else yaml.SafeLoader)


@pytest.mark.parametrize("loader", LOADERS)
@pytest.mark.parametrize("text", [BUILTIN, KINDS, MERGED_OK], ids=["built-in", "kinds", "merged"])
def test_the_catalog_is_the_one_the_old_path_gives(monkeypatch, loader, text):
    old, old_problems = old_parse_catalog(text)
    assert old is not None and not old_problems
    monkeypatch.setattr(loading, "YAML_LOADER", loader)
    catalog, problems = parse_catalog(text)
    assert not problems and catalog == old
    assert catalog.model_dump() == old.model_dump()
    assert catalog.fingerprint() == old.fingerprint()


@pytest.mark.parametrize("loader", LOADERS)
@pytest.mark.parametrize("text", [BUILTIN, KINDS, MERGED], ids=["built-in", "kinds", "merged"])
def test_the_nodes_and_their_places_are_those_of_yaml_compose(loader, text):
    """The same tree, node for node, mark for mark, from either loader: every error found
    in it has its old line."""
    root, data = loading._parse_yaml(text, loader)
    assert data == yaml.safe_load(text)
    assert _tree(root) == _tree(yaml.compose(text))


def _tree(node, seen=None):
    seen = set() if seen is None else seen
    mark = (node.start_mark.line, node.start_mark.column, node.end_mark.line)
    if id(node) in seen:  # an alias: the node it names, once
        return ("alias", mark)
    seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        value = [(_tree(k, seen), _tree(v, seen)) for k, v in node.value]
    elif isinstance(node, yaml.SequenceNode):
        value = [_tree(item, seen) for item in node.value]
    else:
        value = node.value
    return (type(node).__name__, node.tag, mark, value)


@pytest.mark.parametrize("loader", LOADERS)
@pytest.mark.parametrize("case", list(BROKEN))
def test_every_problem_and_its_place_is_unchanged(monkeypatch, loader, case):
    """Whichever loader parses, every problem (code, message, line and column) is the one the
    old path gave."""
    old, expected = old_parse_catalog(BROKEN[case], "office.yaml")
    assert old is None and expected
    monkeypatch.setattr(loading, "YAML_LOADER", loader)
    catalog, problems = parse_catalog(BROKEN[case], "office.yaml")
    assert catalog is None
    assert list(map(dataclasses.astuple, problems)) == list(map(dataclasses.astuple, expected))


def test_places_of_the_usual_problems():
    """The places themselves, as test_catalog.py asks them, with the C loader."""
    found = {case: parse_catalog(BROKEN[case], "office.yaml")[1] for case in BROKEN}
    (problem,) = found["unclosed flow"]
    assert (problem.code, problem.location) == ("catalog-yaml", "line 3, column 3")
    assert "expected the node content, but found '-'" in problem.message  # PyYAML's words
    camat = _line(BUILTIN, '    name: "Camat"')
    assert [(p.code, p.location) for p in found["duplicate keys"]] == [
        ("catalog-duplicate-key", f"line {_line(BUILTIN, 'catalog_id: cls') + 1}"),
        ("catalog-duplicate-key", f"line {camat + 2}"),
    ]
    (problem,) = found["an unknown kind"]
    assert problem.location.startswith("units[5] EKONOMI > sasaran[0] > indicators[2]")
    # the kind written in the indicator, not the one of the mapping merged into it
    assert [p.location for p in found["merge keys"]] == [
        "units[0] EKONOMI > sasaran[0] > indicators[1] EKONOMI_2 > kind "
        f"(line {_line(MERGED, '            kind: persen')})"
    ]


def _line(text: str, start: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if line.startswith(start))


@pytest.mark.parametrize("loader", LOADERS)
def test_a_merged_catalog_is_constructed_from_a_copy(loader):
    """Constructing <<: rewrites the mapping nodes; the places are found in the nodes as
    written."""
    root, data = loading._parse_yaml(MERGED_OK, loader)
    units = dict((k.value, v) for k, v in root.value)["units"]
    indicators = units.value[0].value[4][1].value[0].value[1][1]
    assert [key.value for key, _ in indicators.value[1].value] == ["<<", "name", "kind", "target"]
    second = data["units"][0]["sasaran"][0]["indicators"][1]
    assert (second["numerator"], second["target"]) == ("Jumlah rekomendasi", 90)


def test_the_semantic_rules_run_once_per_catalog(monkeypatch):
    calls = []

    def counted(catalog):
        calls.append(catalog)
        return semantic_problems(catalog)

    monkeypatch.setattr(loading, "semantic_problems", counted)
    load_catalog(year=2025)
    assert len(calls) == 1


def test_the_fingerprint_follows_every_field_but_the_year(builtin):
    """A copy for another year keeps every field; the fingerprint leaves the year out."""
    other = builtin.for_year(2031)
    assert other.fingerprint() == builtin.fingerprint()
    renamed_copy = builtin.model_copy(
        update={"kecamatan": builtin.kecamatan.model_copy(update={"name": "Binuang"})}
    )
    assert renamed_copy.fingerprint() != builtin.fingerprint()
    assert copy.deepcopy(builtin) == builtin and isinstance(builtin, Catalog)
