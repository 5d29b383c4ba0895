"""The course in English, French and Spanish: one gettext mechanism for everything a reader sees.

- :mod:`m4d.i18n.languages`: which language is in use (the book edition's, the
  user's choice with :func:`set_language`, or the user's locale);
- :mod:`m4d.i18n.messages`: the toolbox's own strings (``_``, ``ngettext``, ``N_``);
- :mod:`m4d.i18n.quizzes`: quiz questions, options and feedback;
- :mod:`m4d.i18n.data`: the translatable columns of the course data;
- :mod:`m4d.i18n.catalogues`: where the ``.po`` files are and how they are read;
- :mod:`m4d.i18n.extract`, :mod:`m4d.i18n.coverage`, :mod:`m4d.i18n.termbase`,
  :mod:`m4d.i18n.editions`, :mod:`m4d.i18n.sphinx_extension`: the translators'
  and the build's tools (``make locales``, ``make editions``).

See ``locales/README.md`` for the translator's workflow.
"""
from m4d.i18n.data import translate_frame, translate_value
from m4d.i18n.languages import LANGUAGES, NATIVE_NAMES, SOURCE_LANGUAGE, language, set_language, use_language
from m4d.i18n.messages import N_, _, gettext, ngettext, pgettext
from m4d.i18n.quizzes import translate_quiz

__all__ = ["LANGUAGES", "NATIVE_NAMES", "SOURCE_LANGUAGE", "N_", "_", "gettext", "language", "ngettext",
           "pgettext", "set_language", "translate_frame", "translate_quiz", "translate_value", "use_language"]
