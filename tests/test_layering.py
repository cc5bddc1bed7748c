"""The runtime package ``vnreport`` does not depend on the build-time tools (``vnreport_build``):
only the ``vnreport lexicon build`` command reaches them, when it runs."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import vnreport

PACKAGE = Path(vnreport.__file__).parent
ALLOWED = {("cli.py", "lexicon_build")}  # the reproducible model command (README, "Building the model")


def build_imports() -> list[tuple[str, str]]:
    """(file, innermost enclosing function or '<module>') of every import of vnreport_build in vnreport/."""
    found: set[tuple[str, str]] = set()

    class Finder(ast.NodeVisitor):
        def __init__(self, file: str) -> None:
            self.file, self.stack = file, ["<module>"]

        def visit_FunctionDef(self, node: ast.AST) -> None:
            self.stack.append(node.name)
            self.generic_visit(node)
            self.stack.pop()

        visit_AsyncFunctionDef = visit_FunctionDef

        def visit_Import(self, node: ast.Import) -> None:
            self.record([alias.name for alias in node.names])

        def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
            self.record([node.module or ""])

        def record(self, modules: list[str]) -> None:
            if any(module.split(".")[0] == "vnreport_build" for module in modules):
                found.add((self.file, self.stack[-1]))

    for path in sorted(PACKAGE.rglob("*.py")):
        Finder(path.relative_to(PACKAGE).as_posix()).visit(ast.parse(path.read_text(encoding="utf-8")))
    return sorted(found)


def test_only_the_model_command_imports_the_build_tools() -> None:
    assert set(build_imports()) <= ALLOWED
    assert ("cli.py", "lexicon_build") in build_imports()  # the scan sees imports inside functions


def test_importing_every_runtime_module_loads_no_build_tool() -> None:
    modules = sorted(
        "vnreport." + ".".join(path.relative_to(PACKAGE).with_suffix("").parts).removesuffix(".__init__")
        for path in PACKAGE.rglob("*.py") if path.name != "__main__.py"
    )
    script = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name.removesuffix('.__init__'))\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'vnreport_build'))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
    assert len(modules) > 40  # every module was imported, not an empty list


def test_the_model_loader_does_not_import_the_builder() -> None:
    script = "import sys, vnreport.diacritics.model as m; m.load_model(); print('vnreport_build.model' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"
