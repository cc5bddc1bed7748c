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


# Build-time code that once lived in the runtime package: training the noise models, reading the
# corpus and its held-out split, aligning (clean, OCR) pairs. The runtime only loads trained models.
MOVED_TO_BUILD = ("channel.py", "corpus.py", "align.py")


def _public_definitions(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {node.name for node in tree.body if isinstance(node, (ast.FunctionDef, ast.ClassDef)) and not node.name.startswith("_")}


def test_training_and_corpus_code_is_not_defined_in_the_runtime_package() -> None:
    build_dir = Path(__file__).resolve().parents[1] / "vnreport_build"
    build_names = set().union(*(_public_definitions(build_dir / name) for name in MOVED_TO_BUILD))
    assert {"train_channel", "syllable_pairs", "iter_paragraphs", "align_syllables"} <= build_names  # the scan reads them
    redefined = {
        (path.relative_to(PACKAGE).as_posix(), name)
        for path in sorted(PACKAGE.rglob("*.py"))
        for name in _public_definitions(path) & build_names
    }
    assert redefined == set()


def test_restoring_with_the_learned_noise_models_loads_no_build_tool() -> None:
    # Run time, not just import time: imports inside functions are reached too.
    script = (
        "import sys\n"
        "from vnreport.config import RestoreConfig\n"
        "from vnreport.diacritics import Restorer\n"
        "from vnreport.diacritics.model import load_model\n"
        "model = load_model()\n"
        "assert sorted(model.channels) == ['eng', 'stripped', 'vie'], sorted(model.channels)\n"
        "print(Restorer(RestoreConfig(input_kind='eng'), model=model).restore('Bao cao s6 238 cua UBND tinh').text)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'vnreport_build'))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    restored, loaded = result.stdout.strip().splitlines()
    assert restored != "Bao cao s6 238 cua UBND tinh"  # the restorer really ran
    assert loaded == "[]"
