"""The baseline bench_app.py holds the portfolio list to: one plain-sqlite3 query computing
every column of the portfolio table and every input of its attention rules."""

from __future__ import annotations

import datetime as dt

# Every input of the portfolio table's columns and its attention rules, in one plain query:
# the baseline the list load is held to. Per partner: checklist done/total per stage (items
# not applicable left out), last meeting and last face-to-face one (a working session only
# when its place is not remote), open, overdue and most overdue actions, open high-risk and
# unmanaged high-risk differences, the latest scored check's two overall scores, low and
# weakest dimensions, each side's trend (latest against the two before, within 18 months),
# the latest joint check's date, scores and gap dimensions, what each side gave (and paid)
# in the value window, and the web of ties (people per side, sides with an ambassador, ties,
# ties below the top, levels on ties, whoever holds every tie).
STAGE_COLUMNS = ",\n  ".join(
    f"sum(stage = '{stage}' AND done), sum(stage = '{stage}')"
    for stage in ("courtship", "commitment", "bridges", "exit"))
REMOTE = " AND ".join(f"lower(place) NOT LIKE '%{word}%'" for word in (
    "video", "call", "phone", "online", "remote", "teams", "zoom", "webex"))
BASELINE_SQL = f"""
WITH
checklist AS MATERIALIZED (SELECT partner_id, {STAGE_COLUMNS}
  FROM checklist_items WHERE NOT not_applicable GROUP BY partner_id),
met AS MATERIALIZED (SELECT partner_id, max(date) AS last, max(CASE WHEN date <= :today AND (
    kind IN ('review', 'board', 'social') OR (kind = 'working session' AND {REMOTE}))
    THEN date END) AS face_to_face FROM meetings GROUP BY partner_id),
todo AS MATERIALIZED (SELECT partner_id, count(*) AS open, sum(due < :today) AS overdue,
    min(due) AS oldest
  FROM actions WHERE NOT done GROUP BY partner_id),
risks AS MATERIALIZED (SELECT partner_id, sum(high) AS high,
    sum(high AND management = '') AS unmanaged
  FROM (SELECT partner_id, management, impact = 'high' OR
          (CASE likelihood WHEN 'high' THEN 3 WHEN 'medium' THEN 2 ELSE 1 END)
        * (CASE impact WHEN 'high' THEN 3 WHEN 'medium' THEN 2 ELSE 1 END) >= 6 AS high
        FROM differences WHERE status = 'open') GROUP BY partner_id),
given AS MATERIALIZED (SELECT partner_id,
    sum(CASE WHEN giver = 'ours' AND category <> 'contract payment' THEN worth END) AS ours,
    sum(CASE WHEN giver = 'theirs' AND category <> 'contract payment' THEN worth END) AS theirs,
    sum(CASE WHEN giver = 'ours' AND category = 'contract payment' THEN worth END) AS paid_ours,
    sum(CASE WHEN giver = 'theirs' AND category = 'contract payment' THEN worth END)
      AS paid_theirs
  FROM value_exchanges WHERE date >= :since GROUP BY partner_id),
scored AS MATERIALIZED (SELECT h.partner_id, h.id, h.date, round(avg(s.ours), 2) AS ours,
    round(avg(s.theirs), 2) AS theirs, count(s.theirs) AS theirs_n,
    sum(s.ours <= 2 OR s.theirs <= 2) AS low_dims, sum(abs(s.ours - s.theirs) >= 2) AS gap_dims,
    row_number() OVER (PARTITION BY h.partner_id ORDER BY h.date DESC, h.id DESC) AS n,
    CASE WHEN h.date >= :horizon THEN row_number() OVER (PARTITION BY h.partner_id,
      h.date >= :horizon ORDER BY h.date DESC, h.id DESC) END AS recent_n,
    CASE WHEN count(s.theirs) > 0 THEN row_number() OVER (PARTITION BY h.partner_id,
      count(s.theirs) > 0 ORDER BY h.date DESC, h.id DESC) END AS joint_n
  FROM health_checks h JOIN health_scores s ON s.check_id = h.id GROUP BY h.id),
latest AS MATERIALIZED (SELECT * FROM scored WHERE n = 1),
joint AS MATERIALIZED (SELECT * FROM scored WHERE joint_n = 1),
theirs_recent AS MATERIALIZED (SELECT partner_id, theirs, row_number() OVER (PARTITION BY partner_id
    ORDER BY date DESC, id DESC) AS n FROM scored WHERE theirs_n > 0 AND date >= :horizon),
trends AS MATERIALIZED (SELECT partner_id, max(CASE WHEN recent_n = 1 THEN ours END)
    - avg(CASE WHEN recent_n IN (2, 3) THEN ours END) AS ours FROM scored GROUP BY partner_id),
trends_theirs AS MATERIALIZED (SELECT partner_id, max(CASE WHEN n = 1 THEN theirs END)
    - avg(CASE WHEN n IN (2, 3) THEN theirs END) AS theirs
  FROM theirs_recent GROUP BY partner_id),
weakest AS MATERIALIZED (SELECT k.partner_id, s.dimension,
    row_number() OVER (PARTITION BY s.check_id
      ORDER BY (s.ours + coalesce(s.theirs, s.ours)) / 2.0, s.position) AS w
  FROM health_scores s JOIN scored k ON k.id = s.check_id AND k.n = 1),
people AS MATERIALIZED (SELECT partner_id, sum(side = 'ours') AS ours,
    sum(side = 'theirs') AS theirs,
    max(ambassador AND side = 'ours') AS named_ours,
    max(ambassador AND side = 'theirs') AS named_theirs
  FROM stakeholders GROUP BY partner_id),
web AS MATERIALIZED (SELECT t.partner_id, count(*) AS ties,
    sum(o.level <> 'executive' AND w.level <> 'executive') AS below_top,
    count(DISTINCT o.level) AS levels_ours, count(DISTINCT w.level) AS levels_theirs
  FROM ties t JOIN stakeholders o ON o.id = t.ours_id JOIN stakeholders w ON w.id = t.theirs_id
  GROUP BY t.partner_id),
ends AS (SELECT partner_id, ours_id AS person FROM ties
  UNION ALL SELECT partner_id, theirs_id FROM ties),
holders AS MATERIALIZED (SELECT e.partner_id, s.name, count(*) AS held FROM ends e
  JOIN stakeholders s ON s.id = e.person GROUP BY e.person)
SELECT p.id, p.name, p.kind, p.stage, p.stage_since, p.created_on, p.next_review, p.tags,
  c.*, met.last, met.face_to_face, todo.open, todo.overdue, todo.oldest, risks.high,
  risks.unmanaged, given.ours, given.theirs, given.paid_ours, given.paid_theirs,
  latest.date, latest.ours, latest.theirs, latest.low_dims, trends.ours, trends_theirs.theirs,
  weakest.dimension, joint.date, joint.ours, joint.theirs, joint.gap_dims,
  people.ours, people.theirs, people.named_ours, people.named_theirs, web.ties,
  web.below_top, web.levels_ours, web.levels_theirs,
  holder.name
FROM partners p
LEFT JOIN checklist c ON c.partner_id = p.id
LEFT JOIN met ON met.partner_id = p.id
LEFT JOIN todo ON todo.partner_id = p.id
LEFT JOIN risks ON risks.partner_id = p.id
LEFT JOIN given ON given.partner_id = p.id
LEFT JOIN latest ON latest.partner_id = p.id
LEFT JOIN joint ON joint.partner_id = p.id
LEFT JOIN trends ON trends.partner_id = p.id
LEFT JOIN trends_theirs ON trends_theirs.partner_id = p.id
LEFT JOIN weakest ON weakest.partner_id = p.id AND weakest.w = 1
LEFT JOIN people ON people.partner_id = p.id
LEFT JOIN web ON web.partner_id = p.id
LEFT JOIN holders holder ON holder.partner_id = p.id AND holder.held = web.ties
  AND web.ties >= 2
ORDER BY p.name
"""


def parameters(today) -> dict:
    """The dates the baseline compares with, as the app computes them."""
    from planner.domain.health import TREND_HORIZON_DAYS
    from planner.domain.value import window_start

    return {"today": today.isoformat(), "since": window_start(today).isoformat(),
            "horizon": (today - dt.timedelta(days=TREND_HORIZON_DAYS)).isoformat()}
