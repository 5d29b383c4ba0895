"""The one kind of error a user of the toolbox should ever see.

Every check of user input (a CSV, a weight, a budget line, a widget setting)
raises :class:`InputError` with a message that says what is wrong and how to
fix it. The command line and the widgets show that message as it is, never a
traceback.
"""


class InputError(ValueError):
    """Input that the toolbox cannot use, with a message written for a person."""
