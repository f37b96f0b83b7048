#!/usr/bin/env python3
"""Set up a local virtual environment on first use, then run the app, the tests or the checks.

Needs only Python 3.11+:  ``python3 dev.py run``  and  ``python3 dev.py test``.
The environment lives in ``.venv`` and is refreshed whenever ``pyproject.toml`` changes.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / ".installed-from"
DEFAULT_MAP = ROOT / "sample_maps" / "webshop_order.cjm"

# Shared libraries the PyPI Qt wheels load but a bare Linux machine may lack (Debian names).
QT_SYSTEM_PACKAGES = [
    "libegl1",
    "libgl1",
    "libfontconfig1",
    "libxkbcommon0",
    "libglib2.0-0",
    "libdbus-1-3",
]


def main(argv: list[str]) -> int:
    if sys.version_info < (3, 11):  # noqa: UP036  (this script runs before any venv exists)
        print("journeymapper needs Python 3.11 or newer", file=sys.stderr)
        return 2
    command, rest = (argv[0], argv[1:]) if argv else ("help", [])
    if command not in COMMANDS:
        print(__doc__)
        print("commands: " + ", ".join(COMMANDS))
        return 0 if command == "help" else 2
    ensure_environment()
    return COMMANDS[command](rest)


def ensure_environment() -> None:
    """Create .venv and install the project with its dev extras, once per pyproject version."""
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text().strip() == wanted:
        return
    if not PYTHON.exists():
        print("setting up .venv (first run, takes a minute) ...", flush=True)
        venv.create(VENV, with_pip=True)
    pip = [str(PYTHON), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    subprocess.run([*pip, "--upgrade", "pip"], check=True)
    subprocess.run([*pip, "--editable", f"{ROOT}[dev]"], check=True)
    ensure_qt_libraries()
    STAMP.write_text(wanted)


def ensure_qt_libraries() -> None:
    """Qt's wheels need a few system libraries; install them (Debian, as root) or name them."""
    probe = [str(PYTHON), "-c", "import PySide6.QtWidgets"]
    if subprocess.run(probe, capture_output=True).returncode == 0:
        return
    if sys.platform.startswith("linux") and os.geteuid() == 0 and _has("apt-get"):
        print("installing the system libraries Qt needs ...", flush=True)
        subprocess.run(["apt-get", "update", "-qq"], check=False)
        subprocess.run(["apt-get", "install", "-y", "-qq", *QT_SYSTEM_PACKAGES], check=False)
        if subprocess.run(probe, capture_output=True).returncode == 0:
            return
    print(
        "Qt cannot load: install the system libraries "
        + " ".join(QT_SYSTEM_PACKAGES)
        + " (Debian/Ubuntu names) and run again.",
        file=sys.stderr,
    )


def _has(program: str) -> bool:
    return any((Path(d) / program).exists() for d in os.environ.get("PATH", "").split(os.pathsep))


def run_app(args: list[str]) -> int:
    return _run([str(BIN / "journeymapper"), *(args or [str(DEFAULT_MAP)])])


def run_tests(args: list[str]) -> int:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return _run([str(PYTHON), "-m", "pytest", *args], env=env)


def run_checks(args: list[str]) -> int:
    """Lint (ruff with the bandit rules), format check and strict type check."""
    for step in (
        [str(PYTHON), "-m", "ruff", "check", "."],
        [str(PYTHON), "-m", "ruff", "format", "--check", "."],
        [str(PYTHON), "-m", "mypy"],
    ):
        code = _run(step)
        if code:
            return code
    return 0


def run_bench(args: list[str]) -> int:
    return _run([str(PYTHON), str(ROOT / "bench" / "run.py"), *args])


def _run(command: list[str], env: dict[str, str] | None = None) -> int:
    return subprocess.run(command, cwd=ROOT, env=env).returncode


COMMANDS = {"run": run_app, "test": run_tests, "check": run_checks, "bench": run_bench}

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
