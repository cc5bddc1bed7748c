"""The same batch on a real Dask cluster (``distributed.LocalCluster``, 2 worker processes).

Needs the optional extra (``pip install "vnreport[dask]"``; bootstrap.sh installs it for the
tests); skipped without it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from fakes.files import save_pdf
from fakes.ocr import DyingEngine, ScriptedEngine
from fakes.proc import run_vnreport
from test_tables_batch import TABLE_TEXT

from vnreport.config import OcrConfig
from vnreport.errors import ExitCode
from vnreport.recipes.fix import FixBatchOptions, run_fix_batch

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as local:
        yield local


def tree(folder: Path) -> dict[str, bytes]:
    """Every output file and its bytes (batch.json, which holds timings, and the stamps aside)."""
    return {str(path.relative_to(folder)): path.read_bytes() for path in sorted(folder.rglob("*"))
            if path.is_file() and path.name != "batch.json" and not path.name.endswith(".vnreport.json")}


def test_doctor_checks_the_workers(tmp_path: Path, cluster) -> None:
    cluster.wait_for_workers(2, timeout=120)
    result = run_vnreport(["doctor", "--scheduler", cluster.scheduler_address], cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = [line for line in result.stdout.splitlines() if "tcp://" in line and "Tesseract language 'vie'" in line]
    assert len(lines) == 2 and all(line.startswith("ok") for line in lines)  # one per worker


def test_a_cluster_run_writes_the_same_bytes_as_a_local_run(tmp_path: Path, cluster, page_one, page_two) -> None:
    fonds = tmp_path / "fonds"
    fonds.mkdir()
    save_pdf(fonds / "a.pdf", [page_one, page_two])
    save_pdf(fonds / "b.pdf", [page_two])
    (fonds / "c.pdf").write_bytes(b"%PDF-1.4\nbroken\n")
    common = ["fix", str(fonds), "--no-repair", "--dpi", "200", "--format", "json"]
    local = run_vnreport(common + ["-o", str(tmp_path / "local"), "-j", "2"], cwd=tmp_path)
    remote = run_vnreport(common + ["-o", str(tmp_path / "remote"), "--scheduler", cluster.scheduler_address], cwd=tmp_path)
    assert local.returncode == remote.returncode == ExitCode.SOME_INPUTS_FAILED, remote.stderr
    assert "c.pdf" in remote.stderr and "Traceback" not in remote.stderr
    local_files, remote_files = tree(tmp_path / "local"), tree(tmp_path / "remote")
    assert sorted(remote_files) == ["a.json", "b.json"]
    assert remote_files == local_files
    assert "Nhiệm vụ trọng tâm" in remote_files["a.json"].decode()


def test_a_worker_killed_mid_batch_still_gives_the_full_result(tmp_path: Path, cluster, page_one) -> None:
    pdfs = [save_pdf(tmp_path / f"doc{index}.pdf", [page_one, page_one, page_one]) for index in range(3)]
    script = ("Trang mot", "Trang hai", "Trang ba")
    flag = tmp_path / "died"
    options = FixBatchOptions(inputs=tuple(map(str, pdfs)), out_dir=tmp_path / "remote", ocr=OcrConfig(dpi=50), repair=False,
                              scheduler=cluster.scheduler_address)
    record = run_fix_batch(options, engine=DyingEngine(pages=script, die_on_page=2, flag=str(flag)))
    assert flag.exists()  # a worker really died, in the middle of the batch
    assert record.exit_code is ExitCode.OK and [result.status for result in record.results] == ["done"] * 3
    local = FixBatchOptions(inputs=options.inputs, out_dir=tmp_path / "local", ocr=OcrConfig(dpi=50, jobs=1), repair=False)
    run_fix_batch(local, engine=ScriptedEngine(pages=script))
    assert tree(tmp_path / "remote") == tree(tmp_path / "local")
    assert (tmp_path / "remote" / "doc1.txt").read_text(encoding="utf-8").split() == "Trang mot Trang hai Trang ba".split()
    assert not list((tmp_path / "remote").glob(".*.tmp"))


def test_tables_on_the_cluster_match_a_local_run(tmp_path: Path, cluster) -> None:
    sample = Path(__file__).resolve().parents[2] / "samples" / "report-scan.pdf"
    legacy = tmp_path / "legacy.txt"
    legacy.write_text(TABLE_TEXT, encoding="utf-8")
    common = ["tables", str(sample), str(legacy), "--dpi", "150"]
    local = run_vnreport(common + ["-o", str(tmp_path / "local"), "-j", "2"], cwd=tmp_path)
    remote = run_vnreport(common + ["-o", str(tmp_path / "remote"), "--scheduler", cluster.scheduler_address], cwd=tmp_path)
    assert local.returncode == remote.returncode, remote.stderr
    remote_files = tree(tmp_path / "remote")
    assert "report-scan/01-phu-luc-1.csv" in remote_files and "legacy/01-phu-luc-1.csv" in remote_files
    assert remote_files == tree(tmp_path / "local")


def test_ctrl_c_during_a_cluster_run_keeps_finished_outputs_and_exits_130(tmp_path: Path, cluster, page_one, page_two) -> None:
    # As a user meets it: `vnreport fix A B C D -o OUT --scheduler ADDRESS` in a terminal, Ctrl-C
    # (SIGINT to the foreground process group) once a first input is finished for good (stamped).
    import json
    import os
    import signal
    import subprocess
    import sys
    import time

    from vnreport.batch import BATCH_NAME, STAMP_SUFFIX

    cluster.wait_for_workers(2, timeout=120)
    pdfs = [str(save_pdf(tmp_path / f"doc{index}.pdf", [page_one, page_two, page_one])) for index in range(5)]
    out = tmp_path / "out"
    command = [sys.executable, "-m", "vnreport", "fix", *pdfs, "-o", str(out), "--no-repair", "--dpi", "200",
               "--scheduler", cluster.scheduler_address]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=tmp_path,
                               start_new_session=True)
    deadline = time.monotonic() + 300
    while not list(out.glob(f".doc*.txt{STAMP_SUFFIX}")) and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert process.poll() is None, "the batch finished before it could be interrupted"
    os.killpg(process.pid, signal.SIGINT)
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == ExitCode.INTERRUPTED == 130, stderr
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("vnreport: interrupted:") and "not done" in lines[0], stderr
    record = json.loads((out / BATCH_NAME).read_text(encoding="utf-8"))
    assert record["interrupted"] is True and record["exit_code"] == 130
    done = [entry for entry in record["inputs"] if entry["status"] == "done"]
    assert done and record["counts"]["not-done"] >= 1 and len(record["inputs"]) == 5
    for entry in done:  # finished outputs are whole (pages one, two, one) and stay
        text = Path(entry["outputs"][0]).read_text(encoding="utf-8")
        assert text.count("chính quyền số") == 2 and text.count("Nhiệm vụ trọng tâm") == 1, text
    assert not list(out.glob(".*.tmp")) and not list(out.glob("*.tmp"))
    written = {path.name for path in out.glob("doc*.txt")}
    assert written >= {Path(entry["outputs"][0]).name for entry in done}
    # The cluster is still usable, and the next run finishes the rest and skips what was done.
    rest = run_vnreport(command[3:], cwd=tmp_path)
    assert rest.returncode == 0, rest.stderr
    again = json.loads((out / BATCH_NAME).read_text(encoding="utf-8"))
    assert sum(entry["status"] == "skipped" for entry in again["inputs"]) == len(done)
    assert all(entry["status"] in ("done", "skipped") for entry in again["inputs"])
