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
# The xcb ones are what `ldd` lists for Qt 6's X11 platform plugin (libqxcb.so and
# libQt6XcbQpa); importing QtWidgets succeeds without them, only a window fails.
QT_SYSTEM_PACKAGES = [
    "libegl1",
    "libgl1",
    "libfontconfig1",
    "libfreetype6",
    "libxkbcommon0",
    "libglib2.0-0",
    "libdbus-1-3",
    "libx11-6",
    "libx11-xcb1",
    "libxcb1",
    "libxcb-cursor0",
    "libxcb-icccm4",
    "libxcb-image0",
    "libxcb-keysyms1",
    "libxcb-randr0",
    "libxcb-render0",
    "libxcb-render-util0",
    "libxcb-shape0",
    "libxcb-shm0",
    "libxcb-sync1",
    "libxcb-util1",
    "libxcb-xfixes0",
    "libxcb-xkb1",
    "libxkbcommon-x11-0",
]

# Start Qt the way the app will: a QApplication loads the platform plugin (xcb, wayland),
# which is where missing system libraries show; an import alone loads none of them.
QT_PROBE = "import sys\nfrom PySide6.QtWidgets import QApplication\nQApplication(sys.argv[:1])\n"


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


def ensure_qt_libraries() -> bool:
    """Qt's wheels need a few system libraries; install them (Debian, as root) or name them.
    True when Qt starts on the platform the app will use."""
    started, reason = qt_starts()
    if started:
        return True
    no_display = "connect to display" in reason  # no library install helps with that
    if not no_display and sys.platform.startswith("linux") and os.geteuid() == 0:
        if _has("apt-get"):
            print("installing the system libraries Qt needs ...", flush=True)
            subprocess.run(["apt-get", "update", "-qq"], check=False)
            subprocess.run(["apt-get", "install", "-y", "-qq", *QT_SYSTEM_PACKAGES], check=False)
            started, reason = qt_starts()
            if started:
                return True
    hint = (
        "check DISPLAY / WAYLAND_DISPLAY (QT_QPA_PLATFORM=offscreen runs without a screen); "
        if no_display
        else ""
    )
    print(
        f"Qt cannot start ({reason}): {hint}install the system libraries "
        + " ".join(QT_SYSTEM_PACKAGES)
        + " (Debian/Ubuntu names) and run again.",
        file=sys.stderr,
    )
    return False


def qt_platform_env(environ: dict[str, str] | None = None) -> dict[str, str]:
    """The environment the app starts in: the real screen when there is one, else offscreen
    (a machine without a display can still run the tests and the command line)."""
    env = dict(os.environ if environ is None else environ)
    has_screen = env.get("DISPLAY") or env.get("WAYLAND_DISPLAY")
    if not has_screen and sys.platform.startswith("linux"):
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
    return env


def qt_starts(
    python: Path | None = None, environ: dict[str, str] | None = None
) -> tuple[bool, str]:
    """Create a QApplication in a child process (the venv's Python unless ``python``);
    (True, "") or (False, Qt's last words)."""
    python = python or PYTHON
    try:
        result = subprocess.run(
            [str(python), "-c", QT_PROBE],
            env=qt_platform_env(environ),
            capture_output=True,
            text=True,
            timeout=120,
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        return False, str(error)
    if result.returncode == 0:
        return True, ""
    lines = [line.strip() for line in result.stderr.splitlines() if line.strip()]
    reason = next((line for line in lines if "could not" in line.lower()), "")
    return False, reason or (lines[-1] if lines else f"exit code {result.returncode}")


def _has(program: str) -> bool:
    return any((Path(d) / program).exists() for d in os.environ.get("PATH", "").split(os.pathsep))


def run_app(args: list[str]) -> int:
    if not ensure_qt_libraries():  # the display may differ from the one set up with
        return 2
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
