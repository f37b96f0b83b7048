"""The Qt binding must not leak references to None.

PySide6 6.12.0 on Python 3.11 drops a reference to None on every call of a method that returns
nothing (setFlag, setPos, update ...); None's count then reaches zero after a few thousand
canvas updates and the interpreter aborts. pyproject.toml keeps that version out; this test
keeps it out for good. Python 3.12 made None immortal, so there it cannot crash.
"""

from __future__ import annotations

import sys

import pytest
from PySide6.QtWidgets import QGraphicsItem, QGraphicsRectItem
from pytestqt.qtbot import QtBot


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None is immortal from Python 3.12 on")
def test_void_methods_keep_none_alive(qtbot: QtBot) -> None:
    item = QGraphicsRectItem(0, 0, 10, 10)
    before = sys.getrefcount(None)
    for _ in range(2000):
        item.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable, True)
        item.setPos(1, 2)
        item.setToolTip("tip")
    drift = sys.getrefcount(None) - before
    assert abs(drift) < 100, f"the Qt binding leaked {-drift} references to None"
