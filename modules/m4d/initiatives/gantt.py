"""The plan's timeline as a Gantt chart: one bar per action, a diamond per deliverable.

:func:`gantt_spec` returns the chart as a plain plotly dict (fast enough for a
widget to redraw at every edit); :func:`gantt_figure` wraps it in a plotly
Figure and :func:`gantt_alt` says in words what it shows. Actions that fall
outside the plan's timeline are drawn in red, so the check's finding can be
seen as well as read.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from m4d.i18n import _, pgettext
from m4d.initiatives.plan import build_plan

BAR_COLOUR = "#1b6ca8"
OUTSIDE_COLOUR = "#b30000"
DELIVERABLE_COLOUR = "#d95f02"


def _short(text: str, limit: int = 48) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


def gantt_spec(plan: Any) -> dict:
    """The timeline chart of a plan as a plotly figure dict."""
    plan = build_plan(plan)
    labels = [f"{a['id']} {_short(a['action'])}" for a in plan.actions]
    day = dt.timedelta(days=1)
    inside = [plan.start <= a["start"] and a["end"] <= plan.end for a in plan.actions]
    bars = {
        "type": "bar", "orientation": "h", "name": pgettext("legend of a timeline", "actions"), "y": labels,
        "base": [a["start"].isoformat() for a in plan.actions],
        "x": [((a["end"] + day) - a["start"]).days * 86_400_000 for a in plan.actions],
        "marker": {"color": [BAR_COLOUR if ok else OUTSIDE_COLOUR for ok in inside]},
        "customdata": [[a["start"].isoformat(), a["end"].isoformat()] for a in plan.actions],
        "hovertemplate": "%{y}<br>" + _("{start} to {end}").format(start="%{customdata[0]}", end="%{customdata[1]}")
                         + "<extra></extra>",
    }
    by_id = {a["id"]: label for a, label in zip(plan.actions, labels)}
    due = [d for d in plan.deliverables if d["due"] is not None and d["action"] in by_id]
    diamonds = {
        "type": "scatter", "mode": "markers", "name": _("deliverables due"),
        "x": [d["due"].isoformat() for d in due], "y": [by_id[d["action"]] for d in due],
        "text": [f"{d['id']} {d['deliverable']}" for d in due],
        "marker": {"symbol": "diamond", "size": 11, "color": DELIVERABLE_COLOUR, "line": {"width": 1, "color": "white"}},
        "hovertemplate": "%{text}<br>" + _("due {date}").format(date="%{x}") + "<extra></extra>",
    }
    layout = {
        "title": {"text": plan.label(_("Timeline: {title}").format(title=_short(plan.title, 52))), "font": {"size": 15}},
        "xaxis": {"type": "date", "range": [(plan.start - 15 * day).isoformat(), (plan.end + 15 * day).isoformat()],
                  "title": {"text": _("date")}},
        "yaxis": {"autorange": "reversed", "automargin": True},
        "shapes": [{"type": "line", "xref": "x", "yref": "paper", "x0": d.isoformat(), "x1": d.isoformat(),
                    "y0": 0, "y1": 1, "line": {"dash": "dot", "color": "#555", "width": 1}}
                   for d in (plan.start, plan.end + day)],
        "legend": {"orientation": "h", "y": -0.2}, "height": 160 + 34 * max(1, len(labels)),
        "margin": {"l": 10, "r": 10, "t": 40, "b": 40}, "bargap": 0.35,
    }
    return {"data": [bars, diamonds], "layout": layout}


def gantt_figure(plan: Any):
    """The timeline chart as a plotly Figure."""
    import plotly.graph_objects as go

    return go.Figure(gantt_spec(plan))


def gantt_alt(plan: Any) -> str:
    """Alternative text for the timeline chart."""
    plan = build_plan(plan)
    if not plan.actions:
        return _("Timeline of the plan '{title}', {start} to {end}, with no actions yet.").format(
            title=plan.title, start=plan.start, end=plan.end)
    first = min(plan.actions, key=lambda a: a["start"])
    last = max(plan.actions, key=lambda a: a["end"])
    outside = [a["id"] for a in plan.actions if a["start"] < plan.start or a["end"] > plan.end]
    fields = dict(n=len(plan.actions), title=plan.title, start=plan.start, end=plan.end, first=first["id"],
                  first_start=first["start"], last=last["id"], last_end=last["end"],
                  due=sum(d["due"] is not None for d in plan.deliverables))
    if plan.illustrative:
        text = _("Gantt chart of {n} actions of the plan '{title}' (illustrative), whose timeline runs from {start} "
                 "to {end}. The first action, {first}, starts on {first_start}; the last to end, {last}, ends on "
                 "{last_end}. {due} deliverables are marked on their due dates.").format(**fields)
    else:
        text = _("Gantt chart of {n} actions of the plan '{title}', whose timeline runs from {start} to {end}. The "
                 "first action, {first}, starts on {first_start}; the last to end, {last}, ends on {last_end}. {due} "
                 "deliverables are marked on their due dates.").format(**fields)
    if outside:
        text += " " + _("Drawn in red because they fall outside the timeline: {actions}.").format(
            actions=", ".join(outside))
    return text
