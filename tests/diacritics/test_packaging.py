"""The wheel ships the built model and nothing else from lexicons/."""

from pathlib import Path

import pytest

tomllib = pytest.importorskip("tomllib")  # Python 3.11+

ROOT = Path(__file__).resolve().parents[2]


def test_wheel_ships_every_model_file_and_no_pair_data():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    shipped = config["tool"]["hatch"]["build"]["targets"]["wheel"]["force-include"]
    model_files = {f"lexicons/{path.name}" for path in (ROOT / "lexicons").iterdir() if path.is_file()}
    assert set(shipped) == model_files
    assert all(target == f"vnreport/{source}" for source, target in shipped.items())
    assert not any(source.startswith("lexicons/pairs/") for source in shipped)
