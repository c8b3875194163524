"""How long briefs take: a huge partner, and a 2,000-partner portfolio.

Builds both through the services into a temporary SQLite file, then times loading the content
(services) and rendering the PDF (brief) separately and together. Targets: a partner with
500 meetings, 200 differences and 100 stakeholders in under 0.5 s; a 2,000-partner
portfolio brief in under 3 s.

    python benchmarks/bench_brief.py
    python benchmarks/bench_brief.py --quick    # 200 partners, once: a smoke run for the tests

Each line gives the wall-clock time and the CPU time of this process: on a machine shared
with other work the wall clock rises while the CPU time stays what the brief costs.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import io
import sys
import tempfile
import time
from pathlib import Path
from statistics import median

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pypdf import PdfReader  # noqa: E402

from planner.brief import PAPERS, render_partner_brief, render_portfolio_brief  # noqa: E402
from planner.domain.model import (  # noqa: E402
    Action,
    Area,
    Difference,
    HealthCheck,
    HealthScore,
    Level,
    Meeting,
    MeetingKind,
    Partner,
    PartnerRecord,
    Rating,
    Side,
    Stakeholder,
    Strength,
    Tie,
    ValueExchange,
)
from planner.domain.stages import STAGE_ORDER, Stage  # noqa: E402
from planner.services import briefs, portfolio_io  # noqa: E402
from planner.services.partners import find_partner, template_checklist  # noqa: E402
from planner.services.portfolio import open_portfolio  # noqa: E402

TODAY = dt.date(2026, 6, 1)


def huge_partner() -> PartnerRecord:
    text = "A realistic sentence about how the two organisations work differently here. " * 3
    partner = Partner("Colossus Holdings", Stage.BRIDGES, organisation="Colossus Group",
                      definition=text, unique_result=text, owner="Dana Scully",
                      next_review=TODAY, review_place="Head office")
    people = tuple(Stakeholder(None, f"Person {i:03d}", Side.OURS if i % 2 else Side.THEIRS,
                               (Level.EXECUTIVE, Level.MANAGEMENT, Level.OPERATIONAL)[i % 3],
                               role="Director", ambassador=i < 2, id=i + 1)
                   for i in range(100))
    ours = [p for p in people if p.side is Side.OURS]
    theirs = [p for p in people if p.side is Side.THEIRS]
    ties = tuple(Tie(None, o.id, t.id, Strength.WORKING, id=n)
                 for n, (o, t) in enumerate(((o, t) for o in ours[:25] for t in theirs[:6]), 1))
    areas = list(Area)
    differences = tuple(Difference(None, areas[i % len(areas)], text, text,
                                   Rating.HIGH if i % 2 else Rating.MEDIUM, Rating.HIGH, id=i + 1)
                        for i in range(200))
    meetings = tuple(Meeting(None, TODAY - dt.timedelta(days=2 * i + 1),
                             MeetingKind.REVIEW if i % 6 == 0 else MeetingKind.CALL,
                             attendee_ids=(1, 2, 3, 4), notes=text, decisions=text,
                             moment_of_truth=i % 40 == 0, id=i + 1)
                     for i in range(500))
    actions = tuple(Action(None, f"Action {i}", owner="Fox Mulder",
                           due=TODAY + dt.timedelta(days=i - 100), id=i + 1)
                    for i in range(300))
    value = tuple(ValueExchange(None, Side.OURS if i % 2 else Side.THEIRS, "Referral", 100 + i,
                                TODAY - dt.timedelta(days=i), id=i + 1) for i in range(200))
    health = tuple(HealthCheck(None, TODAY - dt.timedelta(days=90 * i),
                               (HealthScore("trust", 1 + i % 5, 2),
                                HealthScore("governance", 3, 1 + i % 5)), id=i + 1)
                   for i in range(12))
    return PartnerRecord(partner, template_checklist(None), people, ties, differences,
                         meetings, actions, value, health)


def many_partners(count: int) -> list[PartnerRecord]:
    sample = portfolio_io.sample_records(TODAY)
    records = []
    for i in range(count):
        base = sample[i % len(sample)]
        partner = dataclasses.replace(base.partner, name=f"{base.partner.name} {i:04d}",
                                      stage=STAGE_ORDER[i % 4])
        records.append(dataclasses.replace(base, partner=partner))
    return records


def timed(label: str, run, repeat: int = 5):
    times, cpu, result = [], [], None
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = run()
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    print(f"  {label:<32} first {times[0]:6.3f} s   median {median(times):6.3f} s wall, "
          f"{median(cpu):6.3f} s CPU")
    return result, median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="200 partners, one run each")
    args = parser.parse_args(argv)
    count, repeat = (200, 1) if args.quick else (2_000, 3)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.sqlite"
        with open_portfolio(path, create=True) as portfolio:
            start = time.perf_counter()
            portfolio_io.import_records(portfolio.uow(), [huge_partner()])
            portfolio_io.import_records(portfolio.uow(), many_partners(count - 1))
            print(f"Built {count:,} partners (one huge) in {time.perf_counter() - start:.1f} s")
            paper = PAPERS["a4"]
            huge_id = find_partner(portfolio.uow(), "Colossus Holdings").id

            print("Partner brief: 500 meetings, 200 differences, 100 stakeholders")
            content, load = timed("load content (services)",
                                  lambda: briefs.partner_brief(portfolio.uow(), huge_id, TODAY),
                                  repeat)
            pdf, render = timed("render PDF", lambda: render_partner_brief(content, paper),
                                repeat)
            _, total = timed("load + render", lambda: render_partner_brief(
                briefs.partner_brief(portfolio.uow(), huge_id, TODAY), paper), repeat)
            pages = len(PdfReader(io.BytesIO(pdf)).pages)
            print(f"  {pages} page(s), {len(pdf):,} bytes; target < 0.5 s: "
                  f"{'met' if total < 0.5 else 'MISSED'}")

            print(f"Portfolio brief: {count:,} partners")
            repeat = min(repeat, 3)
            content, load = timed("load content (services)",
                                  lambda: briefs.portfolio_brief(portfolio.uow(), TODAY), repeat)
            pdf, render = timed("render PDF", lambda: render_portfolio_brief(content, paper),
                                repeat)
            _, total = timed("load + render", lambda: render_portfolio_brief(
                briefs.portfolio_brief(portfolio.uow(), TODAY), paper), repeat)
            pages = len(PdfReader(io.BytesIO(pdf)).pages)
            print(f"  {pages} page(s), {len(pdf):,} bytes; target < 3 s: "
                  f"{'met' if total < 3 else 'MISSED'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
