"""`vnreport doctor`: finds Tesseract, vie/eng and Poppler; names what is missing and how to install it."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from fakes.proc import assert_one_line_error, bin_dir_with, run_vnreport

import vnreport.doctor
from vnreport.doctor import install_command, run_checks
from vnreport.errors import DependencyError
from vnreport.ocr import TesseractInfo


def tessdata_dir() -> Path:
    listing = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True, check=True, timeout=60)
    match = re.search(r'"([^"]+)"', listing.stdout + listing.stderr)
    assert match, listing.stdout
    return Path(match.group(1))


def test_doctor_on_this_machine_finds_everything_and_exits_0(run_cli) -> None:
    result = run_cli("doctor")
    assert result.exit_code == 0, result.stdout + result.stderr
    version = subprocess.run(["tesseract", "--version"], capture_output=True, text=True, timeout=60).stdout.split()[1]
    assert re.search(rf"^ok\s+Tesseract\s+version {re.escape(version)}", result.stdout, re.MULTILINE)
    for name in ("Tesseract language 'vie'", "Tesseract language 'eng'", "Poppler"):
        assert re.search(rf"^ok\s+{re.escape(name)}", result.stdout, re.MULTILINE), result.stdout
    assert "MISSING" not in result.stdout and result.stderr == ""


def test_doctor_without_tesseract_exits_4_and_prints_the_install_command(tmp_path: Path) -> None:
    done = run_vnreport(["doctor"], path=bin_dir_with(tmp_path, "pdfinfo", "pdftoppm"), cwd=tmp_path)
    assert done.returncode == 4, done.stdout + done.stderr
    assert re.search(r"^MISSING\s+Tesseract\s", done.stdout, re.MULTILINE)
    assert re.search(r"^ok\s+Poppler", done.stdout, re.MULTILINE)
    # One command installs every missing piece: Tesseract and both language models.
    assert re.search(r"apt-get install -y tesseract-ocr tesseract-ocr-vie tesseract-ocr-eng$", done.stdout, re.MULTILINE)
    assert_one_line_error(done.stderr, "missing: Tesseract", "tesseract-ocr-vie")


def test_doctor_without_the_vie_model_exits_4_and_names_its_package(tmp_path: Path) -> None:
    only_eng = tmp_path / "tessdata"
    only_eng.mkdir()
    (only_eng / "eng.traineddata").symlink_to(tessdata_dir() / "eng.traineddata")
    done = run_vnreport(["doctor"], cwd=tmp_path, env={"TESSDATA_PREFIX": str(only_eng)})
    assert done.returncode == 4, done.stdout + done.stderr
    assert re.search(r"^ok\s+Tesseract\s", done.stdout, re.MULTILINE)
    assert re.search(r"^MISSING\s+Tesseract language 'vie'", done.stdout, re.MULTILINE)
    assert re.search(r"^ok\s+Tesseract language 'eng'", done.stdout, re.MULTILINE)
    assert re.search(r"apt-get install -y tesseract-ocr-vie$", done.stdout, re.MULTILINE)


def test_doctor_without_poppler_names_poppler_utils(tmp_path: Path) -> None:
    done = run_vnreport(["doctor"], path=bin_dir_with(tmp_path, "tesseract"), cwd=tmp_path)
    assert done.returncode == 4
    assert re.search(r"apt-get install -y poppler-utils$", done.stdout, re.MULTILINE)


def test_install_command_uses_sudo_only_when_not_root(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_tesseract() -> TesseractInfo:
        raise DependencyError("Tesseract is not installed or not on PATH")

    monkeypatch.setattr(vnreport.doctor, "probe_tesseract", no_tesseract)
    checks = run_checks()
    assert [check.name for check in checks if not check.ok] == ["Tesseract", "Tesseract language 'vie'", "Tesseract language 'eng'"]
    monkeypatch.setattr(vnreport.doctor.shutil, "which", lambda name: "/usr/bin/apt-get" if name == "apt-get" else None)
    monkeypatch.setattr(vnreport.doctor.os, "geteuid", lambda: 1000)
    assert install_command(checks) == "sudo apt-get install -y tesseract-ocr tesseract-ocr-vie tesseract-ocr-eng"
    monkeypatch.setattr(vnreport.doctor.os, "geteuid", lambda: 0)
    assert install_command(checks) == "apt-get install -y tesseract-ocr tesseract-ocr-vie tesseract-ocr-eng"


def test_tesseract_3_is_reported_too_old(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(vnreport.doctor, "probe_tesseract", lambda: TesseractInfo(version="3.05.02", languages=("eng", "vie")))
    tesseract = next(check for check in run_checks() if check.name == "Tesseract")
    assert not tesseract.ok and "too old" in tesseract.detail
