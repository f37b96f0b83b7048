"""Opening a map in a process of its own: open to paint as a user waits for it, and memory.

``bench/open_responsiveness.py --file MAP`` runs as a fresh process (Python, Qt and the app
start up in it, as when a map is opened from the file manager) and reports back:

- ``open_to_paint_s_10x``: from ``open_map`` to the canvas's first paint, in the app;
- ``open_to_paint_process_s_10x``: from starting the process to that paint;
- ``open_longest_stall_ms_10x``: the longest the window stood still meanwhile;
- ``peak_memory_mb_10x``: the process's peak resident size once the map is painted.

Measured on the largest size of the run (10x; 3x with ``--quick``), once per run: one open of
a 10x map takes seconds.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bench.run import Bench, Figures

SCRIPT = Path(__file__).resolve().parent / "open_responsiveness.py"
TIMEOUT_S = 900


def measure_process(bench: Bench) -> Figures:
    path = bench.file_at(bench.top_factor)
    spawned_at = time.monotonic()
    result = subprocess.run(  # noqa: S603  # this interpreter, our own script and file
        [sys.executable, str(SCRIPT), "--file", str(path), "--spawned-at", repr(spawned_at)],
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"opening {path.name} in its own process failed:\n{result.stderr}")
    child = json.loads(result.stdout.strip().splitlines()[-1])
    return {
        "open_to_paint_s_10x": child["open_to_paint_s"],
        "open_to_paint_process_s_10x": child["process_to_paint_s"],
        "open_longest_stall_ms_10x": child["open_longest_stall_ms"],
        "peak_memory_mb_10x": child["peak_memory_mb"],
    }
