"""What the logs may say about an error: its class and where it was raised, never its message.

An exception's message can quote what a person wrote (a database error lists the statement's
parameters; `int("...")` repeats its argument), so the logs get the class names of the error and of
what caused it, and the file, line and function of each frame of our own code, instead of a traceback.
"""
import os
import traceback

_PACKAGE = os.path.dirname(os.path.abspath(__file__))
_ROOT = os.path.dirname(_PACKAGE)


def describe(error):
    """"OperationalError (from OperationalError) at aftercare/x.py:12 in f < aftercare/y.py:3 in g"."""
    names = [type(error).__name__]
    cause = error.__cause__ or error.__context__
    seen = {id(error)}
    while cause is not None and id(cause) not in seen and len(names) < 4:
        seen.add(id(cause))
        names.append(type(cause).__name__)
        cause = cause.__cause__ or cause.__context__
    text = names[0] + (f" (from {', '.join(names[1:])})" if len(names) > 1 else "")
    frames = [frame for frame in traceback.extract_tb(error.__traceback__)
              if os.path.abspath(frame.filename).startswith(_PACKAGE)]
    if frames:
        text += " at " + " < ".join(f"{os.path.relpath(frame.filename, _ROOT)}:{frame.lineno} in {frame.name}"
                                    for frame in reversed(frames[-6:]))
    return text
