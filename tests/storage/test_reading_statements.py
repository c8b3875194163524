"""Reading partners with statements built once (Repository._built), on both engines: each
reading gets its own partners' parts, whichever was read before and however many are read."""

import datetime as dt

from sqlalchemy import event

from planner.domain.model import HealthCheck, HealthScore, Meeting, Partner, Side, Stakeholder


def partner_with_parts(uow, name: str, meetings: int) -> int:
    """A partner with two people, `meetings` meetings both attended and one scored check."""
    pid = uow.partners.add(Partner(name)).id
    ours = uow.stakeholders.add(Stakeholder(pid, f"{name} ours", Side.OURS)).id
    theirs = uow.stakeholders.add(Stakeholder(pid, f"{name} theirs", Side.THEIRS)).id
    for day in range(1, meetings + 1):
        uow.meetings.add(Meeting(pid, dt.date(2026, 5, day), attendee_ids=(theirs, ours)))
    uow.health.add(HealthCheck(pid, dt.date(2026, 6, 1), (HealthScore("trust", meetings, 2),)))
    return pid


def parts_of(record) -> tuple:
    return (record.partner.name, [s.name for s in record.stakeholders],
            [(m.date.day, len(m.attendee_ids)) for m in record.meetings],
            [[(s.dimension, s.ours) for s in h.scores] for h in record.health])


def test_each_reading_gets_its_own_partners_parts(store):
    with store.unit_of_work() as uow:
        first = partner_with_parts(uow, "Alpha", 3)
        second = partner_with_parts(uow, "Beta", 1)
        uow.partners.add(Partner("Gamma"))  # nothing but the partner
        uow.commit()
    expected = {
        first: ("Alpha", ["Alpha ours", "Alpha theirs"], [(1, 2), (2, 2), (3, 2)],
                [[("trust", 3)]]),
        second: ("Beta", ["Beta ours", "Beta theirs"], [(1, 2)], [[("trust", 1)]]),
    }
    with store.unit_of_work() as uow:
        for ids in ([first], [second], [first, second], [second, first], [first]):
            assert [parts_of(r) for r in uow.load_records(ids)] == [
                expected[i] for i in sorted(ids)]
        assert uow.load_records([]) == []
        assert [r.partner.name for r in uow.load_records()] == ["Alpha", "Beta", "Gamma"]
        # a meeting read on its own finds its attendees by the same kind of statement
        meeting = uow.meetings.for_partner(second)[0]
        assert uow.meetings.get(meeting.id).attendee_ids == meeting.attendee_ids


def test_a_partner_is_read_by_the_statements_built_the_first_time(store):
    """SQLAlchemy works out a key for every statement it is given, to find its compiled
    form: built anew for each reading, each of a partner's dozen statements was checked
    clause by clause and keyed again, a tenth of reading a partner."""
    with store.unit_of_work() as uow:
        first = partner_with_parts(uow, "Alpha", 2)
        second = partner_with_parts(uow, "Beta", 2)
        uow.commit()
    executed: list = []

    def seen(connection, statement, *args):
        executed.append(statement)

    with store.unit_of_work() as uow:
        bind = uow.session.connection()
        event.listen(bind, "before_execute", seen)
        uow.load_records([first])
        once = list(executed)
        executed.clear()
        uow.load_records([second])
        event.remove(bind, "before_execute", seen)
    assert len(once) >= 10  # the partner and each of its parts
    assert [id(s) for s in executed] == [id(s) for s in once]
