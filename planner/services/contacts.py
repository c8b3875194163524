"""A partner's stakeholders as vCards, so the people in the room are in the address book.

vCard 3.0 (RFC 2426) because every common address book reads it: Outlook, Google Contacts,
Apple Contacts, Thunderbird, Android. Written by hand (it is a few lines per person) with
the escaping and 75-octet line folding the RFC asks for, CRLF line ends and UTF-8.
"""

from __future__ import annotations

import uuid
from pathlib import Path

from planner import __version__
from planner.domain.errors import PlannerError
from planner.domain.model import PartnerRecord, Side, Stakeholder
from planner.domain.quoting import shown
from planner.services.briefs import partner_named
from planner.services.files import write_text_atomically
from planner.storage import UnitOfWork

_NAMESPACE = uuid.UUID("0c4f1b7e-2f5a-4b39-8d0e-6a7c5e9b3d21")  # ours; never change it
LINE_OCTETS = 75


def escape(text: str) -> str:
    """A vCard text value: backslash, comma, semicolon and line breaks escaped."""
    text = text.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;")
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")


def fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after a space (RFC 2425 5.8.1)."""
    out, current, size = [], "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        limit = LINE_OCTETS if not out else LINE_OCTETS - 1
        if size + width > limit:
            out.append(current)
            current, size = "", 0
        current += char
        size += width
    out.append(current)
    return "\r\n ".join(out)


def split_name(name: str) -> tuple[str, str]:
    """Family and given names for N: the last word is the family name ("Priya Raman")."""
    words = name.split()
    if len(words) < 2:
        return name.strip(), ""
    return words[-1], " ".join(words[:-1])


def vcard(record: PartnerRecord, person: Stakeholder, *, key: str) -> str:
    partner = record.partner
    family, given = split_name(person.name)
    lines = [
        "BEGIN:VCARD",
        "VERSION:3.0",
        f"PRODID:-//Partner Planner//Partner Planner {__version__}//EN",
        f"UID:urn:uuid:{uuid.uuid5(_NAMESPACE, f'{key}/stakeholder/{person.id}')}",
        f"FN:{escape(person.name)}",
        f"N:{escape(family)};{escape(given)};;;",
    ]
    if person.side is Side.THEIRS:
        lines.append(f"ORG:{escape(partner.organisation or partner.name)}")
    if person.role:
        lines.append(f"TITLE:{escape(person.role)}")
    if person.email:
        lines.append(f"EMAIL;TYPE=INTERNET,WORK:{escape(person.email)}")
    if person.phone:
        lines.append(f"TEL;TYPE=WORK,VOICE:{escape(person.phone)}")
    lines.append(f"CATEGORIES:Partner Planner,{escape(partner.name)}")
    note = [f"Partner: {partner.name}",
            f"{'Our' if person.side is Side.OURS else 'Their'} side, {person.level.value} level"]
    if person.ambassador:
        note.append("Alliance ambassador")
    knows = [record.stakeholder(t.theirs_id if t.ours_id == person.id else t.ours_id)
             for t in record.ties if person.id in (t.ours_id, t.theirs_id)]
    if any(knows):
        note.append("Knows: " + ", ".join(k.name for k in knows if k))
    lines.append(f"NOTE:{escape(chr(10).join(note))}")
    lines.append("END:VCARD")
    return "".join(fold(line) + "\r\n" for line in lines)


def partner_vcards(record: PartnerRecord, *, key: str, side: Side | None = None) -> str:
    people = [s for s in record.stakeholders if side is None or s.side is side]
    return "".join(vcard(record, s, key=key) for s in people)


def export_vcards(uow: UnitOfWork, partner_name: str, path: Path, *, uid_key: str,
                  side: str | Side | None = None) -> int:
    """Write the partner's stakeholders to `path`; returns how many contacts were written."""
    partner = partner_named(uow, partner_name)  # NotFound names at most 3 close matches
    with uow:
        (record,) = uow.load_records([partner.id])
    side = Side(side) if side is not None else None
    text = partner_vcards(record, key=uid_key, side=side)
    if not text:
        whose = f" on {side.value} side" if side else ""
        raise PlannerError(f"{shown(partner.name)} has no stakeholders{whose} yet; nothing was "
                           "written.")
    write_text_atomically(Path(path), text)
    return text.count("BEGIN:VCARD")
