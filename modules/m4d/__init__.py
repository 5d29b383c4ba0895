"""m4d: the toolbox of the course *Migration for local development*.

The calculators that the lessons teach with (partner matching, budget planning,
survey design, the data tools) are pure functions in this package; the widgets
are a thin layer on top of them, and the ``m4d`` command gives graders and
trainers their workflow.
"""
from m4d.errors import InputError

__all__ = ["InputError", "__version__"]
__version__ = "0.1.0"
