"""The course's grading pipeline: nbgrader as the engine, made safe and fast.

Steps, in the order a grader runs them (each is one module):
precheck (normalise or quarantine a submission), the judged run (student cells in
a sandbox process, test cells in a judge process: judged_run, judge, sandbox,
sandbox_runner, codec, judge_rules), autograde (parallel grading into the
gradebook), feedback (return feedback without hidden tests), export (CSV, Moodle
and Canvas grade files). The threat model is in README.md in this folder.
"""
