"""Hostile files given to the real window: a pipe, a device, a damaged workbook, a title that
looks like a path. Each ends in one clear message (or a safe suggestion), never a hang or an
exception in a slot (pytest-qt fails the test on any)."""

from __future__ import annotations

import os
import resource
import signal
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType

from pytestqt.qtbot import QtBot

from journeymapper.export.workbook import write_workbook
from journeymapper.model import load, new_map
from journeymapper.ui.main_window import MainWindow
from tests.conftest import SAMPLE_MAPS
from tests.test_hostile_inputs import patched_headers
from tests.ui.helpers import ScriptedPrompts, open_window


@dataclass
class RecordingPrompts(ScriptedPrompts):
    """Also answers Import from Excel, and remembers the names Save As suggested."""

    workbook: Path | None = None
    suggestions: list[str] = field(default_factory=list)

    def open_workbook_path(self, folder: str = "") -> Path | None:
        return self.workbook

    def save_path(self, suggestion: str = "") -> Path | None:
        self.suggestions.append(suggestion)
        return self.save_to


@contextmanager
def hang_guard(seconds: int = 20) -> Iterator[None]:
    """Turns a hang (an open() that waits for a pipe's writer) into a failure, not a stuck
    test run: the alarm interrupts the blocked call with an exception."""

    def hung(_signal: int, _frame: FrameType | None) -> None:
        raise TimeoutError(f"still blocked after {seconds} s")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@contextmanager
def memory_guard(headroom: int = 1 << 30) -> Iterator[None]:
    """Turns reading an endless device into a MemoryError in this process instead of the
    machine running out of memory: the address space may grow by ``headroom`` at most."""
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    with Path("/proc/self/status").open() as status:
        size = next(int(line.split()[1]) * 1024 for line in status if line.startswith("VmSize"))
    resource.setrlimit(resource.RLIMIT_AS, (size + headroom, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def window_with_prompts(qtbot: QtBot) -> tuple[MainWindow, RecordingPrompts]:
    window, _ = open_window(qtbot)
    prompts = RecordingPrompts()
    window.prompts = prompts  # type: ignore[assignment]
    return window, prompts


def test_opening_a_pipe_as_a_map_says_so_and_keeps_the_start_page(
    qtbot: QtBot, tmp_path: Path
) -> None:
    window, prompts = window_with_prompts(qtbot)
    pipe = tmp_path / "shared.cjm"
    os.mkfifo(pipe)
    prompts.open_from = pipe
    with hang_guard():
        window.actions_by_name["open"].trigger()
    assert prompts.errors == [f"{pipe}: this is a named pipe (FIFO), not a map file"]
    assert window.session is None


def test_opening_a_link_to_dev_zero_as_a_map_says_so(qtbot: QtBot, tmp_path: Path) -> None:
    window, prompts = window_with_prompts(qtbot)
    link = tmp_path / "zero.cjm"
    link.symlink_to("/dev/zero")
    prompts.open_from = link
    with memory_guard():
        window.actions_by_name["open"].trigger()
    assert prompts.errors == [f"{link}: this is a device, not a map file"]


def test_importing_a_pipe_or_a_device_as_a_workbook_says_so(qtbot: QtBot, tmp_path: Path) -> None:
    window, prompts = window_with_prompts(qtbot)
    pipe = tmp_path / "edited.xlsx"
    os.mkfifo(pipe)
    link = tmp_path / "zero.xlsx"
    link.symlink_to("/dev/zero")
    for path in (pipe, link):
        prompts.workbook = path
        with hang_guard(), memory_guard():
            window.actions_by_name["import_xlsx"].trigger()
    assert prompts.errors == [
        "edited.xlsx: this is a named pipe (FIFO), not a workbook file",
        "zero.xlsx: this is a device, not a workbook file",
    ]
    assert window.session is None


def test_an_encrypted_or_deflate64_workbook_shows_one_message(qtbot: QtBot, tmp_path: Path) -> None:
    """Python's zip reader raises RuntimeError and NotImplementedError on these; before the
    fix the slot let them out and the user saw nothing."""
    window, prompts = window_with_prompts(qtbot)
    good = tmp_path / "good.xlsx"
    write_workbook(load(SAMPLE_MAPS / "webshop_order.cjm").journey, good)
    with zipfile.ZipFile(good) as archive:
        first = archive.namelist()[0]
    encrypted = tmp_path / "locked.xlsx"
    encrypted.write_bytes(patched_headers(good.read_bytes(), first, flags=1))
    packed = tmp_path / "packed.xlsx"
    packed.write_bytes(patched_headers(good.read_bytes(), first, method=9))
    for path in (encrypted, packed):
        prompts.workbook = path
        window.actions_by_name["import_xlsx"].trigger()
    assert prompts.errors == [
        f"locked.xlsx: {first!r} in the workbook is encrypted; refused",
        f"packed.xlsx: {first!r} in the workbook is packed with zip method 9, which Excel "
        "does not write (only stored or deflated); refused",
    ]
    assert window.session is None


def test_save_as_suggests_a_clean_file_name_never_a_path(qtbot: QtBot) -> None:
    window, prompts = window_with_prompts(qtbot)
    window.open_journey(new_map("../../etc/passwd\u202egpj"), "Imported")
    window.actions_by_name["save_as"].trigger()
    assert prompts.suggestions == ["etc-passwd-gpj.cjm"]
    assert window.session is not None and window.session.path is None  # nothing was saved
