"""Self-checks measure understanding: a learner who guesses by position or by length fails them.

The limits below are the course's standard for every quiz file of every module (the
brief's section 4.1); a reviewer reads them here. Positions are measured as the options
are SHOWN (``m4d.quiz.answer_order``), not as the file lists them, so an author may put
the right option first in the file. Run ``python -m pytest tests/test_quiz_quality.py -s``
(or ``python tests/test_quiz_quality.py``) to see the figures.
"""
from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from statistics import mean

import pytest

from m4d.quiz import answer_order, load_quiz

ROOT = Path(__file__).resolve().parents[1]
BOOK = ROOT / "book"

# --- the limits -----------------------------------------------------------------------
MAX_SHARE_RIGHT_SHOWN_FIRST = 0.35      # single-answer questions, over the course
MAX_SHARE_RIGHT_IS_LONGEST = 0.35       # single-answer questions, over the course (ties count)
MAX_RIGHT_TO_WRONG_LENGTH = 1.25        # every single-answer question: right / mean(wrong), characters
SINGLE_ANSWER_OPTIONS = (3, 5)          # options of a multiple_choice question, inclusive
MIN_DISTINCT_RIGHT_COUNTS = 3           # many_choice: how many different numbers of right options occur
MAX_SHARE_ONE_RIGHT_COUNT = 0.50        # many_choice: no single number of right options in more than this
MIN_FEEDBACK_WORDS = 12                 # every answer's feedback, a full sentence
MIN_SCENARIO_QUESTIONS = 2              # per lesson's quiz (activity notebooks' too)
MIN_SCENARIO_WORDS = 25                 # question text of a scenario question
QUESTIONS_PER_QUIZ = (3, 6)             # inclusive

NUMBER_WORDS = {"one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
                "eleven", "twelve", "twenty", "thirty", "forty", "fifty", "hundred", "thousand"}


def quiz_files() -> list[Path]:
    # A glob, so the quizzes of modules written later are held to the same limits.
    return sorted(p for p in BOOK.glob("*/quizzes/*.json") if "_build" not in p.parts)


def words(text: str) -> int:
    return len(re.findall(r"[^\W_]+(?:['’-][^\W_]+)*", text))


def is_recall_of_a_number(question: dict) -> bool:
    """Options that are all bare numbers or years: the question asks the learner to recall a figure."""
    options = [str(a.get("answer", "")) for a in question["answers"]]
    return bool(options) and all(
        re.fullmatch(r"[\s\d.,%$€-]*\d[\s\d.,%$€-]*", o) or o.strip().lower() in NUMBER_WORDS for o in options)


def _quizzes():
    return [(path, load_quiz(path)) for path in quiz_files()]


def quiz_figures(quizzes=None) -> dict:
    """The measured figures over the course (as shown), for the report and the tests."""
    quizzes = _quizzes() if quizzes is None else quizzes
    single = first = longest = 0
    ratios: list[tuple[float, str]] = []
    many_counts: Counter = Counter()
    feedback_words: list[int] = []
    scenarios: dict[str, int] = {}
    questions = 0
    for path, qs in quizzes:
        scenarios[path.name] = sum(1 for q in qs if q.get("scenario") is True)
        for n, (q, order) in enumerate(zip(qs, answer_order(qs, path.name)), start=1):
            questions += 1
            feedback_words += [words(str(a.get("feedback", ""))) for a in q["answers"]]
            shown = [q["answers"][i] for i in order]
            if q["type"] == "multiple_choice":
                single += 1
                right = next(i for i, a in enumerate(shown) if a.get("correct"))
                lengths = [len(str(a["answer"]).strip()) for a in shown]
                wrong = [l for i, l in enumerate(lengths) if i != right]
                first += right == 0
                longest += lengths[right] >= max(wrong)
                ratios.append((lengths[right] / mean(wrong), f"{path.name} question {n}"))
            elif q["type"] == "many_choice":
                many_counts[sum(1 for a in q["answers"] if a.get("correct"))] += 1
    many = sum(many_counts.values())
    return {
        "quiz files": len(quizzes),
        "questions": questions,
        "single-answer questions": single,
        "share right shown first": first / single if single else 0.0,
        "share right is longest": longest / single if single else 0.0,
        "length ratios": ratios,
        "many_choice questions": many,
        "right-option counts": dict(sorted(many_counts.items())),
        "feedback words": feedback_words,
        "scenario questions per quiz": scenarios,
    }


def report(figures: dict) -> str:
    ratios = sorted(r for r, _ in figures["length ratios"])
    fb = sorted(figures["feedback words"])
    many = figures["many_choice questions"] or 1
    counts = ", ".join(f"{k} right: {v} ({v / many:.0%})" for k, v in figures["right-option counts"].items())
    per_quiz = Counter(figures["scenario questions per quiz"].values())
    lines = [
        f"quiz files: {figures['quiz files']}, questions: {figures['questions']}",
        f"single-answer: {figures['single-answer questions']}; right shown first: "
        f"{figures['share right shown first']:.1%} (limit {MAX_SHARE_RIGHT_SHOWN_FIRST:.0%}); right is longest: "
        f"{figures['share right is longest']:.1%} (limit {MAX_SHARE_RIGHT_IS_LONGEST:.0%})",
        (f"right/mean(wrong) length: median {ratios[len(ratios) // 2]:.2f}, max {ratios[-1]:.2f} "
         f"(limit {MAX_RIGHT_TO_WRONG_LENGTH})") if ratios else "no single-answer questions",
        f"many_choice: {figures['many_choice questions']} questions; {counts}",
        (f"feedback words: min {fb[0]}, median {fb[len(fb) // 2]} (limit {MIN_FEEDBACK_WORDS}); "
         f"under the limit: {sum(w < MIN_FEEDBACK_WORDS for w in fb)} of {len(fb)}") if fb else "",
        "scenario questions per quiz: " + ", ".join(f"{k}: {v} quizzes" for k, v in sorted(per_quiz.items())),
    ]
    return "\n".join(lines)


@pytest.fixture(scope="module")
def figures():
    return quiz_figures()


def test_the_course_has_quizzes_to_measure(figures):
    assert figures["quiz files"] >= 1 and figures["single-answer questions"] >= 1


def test_guessing_the_first_option_fails_over_the_course(figures, capsys):
    with capsys.disabled():
        print("\nquiz quality figures (options as shown)\n" + report(figures))
    assert figures["share right shown first"] <= MAX_SHARE_RIGHT_SHOWN_FIRST


def test_guessing_the_longest_option_fails_over_the_course(figures):
    assert figures["share right is longest"] <= MAX_SHARE_RIGHT_IS_LONGEST


def test_no_right_option_stands_out_by_its_length(figures):
    too_long = [f"{where}: {ratio:.2f}" for ratio, where in figures["length ratios"]
                if ratio > MAX_RIGHT_TO_WRONG_LENGTH]
    assert too_long == [], f"right option longer than {MAX_RIGHT_TO_WRONG_LENGTH} × the wrong ones' mean"


def test_ticking_every_box_never_wins_and_the_number_of_right_boxes_varies(figures):
    counts = figures["right-option counts"]
    total = sum(counts.values())
    if total == 0:
        pytest.skip("no many_choice questions yet")
    assert len(counts) >= MIN_DISTINCT_RIGHT_COUNTS, counts
    assert max(counts.values()) / total <= MAX_SHARE_ONE_RIGHT_COUNT, counts


@pytest.mark.parametrize("path", quiz_files(), ids=lambda p: p.name)
def test_quiz_file_meets_the_self_check_standard(path):
    questions = load_quiz(path)
    problems = []
    low, high = QUESTIONS_PER_QUIZ
    if not low <= len(questions) <= high:
        problems.append(f"{len(questions)} questions (want {low}-{high})")
    scenario = [q for q in questions if q.get("scenario") is True]
    if len(scenario) < MIN_SCENARIO_QUESTIONS:
        problems.append(f"{len(scenario)} scenario questions (want at least {MIN_SCENARIO_QUESTIONS})")
    for n, q in enumerate(questions, start=1):
        at = f"question {n}"
        if "scenario" in q and not isinstance(q["scenario"], bool):
            problems.append(f"{at}: 'scenario' is true or false")
        if q.get("scenario") is True and words(q["question"]) < MIN_SCENARIO_WORDS:
            problems.append(f"{at}: a scenario opens with a situation of at least {MIN_SCENARIO_WORDS} words")
        answers = q["answers"]
        right = sum(1 for a in answers if a.get("correct"))
        if q["type"] == "multiple_choice":
            lo, hi = SINGLE_ANSWER_OPTIONS
            if not lo <= len(answers) <= hi:
                problems.append(f"{at}: {len(answers)} options (want {lo}-{hi})")
        if q["type"] == "many_choice" and not 1 <= right <= len(answers) - 1:
            problems.append(f"{at}: {right} of {len(answers)} options right (ticking all or none must lose)")
        if q["type"] in ("multiple_choice", "many_choice") and is_recall_of_a_number(q):
            problems.append(f"{at}: only recalls a number from the text (ask for a calculation or a decision)")
        for m, a in enumerate(answers, start=1):
            feedback = str(a.get("feedback", "")).strip()
            if words(feedback) < MIN_FEEDBACK_WORDS or not re.search(r"[.!?][)\"'’”]*$", feedback):
                problems.append(f"{at}, answer {m}: feedback is a sentence of {MIN_FEEDBACK_WORDS}+ words "
                                f"that says why ({feedback[:40]!r})")
    assert problems == [], f"{path.relative_to(ROOT)}:\n  " + "\n  ".join(problems)


def test_every_lesson_has_a_quiz_file_to_hold_to_the_standard():
    lessons = sorted(p for p in BOOK.glob("*/m*_*") if re.match(r"^m\d_\d\d_", p.name)
                     and p.suffix in (".md", ".ipynb"))
    quizzes = {p.stem for p in quiz_files()}
    missing = [p.name for p in lessons if "_".join(p.stem.split("_")[:2]) not in quizzes]
    assert missing == []


# --- the measures themselves must be able to fail ----------------------------------------

def _mc(question, options, right=0, scenario=False):
    feedback = "This sentence explains at length why the option is right or wrong for the learner."
    return {"question": question, "type": "multiple_choice", "scenario": scenario,
            "answers": [{"answer": o, "correct": i == right, "feedback": feedback} for i, o in enumerate(options)]}


def test_measures_catch_a_quiz_where_the_longest_option_always_wins(tmp_path):
    qs = [_mc(f"Question {i}?", ["the right option, hedged and much more specific than the rest", "no", "maybe"])
          for i in range(8)]
    path = tmp_path / "m9_01.json"
    path.write_text(json.dumps(qs), encoding="utf-8")
    figures = quiz_figures([(path, qs)])
    assert figures["share right is longest"] == 1.0
    assert all(r > MAX_RIGHT_TO_WRONG_LENGTH for r, _ in figures["length ratios"])


def test_number_recall_is_recognised_but_a_decision_is_not():
    assert is_recall_of_a_number(_mc("How many?", ["4", "7", "twelve"]))
    assert is_recall_of_a_number(_mc("When?", ["2014", "2016", "2018"]))
    assert not is_recall_of_a_number(_mc("Which partner?", ["Kasserine", "Tunis", "Sfax"]))


def test_shown_order_does_not_follow_the_file_order():
    # Authors list the right option first; as shown it must not stay first much more than by chance.
    qs = [_mc(f"Scenario {i}: which partner should the region choose?", ["a", "b", "c", "d"]) for i in range(40)]
    firsts = sum(order.index(0) == 0 for order in answer_order(qs, "m9_02.json"))
    assert firsts <= 0.35 * len(qs)
    assert answer_order(qs, "m9_02.json") == answer_order(qs, "m9_02.json"), "the order is deterministic"

    positions = Counter(order.index(0) for order in answer_order(qs, "m9_02.json"))
    assert set(positions) == {0, 1, 2, 3}, "the right option is shown in every position"


def test_shown_order_is_a_permutation_and_numeric_answers_keep_theirs():
    from m4d.quiz import shown_quiz

    numeric = {"question": "How many?", "type": "numeric",
               "answers": [{"type": "value", "value": 3, "correct": True, "feedback": "f"},
                           {"type": "default", "feedback": "f"}]}
    qs = [_mc("Which clause is missing from the draft?", ["a", "b", "c", "d", "e"]), numeric]
    shown = shown_quiz(qs, "m9_03.json")
    assert sorted(a["answer"] for a in shown[0]["answers"]) == ["a", "b", "c", "d", "e"]
    assert shown[1]["answers"] == numeric["answers"]
    assert qs[0]["answers"][0]["answer"] == "a", "the caller's questions are not reordered in place"


if __name__ == "__main__":
    print(report(quiz_figures()))
