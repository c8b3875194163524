"""Restoring a backup, or writing the sample with --force, into an empty file (a portfolio
created but never written, or a name made with `touch`): there is nothing to keep, so no backup
of it is taken and nothing is put aside; the backup or the sample simply becomes the
portfolio."""

from planner.domain.model import Partner
from planner.services import backups, partners
from planner.services.portfolio import open_portfolio, write_sample


def test_restoring_into_an_empty_file_backs_nothing_up_and_puts_nothing_aside(tmp_path,
                                                                             empty_file_at):
    source = empty_file_at(tmp_path / "source.sqlite")
    with open_portfolio(source) as portfolio:
        partners.add_partner(portfolio.uow(), Partner("Acme"))
    kept = backups.take_backup(source, output=tmp_path / "kept.sqlite")
    target = tmp_path / "target.sqlite"
    target.write_bytes(b"")

    assert backups.restore_backup(target, kept) is None
    assert backups.list_backups(target) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "kept.sqlite", "source.sqlite", "target.sqlite"]
    with open_portfolio(target, read_only=True) as restored:
        assert partners.partner_names(restored.uow()) == ["Acme"]


def test_the_sample_written_over_an_empty_file_backs_nothing_up(tmp_path):
    target = tmp_path / "target.sqlite"
    target.write_bytes(b"")
    write_sample(target, lambda p: partners.add_partner(p.uow(), Partner("Acme")), force=True)
    assert backups.list_backups(target) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["target.sqlite"]
    with open_portfolio(target, read_only=True) as written:
        assert partners.partner_names(written.uow()) == ["Acme"]
