"""Stable element ids: a readable kind prefix and random hex, unique without coordination.

Two colleagues adding steps to copies of the same map get different ids, so their files merge.
"""

from __future__ import annotations

import secrets

PREFIX = {
    "persona": "persona",
    "phase": "phase",
    "step": "step",
    "curve": "curve",
    "channel": "channel",
    "department": "dept",
    "touchpoint": "tp",
    "process_step": "proc",
    "flow": "flow",
    "metric": "metric",
    "initiative": "init",
}


def new_id(kind: str) -> str:
    """A fresh id such as ``step-3f9a1c07`` for an element of ``kind``."""
    return f"{PREFIX.get(kind, kind)}-{secrets.token_hex(4)}"
