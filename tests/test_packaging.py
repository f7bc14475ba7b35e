"""nearme as an installable tool: the wheel carries everything, and works outside the checkout."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import pytest

from service.paths import PACKAGE_DIR, PROJECT_ROOT

PYPROJECT = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text("utf-8"))
DATA = {"templates", "locales", "static", "content"}


def test_every_folder_of_code_and_data_is_packaged() -> None:
    """The wheel is built from an explicit list; a new folder must join it or be lost."""
    setuptools = PYPROJECT["tool"]["setuptools"]
    listed = set(setuptools["packages"])
    code = {
        ".".join(path.relative_to(PROJECT_ROOT).parts)
        for path in [PACKAGE_DIR, *PACKAGE_DIR.rglob("*")]
        if path.is_dir() and any(path.glob("*.py")) and "__pycache__" not in path.parts
    }
    data = {
        ".".join(("service", "data", *path.relative_to(PROJECT_ROOT).parts))
        for top in DATA
        for path in [PROJECT_ROOT / top, *(PROJECT_ROOT / top).rglob("*")]
        if path.is_dir() and any(p.is_file() for p in path.iterdir())
    }
    assert listed == code | data | {"service.data"}
    assert setuptools["package-dir"] == {f"service.data.{top}": top for top in DATA}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.slow
def test_the_wheel_works_installed_outside_the_checkout(tmp_path: Path) -> None:
    """Build the wheel, install it into a fresh virtual environment, and run the three
    things its users run: `nearme check`, `nearme serve` (one request) and an HTML audit."""
    dist = tmp_path / "dist"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "-q",
            "-w",
            str(dist),
            str(PROJECT_ROOT),
        ],
        check=True,
        capture_output=True,
        timeout=600,
    )
    wheel = next(dist.glob("nearme-*.whl"))
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "-q"]
    lock = PROJECT_ROOT / "requirements.lock"
    subprocess.run([*pip, "--require-hashes", "-r", str(lock)], check=True, timeout=900)
    subprocess.run([*pip, "--no-deps", str(wheel)], check=True, timeout=300)
    nearme = str(venv / "bin" / "nearme")
    work = tmp_path / "elsewhere"  # no checkout here: everything must come from the wheel
    work.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEARME_", "PYTHON"))}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [nearme, *args], cwd=work, env=env, capture_output=True, text=True, timeout=300
        )

    installed = subprocess.run(
        [str(venv / "bin" / "python"), "-c", "import service.paths as p; print(p.DATA_ROOT)"],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert installed.startswith(str(venv)) and installed.endswith("service/data")

    check = run("check")
    assert check.returncode == 0, check.stderr
    assert "582 pages" in check.stdout

    audit = run("audit", "--format", "html", "--output", "report.html")
    assert audit.returncode == 0, audit.stderr
    report = (work / "report.html").read_text("utf-8")
    assert report.lstrip().lower().startswith("<!doctype html>")
    assert "<title>seo audit" in report.lower()

    port = _free_port()
    log = work / "serve.log"
    with log.open("wb") as log_file:
        server = subprocess.Popen(
            [nearme, "serve", "--port", str(port)],
            cwd=work,
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=2) as conn:
                    conn.sendall(
                        b"GET /es/conditions/sciatica/ HTTP/1.1\r\nHost: x\r\n"
                        b"Connection: close\r\n\r\n"
                    )
                    answer = b""
                    while chunk := conn.recv(65536):
                        answer += chunk
                break
            except OSError:
                assert server.poll() is None, log.read_text()
                assert time.monotonic() < deadline, "the installed server did not start"
                time.sleep(0.3)
        assert answer.startswith(b"HTTP/1.1 200")
        assert "Acupuntura para la ciática".encode() in answer
    finally:
        server.terminate()
        server.wait(timeout=30)
    shutil.rmtree(venv, ignore_errors=True)
