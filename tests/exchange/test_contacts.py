"""vCards read back by vobject, the parser behind several address books."""

import pytest
import vobject

from planner.domain.errors import NotFound, PlannerError
from planner.domain.model import Level, Partner, Side, Stakeholder
from planner.services import contacts
from planner.services.partners import add_partner, find_partner, partner_record


def read_cards(path):
    return list(vobject.readComponents(path.read_text("utf-8")))


def test_a_partners_stakeholders_as_vcards(sample_portfolio, tmp_path):
    path = tmp_path / "helix.vcf"
    count = contacts.export_vcards(sample_portfolio.uow(), "helix & stone consulting", path,
                                   uid_key="sample.sqlite")
    partner = find_partner(sample_portfolio.uow(), "Helix & Stone Consulting")
    record = partner_record(sample_portfolio.uow(), partner.id)
    cards = read_cards(path)
    assert count == len(cards) == len(record.stakeholders)
    assert b"\r\n" in path.read_bytes()
    for card, person in zip(cards, record.stakeholders, strict=True):
        assert card.version.value == "3.0"
        assert card.fn.value == person.name
        assert card.n.value.family == person.name.split()[-1]
        if person.email:
            assert card.email.value == person.email
        if person.role:
            assert card.title.value == person.role
        if person.side is Side.THEIRS:
            assert card.org.value == [partner.organisation]
        assert f"Partner: {partner.name}" in card.note.value
        assert card.uid.value.startswith("urn:uuid:")
    assert len({c.uid.value for c in cards}) == len(cards)


def test_escaping_folding_and_sides(empty_portfolio, tmp_path):
    partner = add_partner(empty_portfolio.uow(),
                          Partner("Acme", organisation="Acme; Widgets, Inc."))
    with empty_portfolio.uow() as uow:
        uow.stakeholders.add(Stakeholder(partner.id, "Zoë Ångström-Lind", Side.THEIRS,
                                         Level.EXECUTIVE, role="VP, Partnerships; EMEA " * 4,
                                         ambassador=True, email="zoe@acme.example",
                                         phone="+46 8 123 456"))
        uow.stakeholders.add(Stakeholder(partner.id, "Sam", Side.OURS))
        uow.commit()
    path = tmp_path / "acme.vcf"
    assert contacts.export_vcards(empty_portfolio.uow(), "Acme", path, uid_key="x") == 2
    assert all(len(line.encode()) <= 75 for line in path.read_bytes().decode().split("\r\n"))
    zoe, sam = read_cards(path)
    assert zoe.fn.value == "Zoë Ångström-Lind"
    assert zoe.org.value == ["Acme; Widgets, Inc."]
    assert zoe.title.value == "VP, Partnerships; EMEA " * 4
    assert zoe.tel.value == "+46 8 123 456"
    assert zoe.note.value.splitlines()[:3] == ["Partner: Acme", "Their side, executive level",
                                               "Alliance ambassador"]
    assert sam.note.value.splitlines()[1].startswith("Our side, ")
    assert sam.n.value.family == "Sam" and not hasattr(sam, "org")
    assert contacts.export_vcards(empty_portfolio.uow(), "Acme", path, uid_key="x",
                                  side="ours") == 1
    assert [c.fn.value for c in read_cards(path)] == ["Sam"]


def test_unknown_partner_and_nobody_to_write(empty_portfolio, tmp_path):
    add_partner(empty_portfolio.uow(), Partner("Acme"))
    with pytest.raises(NotFound, match=r"No partner is named 'Acne'; did you mean 'Acme'\?"):
        contacts.export_vcards(empty_portfolio.uow(), "Acne", tmp_path / "a.vcf", uid_key="x")
    with pytest.raises(PlannerError, match="Acme has no stakeholders yet; nothing was written"):
        contacts.export_vcards(empty_portfolio.uow(), "Acme", tmp_path / "a.vcf", uid_key="x")
    assert not (tmp_path / "a.vcf").exists()


@pytest.mark.parametrize("text, folded", [
    ("short", "short"),
    ("x" * 80, "x" * 75 + "\r\n " + "x" * 5),
    ("é" * 40, "é" * 37 + "\r\n " + "é" * 3),  # never split inside a character
    # a continuation line is full at 75 octets with its leading space: 74 of the text
    ("x" * 160, "x" * 75 + "\r\n " + "x" * 74 + "\r\n " + "x" * 11),
])
def test_fold(text, folded):
    assert contacts.fold(text) == folded
