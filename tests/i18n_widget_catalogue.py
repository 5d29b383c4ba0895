"""What the widget translation tests compare against: the course's own catalogues, read with Babel.

The widgets translate through :mod:`m4d.i18n`; these helpers read the same
``locales/<language>/LC_MESSAGES/m4d.po`` (and ``datasets.po``) files
independently, so a test can say "this label is the catalogue's translation of
what the English build shows" without re-typing any sentence.
"""
from __future__ import annotations

import html
import re
from functools import lru_cache

import ipywidgets as w

from m4d import i18n
from tests.widget_translation import reviewed_messages

LANGUAGES = ("fr", "es")
_PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


@lru_cache(maxsize=None)
def catalogue(language: str, domain: str = "m4d") -> dict[str, set[str]]:
    """Every translated English text of a catalogue -> its translations (one per context; plural forms too)."""
    out: dict[str, set[str]] = {}
    for message in reviewed_messages(language, domain):
        ids = message.id if isinstance(message.id, (tuple, list)) else (message.id,)
        strings = message.string if isinstance(message.string, (tuple, list)) else (message.string,)
        for english in ids:
            out.setdefault(english, set()).update(s for s in strings if s)
    return out


def translations(language: str, english: str) -> set[str]:
    """The catalogues' translations of one English text (toolbox messages and data), empty if it has none."""
    return catalogue(language, "m4d").get(english, set()) | catalogue(language, "datasets").get(english, set())


def build(make, language: str):
    """The widget ``make()`` builds when the reader's language is ``language``."""
    with i18n.use_language(language):
        return make()


def render(make, language: str) -> str:
    """The static snapshot of the widget ``make()`` builds, drawn in ``language`` (what an edition's book shows)."""
    with i18n.use_language(language):
        return make().snapshot_html()


def labels(widget: w.Widget) -> list[tuple[str, str]]:
    """Every text a reader sees on the controls, in the widgets' order: (where, text)."""
    out: list[tuple[str, str]] = []

    def walk(node: w.Widget, path: str) -> None:
        kind = type(node).__name__
        for attr in ("description", "placeholder", "tooltip"):
            text = getattr(node, attr, None)
            if isinstance(text, str) and text:
                out.append((f"{path}/{kind}.{attr}", text))
        for n, text in enumerate(getattr(node, "_options_labels", ()) or ()):
            out.append((f"{path}/{kind}.option[{n}]", str(text)))
        for n, text in enumerate(getattr(node, "titles", ()) or ()):
            if text:
                out.append((f"{path}/{kind}.title[{n}]", str(text)))
        for n, child in enumerate(getattr(node, "children", ()) or ()):
            walk(child, f"{path}/{n}")

    walk(widget, "")
    return out


def is_words(text: str) -> bool:
    """Whether a label is made of words (so it must change in translation), not a code, number or file name."""
    words = re.findall(r"[A-Za-z]{2,}", text)
    if not words:
        return False
    # Identifiers the data defines (K1, O2, survey_2026, plan.xlsx, SDG 10.7's code) are the same in every language.
    return not re.fullmatch(r"[\w.\-]*\d[\w.\-]*|[\w]+\.[a-z]{2,4}|[a-z]+_[a-z_]+", text)


def placeholder_pattern(text: str) -> re.Pattern:
    """A catalogue text with its {placeholders} as wildcards."""
    parts = _PLACEHOLDER.split(text)
    return re.compile("(?s)" + ".+?".join(re.escape(p) for p in parts))


def message_in(language: str, english: str, shown: str) -> bool:
    """Whether ``shown`` is a catalogue translation of the catalogue message that produced ``english``."""
    for msgid, strings in catalogue(language, "m4d").items():
        if placeholder_pattern(msgid).fullmatch(english):
            if any(placeholder_pattern(s).fullmatch(shown) for s in strings):
                return True
    return False


def visible_text(snapshot: str) -> str:
    """The words of an HTML snapshot as a reader sees them (no tags, scripts, styles; spaces normalised)."""
    text = re.sub(r"(?s)<(style|script)\b.*?</\1>", " ", snapshot)
    text = re.sub(r"<[^>]+>", " ", text)
    return " ".join(html.unescape(html.unescape(text)).replace("\u00a0", " ").split())


def catalogue_sentences_in(english_text: str, language: str) -> list[str]:
    """The catalogue's English texts of two words or more, without placeholders, that the English text shows
    outside the course data it shows (a case titled "Local migration data in Calabarzon" does not show the
    module name "Local migration data": the data's translation is checked by the data tests)."""
    shown_data = sorted((d for d in (" ".join(k.split()) for k in catalogue(language, "datasets"))
                         if len(d.split()) >= 2 and d in english_text), key=len, reverse=True)
    for text in shown_data:
        english_text = english_text.replace(text, " | ")
    found = []
    for msgid in catalogue(language, "m4d"):
        if _PLACEHOLDER.search(msgid) or len(msgid.split()) < 2 or "<" in msgid:
            continue
        # Whole words only: "civil society organisation" is not shown by "... civil society organisations ...".
        if re.search(r"(?<!\w)" + re.escape(" ".join(msgid.split())) + r"(?!\w)", english_text):
            found.append(msgid)
    # A text inside a longer one found too (e.g. "In place" in "In place and reviewed ...") proves nothing alone.
    return [m for m in found if not any(m != other and m in other for other in found)]


def normalised(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


def check_labels(make, language: str, names: frozenset[str] = frozenset()) -> None:
    """Every label of the widget is the catalogue's translation of its English label, or at least not English.

    ``names`` are labels that are proper names the data gives as the source does (a funder), not toolbox words.
    """
    english = labels(build(make, "en").widget)
    shown = labels(build(make, language).widget)
    assert [where for where, _ in english] == [where for where, _ in shown], "the two builds differ in their controls"
    untranslated = []
    matched = 0
    for (where, en), (_, text) in zip(english, shown):
        expected = translations(language, en)
        if expected:
            matched += 1
            if text not in expected:
                untranslated.append((where, en, text, sorted(expected)))
        elif is_words(en) and text == en and en not in names:
            untranslated.append((where, en, text, "no translation"))
    assert matched >= 3, "fewer than 3 labels are catalogue texts: the test would prove little"
    assert not untranslated, f"labels not in {language}: {untranslated}"


def check_snapshot(make, language: str) -> None:
    """Every catalogue sentence the English snapshot shows appears translated in the language's snapshot."""
    english = visible_text(render(make, "en"))
    shown = visible_text(render(make, language))
    sentences = catalogue_sentences_in(english, language)
    assert sentences, "the English snapshot shows no catalogue sentence: the test would prove nothing"
    missing = [(m, sorted(translations(language, m))) for m in sentences
               if not any(normalised(t) in shown for t in translations(language, m))]
    assert not missing, f"sentences of the snapshot not shown in {language}: {missing}"


def check_message(make, spoil, language: str) -> tuple[str, str]:
    """Bad input (``spoil(widget)``) gives the catalogue's message in the language, and the widget shows it."""
    english_widget = build(make, "en")
    with i18n.use_language("en"):
        spoil(english_widget)
    widget = build(make, language)
    with i18n.use_language(language):
        spoil(widget)
    assert english_widget.error and widget.error, "the bad input gave no message"
    assert widget.error != english_widget.error, f"the message is still in English: {widget.error}"
    assert message_in(language, english_widget.error, widget.error), (
        f"{widget.error!r} is not the {language} catalogue's translation of {english_widget.error!r}")
    assert html.escape(widget.error) in widget.message.value
    return english_widget.error, widget.error



@lru_cache(maxsize=None)
def _compiled_messages(language: str) -> tuple:
    """Each m4d message as (its first words, its pattern, the patterns of its translations), compiled once."""
    out = []
    for msgid, strings in catalogue(language, "m4d").items():
        out.append((_PLACEHOLDER.split(msgid)[0], placeholder_pattern(msgid),
                    tuple(placeholder_pattern(t) for t in strings)))
    return tuple(out)


def _hints_in(english: str, language: str) -> list[str]:
    """The whole catalogue sentences (five words or more, no field) that a longer English text contains."""
    return [m for m in catalogue(language, "m4d") if m != english and m.endswith(".") and len(m.split()) >= 5
            and not _PLACEHOLDER.search(m) and m in english]


def check_translated_sentence(language: str, english: str, shown: str) -> list[str]:
    """What is wrong with ``shown`` as the language's text of a toolbox sentence the English build wrote as ``english``.

    The whole text must be a catalogue translation of the catalogue message that produced the English (its
    {fields} filled in), it must not be the English, and every whole catalogue sentence the English contains
    (a hint added after the message) must appear translated in it.
    """
    if shown == english:
        return [f"still in English: {english!r}"]
    problems = []
    if not any(english.startswith(first) and pattern.fullmatch(english) and any(t.fullmatch(shown) for t in tr)
               for first, pattern, tr in _compiled_messages(language)):
        problems.append(f"{shown!r} is not the {language} catalogue's translation of {english!r}")
    for sentence in _hints_in(english, language):
        if not any(normalised(t) in normalised(shown) for t in catalogue(language, "m4d").get(sentence, ())):
            problems.append(f"{sentence!r} is not translated in {shown!r}")
    return problems
