"""Where the course teaches what: the modules of the curriculum and the lessons of Modules 1 and 4.

The GCM/SDG explorer points a learner from a GCM objective to the part of the
course that teaches it. Lessons of Modules 1 and 4 are named one by one (``m1_04``,
``m4_05``); other modules are named as a whole (``m6``), so that the links stay
valid while those modules grow.
"""
from __future__ import annotations

from m4d.errors import InputError
from m4d.i18n import N_, _

# The curriculum map of the course (COURSE_DESIGN.md). The names are the modules' and lessons' headings in
# the book: their French and Spanish in m4d.po are the headings' translations in the lesson catalogues.
MODULES: dict[str, str] = {
    "m0": N_("Welcome"),
    "m1": N_("Migration is local"),
    "m2": N_("Mainstreaming migration into local development"),
    "m3": N_("Decentralised cooperation on migration"),
    "m4": N_("Sectors and initiatives"),
    "m5": N_("Resources"),
    "m6": N_("Local migration data"),
    "m7": N_("Learning together, and monitoring and evaluation"),
}

# The lessons of Module 1, in book order (file name = id + topic).
MODULE_1_LESSONS: dict[str, str] = {
    "m1_01": N_("Migrants' contribution and urbanisation"),
    "m1_02": N_("Local and regional authorities as first receivers"),
    "m1_03": N_("The global agenda on migration"),
    "m1_04": N_("The Mayoral Forum, the Mayors Migration Council and the GFMD Mayors Mechanism"),
    "m1_05": N_("Bridging the micro and the macro"),
    "m1_06": N_("Activity: a timeline of the global agenda"),
    "m1_07": N_("Activity: the GCM and SDG explorer"),
}


# The lessons of Module 4 that the map points to, in book order.
MODULE_4_LESSONS: dict[str, str] = {
    "m4_01": N_("Eight sectors where migration meets decentralised cooperation"),
    "m4_02": N_("Governance initiatives"),
    "m4_03": N_("Inclusion, social cohesion and countering rumours"),
    "m4_04": N_("Local economic development and remittances"),
    "m4_05": N_("Health: the Tuscany and Kasserine partnership"),
    "m4_06": N_("Education: exchanges, students abroad and brain drain"),
    "m4_07": N_("Culture, and water and sanitation"),
    "m4_08": N_("Kinds of initiative: from pilot projects to advocacy"),
}

LESSONS: dict[str, str] = {**MODULE_1_LESSONS, **MODULE_4_LESSONS}


def course_place(place_id: str) -> str:
    """A readable name for a lesson id (``m1_04``, ``m4_05``) or a module id (``m6``), in the reader's language."""
    if place_id in LESSONS:
        module, number = place_id[1], int(place_id.split("_")[1])
        # Translators: {number} is the lesson's number in the book (4.4), {title} its heading.
        return _("Lesson {number}: {title}").format(number=f"{module}.{number}", title=_(LESSONS[place_id]))
    if place_id in MODULES:
        # Translators: {number} is the module's number (3), {title} its heading without "Module 3.".
        return _("Module {number}: {title}").format(number=place_id[1], title=_(MODULES[place_id]))
    known = ", ".join([*LESSONS, *MODULES])
    raise InputError(_("{place} is neither a lesson nor a module of the course. Use one of: {known}.").format(
        place=repr(place_id), known=known))


def course_order(place_id: str) -> tuple[int, int]:
    """Sort key that puts lessons and modules in the order the course teaches them."""
    module = int(place_id[1])
    lesson = int(place_id.split("_")[1]) if "_" in place_id else 99
    return module, lesson
