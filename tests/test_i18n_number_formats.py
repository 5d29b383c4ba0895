"""The figures the budget rules and charts, the self-assessment chart, the partner ranking, the survey's
messages and tables and the command line show, written the way a French or a Spanish reader writes them.

Each test calls the toolbox's own function in French, Spanish and English. The French and Spanish text must
hold Babel's own CLDR writing of the same value (``format_decimal``, ``format_percent``,
``format_currency``, worked out here from the plan or table, not read from the toolbox), and the English text
must hold what Python's ``format`` writes, which is what the toolbox printed before (so the English book and
its stored outputs do not change).
"""
from __future__ import annotations

import io
import re
import textwrap

import numpy as np
import pandas as pd
import pytest
from babel.numbers import format_currency, format_decimal, format_percent

from m4d.i18n import use_language
from tests.budget_plans import small_plan

LANGUAGES = ("fr", "es")


def babel_percent(fraction: float, digits: int, language: str) -> str:
    """Babel's percentage with ``digits`` decimals: its number, inside the sign and space of its own 100 %."""
    whole = format_percent(1, locale=language)
    hundred = format_decimal(100, locale=language)
    assert hundred in whole
    figure = format_decimal(round(fraction * 100, digits), format="#,##0." + "0" * digits if digits else "#,##0",
                            locale=language)
    return whole.replace(hundred, figure)


def babel_separators(language: str) -> str:
    """Plotly's two separators (decimal, then group) read off Babel's writing of 1234.5 (e.g. ``1 234,5``)."""
    written = format_decimal(1234.5, format="#,##0.0", locale=language)
    return written[-2] + written[1]


# ----- the budget rules -----------------------------------------------------------------------------------------
def _funded_small_plan():
    """900 of costs: the donor pays the staff line (600), the own budget the M&E and equipment (300), one third."""
    plan = small_plan()
    allocation = pd.DataFrame({"line_id": ["L1", "L2", "L3"], "source_id": ["donor", "own", "own"],
                               "amount": [600.0, 60.0, 240.0]})
    return plan, allocation


def _rule(results, rule):
    return next(r for r in results if r.rule == rule)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_own_share_rule_writes_its_shares_and_amounts_the_readers_way(language):
    from m4d.budget import check_plan

    plan, allocation = _funded_small_plan()
    with use_language(language):
        message = _rule(check_plan(plan, allocation), "own_share").message
    assert babel_percent(300 / 900, 1, language) in message        # the own share, 33,3 %
    assert format_percent(0.20, locale=language) in message         # the course's minimum, 20 %
    assert format_currency(900, "EUR", format=None, locale=language).replace(",00", "") in message
    assert "33.3%" not in message and "EUR" not in message


def test_the_own_share_rule_in_english_is_what_python_wrote_before():
    from m4d.budget import check_plan

    plan, allocation = _funded_small_plan()
    with use_language("en"):
        message = _rule(check_plan(plan, allocation), "own_share").message
    for text in (f"{300 / 900:.1%}", f"{0.20:.0%}", f"EUR {900:,.0f}", f"EUR {180:,.0f}"):
        assert text in message, (text, message)


@pytest.mark.parametrize("language", (*LANGUAGES, "en"))
def test_the_monitoring_share_and_its_range_are_written_the_readers_way(language):
    from m4d.budget import RuleSettings, check_plan

    plan, allocation = _funded_small_plan()
    settings = RuleSettings()
    with use_language(language):
        message = _rule(check_plan(plan, allocation, settings), "me_share").message
    shares = (60 / 900, settings.min_me_share, settings.max_me_share)
    if language == "en":
        expected = [f"{shares[0]:.1%}", f"{shares[1]:.0%}", f"{shares[2]:.0%}"]
    else:
        expected = [babel_percent(shares[0], 1, language), format_percent(shares[1], locale=language),
                    format_percent(shares[2], locale=language)]
    assert all(text in message for text in expected), (expected, message)


@pytest.mark.parametrize("language", (*LANGUAGES, "en"))
def test_a_funder_that_cuts_half_is_written_with_the_readers_percent_sign(language):
    from m4d.budget import withdraw

    plan, allocation = _funded_small_plan()
    with use_language(language):
        message = withdraw(plan, allocation, "donor", cut=0.5).message
    expected = f"{0.5:.0%}" if language == "en" else format_percent(0.5, locale=language)
    assert expected in message, message


# ----- the budget charts (plotly) -------------------------------------------------------------------------------
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_budget_charts_take_the_readers_decimal_and_group_separators(language):
    from m4d.budget.charts import flow_spec, funding_by_year_spec

    plan, allocation = _funded_small_plan()
    with use_language(language):
        bars, flow = funding_by_year_spec(plan, allocation), flow_spec(plan, allocation)
    assert bars["layout"]["separators"] == flow["layout"]["separators"] == babel_separators(language)
    # The templates keep d3's own format (",.0f"): plotly fills it with the layout's separators.
    assert bars["layout"]["yaxis"]["tickformat"] == ",.0f"


def test_the_english_budget_charts_keep_plotlys_default_separators():
    import plotly.graph_objects as go

    from m4d.budget.charts import flow_spec, funding_by_year_spec

    plan, allocation = _funded_small_plan()
    with use_language("en"):
        specs = funding_by_year_spec(plan, allocation), flow_spec(plan, allocation)
    assert all("separators" not in spec["layout"] for spec in specs)
    # Plotly's own default is the English ".," that the stored figures were drawn with.
    assert go.Figure(specs[0]).layout.separators is None


# ----- the self-assessment chart ---------------------------------------------------------------------------------
@pytest.mark.parametrize("language", (*LANGUAGES, "en"))
def test_the_self_assessment_chart_writes_its_axis_bars_and_table_the_readers_way(language):
    from m4d.self_assessment import profile_chart_html
    from m4d.self_assessment.chart import profile_figure
    from m4d.self_assessment.widget import SelfAssessmentWidget

    with use_language(language):
        table = SelfAssessmentWidget().profile
        chart, figure = profile_chart_html(table, "Alvora"), profile_figure(table, "Alvora")
    shares = [s for s in table["share_in_place"] if s is not None]
    if language == "en":
        ticks, written = [f"{k} %" for k in (0, 25, 50, 75, 100)], [f"{s:.0%}" for s in shares]
        assert figure.layout.separators is None
    else:
        ticks = [format_percent(k / 100, locale=language) for k in (0, 25, 50, 75, 100)]
        written = [format_percent(s, locale=language) for s in shares]
        assert figure.layout.separators == babel_separators(language)
    assert all(f">{tick}</text>" in chart for tick in ticks)
    # Each share is written on its bar and in the table below the chart.
    assert all(chart.count(f">{text}<") >= 2 for text in written), written


# ----- the partner ranking ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("language", (*LANGUAGES, "en"))
def test_a_must_have_without_a_label_writes_its_bounds_the_readers_way(language):
    from m4d.partners.screening import MustHave, screen

    candidates = pd.DataFrame({"name": ["Near", "Far"], "distance_km": [1200.0, 4300.0]})
    rule = MustHave("distance_km", maximum=2500.5)
    with use_language(language):
        described = rule.describe()
        _kept, excluded = screen(candidates, [rule])
    expected = "2500.5" if language == "en" else format_decimal(2500.5, locale=language)
    assert expected in described and expected in excluded["reason"].iloc[0]
    if language == "en":
        assert described == "distance_km at most 2500.5"
    else:
        assert "at most" not in described


@pytest.fixture(scope="module")
def murcia_ranking():
    """The ranking command's figures for Murcia, worked out once: its defaults weigh every guideline criterion 1."""
    from m4d.partners import rank, top_stability
    from m4d.partners.corridors import candidates_for
    from m4d.partners.criteria import GUIDELINE_CRITERIA

    ranking = rank(candidates_for("Murcia"), {c.key: 1.0 for c in GUIDELINE_CRITERIA}, GUIDELINE_CRITERIA,
                   id_column="partner", label_columns=["name", "country"])
    return float(ranking.table["score"].iloc[0]), top_stability(ranking)


@pytest.mark.parametrize("language", (*LANGUAGES, "en"))
def test_the_ranking_command_writes_scores_shares_and_draws_the_readers_way(language, capsys, murcia_ranking):
    from m4d.cli import main

    with use_language(language):
        assert main(["partners", "rank", "--home", "Murcia"]) == 0
    out = capsys.readouterr().out
    score, stability = murcia_ranking
    if language == "en":
        expected = [f"{score:.3f}", f"{stability.stays_on_top:.0%} of {stability.draws} random"]
    else:
        # The sentence around the figures is translated too (issue 17m): "de ... variations" / "de ... variaciones".
        expected = [format_decimal(score, format="0.000", locale=language),
                    f"{format_percent(stability.stays_on_top, locale=language)} de "
                    f"{format_decimal(stability.draws, locale=language)} "
                    + {"fr": "variations", "es": "variaciones"}[language]]
    assert all(text in out for text in expected), (expected, out)


# ----- the survey ------------------------------------------------------------------------------------------------
def _weighted_table():
    from m4d.survey.suppression import suppress

    counts = pd.DataFrame([[40, 2, 30], [25, 30, 3], [50, 20, 25]], index=["A", "B", "C"], columns=["x", "y", "z"])
    values = counts * 1234.56
    return suppress(counts, threshold=5, values=values)


@pytest.mark.parametrize("language", (*LANGUAGES, "en"))
def test_a_weighted_disaggregation_table_and_its_audit_write_figures_the_readers_way(language):
    result = _weighted_table()
    shown = result.values.to_numpy()
    visible = ~(result.primary.to_numpy() | result.secondary.to_numpy())
    with use_language(language):
        table = result.to_html(decimals=1)
        audit = result.audit.message()
    cells = re.findall(r"<td>([^<]*)</td>", table)
    figures = [v for v, ok in zip(shown.ravel(), visible.ravel()) if ok]
    if language == "en":
        assert cells == [f"{v:,.1f}" for v in figures]
    else:
        assert cells == [format_decimal(v, format="#,##0.0", locale=language) for v in figures]
    width = result.audit.protection
    assert (f"{width:g}" if language == "en" else format_decimal(width, locale=language)) in audit


@pytest.mark.parametrize("language", (*LANGUAGES, "en"))
def test_an_estimate_is_written_with_the_readers_decimal_mark(language):
    from m4d.survey.estimates import Estimate

    est = Estimate(value=0.21234, standard_error=0.01, low=0.19321, high=0.23456, respondents=1234,
                   population=20700.0, design_effect=1.4567)
    with use_language(language):
        text = str(est)
    if language == "en":
        expected = [f"{0.21234:.4g}", f"{0.19321:.4g}", f"{0.23456:.4g}", "1234 respondents", f"{1.4567:.2f}"]
    else:
        expected = [format_decimal(v, format="0.####", locale=language) for v in (0.2123, 0.1932, 0.2346)]
        # The sentence around the numbers is translated too (issue-17n): the count keeps the
        # language's grouping and the word is the catalogue's, not the English "respondents".
        word = {"fr": "répondants", "es": "informantes"}[language]
        expected += [f"{format_decimal(1234, locale=language)} {word}",
                     format_decimal(1.4567, format="0.00", locale=language)]
        assert "respondents" not in text
    assert all(e in text for e in expected), (expected, text)


@pytest.mark.parametrize("language", (*LANGUAGES, "en"))
def test_the_sample_size_command_and_its_note_write_figures_the_readers_way(language, capsys):
    from m4d.cli import main
    from m4d.survey.sample_size import sample_size_proportion

    args = ["survey", "sample-size", "--margin", "0.03", "--design-effect", "2", "--response-rate", "0.5",
            "--population", "1500"]
    with use_language(language):
        assert main(args) == 0
    out = capsys.readouterr().out
    plan = sample_size_proportion(0.03, design_effect=2, response_rate=0.5, population=1500)
    assert plan.note, "the plan needs more contacts than households, so the command explains it"
    figures = (plan.base, plan.after_design_effect, plan.after_population)
    if language == "en":
        expected = [f"{v:,.1f}" for v in figures] + [f"{1500:,} households", f"{0.5:.0%}"]
    else:
        expected = [format_decimal(v, format="#,##0.0", locale=language) for v in figures]
        # The note is in the reader's language too (issue-17s): its figures are, its English words are not.
        expected += [format_decimal(1500, locale=language), format_percent(0.5, locale=language)]
        assert "households" not in out, out
    assert all(e in out for e in expected), (expected, out)


@pytest.mark.parametrize("language", (*LANGUAGES, "en"))
def test_the_bias_simulators_percentages_take_the_readers_percent_sign(language):
    from m4d.survey.bias_widget import _measured

    with use_language(language):
        truth, gap, money = _measured(21.24, "%"), _measured(10.93, "%", "+,.1f"), _measured(1234.5, " units")
    if language == "en":
        assert (truth, gap, money) == ("21.2%", "+10.9%", "1,234.5 units")
    else:
        assert truth == babel_percent(0.2124, 1, language)
        assert gap == "+" + babel_percent(0.1093, 1, language)
        assert money.startswith(format_decimal(1234.5, format="#,##0.0", locale=language))


# ----- the command line: tables printed for reading, CSV left for machines -------------------------------------
def _write_plan(folder):
    """A plan of 9,000 whose donor pays the 6,000 of staff: if it withdraws, 6,000 lose their payer."""
    (folder / "lines.csv").write_text("line_id,year,category,description,amount\nL1,2026,staff,team,6000\n"
                                      "L2,2026,monitoring_evaluation,baseline,600\nL3,2027,equipment,laptops,2400\n")
    (folder / "sources.csv").write_text("source_id,name,kind,form,cap,max_share,eligible_categories\n"
                                        "own,Own budget,own_budget,cash,3000,,staff;monitoring_evaluation;equipment\n"
                                        "donor,Donor,international_organisation,cash,10000,,staff\n")
    (folder / "allocation.csv").write_text("line_id,source_id,amount\nL1,donor,6000\nL2,own,600\nL3,own,2400\n")
    return ["--lines", str(folder / "lines.csv"), "--sources", str(folder / "sources.csv"),
            "--allocation", str(folder / "allocation.csv")]


@pytest.mark.parametrize("language", (*LANGUAGES, "en"))
def test_the_withdrawal_command_prints_its_gap_tables_the_readers_way(language, capsys, tmp_path):
    from m4d.cli import main

    with use_language(language):
        assert main(["budget", "withdraw", "donor", *_write_plan(tmp_path)]) == 0
    out = capsys.readouterr().out
    if language == "en":
        # pandas' own writing of the rounded gap, as the command printed it before.
        assert "6000.0" in out and "6,000" not in out.split("\n\n", 1)[1]
    else:
        assert format_decimal(6000, locale=language) in out.split("\n\n", 1)[1]
        assert "6000.0" not in out


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_allocation_csv_stays_machine_readable_in_every_language(language, capsys):
    from m4d.cli import main

    with use_language(language):
        assert main(["budget", "allocate"]) == 0
    out = capsys.readouterr().out
    # The solver's message comes first, for reading; the allocation follows as CSV, for a spreadsheet.
    csv = out[out.index("line_id,"):]
    frame = pd.read_csv(io.StringIO(csv))
    assert frame["amount"].dtype == float and not any("\u202f" in line or "€" in line for line in csv.splitlines())


# ----- the helpers ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("language", LANGUAGES)
def test_table_text_writes_float_cells_the_readers_way_and_english_is_pandas_own(language):
    from m4d.i18n.numbers import table_text

    frame = pd.DataFrame({"gap": [1234.0, 56789.0], "lines": [3, 12]}, index=["staff", "Total"])
    assert table_text(frame, ",.0f", lang="en") == frame.to_string()
    text = table_text(frame, ",.0f", lang=language)
    for value in (1234, 56789):
        assert format_decimal(value, locale=language) in text
    assert "1234.0" not in text and "56789.0" not in text


@pytest.mark.parametrize("value", [0.0, 5.25, 21.24, 99.95, 1234.5])
def test_percent_points_in_english_is_pythons_format_with_a_percent_sign(value):
    from m4d.i18n.numbers import percent_points

    assert percent_points(value, lang="en") == f"{value:,.1f}%"
    assert percent_points(value, "+,.1f", lang="en") == f"{value:+,.1f}%"
    for language in LANGUAGES:
        assert percent_points(value, lang=language) == babel_percent(value / 100, 1, language)


def test_a_missing_cell_is_left_empty_by_the_table_formatter():
    from m4d.i18n.numbers import formatter

    write = formatter(",.1f", lang="fr")
    assert write(np.nan) == "" and write(None) == "" and write(pd.NA) == ""
    assert write(1234.5) == format_decimal(1234.5, format="#,##0.0", locale="fr")


# ----- lesson m7_03: the Mayoral Forum table's headings ----------------------------------------------------------
def _m7_03_table(language: str):
    """Run the lesson's own table cell (as the book does) in ``language`` and return its Styler."""
    from tests.widget_translation import ROOT

    lesson = (ROOT / "book" / "m7_learning_and_evaluation" / "m7_03_networks.md").read_text(encoding="utf-8")
    # MyST code cells: "```{code-cell} ipython3", option lines (":tags: ..."), the code, "```".
    cells = [c for c in re.findall(r"```\{code-cell\}[^\n]*\n((?:.|\n)*?)```", lesson) if "mayoral_forum" in c]
    assert len(cells) == 1, "the lesson has one table of the forum's editions"
    code = "\n".join(line for line in cells[0].splitlines() if not line.startswith(":"))
    *body, last = code.strip().split("\n(")
    scope: dict = {}
    with use_language(language):
        exec("\n(".join(body), scope)  # noqa: S102 - the course's own lesson code
        return eval("(" + last, scope)  # noqa: S307


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_m7_03_forum_tables_headings_are_the_catalogues_words(language):
    from tests.widget_translation import translation

    english = list(_m7_03_table("en").data.columns)
    shown = list(_m7_03_table(language).data.columns)
    assert english == ["Edition", "Host city", "Country", "When", "Outcome document"]
    assert shown == [translation(language, heading) for heading in english]
    assert not set(shown) & set(english)


# ----- the lessons' own code cells -------------------------------------------------------------------------------
# The French and Spanish editions execute the lessons' code cells in the reader's language. These tests run the
# cells as the lesson files hold them (read with jupytext, so a change to a lesson is tested as it is) and look
# for Babel's writing of figures worked out here from the cell's own data.
BOOK = __import__("pathlib").Path(__file__).resolve().parents[1] / "book"


def _run_lesson_cell(lesson: str, snippet: str, language: str, prelude: str = "") -> str:
    """What the code cell of ``lesson`` that contains ``snippet`` shows in ``language``: its printed text, then the
    HTML of what it displays (its last expression, or ``display``), then the JSON of the figures it draws."""
    import ast
    import contextlib

    import jupytext

    path = BOOK / lesson
    notebook = jupytext.read(path, fmt="myst" if path.suffix == ".md" else None)
    [source] = [c.source for c in notebook.cells if c.cell_type == "code" and snippet in c.source]
    shown: list[str] = []

    def display(obj):
        shown.append(obj.to_html() if hasattr(obj, "to_html") else str(obj))

    tree = ast.parse(source)
    last = tree.body.pop() if isinstance(tree.body[-1], ast.Expr) else None
    printed = io.StringIO()
    namespace = {"display": display}
    with use_language(language), contextlib.redirect_stdout(printed):
        exec(prelude, namespace)
        import m4d.figures

        real_show = m4d.figures.show
        m4d.figures.show = lambda fig, alt=None, **_: shown.extend([fig.to_json(), f"alt: {alt}"])
        try:
            exec(compile(tree, str(path), "exec"), namespace)
            if last is not None:
                display(eval(compile(ast.Expression(last.value), str(path), "eval"), namespace))
        finally:
            m4d.figures.show = real_show
    return printed.getvalue() + "\n".join(shown)


@pytest.mark.parametrize("language", (*LANGUAGES, "en"))
def test_the_m6_01_trend_table_writes_its_figures_the_readers_way(language):
    html = _run_lesson_cell("m6_local_data/m6_01_needs_assessment.md", "trend_table(illustrative", language)
    # The cell's illustrative series: 4.9 in 2019, 6.1 in 2022, a change of +24.5 % shown without decimals.
    for value, pattern in ((4.9, "#,##0.0"), (6.1, "#,##0.0"), (100 * (6.1 - 4.9) / 4.9, "#,##0")):
        expected = format(value, ".1f" if "." in pattern else ".0f") if language == "en" else \
            format_decimal(round(value, 1 if "." in pattern else 0), format=pattern, locale=language)
        assert f">{expected}<" in html, (expected, language)
    if language != "en":
        assert ">4.9<" not in html and ">6.1<" not in html


@pytest.fixture(scope="module")
def synthetic_households():
    """The course's synthetic population, drawn once for both languages (it takes seconds, the cell milliseconds)."""
    from m4d.survey import households

    return households()


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_m6_03_estimates_are_printed_with_the_readers_decimal_mark(language, synthetic_households, monkeypatch):
    import m4d.survey
    from m4d.survey import known_truth

    monkeypatch.setattr(m4d.survey, "households", lambda: synthetic_households.copy())

    text = _run_lesson_cell("m6_local_data/m6_03_representativeness_and_bias.md", "weighted = estimate(", language)
    truth = format_decimal(round(known_truth("share_with_member_abroad"), 3), format="#,##0.000", locale=language)
    # The labels are the catalogue's words now (issue 17q), padded so that the figures start in one column.
    [true_share] = [line for line in text.splitlines() if line.startswith(_m4d(language, "true share:"))]
    assert re.fullmatch(re.escape(_m4d(language, "true share:")) + r" +" + re.escape(truth) + "  .*", true_share)
    # Shares and interval bounds with three decimals (five), the design effect with two; none in English style.
    assert len(re.findall(r"\b0,\d{3}\b", text)) == 5
    assert re.search(re.escape(_m4d(language, "(95 % CI {low} to {high}, design effect {design_effect})")
                               .split("{design_effect}")[0]).replace(r"\{low\}", r"0,\d{3}")
                     .replace(r"\{high\}", r"0,\d{3}") + r"\d,\d\d\)", text), text
    assert not re.search(r"\d\.\d", text), text


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_m3_10_tables_write_scores_and_flip_weights_the_readers_way(language):
    lesson = "m3_decentralised_cooperation/m3_10_activity_partner_matching.ipynb"
    scores = _run_lesson_cell(lesson, "murcia = rank(", language)
    from m4d.partners import GUIDELINE_WEIGHTS, candidates_for, rank

    murcia = rank(candidates_for("Murcia"), GUIDELINE_WEIGHTS, label_columns=["name", "country"])
    for score in murcia.table["score"]:
        assert f">{format_decimal(round(score, 3), format='#,##0.000', locale=language)}<" in scores
    flips = _run_lesson_cell(lesson, "flips = flip_points(murcia)", language,
                             prelude="from m4d.partners import GUIDELINE_WEIGHTS, candidates_for, flip_points, rank, "
                                     "top_stability\nmurcia = rank(candidates_for('Murcia'), GUIDELINE_WEIGHTS, "
                                     "label_columns=['name', 'country'])\n")
    cells = re.findall(r"<td [^>]*>([^<]*)</td>", flips)
    weights = [c for c in cells if re.fullmatch(r"\d+[.,]\d\d", c)]
    assert weights and all("," in w for w in weights), weights        # 1,00 and 0,96, never 1.00
    assert "nan" not in cells and "<NA>" not in cells
    # The criteria are the catalogue's words (the widget's own), not the English labels.
    from tests.i18n_widget_catalogue import catalogue

    assert f">{next(iter(catalogue(language)['Size of the migrant group']))}<" in flips
    assert "Size of the migrant group" not in flips
    assert format_percent(0.5, locale=language) in flips               # "stays on top in 50 %"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_m7_07_profile_names_a_dimension_not_assessed_in_the_readers_words(language):
    from tests.i18n_widget_catalogue import catalogue

    # Alvora's answers with the partnerships dimension (P1-P4) all "don't know": a dimension with nothing answered.
    prelude = textwrap.dedent("""\
        from m4d.self_assessment import example_answers as alvora, profile

        def example_answers():
            return {q: "dont_know" if q.startswith("P") else a for q, a in alvora().items()}
        """)
    html = _run_lesson_cell("m7_learning_and_evaluation/m7_07_activity_self_assessment.ipynb", "profile(example_answers",
                            language, prelude=prelude)
    [words] = catalogue(language)["not assessed"]
    assert f">{words}<" in html and "not assessed" not in html
    # The dimensions and levels are the catalogues' words too (datasets.po and m4d.po), not the framework's English.
    assert "Migrants' rights" not in html and "first steps taken" not in html
    assert f">{next(iter(catalogue(language)['first steps taken']))}<" in html
    shares = re.findall(r"<td [^>]*>(\d+\s?%)</td>", html)
    assert shares and all(s.endswith("\u202f%") or s.endswith("\u00a0%") for s in shares), shares
    # The profile's own keys (share_in_place, dont_know ...) are not the table's headings (issue 17q).
    headings = re.findall(r'class="col_heading level0 col\d" >([^<]*)</th>', html)
    keys = ["dimension", "answered", "dont_know", "share_in_place", "level"]
    assert headings == [_m4d(language, key, "a column of the self-assessment profile") for key in keys]
    assert not {"dont_know", "share_in_place", "answered", "level"} & set(headings)


# ----- issue 17q: the sentences of the lessons' code cells (titles, axes, alt text, captions, headings) ------------
def _m4d(language: str, english: str, context: str | None = None) -> str:
    """The toolbox catalogue's translation of ``english`` (English itself in English); fails if it has none."""
    if language == "en":
        return english
    from tests.widget_translation import translation

    found = translation(language, english, context)
    assert found, f"m4d.po ({language}) has no translation of {english!r}"
    return found


def _figures_and_alt(shown: str) -> tuple[list[dict], list[str]]:
    """The figures (Plotly JSON) and the alt texts that a lesson cell's ``figures.show`` calls received."""
    import json

    figures, alts = [], []
    for line in shown.splitlines():
        if line.startswith('{"data"'):
            figures.append(json.loads(line))
        elif line.startswith("alt: "):
            alts.append(line[len("alt: "):])
    return figures, alts


M1_01_ENGLISH = ("Remittances sent by migrants to developing countries", "Development aid, worldwide",
                 "billion US dollars", "times development aid", "Horizontal bar chart", " bn")


@pytest.mark.parametrize("language", (*LANGUAGES, "en"))
def test_the_m1_01_chart_title_axes_and_alt_text_are_in_the_readers_words(language):
    [fig], [alt] = _figures_and_alt(_run_lesson_cell("m1_migration_is_local/m1_01_contribution_and_urbanisation.md",
                                                     "flows = ", language))
    ratio = format(432 / 132, ".1f") if language == "en" else format_decimal(round(432 / 132, 1), format="#,##0.0",
                                                                              locale=language)
    assert fig["layout"]["title"]["text"] == _m4d(
        language, "Remittances were {ratio} times development aid in 2015 (JMDI guidelines, p. 13)").format(ratio=ratio)
    assert fig["layout"]["xaxis"]["title"]["text"] == _m4d(language, "billion US dollars, 2015")
    assert fig["data"][0]["y"] == [_m4d(language, "Remittances sent by migrants to developing countries"),
                                   _m4d(language, "Development aid, worldwide")]
    assert fig["data"][0]["texttemplate"] == _m4d(language, "%{text} bn")
    assert alt == _m4d(language, "Horizontal bar chart: in 2015 migrants sent {sent} billion US dollars to developing "
                                 "countries, against {aid} billion dollars of development aid worldwide, about "
                                 "{ratio} times as much.").format(sent=432, aid=132, ratio=ratio)
    if language == "en":   # what the lesson showed before its sentences were marked for translation
        assert alt == ("Horizontal bar chart: in 2015 migrants sent 432 billion US dollars to developing countries, "
                       "against 132 billion dollars of development aid worldwide, about 3.3 times as much.")
        assert fig["layout"]["title"]["text"] == ("Remittances were 3.3 times development aid in 2015 "
                                                  "(JMDI guidelines, p. 13)")
    else:
        seen = " ".join([fig["layout"]["title"]["text"], fig["layout"]["xaxis"]["title"]["text"],
                         *fig["data"][0]["y"], fig["data"][0]["texttemplate"], alt])
        assert not [word for word in M1_01_ENGLISH if word in seen], seen


M6_03_ENGLISH = ("random", "convenience", "truth", "estimate", "count", "design", "Share of households",
                 "samples", "histograms", "mean_estimate", "standard_deviation", "rmse", "illustrative data")


@pytest.mark.parametrize("language", (*LANGUAGES, "en"))
def test_the_m6_03_histogram_and_bias_table_are_in_the_readers_words(language, synthetic_households, monkeypatch):
    from m4d.i18n import pgettext, use_language

    import m4d.survey

    monkeypatch.setattr(m4d.survey, "households", lambda: synthetic_households.copy())
    shown = _run_lesson_cell("m6_local_data/m6_03_representativeness_and_bias.md", "simulate_bias(population",
                             language, prelude="from m4d.survey import households\npopulation = households()\n")
    [fig], [alt] = _figures_and_alt(shown)
    with use_language(language):
        designs = [pgettext("sampling design", "random"), pgettext("sampling design", "convenience")]
        headings = [_m4d(language, "design"), _m4d(language, "truth"),
                    _m4d(language, "mean_estimate", "a column of the bias simulation"), _m4d(language, "bias"),
                    _m4d(language, "standard_deviation", "a column of the bias simulation"),
                    _m4d(language, "rmse", "a column of the bias simulation")]
    layout = fig["layout"]
    assert layout["title"]["text"] == _m4d(language, "Estimates from random and convenience samples "
                                                     "(illustrative data)")
    assert layout["xaxis"]["title"]["text"] == _m4d(language, "estimate", "one sample's result")
    assert layout["yaxis"]["title"]["text"] == _m4d(language, "count", "number of samples")
    assert layout["legend"]["title"]["text"] == _m4d(language, "design")
    assert [trace["name"] for trace in fig["data"]] == designs
    assert [a["text"] for a in layout["annotations"]] == [_m4d(language, "truth")]
    caption = re.search(r"<caption>([^<]*)</caption>", shown).group(1)
    assert caption == __import__("html").escape(_m4d(
        language, "Share of households with a member abroad: 300 random and 300 convenience samples of 400 "
                  "(illustrative data)"), quote=False)
    assert re.findall(r'class="col_heading level0 col\d" >([^<]*)</th>', shown) == headings
    assert re.findall(r'class="data row\d col0" >([^<]*)</td>', shown) == designs
    if language == "en":   # the toolbox's own keys, as the lesson showed them before
        assert headings == ["design", "truth", "mean_estimate", "bias", "standard_deviation", "rmse"]
        assert alt.startswith("Two histograms of 300 estimates each. Random samples centre on the true share of "
                              "about 0.21; convenience samples centre near 0.32")
    else:
        seen = " ".join([layout["title"]["text"], layout["xaxis"]["title"]["text"], layout["yaxis"]["title"]["text"],
                         layout["legend"]["title"]["text"], *designs, *headings, caption, alt,
                         *[trace["hovertemplate"] for trace in fig["data"]]])
        assert not [word for word in M6_03_ENGLISH if re.search(rf"\b{word}\b", seen)], seen


@pytest.mark.parametrize("language", (*LANGUAGES, "en"))
def test_the_m6_01_trend_tables_headings_and_caption_are_the_catalogues_words(language):
    html = _run_lesson_cell("m6_local_data/m6_01_needs_assessment.md", "trend_table(", language)
    english = ["place", "first year", "first figure", "latest year", "latest figure", "change (%)"]
    headings = re.findall(r'class="col_heading level0 col\d" >([^<]*)</th>', html)
    assert headings == [_m4d(language, "place", "a column of the trend table")] + [
        _m4d(language, heading) for heading in english[1:]]
    caption = re.search(r"<caption>([^<]*)</caption>", html).group(1)
    assert caption == _m4d(language, "Remittances received, % of GDP: first and latest year with a figure "
                                     "(illustrative values, not World Bank data; the empty 2021 value is skipped)")
    assert f">{_m4d(language, 'Country of origin (illustrative)')}<" in html
    if language == "en":
        assert headings == english
    else:
        assert not set(headings) & set(english) and "Remittances" not in caption
        assert not re.search(r"\billustrative\b", html)


@pytest.mark.parametrize("language", (*LANGUAGES, "en"))
def test_the_m4_08_kinds_tables_headings_and_caption_are_the_catalogues_words(language):
    html = _run_lesson_cell("m4_sectors_initiatives/m4_08_kinds_of_initiative.md", "kinds()", language)
    english = ["kind of initiative", "when it fits", "what it costs", "what it leaves behind"]
    headings = re.findall(r'class="col_heading level0 col\d" >([^<]*)</th>', html)
    assert headings == [_m4d(language, heading) for heading in english]
    caption = re.search(r"<caption>([^<]*)</caption>", html).group(1)
    assert __import__("html").unescape(caption) == _m4d(
        language, "The eight kinds of initiative of the JMDI guidelines (pp. 55-56): when each fits, what it costs "
                  "and what it leaves behind, in the course's judgement (editorial synthesis)")
    if language != "en":
        assert not set(headings) & set(english) and "kinds of initiative" not in caption


# The lessons whose table captions are the catalogue's words (issue 17q); the rest still show English captions.
CAPTIONED_LESSONS = ("m4_sectors_initiatives/m4_08_kinds_of_initiative.md", "m5_resources/m5_03_planning_an_initiative.md",
                     "m5_resources/m5_04_budget_rules_and_allocation.md", "m6_local_data/m6_01_needs_assessment.md",
                     "m6_local_data/m6_02_designing_a_survey.md", "m6_local_data/m6_03_representativeness_and_bias.md",
                     "m6_local_data/m6_04_disaggregation.md", "m6_local_data/m6_06_sharing_and_protecting.md",
                     "m2_mainstreaming/m2_05_activity_policy_coherence.ipynb",
                     "m3_decentralised_cooperation/m3_10_activity_partner_matching.ipynb",
                     "m4_sectors_initiatives/m4_11_activity_initiative_planner.ipynb",
                     "m5_resources/m5_05_activity_budget_planner.ipynb",
                     "m7_learning_and_evaluation/m7_06_activity_results_framework.ipynb",
                     "m7_learning_and_evaluation/m7_07_activity_self_assessment.ipynb")


def _captions(lesson: str) -> list:
    """The argument of every ``set_caption`` call in the lesson's code cells (as AST nodes)."""
    import ast

    import jupytext

    path = BOOK / lesson
    notebook = jupytext.read(path, fmt="myst" if path.suffix == ".md" else None)
    found = []
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        code = "\n".join(line for line in cell.source.splitlines() if not line.startswith("%"))
        found += [node.args[0] for node in ast.walk(ast.parse(code)) if isinstance(node, ast.Call)
                  and isinstance(node.func, ast.Attribute) and node.func.attr == "set_caption"]
    return found


@pytest.mark.parametrize("lesson", CAPTIONED_LESSONS)
def test_a_lessons_table_captions_are_marked_and_the_catalogues_translate_them(lesson):
    import ast

    captions = _captions(lesson)
    assert captions, lesson
    for node in captions:
        assert isinstance(node, ast.Call) and getattr(node.func, "id", None) == "_", ast.unparse(node)
        english = node.args[0].value
        for language in LANGUAGES:
            shown = _m4d(language, english)
            assert shown != english and not shown.startswith("Table:") and "illustrative data" not in shown


@pytest.mark.parametrize("language", (*LANGUAGES, "en"))
def test_the_m3_10_ranking_and_flip_tables_headings_and_sentence_are_the_catalogues_words(language):
    lesson = "m3_decentralised_cooperation/m3_10_activity_partner_matching.ipynb"
    scores = _run_lesson_cell(lesson, "murcia = rank(", language)
    ranking = ["rank", "name", "country", "score"]
    assert re.findall(r'class="col_heading level0 col\d" >([^<]*)</th>', scores) == [
        _m4d(language, heading, "a column of the partner ranking") for heading in ranking]
    prelude = ("from m4d.partners import GUIDELINE_WEIGHTS, candidates_for, flip_points, rank, top_stability\n"
               "murcia = rank(candidates_for('Murcia'), GUIDELINE_WEIGHTS, label_columns=['name', 'country'])\n")
    flips = _run_lesson_cell(lesson, "flips = flip_points(murcia)", language, prelude=prelude)
    columns = ["label", "weight", "raise_to", "top_if_raised", "lower_to", "top_if_lowered"]
    headings = re.findall(r'class="col_heading level0 col\d" >([^<]*)</th>', flips)
    assert headings == [_m4d(language, heading, "a column of the flip points") for heading in columns]
    from m4d.partners import GUIDELINE_WEIGHTS, candidates_for, rank, top_stability

    murcia = rank(candidates_for("Murcia"), GUIDELINE_WEIGHTS, label_columns=["name", "country"])
    share = top_stability(murcia, draws=1000, spread=0.5, seed=0).stays_on_top
    top = dict(zip(murcia.table["partner"], murcia.table["name"]))[murcia.top]
    written = format(share, ".0%") if language == "en" else format_percent(share, locale=language)
    sentence = _m4d(language, "{partner} stays on top in {share} of 1000 random variations of the weights").format(
        partner=top, share=written)
    assert flips.startswith(sentence + "\n"), flips[:200]
    if language == "en":
        assert headings == columns and sentence.endswith("stays on top in 50% of 1000 random variations of the weights")
    else:
        assert not set(headings) & set(columns) and "stays on top" not in flips
        assert "Candidates of the Region" not in scores and "Weight of each criterion" not in flips
