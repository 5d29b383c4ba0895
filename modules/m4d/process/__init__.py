"""The seven-step process of a migration-related decentralised cooperation partnership.

:func:`seven_steps` (the data), :func:`shared_steps` (where the new and the
existing partnership tracks coincide), :func:`process_figure` and
:func:`process_alt` (the drawing and its alternative text).
"""
from m4d.process.figure import process_alt, process_figure
from m4d.process.steps import TRACKS, seven_steps, shared_steps

__all__ = ["TRACKS", "process_alt", "process_figure", "seven_steps", "shared_steps"]
