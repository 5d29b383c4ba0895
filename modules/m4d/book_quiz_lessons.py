"""Lessons whose only code cell is their self-check quiz, built with no kernel.

Many lessons have one code cell, the ``## Self-check`` cell::

    ```{code-cell} ipython3
    :tags: [remove-input]
    from m4d.quiz import show_quiz
    show_quiz("quizzes/m0_01.json")
    ```

Executing such a lesson starts a Jupyter kernel (one to two seconds, per lesson and per
edition) only to get the quiz's HTML, which depends on nothing but the quiz file and its
translation. So, as Sphinx reads such a lesson, the book's extension (:mod:`m4d.book_extension`)
gives it the source :func:`lesson_without_kernel` makes: the cell becomes the HTML that
:func:`m4d.quiz.quiz_markup` gives in the edition's language, inside the containers that myst-nb
puts a cell's output in, and the lesson says, in its front matter, that myst-nb must not execute
it (``execution_mode``, a notebook-level setting of myst-nb: with no code cell left, its
execution cache would still start a kernel). :func:`finish_quiz_lesson` then makes the page and
the downloadable notebook those of an executed lesson. The ``.md`` file itself does not change:
JupyterLab and the launch buttons open the lesson with its cell.

A lesson with any other code cell, or whose quiz cell is written in any other way, is executed as
before.
"""
from __future__ import annotations

import re
from pathlib import Path

#: The front matter of a MyST notebook (``---`` lines around YAML at the very top).
_FRONT_MATTER = re.compile(r"\A---\n(?P<yaml>.*?\n)---\n", re.S)
#: Any code cell, whatever its fence.
_ANY_CODE_CELL = re.compile(r"^[ \t]*(`{3,}|~{3,}|:{3,})[ \t]*\{code-cell\}", re.M)
#: The self-check cell exactly as the lessons write it (CONTRIBUTING.md, "Lessons").
_QUIZ_CELL = re.compile(
    r"^```\{code-cell\}[^\n]*\n"
    r":tags: \[remove-input\]\n"
    r"from m4d\.quiz import show_quiz\n"
    r"show_quiz\((?P<quote>[\"'])(?P<path>[^\"'\\\n]+?\.json)(?P=quote)\)\n"
    r"```[ \t]*$", re.M)
#: Tells myst-nb not to execute the lesson (its notebook-level configuration, read from the front matter).
NO_EXECUTION = 'mystnb: {execution_mode: "off"}\n'


def quiz_only_lesson(source: str) -> str | None:
    """The quiz file (relative to the lesson) of a lesson whose only code cell shows it, else None."""
    front = _FRONT_MATTER.match(source)
    if front is None or len(_ANY_CODE_CELL.findall(source)) != 1:
        return None
    import yaml

    try:
        metadata = yaml.safe_load(front.group("yaml"))
    except yaml.YAMLError:
        return None  # myst-nb reports it as it reads the lesson
    if not isinstance(metadata, dict) or "kernelspec" not in metadata or "mystnb" in metadata:
        return None
    cells = list(_QUIZ_CELL.finditer(source))
    return cells[0].group("path") if len(cells) == 1 else None


def _fence_for(text: str) -> str:
    # A fence longer than any run of backticks in the text, so the text cannot close it.
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    return "`" * max(3, longest + 1)


#: How Sphinx writes the containers myst-nb puts a ``remove-input`` cell's HTML output in.
_OUTPUT_START = ('<div class="cell tag_remove-input docutils container">\n<div class="cell_output docutils container">\n'
                 '<div class="output text_html">')
_OUTPUT_END = "</div></div>\n</div>"


def output_block(markup: str) -> str:
    """MyST for ``markup`` shown as myst-nb shows a ``remove-input`` cell's HTML output.

    myst-nb puts that output in a raw node of the classes ``output text_html``, inside the
    ``cell_output`` container, inside the cell's container (classes ``cell`` and one per tag).
    The containers are written here as the HTML Sphinx writes for them: a ``{container}``
    directive would make ``cell-output`` of ``cell_output`` (docutils rewrites class names).
    """
    html = f"{_OUTPUT_START}{markup}{_OUTPUT_END}"
    fence = _fence_for(html)
    return f"{fence}{{raw}} html\n{html}\n{fence}"


def downloadable_notebook(source: str, markup: str):
    """The notebook a reader downloads from a quiz-only lesson's page (its ``.ipynb`` button): the
    lesson as its ``.md`` file has it, read as myst-nb reads it, with the quiz cell's output."""
    import nbformat
    from myst_nb.core.read import read_myst_markdown_notebook

    notebook = read_myst_markdown_notebook(source, add_source_map=True)
    cell = next(c for c in notebook.cells if c.cell_type == "code")
    cell.execution_count = 1
    cell.outputs = [nbformat.v4.new_output("display_data", data={
        "text/html": markup, "text/plain": "<IPython.core.display.HTML object>"})]
    return notebook


def finish_quiz_lesson(app, doctree) -> None:
    """Sphinx's ``doctree-read`` for a quiz-only lesson, once myst-nb has read it.

    The raw directive drops its text's last newline, which Sphinx writes after a container's
    ``</div>``: given back, the page is byte for byte an executed lesson's. And myst-nb has
    written the notebook it read (the source with the quiz as HTML) where the theme's download
    button takes it from: the lesson with its quiz cell and output goes there instead.
    """
    import nbformat
    from docutils import nodes

    for node in list(doctree.findall(nodes.raw)):
        text = node.astext()
        if not (text.startswith(_OUTPUT_START + '<section class="m4d-quiz"') and text.endswith(_OUTPUT_END)):
            continue
        source = Path(app.env.doc2path(app.env.docname)).read_text(encoding="utf-8")
        if quiz_only_lesson(source) is None:
            continue  # raw HTML written by hand, not by lesson_without_kernel
        node.replace_self(nodes.raw(text + "\n", text + "\n", format="html"))
        notebook = downloadable_notebook(source, text[len(_OUTPUT_START):-len(_OUTPUT_END)])
        written = Path(app.env.mystnb_config.output_folder).joinpath(*app.env.docname.split("/")).with_suffix(".ipynb")
        written.parent.mkdir(parents=True, exist_ok=True)
        written.write_text(nbformat.writes(notebook), encoding="utf-8")


def lesson_without_kernel(source: str, folder: Path, language: str) -> tuple[str, list[Path]] | None:
    """A quiz-only lesson's source with its quiz cell shown as the quiz's HTML in ``language`` and
    its execution turned off, and the files that HTML is made from; None for any other source.

    ``folder`` is the lesson's folder (the quiz cell's path is relative to it). A missing or
    invalid quiz file gives None too: the lesson is then executed, and ``show_quiz`` says what is
    wrong as it does in JupyterLab.
    """
    from m4d.book_extension import quiz_sources
    from m4d.errors import InputError
    from m4d.i18n.catalogues import catalogue_path
    from m4d.i18n.languages import SOURCE_LANGUAGE, use_language
    from m4d.quiz import quiz_markup

    relative = quiz_only_lesson(source)
    if relative is None:
        return None
    quiz = folder / relative
    if not quiz.exists():
        return None
    try:
        with use_language(language):
            markup = quiz_markup(quiz)
    except InputError:
        return None
    cell = _QUIZ_CELL.search(source)
    front = _FRONT_MATTER.match(source)
    rewritten = (source[:front.end() - len("---\n")] + NO_EXECUTION + source[front.end() - len("---\n"):cell.start()]
                 + output_block(markup) + source[cell.end():])
    files = quiz_sources(quiz, language)
    if language != SOURCE_LANGUAGE:
        files.append(catalogue_path("m4d", language))  # the quiz's own words (Check, the verdicts)
    return rewritten, [f for f in files if f.exists()]
