"""The global agenda on migration, seen from cities (Module 1 of the course).

- :mod:`m4d.agenda.timeline`: the milestones of the global agenda and of the
  Mayoral Forum on a plotly timeline.
- :mod:`m4d.agenda.explorer`: the course's map from the 23 GCM objectives to the
  migration-related SDG targets, to the lessons and to examples of local action.
- :mod:`m4d.agenda.explorer_widget`: the same map as an interactive widget.
"""
from m4d.agenda.course_map import MODULE_1_LESSONS, MODULES, course_place
from m4d.agenda.explorer import (LOCAL_ROLES, THEMES, AgendaLinks, Exploration, agenda_links, check_links,
                                 explore, parse_objective, parse_role, parse_target, parse_theme, source_name)
from m4d.agenda.explorer_widget import GcmSdgExplorer, exploration_html
from m4d.agenda.timeline import (TRACKS, filter_events, forum_editions_table, timeline_alt_text,
                                 timeline_events, timeline_figure)

__all__ = [
    "MODULES", "MODULE_1_LESSONS", "course_place",
    "THEMES", "LOCAL_ROLES", "AgendaLinks", "Exploration", "agenda_links", "check_links", "explore",
    "parse_objective", "parse_target", "parse_theme", "parse_role", "source_name",
    "GcmSdgExplorer", "exploration_html",
    "TRACKS", "timeline_events", "filter_events", "timeline_figure", "timeline_alt_text", "forum_editions_table",
]
