"""Catalogs load fast and the same: parsed once (libyaml where installed, pure Python else),
every error at the place it always had; --catalog takes a folder of catalogs."""

from __future__ import annotations

import copy
import dataclasses
import gc

import openpyxl
import pytest
import yaml

from iku_xlsx.catalog import (
    Catalog,
    CatalogError,
    builtin_catalog_text,
    catalog_files,
    load_catalog,
    load_catalogs,
    loading,
    parse_catalog,
)
from iku_xlsx.catalog.validation import semantic_problems

from .conftest import DATA
from .test_cli import run
from .test_reader import GOOD
from .workbooks import fill

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
    assert (problem.code, problem.location) == ("catalog-yaml", "baris 3, kolom 3")
    assert "expected the node content, but found '-'" in problem.message  # PyYAML's words
    camat = _line(BUILTIN, '    name: "Camat"')
    assert [(p.code, p.location) for p in found["duplicate keys"]] == [
        ("catalog-duplicate-key", f"baris {_line(BUILTIN, 'catalog_id: cls') + 1}"),
        ("catalog-duplicate-key", f"baris {camat + 2}"),
    ]
    (problem,) = found["an unknown kind"]
    assert problem.location.startswith("units[5] EKONOMI > sasaran[0] > indicators[2]")
    # the kind written in the indicator, not the one of the mapping merged into it
    assert [p.location for p in found["merge keys"]] == [
        "units[0] EKONOMI > sasaran[0] > indicators[1] EKONOMI_2 > kind "
        f"(baris {_line(MERGED, '            kind: persen')})"
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


# --- a folder of catalogs ------------------------------------------------------------------------


@pytest.fixture
def two_catalogs(tmp_path):
    """A kabupaten's folder of two kecamatan catalogs (and a file that is not one)."""
    folder = tmp_path / "katalog"
    folder.mkdir()
    (folder / "b-binuang.yml").write_text(renamed(BUILTIN, "Binuang"), "utf-8")
    (folder / "a-cls.yaml").write_text(BUILTIN, "utf-8")
    (folder / "catatan.txt").write_text("not a catalog", "utf-8")
    (folder / "lama").mkdir()  # subfolders are not searched
    (folder / "lama" / "old.yaml").write_text("not: [valid", "utf-8")
    return folder


def test_load_catalogs_of_a_folder(two_catalogs, builtin):
    assert [p.name for p in catalog_files([two_catalogs])] == ["a-cls.yaml", "b-binuang.yml"]
    catalogs = load_catalogs([two_catalogs], year=2025)
    assert [c.kecamatan.name for c in catalogs] == ["Candi Laras Selatan", "Binuang"]
    assert {c.year for c in catalogs} == {2025}
    assert catalogs[0] == builtin.for_year(2025)
    assert catalogs[0].fingerprint() == builtin.fingerprint() != catalogs[1].fingerprint()
    # files and folders, in the order named
    kinds = DATA / "kinds.yaml"
    named = load_catalogs([kinds, two_catalogs])
    assert [c.catalog_id for c in named] == ["uji", "cls", "cls"]
    assert named[0] == load_catalog(kinds)


def test_load_catalogs_names_every_bad_file_and_line(two_catalogs):
    bad = BUILTIN.replace("kind: count", "kind: hitungan", 1)
    (two_catalogs / "c-bad.yaml").write_text(bad, "utf-8")
    (two_catalogs / "d-worse.yaml").write_text("catalog_id: [x\n", "utf-8")
    with pytest.raises(CatalogError) as raised:
        load_catalogs([two_catalogs])
    problems = raised.value.problems
    assert [p.file for p in problems] == [
        str(two_catalogs / "c-bad.yaml"),
        str(two_catalogs / "d-worse.yaml"),
    ]
    assert problems[0].location == (
        "units[4] TRANTIB > sasaran[0] > indicators[1] TRANTIB_2 > kind "
        f"(baris {_line(bad, '            kind: hitungan')})"
    )
    assert problems[1].location.startswith("baris 2, kolom")


def test_load_catalogs_of_an_empty_or_missing_folder(tmp_path):
    with pytest.raises(FileNotFoundError, match="holds no catalog"):
        load_catalogs([tmp_path])
    with pytest.raises(FileNotFoundError, match="does not exist"):
        load_catalogs([tmp_path / "nope"])
    assert load_catalogs([]) == []


# --- the command -------------------------------------------------------------------------------


@pytest.fixture
def kabupaten(tmp_path, two_catalogs):
    """EKONOMI's filled workbook of each of the two kecamatan, in a folder each."""
    masuk = tmp_path / "masuk"
    for catalog in sorted(two_catalogs.glob("*.y*ml")):
        blanks = tmp_path / "blanko" / catalog.stem
        result = run("blank", "--out", blanks, "--year", 2025, "--unit", "EKONOMI",
                     "--catalog", catalog)  # fmt: skip
        assert result.exit_code == 0, result.output
        (masuk / catalog.stem).mkdir(parents=True)
        fill(blanks / "cls-2025-EKONOMI.xlsx", masuk / catalog.stem / "cls-2025-EKONOMI.xlsx", GOOD)
    return masuk


def test_consolidate_with_a_folder_of_catalogs(kabupaten, two_catalogs, tmp_path):
    out = tmp_path / "tapin.xlsx"
    args = ("consolidate", kabupaten, "--out", out, "--year", 2025)
    result = run(*args, "--catalog", two_catalogs)
    assert result.exit_code == 0, result.output
    sheets = openpyxl.load_workbook(out, read_only=True).sheetnames
    assert sheets[:3] == ["Perbandingan", "Rekap Candi Laras Selatan", "Rekap Binuang"]
    # the same as one --catalog per file
    files = sorted(two_catalogs.glob("*.y*ml"))
    again = run(*args, "--catalog", files[0], "--catalog", files[1], "--csv", tmp_path / "a.csv")
    assert again.exit_code == 0, again.output
    # without Binuang's catalog, its file is not consolidated
    alone = run(*args, "--catalog", files[0])
    assert alone.exit_code == 1 and "Binuang" in alone.output


def test_check_with_a_folder_of_catalogs(kabupaten, two_catalogs):
    result = run("check", kabupaten, "--catalog", two_catalogs, "--year", 2025)
    assert result.exit_code == 0, result.output
    assert "2 file(s) checked: 0 with errors" in result.output
    assert run("check", kabupaten, "--year", 2025).exit_code == 1  # Binuang's is unknown


def test_blank_takes_a_folder_of_one_catalog_only(two_catalogs, tmp_path):
    result = run("blank", "--out", tmp_path / "o", "--catalog", two_catalogs)
    assert result.exit_code == 2
    assert "holds 2 catalogs" in result.output and "takes one" in result.output
    assert not (tmp_path / "o").exists()
    exported = run("catalog", "export", tmp_path / "x.yaml", "--catalog", two_catalogs)
    assert exported.exit_code == 2 and "holds 2 catalogs" in exported.output
    (two_catalogs / "b-binuang.yml").unlink()
    result = run("blank", "--out", tmp_path / "o", "--catalog", two_catalogs, "--unit", "CAMAT")
    assert result.exit_code == 0, result.output
    assert [p.name for p in (tmp_path / "o").iterdir()] == ["cls-2020-CAMAT.xlsx"]


def test_a_bad_catalog_in_a_folder_names_its_file_and_line(kabupaten, two_catalogs, tmp_path):
    bad = two_catalogs / "c-bad.yaml"
    bad.write_text(BUILTIN.replace("kind: count", "kind: hitungan", 1), "utf-8")
    for command in (
        ("consolidate", kabupaten, "--out", tmp_path / "x.xlsx"),
        ("check", kabupaten),
    ):
        result = run(*command, "--catalog", two_catalogs)
        assert result.exit_code == 1, result.output
        said = result.output.replace("\n", "")
        assert (
            f"{bad}: units[4] TRANTIB > sasaran[0] > indicators[1] TRANTIB_2 > kind (baris" in said
        )
    assert not (tmp_path / "x.xlsx").exists()


def test_a_folder_without_a_catalog_is_a_misuse(tmp_path, kabupaten):
    empty = tmp_path / "kosong"
    empty.mkdir()
    for command in (
        ("blank", "--out", tmp_path / "o"),
        ("check", kabupaten),
        ("consolidate", kabupaten, "--out", tmp_path / "x.xlsx"),
    ):
        result = run(*command, "--catalog", empty)
        assert result.exit_code == 2, result.output
        assert "holds no catalog" in result.output


def test_the_fingerprint_follows_every_field_but_the_year(builtin):
    """A copy for another year keeps every field; the fingerprint leaves the year out."""
    other = builtin.for_year(2031)
    assert other.fingerprint() == builtin.fingerprint()
    renamed_copy = builtin.model_copy(
        update={"kecamatan": builtin.kecamatan.model_copy(update={"name": "Binuang"})}
    )
    assert renamed_copy.fingerprint() != builtin.fingerprint()
    assert copy.deepcopy(builtin) == builtin and isinstance(builtin, Catalog)


@pytest.mark.parametrize("enabled", [True, False])
def test_loading_catalogs_pauses_the_collector_and_gives_it_back(two_catalogs, enabled):
    """No collector pass walks the catalogs loaded so far while the next loads; afterwards
    the collector is as it was, after an error too."""
    seen = []
    (gc.enable if enabled else gc.disable)()
    try:
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(loading, "load_catalog", lambda *a, **k: seen.append(gc.isenabled()))
            load_catalogs([two_catalogs])
        assert seen == [False, False] and gc.isenabled() is enabled
        (two_catalogs / "c-bad.yaml").write_text("catalog_id: [x\n", "utf-8")
        with pytest.raises(CatalogError):
            load_catalogs([two_catalogs])
        assert gc.isenabled() is enabled
    finally:
        gc.enable()
