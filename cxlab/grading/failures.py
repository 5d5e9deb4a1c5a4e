"""Every failing message of a question's hidden tests, not only the first.

A test cell is a list of ``assert`` statements, and Python stops at the first that fails, so a
learner who made two mistakes learned of one. While grading, the hidden part of a test cell runs
in a form that records each failing assert's message and goes on; at the end one
``AssertionError`` carries them all. The visible part (the form checks the learner ran: type, then
size, then range) still stops at its first failure: there each check assumes the one before it
passed, and the later messages would blame the wrong thing.

Scores do not change: the cell fails exactly when the original fails. If the original stops at an
assert, so does the rewritten cell, later or at once; if it stops at another error with no assert
failed before it, the rewritten cell raises that same error; an error that follows a failed assert
is taken as its consequence, and only the messages are raised.

The notebook keeps its original source: the rewritten one exists only while the cell runs.
"""

from __future__ import annotations

import ast
import functools
import secrets

HIDDEN_BEGIN = "### BEGIN HIDDEN TESTS"


class _Collect(ast.NodeTransformer):
    """``assert test, message`` -> ``if not test: <name>.append(message)``, outside functions and ``try``."""

    def __init__(self, name: str):
        self.name = name

    def visit_Assert(self, node: ast.Assert):
        message = ast.Call(ast.Name("str", ast.Load()), [node.msg], []) if node.msg else ast.Constant("")
        record = ast.Expr(ast.Call(ast.Attribute(ast.Name(self.name, ast.Load()), "append", ast.Load()), [message], []))
        return ast.copy_location(ast.If(ast.UnaryOp(ast.Not(), node.test), [record], []), node)

    def _leave(self, node):
        return node  # an assert in a function or under ``try`` may be meant to raise: keep it

    visit_FunctionDef = visit_AsyncFunctionDef = visit_ClassDef = visit_Lambda = _leave
    visit_Try = visit_TryStar = _leave


def collect_failures(body: str, name: str) -> str | None:
    """``body`` rewritten to record failing asserts in a list called ``name``; None if it does not parse."""
    try:
        tree = ast.parse(body)
    except SyntaxError:
        return None
    if not any(isinstance(node, ast.Assert) for node in ast.walk(tree)):
        return None
    rewritten = ast.fix_missing_locations(_Collect(name).visit(tree))
    inner = "\n".join("    " + line for line in ast.unparse(rewritten).splitlines()) or "    pass"
    joined = f'"\\n".join("- " + m if len({name}) > 1 else m for m in {name} if m)'
    return (
        f"{name} = []\n"
        f"try:\n{inner}\n"
        f"except Exception:\n"
        f"    if {name}:\n"
        f"        raise AssertionError({joined}) from None\n"
        f"    raise\n"
        f"if {name}:\n"
        f"    raise AssertionError({joined})\n"
    )


def every_failure(source: str) -> str:
    """The test cell to run: the visible part as written, the hidden part reporting every failure.

    >>> cell = "assert 1 > 0, 'form'\\n### BEGIN HIDDEN TESTS\\nassert 1 > 2, 'a'\\nassert 2 > 3, 'b'\\n### END HIDDEN TESTS"
    >>> try:
    ...     exec(every_failure(cell), {})
    ... except AssertionError as error:
    ...     print(error)
    - a
    - b
    """
    lines = source.split("\n")
    start = next((i for i, line in enumerate(lines) if HIDDEN_BEGIN in line), None)
    if start is None:
        return source
    rewritten = _rewritten_hidden_part("\n".join(lines[start:]))
    if rewritten is None:
        return source
    # An unguessable name, new for every hand-in, so learner code cannot find the list and empty it.
    return "\n".join([*lines[:start], rewritten.replace(_PLACEHOLDER, f"_cxlab_failures_{secrets.token_hex(6)}")])


_PLACEHOLDER = "_cxlab_failures_NAME_"


@functools.lru_cache(maxsize=512)
def _rewritten_hidden_part(body: str) -> str | None:
    """:func:`collect_failures` of one hidden part, once per worker: every hand-in of a batch has the
    master's test cells, and parsing and unparsing them again cost a tenth of a worker's time."""
    return collect_failures(body, _PLACEHOLDER)
