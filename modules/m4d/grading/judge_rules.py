"""Which names an instructor cell takes from the student, and what a test cell may do.

Under the judge, a test cell (and a locked cell) runs in the judge's process, not
beside the student's code. The judge gives it the names it needs:

- a name that an instructor cell before it binds (a locked cell's ``case``, a
  test cell's ``region``, an import such as ``np``) is the judge's own, computed
  by the judge from the instructor's code: what a student's answer does to such a
  name does not reach the tests;
- every builtin (``type``, ``isinstance``, ``abs`` ...) is the judge's own;
- every other name the cell reads is the student's: its value is copied out of
  the student's sandbox as plain data, or, for a function, the judge gets a
  stand-in that calls the function in the sandbox with plain-data arguments.

:func:`student_names` says which names those are, from the cell's source alone
(Python's own ``symtable``), so the judge knows before the notebook runs which
cells need a snapshot of the student's state. :func:`check_notebook` is what
``m4d generate`` runs: it refuses, naming the cell, a cell the judge cannot run
as a kernel would (see CONTRIBUTING, "Test cells under the judge").
"""
from __future__ import annotations

import ast
import builtins
import re
import symtable
from dataclasses import dataclass, field

BUILTINS = frozenset(dir(builtins)) - {"__name__", "__doc__"}
HIDDEN = re.compile(r"^[ \t]*### BEGIN HIDDEN TESTS[ \t]*\n.*?^[ \t]*### END HIDDEN TESTS[ \t]*(\n|\Z)", re.S | re.M)
MAX_JUDGED_CELLS = 100
# Calls that look names up by string, or need a kernel: the judge's namespace
# holds only the names the cell's source shows.
REFUSED_CALLS = {"eval": "evaluates code from a string", "exec": "runs code from a string",
                 "globals": "reads the whole namespace", "locals": "reads the whole namespace",
                 "vars": "reads the whole namespace", "get_ipython": "needs an IPython kernel"}


def released_source(source: str) -> str:
    """A test cell as students see it: the hidden tests taken out (as nbgrader does)."""
    return HIDDEN.sub("", source)


def strip_magics(source: str) -> str:
    """Notebook magics and shell escapes do not run while grading."""
    return "\n".join("pass  # " + line if line.lstrip().startswith(("%", "!")) else line
                     for line in source.splitlines())


@dataclass
class CellNames:
    """The module-level names one cell binds and reads, in the order of its statements."""

    binds: set = field(default_factory=set)
    first_bind: dict = field(default_factory=dict)  # name -> index of the first statement binding it
    first_read_now: dict = field(default_factory=dict)  # name -> first statement reading it when it runs
    reads: set = field(default_factory=set)  # every module-level name read, now or later (in a function)
    tree: ast.Module | None = None


def cell_names(source: str, name: str = "<cell>") -> CellNames:
    """Parse one cell; raises SyntaxError."""
    tree = ast.parse(source, name)
    table = symtable.symtable(source, name, "exec")
    out = CellNames(tree=tree)
    for sym in table.get_symbols():
        if sym.is_referenced():
            out.reads.add(sym.get_name())
        if sym.is_assigned() or sym.is_imported():
            out.binds.add(sym.get_name())

    def nested(t):
        for child in t.get_children():
            for sym in child.get_symbols():
                if sym.is_referenced() and sym.is_global() and not sym.is_declared_global():
                    out.reads.add(sym.get_name())
                if sym.is_declared_global():
                    out.reads.add(sym.get_name())
            nested(child)

    nested(table)
    for stmt in tree.body:
        for node, when in _now(stmt):
            if isinstance(node, ast.Name):
                if getattr(node, "augmented", False):
                    out.reads.add(node.id)  # symtable does not count `x += 1` as reading x
                target = out.first_read_now if isinstance(node.ctx, ast.Load) else out.first_bind
                if node.id not in target or when < target[node.id]:
                    target[node.id] = when
            else:
                bound = []
                if isinstance(node, (ast.Import, ast.ImportFrom)):
                    bound = [(alias.asname or alias.name).split(".")[0] for alias in node.names]
                elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                    bound = [node.name]
                elif isinstance(node, ast.ExceptHandler) and node.name:
                    bound = [node.name]
                for name in bound:
                    out.first_bind.setdefault(name, when)
    return out


def _now(stmt):
    """(node, when) for the nodes of a statement that run when it runs, not the bodies of
    the functions it defines; ``when`` orders them as Python evaluates them, near enough:
    by position, except that an assignment's targets are bound after its value is read."""
    todo = [(stmt, None)]
    while todo:
        node, late = todo.pop()
        when = late or (getattr(node, "lineno", 0), getattr(node, "col_offset", 0))
        yield node, when
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            children = node.decorator_list + node.args.defaults + [d for d in node.args.kw_defaults if d]
        elif isinstance(node, ast.Lambda):
            children = node.args.defaults + [d for d in node.args.kw_defaults if d]
        elif isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign, ast.NamedExpr)) and node.value is not None:
            after = (node.value.end_lineno, node.value.end_col_offset)
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if isinstance(node, ast.AugAssign) and isinstance(node.target, ast.Name):
                read = ast.Name(node.target.id, ast.Load())
                read.augmented = True
                yield read, when  # `x += 1` reads x first
            todo += [(node.value, late)] + [(t, after) for t in targets]
            continue
        else:
            children = list(ast.iter_child_nodes(node))
        todo += [(child, late) for child in children]


def student_names(source: str, owned, names: CellNames | None = None) -> list[str]:
    """The names an instructor cell reads from the student, given the judge's own names."""
    names = names or cell_names(source)
    wanted = []
    for name in sorted(names.reads):
        if name in owned or name in BUILTINS or (name.startswith("__") and name.endswith("__")):
            continue
        if name in names.binds:
            bound, read = names.first_bind.get(name), names.first_read_now.get(name)
            # Bound by the cell before it is read: the cell's own variable.
            if read is None or (bound is not None and bound < read):
                continue
        wanted.append(name)
    return wanted


def _meta(cell) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {}) or {}


def role(cell) -> str:
    """'test', 'locked' (instructor code that runs in the judge too), 'student' or 'text'."""
    if cell.get("cell_type") != "code":
        return "text"
    meta = _meta(cell)
    if meta.get("solution"):
        return "student"
    if meta.get("grade"):
        return "test"
    if meta.get("locked"):
        return "locked"
    return "student"


def check_notebook(nb, notebook: str = "the notebook") -> list[str]:
    """What keeps the judge from running a notebook's instructor cells as a kernel would.

    Returns one sentence per problem, naming the cell (its grade_id) and the fix.
    """
    problems = []
    owned: set = set()
    student_bound: dict = {}  # name -> position of the latest student cell binding it (in the source)
    owner_at: dict = {}  # name -> position of the latest instructor cell binding it
    judged = 0
    for position, cell in enumerate(nb.cells):
        kind = role(cell)
        if kind == "text":
            continue
        label = f"cell {_meta(cell).get('grade_id') or position + 1!r} of {notebook}"
        source = strip_magics(cell.source)
        try:
            names = cell_names(source, label)
        except SyntaxError as err:
            if kind != "student":
                problems.append(f"{label} is not valid Python (line {err.lineno}: {err.msg}); the judge "
                                "runs test and locked cells as plain Python")
            continue
        if kind == "student":
            for name in names.binds:
                student_bound[name] = position
            continue
        wanted = student_names(source, owned, names)
        if wanted:
            judged += 1
        # Names the cell reads from outside itself (the judge's own ones included).
        outside = set(student_names(source, set(), names))
        for name in sorted(outside):
            if name in owner_at and student_bound.get(name, -1) > owner_at[name]:
                problems.append(f"{label} reads {name!r}, which an answer cell binds after an instructor "
                                f"cell did: the judge would use the instructor's {name!r}; give one of them "
                                "another name")
        for name in names.reads & BUILTINS:
            if name in student_bound:
                problems.append(f"{label} uses {name!r}, which an answer cell redefines: the judge always "
                                f"uses Python's own {name!r}; ask students for a function of another name")
        for node in ast.walk(names.tree):
            if isinstance(node, ast.ExceptHandler) and _catches_everything(node):
                problems.append(f"{label} line {node.lineno}: a bare `except:` (or `except BaseException`) "
                                "would also catch the judge's own failure to reach the student's code; "
                                "catch the exception the test expects (e.g. `except ValueError:`)")
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in REFUSED_CALLS \
                    and node.func.id not in owned | names.binds:
                problems.append(f"{label} line {node.lineno}: `{node.func.id}(...)` {REFUSED_CALLS[node.func.id]}, "
                                "which the judge cannot do; name what the test needs directly")
            elif isinstance(node, (ast.Global, ast.Nonlocal)) and set(node.names) & set(wanted):
                problems.append(f"{label} line {node.lineno}: a function in the test changes the student's "
                                f"{', '.join(sorted(set(node.names) & set(wanted)))} through `global`; "
                                "assign it at the top level of the cell instead")
        if any(line.lstrip().startswith(("%", "!")) for line in cell.source.splitlines()):
            problems.append(f"{label} uses an IPython magic or shell command (% or !), which the judge "
                            "does not run; use plain Python")
        owned |= names.binds
        for name in names.binds:
            owner_at[name] = position
    if judged > MAX_JUDGED_CELLS:
        problems.append(f"{notebook} has {judged} cells that read the student's names, more than the "
                        f"{MAX_JUDGED_CELLS} the judge handles in one notebook; split the assignment")
    return problems


def _catches_everything(handler: ast.ExceptHandler) -> bool:
    if handler.type is None:
        return True
    types = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
    return any(isinstance(t, ast.Name) and t.id == "BaseException" for t in types)
