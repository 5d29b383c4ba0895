"""The PDF print waits while the book makes progress and names what never arrived.

Under load the print of the editions failed on fixed timeouts (300 s for the page, 120 s for the
pictures) although it was still progressing. The wait now follows progress; it gives up only after
a stretch with no progress at all, or at once on a broken picture, naming the picture and its page."""
from __future__ import annotations

import pytest

from m4d.book_export import PrintStalled, wait_until_printable


class ScriptedPage:
    """A page whose loading follows a script of states over (simulated) time."""

    def __init__(self, states_at):
        self.now = 0.0
        self.states_at = states_at  # time -> state

    def clock(self):
        return self.now

    def evaluate(self, script):
        return self.states_at(self.now)

    def wait_for_timeout(self, ms):
        self.now += ms / 1000


def _state(done, total, pending=(), broken=(), state="complete", undrawn=()):
    return {"state": state, "elements": 5000, "images": total, "done": done, "math": 0,
            "pending": [list(p) for p in pending], "broken": [list(b) for b in broken], "nbroken": len(broken),
            "undrawn": [list(u) for u in undrawn], "nundrawn": len(undrawn)}


def test_print_waits_past_any_fixed_deadline_while_pictures_keep_completing():
    # 60 pictures, one every 10 s: ten minutes in all, five times the longest quiet stretch allowed.
    total = 60
    page = ScriptedPage(lambda t: _state(min(total, int(t // 10)), total,
                                         pending=[("_images/fig.svg", "book-m1")] if t < 600 else []))
    state = wait_until_printable(page, {"book-m1": "book/m1/lesson.html"}, stall_seconds=120, clock=page.clock)
    assert state["done"] == total
    assert page.now >= 600


def test_print_gives_up_after_a_stretch_without_progress_naming_the_picture_and_its_page():
    page = ScriptedPage(lambda t: _state(3, 4, pending=[("_images/m6-survey.svg", "book-m6-local-data-m6-02")]))
    with pytest.raises(PrintStalled) as err:
        wait_until_printable(page, {"book-m6-local-data-m6-02": "book/m6_local_data/m6_02.html"},
                             stall_seconds=30, clock=page.clock)
    message = str(err.value)
    assert "_images/m6-survey.svg" in message and "book/m6_local_data/m6_02.html" in message
    assert 30 <= page.now <= 32, "gave up once the quiet stretch was over, not before"


def test_print_names_a_figure_that_is_never_drawn():
    page = ScriptedPage(lambda t: _state(2, 2, undrawn=[("fig-0123456789ab-book-m1", "book-m1")]))
    with pytest.raises(PrintStalled, match=r"fig-0123456789ab-book-m1 \(on book/m1\.html\)"):
        wait_until_printable(page, {"book-m1": "book/m1.html"}, stall_seconds=5, clock=page.clock)


@pytest.mark.slow
@pytest.mark.browser
def test_pdf_of_a_book_with_a_broken_picture_fails_naming_the_picture_and_its_page(tmp_path):
    from m4d.book_export import CHROMIUM, make_pdf

    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed")
    book = tmp_path / "html"
    (book / "book" / "m1").mkdir(parents=True)
    (book / "_static").mkdir()
    (book / "_static" / "ok.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>')
    page = ('<!DOCTYPE html><html><head><title>{title}</title></head><body>'
            '<article class="bd-article"><h1>{title}</h1>{body}</article>{next}</body></html>')
    (book / "book" / "intro.html").write_text(page.format(
        title="Welcome", body='<img src="../_static/ok.svg" alt="A square">',
        next='<a class="right-next" href="m1/lesson.html">next</a>'))
    (book / "book" / "m1" / "lesson.html").write_text(page.format(
        title="Lesson", body='<p>Text</p><img src="../../_static/never-drawn.svg" alt="A figure">', next=""))
    with pytest.raises(PrintStalled) as err:
        make_pdf(book, tmp_path / "book.pdf", stall_seconds=60)
    message = str(err.value)
    assert "_static/never-drawn.svg" in message and "book/m1/lesson.html" in message
    assert "ok.svg" not in message
    assert not (tmp_path / "book.pdf").exists()

    # The same book with the picture in place prints.
    (book / "_static" / "never-drawn.svg").write_text((book / "_static" / "ok.svg").read_text())
    assert make_pdf(book, tmp_path / "book.pdf", stall_seconds=60).stat().st_size > 1000


def test_print_that_keeps_changing_for_ever_is_given_up_at_the_whole_bound():
    # A script that adds an element every poll never stalls; the whole print still has a bound.
    page = ScriptedPage(lambda t: {**_state(0, 1, pending=[("_images/spinner.svg", "book-m2")]),
                                   "elements": 5000 + int(t * 2)})
    with pytest.raises(PrintStalled) as err:
        wait_until_printable(page, {"book-m2": "m2_01.html"}, stall_seconds=60, clock=page.clock,
                             max_seconds=900)
    message = str(err.value)
    assert "900 s in all" in message and "M4D_PDF_MAX_SECONDS" in message
    assert "_images/spinner.svg (on m2_01.html)" in message
    assert 900 <= page.now <= 902
