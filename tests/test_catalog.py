"""Catalog loading, export and validation: every error names its place in the file."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from iku_xlsx.catalog import (
    LowerRule,
    builtin_catalog_text,
    catalog_json_schema,
    dump_catalog,
    parse_catalog,
)

RAW = yaml.safe_load(builtin_catalog_text())
DOCS_SCHEMA = Path(__file__).parents[1] / "docs" / "catalog.schema.json"


def _problems(raw: dict) -> list:
    text = yaml.safe_dump(raw, allow_unicode=True, sort_keys=False)
    catalog, problems = parse_catalog(text, "office.yaml")
    assert catalog is None and problems
    return [(p, text.splitlines()) for p in problems]


def _line_of(location: str, lines: list[str]) -> str:
    number = int(re.search(r"\(baris (\d+)\)", location).group(1))
    return lines[number - 1]


def _edited(edit) -> dict:
    raw = copy.deepcopy(RAW)
    edit(raw)
    return raw


def test_builtin_text_and_dump_round_trip(builtin):
    catalog, problems = parse_catalog(dump_catalog(builtin))
    assert not problems and catalog == builtin


def test_not_yaml_names_line_and_column():
    catalog, problems = parse_catalog("catalog_id: cls\nunits: [\n  - {id: A\n", "x.yaml")
    assert catalog is None
    assert problems[0].code == "catalog-yaml" and "baris" in problems[0].location


def test_not_a_mapping():
    _, problems = parse_catalog("- just\n- a list\n", "x.yaml")
    assert problems[0].code == "catalog-shape"


def test_missing_field_names_unit_and_field():
    raw = _edited(lambda r: r["units"][5].pop("heading"))
    ((problem, lines),) = _problems(raw)
    assert problem.message == "kolom 'heading' wajib diisi"
    assert problem.location.startswith("units[5] EKONOMI > heading")
    assert "id: EKONOMI" in _line_of(problem.location, lines)


def test_unknown_kind_names_indicator_and_allowed_values():
    raw = _edited(lambda r: r["units"][5]["sasaran"][0]["indicators"][2].update(kind="persen"))
    ((problem, lines),) = _problems(raw)
    assert problem.location.startswith("units[5] EKONOMI > sasaran[0] > indicators[2] EKONOMI_3")
    assert "isi salah satu: ratio, count, value" in problem.message
    assert _line_of(problem.location, lines).strip() == "kind: persen"


def test_repeated_unit_id():
    raw = _edited(lambda r: r["units"][8].update(id="EKONOMI"))
    found = {p.code: (p, lines) for p, lines in _problems(raw)}
    problem, lines = found["catalog-duplicate-id"]
    assert "sudah dipakai units[5]" in problem.message
    assert _line_of(problem.location, lines).strip() == "- id: EKONOMI"
    assert problem.location.startswith("units[8] EKONOMI > id")
    assert "catalog-indicator-id" in found  # PEMBANGUNAN_1.. no longer match the unit id


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("Kasi Ekonomi dan Pembangunan Desa Kawasan", "paling banyak 31"),
        ("Ekonomi/Pembangunan", "berisi /"),
        ("Ekonomi [lama]", "berisi [ ]"),
    ],
)
def test_unit_name_that_cannot_be_a_sheet_name(name, reason):
    raw = _edited(lambda r: r["units"][5].update(name=name))
    ((problem, lines),) = _problems(raw)
    assert problem.code == "catalog-sheet-name" and reason in problem.message
    assert problem.location.startswith("units[5] EKONOMI > name")
    assert _line_of(problem.location, lines).strip().startswith("name:")


def test_sheet_names_are_unique_ignoring_case():
    raw = _edited(lambda r: r["units"][6].update(name="kasi EKONOMI"))
    ((problem, _),) = _problems(raw)
    assert problem.code == "catalog-sheet-name"
    assert "sudah dipakai units[5]" in problem.message
    assert problem.location.startswith("units[6] KESRA > name")


def test_nip_typed_as_a_number_must_be_quoted():
    text = builtin_catalog_text().replace('nip: "19630624 198303 2 010"', "nip: 196306241983032010")
    _, problems = parse_catalog(text, "office.yaml")
    (problem,) = problems
    assert "dalam tanda petik" in problem.message
    assert problem.location.startswith("units[5] EKONOMI > signatory > nip")


@pytest.mark.parametrize(
    ("edit", "code", "field"),
    [
        (lambda i: i.pop("denominator"), "catalog-missing-label", "denominator"),
        (
            lambda i: i.update(
                kind="count", unit_of_measure="x", aggregation="cumulative", denominator=None
            ),
            "catalog-kind",
            "aggregation",
        ),
        (lambda i: i.update(id="EKONOMI_9"), "catalog-indicator-id", "id"),
        (lambda i: i.update(target=-5), "catalog-field", "target"),
        (lambda i: i.update(numerater="typo"), "catalog-field", "numerater"),
        (lambda i: i.update(valid_range=[0, 100]), "catalog-kind", "valid_range"),
    ],
)
def test_indicator_rules_name_the_field(edit, code, field):
    raw = _edited(lambda r: edit(r["units"][5]["sasaran"][0]["indicators"][0]))
    problems = [p for p, _ in _problems(raw)]
    assert any(
        p.code == code
        and p.location.startswith("units[5] EKONOMI > sasaran[0] > indicators[0] EKONOMI_")
        and f" > {field} (baris" in p.location
        for p in problems
    ), [(p.code, p.location, p.message) for p in problems]


def test_indicator_ids_may_be_omitted(builtin):
    def drop_ids(raw):
        for unit in raw["units"]:
            for sasaran in unit["sasaran"]:
                for indicator in sasaran["indicators"]:
                    indicator.pop("id")

    catalog, problems = parse_catalog(yaml.safe_dump(_edited(drop_ids)))
    assert not problems and catalog == builtin


def test_json_schema_is_current_in_docs():
    assert json.loads(DOCS_SCHEMA.read_text("utf-8")) == catalog_json_schema()
    assert {"units", "kecamatan", "year"} <= set(catalog_json_schema()["properties"])


TEXT = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Co", "Cn")),
    min_size=1,
    max_size=40,
).filter(lambda s: s.strip() == s and s.strip())


# A percentage target as a planner rightly writes it: 0, or in percent points above 1.
PERCENT = st.just(0.0) | st.floats(1, 100, exclude_min=True)


@st.composite
def plans(draw) -> tuple[dict[int, float], dict[int, list[float]]]:
    """Perjanjian Kinerja targets per year, and Rencana Aksi targets to date rising to them."""
    years = draw(st.sets(st.integers(2000, 2100), max_size=3))
    targets = {year: draw(PERCENT) for year in years}
    quarters = {}
    for year in sorted(years)[: draw(st.integers(0, len(years)))]:
        steps = sorted(draw(st.lists(PERCENT, min_size=3, max_size=3)))
        targets[year] = max(steps[-1], targets[year])
        quarters[year] = [*steps, targets[year]]
    return targets, quarters


@settings(max_examples=60, deadline=None)
@given(
    names=st.lists(TEXT, min_size=3, max_size=3),
    labels=st.lists(TEXT, min_size=2, max_size=2),
    target=st.none() | PERCENT,
    plan=plans(),
    year=st.integers(2000, 2100),
    lower=st.sampled_from(["2t-r", "t/r"]),
)
def test_any_catalog_survives_a_yaml_round_trip(builtin, names, labels, target, plan, year, lower):
    unit = builtin.units[5].model_copy(update={"name": "Unit", "heading": names[0]})
    targets, quarter_targets = plan
    indicator = (
        unit.sasaran[0]
        .indicators[0]
        .model_copy(
            update={
                "name": names[1],
                "numerator": labels[0],
                "denominator": labels[1],
                "target": target,
                "targets": targets or None,
                "quarter_targets": quarter_targets or None,
                "responsible": names[2],
            }
        )
    )
    sasaran = unit.sasaran[0].model_copy(update={"indicators": [indicator]})
    rules = builtin.rules.model_copy(update={"lower_is_better": LowerRule(lower)})
    catalog = builtin.model_copy(
        update={
            "year": year,
            "units": [unit.model_copy(update={"sasaran": [sasaran]})],
            "rules": rules,
        }
    )
    loaded, problems = parse_catalog(dump_catalog(catalog))
    assert not problems and loaded == catalog


def test_documented_example_catalog_is_valid():
    text = (Path(__file__).parents[1] / "docs" / "catalog.md").read_text("utf-8")
    example = re.search(r"```yaml\n(.*?)```", text, re.S).group(1)
    catalog, problems = parse_catalog(example, "docs/catalog.md")
    assert not problems
    assert [i.id for i in catalog.indicators] == ["EKONOMI_1", "EKONOMI_2"]
