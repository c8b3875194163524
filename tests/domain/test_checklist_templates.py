"""The stage checklists shipped as data: every stage loads, every item names a real trait,
and together they cover Kanter's fifteen traits."""

import tomllib

import pytest

from planner.domain.checklist import Progress, overall_progress, progress_by_stage
from planner.domain.model import Cadence, ChecklistItem, Scope
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
    assert "curious question" in texts  # curiosity in conflict (seed 003), as a task
    assert "escalation path" in texts and "governance charter" in texts
    assert "joint business plan" in texts and "if either side is acquired" in texts
    assert "within 30 days" in texts and "no-blame joint review" in texts
    assert "obligations that outlive the alliance" in texts


def test_every_template_item_is_one_line_of_at_most_100_characters():
    for item in full_template():
        assert len(item.text) <= 100, item.text
        assert item.text == " ".join(item.text.split()), item.text


def test_internal_homework_is_marked_and_joint_work_is_the_default():
    internal = [i for i in full_template() if i.scope is Scope.INTERNAL]
    assert any("walk-away conditions" in i.text for i in internal)
    assert any("business case" in i.text for i in internal)
    joint = {i.text for i in full_template() if i.scope is Scope.JOINT}
    assert any("shared definition" in t for t in joint)


def test_cadences_agree_with_each_other():
    by_text = {i.text: i.cadence for i in full_template()}
    board = next(c for t, c in by_text.items() if "partnership board" in t and c)
    ambassadors = next(c for t, c in by_text.items() if "ambassadors' call" in t)
    face = next(c for t, c in by_text.items() if t.startswith("Meet face to face"))
    assert (ambassadors, board, face) == (Cadence.MONTHLY, Cadence.QUARTERLY,
                                          Cadence.HALF_YEARLY)
    # every recurring item comes round at least as often as the definition is re-tested
    assert all(c is None or c.months <= 12 for c in by_text.values())


def test_ambassadors_are_named_at_signing_and_the_stakeholder_map_in_courtship():
    commitment = [i.text for i in checklist_template(Stage.COMMITMENT)]
    assert any("ambassador" in t for t in commitment)
    courtship = [i.text for i in checklist_template(Stage.COURTSHIP)]
    assert any("veto" in t for t in courtship)


def test_alternatives_share_one_group():
    groups = {}
    for item in full_template():
        if item.group:
            groups.setdefault(item.group, []).append(item.text)
    assert groups and all(len(texts) >= 2 for texts in groups.values())


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
