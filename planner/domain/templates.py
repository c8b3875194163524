"""The checklist templates and health dimensions shipped as data in resources/."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache

from planner.domain.health import Anchor, Dimension
from planner.domain.model import Cadence, Scope
from planner.domain.quoting import shown
from planner.domain.stages import STAGE_ORDER, Stage
from planner.resources import resource


@dataclass(frozen=True)
class TemplateItem:
    stage: Stage
    text: str
    trait: int | None
    scope: Scope = Scope.JOINT
    cadence: Cadence | None = None
    group: str = ""


@cache
def checklist_template(stage: Stage) -> tuple[TemplateItem, ...]:
    data = tomllib.loads(resource("checklists", f"{stage.value}.toml").read_text("utf-8"))
    return tuple(
        TemplateItem(stage, item["text"], item.get("trait"), Scope(item.get("scope", "joint")),
                     Cadence(item["cadence"]) if "cadence" in item else None,
                     item.get("group", ""))
        for item in data["item"]
    )


def full_template() -> tuple[TemplateItem, ...]:
    """The items a new partner starts with: every stage's template, in stage order."""
    return tuple(item for stage in STAGE_ORDER for item in checklist_template(stage))


@cache
def health_dimensions() -> tuple[Dimension, ...]:
    data = tomllib.loads(resource("health_dimensions.toml").read_text("utf-8"))
    return tuple(
        Dimension(d["key"], d["name"], d.get("question", ""),
                  tuple(Anchor(int(score), text) for score, text in
                        sorted(d.get("anchors", {}).items(), key=lambda a: int(a[0]))))
        for d in data["dimension"]
    )


def unknown_dimension(key: str) -> str:
    """Why a score cannot be kept: its dimension is none of the portfolio's (a fragment)."""
    keys = ", ".join(d.key for d in health_dimensions())
    return f"'{shown(key, limit=40)}' is not a health dimension; use one of {keys}"


def dimension_name(key: str) -> str:
    for d in health_dimensions():
        if d.key == key:
            return d.name
    return key.replace("_", " ").capitalize()
