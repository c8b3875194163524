"""The stage checklists shipped as data: every stage loads, every item names a real trait,
and together they cover Kanter's fifteen traits."""

import tomllib

import pytest

from planner.domain.checklist import Progress, overall_progress, progress_by_stage
from planner.domain.model import ChecklistItem
from planner.domain.stages import STAGE_ORDER, TRAITS, Stage
from planner.domain.templates import checklist_template, full_template, health_dimensions
from planner.resources import resource


@pytest.mark.parametrize("stage", STAGE_ORDER, ids=lambda s: s.value)
def test_each_stage_file_loads_and_has_items(stage):
    data = tomllib.loads(resource("checklists", f"{stage.value}.toml").read_text("utf-8"))
    assert data["stage"] == stage.value
    items = checklist_template(stage)
    assert len(items) >= 5
    for item in items:
        assert item.stage is stage
        assert item.text.strip() == item.text and item.text
        assert "\n" not in item.text, "a checklist item is one line"


def test_every_template_item_names_a_valid_trait():
    for item in full_template():
        assert item.trait in TRAITS, item.text


def test_the_four_stages_cover_all_fifteen_traits():
    covered = {item.trait for item in full_template()}
    assert covered == set(range(1, 16))


def test_each_trait_is_covered_in_its_own_stage():
    for number, trait in TRAITS.items():
        assert any(i.trait == number for i in checklist_template(trait.stage)), trait.title


def test_full_template_is_in_stage_order():
    orders = [i.stage.order for i in full_template()]
    assert orders == sorted(orders)
    assert {i.stage for i in full_template()} == set(STAGE_ORDER)


def test_the_seed_ideas_are_in_the_checklists():
    texts = " ".join(i.text.lower() for i in full_template())
    assert "shared definition" in texts
    assert "register of differences" in texts
    assert "the contract is the start" in texts
    assert "in a conflict, ask first" in texts  # curiosity in conflict (seed 003)


def test_health_dimensions_have_unique_keys():
    keys = [d.key for d in health_dimensions()]
    assert len(keys) == len(set(keys)) >= 5
    assert "strategic_value" in keys


def _item(stage, done):
    return ChecklistItem(1, stage, "x", None, done)


def test_progress_maths():
    items = [_item(Stage.COURTSHIP, True), _item(Stage.COURTSHIP, False),
             _item(Stage.COURTSHIP, True), _item(Stage.BRIDGES, False)]
    by_stage = progress_by_stage(items)
    assert by_stage[Stage.COURTSHIP] == Progress(2, 3)
    assert by_stage[Stage.COMMITMENT] == Progress(0, 0)
    assert by_stage[Stage.BRIDGES] == Progress(0, 1)
    assert set(by_stage) == set(STAGE_ORDER)
    assert by_stage[Stage.COURTSHIP].percent == 67
    assert str(by_stage[Stage.COURTSHIP]) == "2/3"
    assert by_stage[Stage.COMMITMENT].fraction == 0.0
    total = overall_progress(iter(items))
    assert total == Progress(2, 4) and total.percent == 50
