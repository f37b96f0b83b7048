"""The README's example map, built from an empty start page with the keyboard alone.

Every key is pressed on the real window as a facilitator would press it (issue 8's "done
when"): Ctrl+N, Enter to add, typing titles with @channel and #owner, digits for emotions,
Tab and the arrows to reach empty bands and lanes, L to join process steps, Escape and F6
for the map's title, Ctrl+S to save. Then the saved file is read back.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from journeymapper.model import load
from journeymapper.model.elements import JourneyMap
from journeymapper.ui.main_window import MainWindow
from tests.ui.helpers import open_window, view_of
from tests.ui.user import CTRL_SHIFT, Mod, type_title

Key = Qt.Key


def press(window: MainWindow, *keys: Key | tuple[Key, Mod]) -> None:
    """Press keys on whatever has the keyboard focus, as a user types."""
    for pressed in keys:
        code, modifiers = pressed if isinstance(pressed, tuple) else (pressed, Mod.NoModifier)
        target = QApplication.focusWidget() or window
        QTest.keyClick(target, code, modifiers)


def typed(window: MainWindow, text: str) -> None:
    """Type characters on the canvas (emotion digits)."""
    QTest.keyClicks(view_of(window), text)


def build_the_example(qtbot: QtBot, window: MainWindow) -> None:
    handle = window.windowHandle()
    assert handle is not None
    with qtbot.waitActive(window):
        handle.requestActivate()
    press(window, (Key.Key_N, Mod.ControlModifier))  # New map, from the start page

    # Phases: Enter adds the first, Enter on it the next.
    press(window, Key.Key_Return)
    type_title(window, "Order")
    press(window, Key.Key_Return)
    type_title(window, "Delivery")

    # Steps with emotions: from the phase, Tab to its empty steps band, Enter.
    press(window, Key.Key_Left, Key.Key_Tab, Key.Key_Return)
    type_title(window, "Choose a gift")
    typed(window, "3")
    press(window, Key.Key_Return)
    type_title(window, "Pay")
    typed(window, "1")
    press(window, Key.Key_Right, Key.Key_Return)  # along to Delivery's empty steps band
    type_title(window, "Wait for the parcel")
    typed(window, "-2")
    press(window, Key.Key_Return)
    type_title(window, "Receive the parcel")
    typed(window, "4")

    # Departments: Ctrl+Shift+D adds the first lane, Enter on a lane the next.
    press(window, (Key.Key_D, CTRL_SHIFT))
    type_title(window, "Webshop")
    press(window, Key.Key_Return)
    type_title(window, "Warehouse")
    press(window, Key.Key_Return)
    type_title(window, "Courier")

    # Touchpoints with channel and owner typed along: from the map, Home is the first step.
    press(window, Key.Key_Escape, Key.Key_Home, Key.Key_Right)  # "Pay"
    press(window, Key.Key_Tab, Key.Key_Return)  # the empty touchpoint band's slot
    type_title(window, "Order confirmation @E-mail #web")
    press(window, Key.Key_Up, Key.Key_Right, (Key.Key_T, CTRL_SHIFT))
    type_title(window, "Track and trace @SMS #cour")
    press(window, Key.Key_Up, Key.Key_Right, (Key.Key_T, CTRL_SHIFT))
    type_title(window, "Parcel at the door @Doorstep #cour")

    # Process steps in the empty lanes: Down into a lane, across to the column, Enter.
    press(window, Key.Key_Left, Key.Key_Left, Key.Key_Down, Key.Key_Return)  # under "Pay"
    type_title(window, "Take the order")
    press(window, Key.Key_Down, Key.Key_Right, Key.Key_Return)  # Warehouse, next column
    type_title(window, "Pick and pack")

    # Flows: L on the source, the arrows to the target, Enter.
    press(window, Key.Key_Left, Key.Key_L, Key.Key_Right, Key.Key_Return)
    press(window, Key.Key_Down, Key.Key_Right, Key.Key_Return)  # Courier, last column
    type_title(window, "Deliver")
    press(window, Key.Key_Left, Key.Key_L, Key.Key_Right, Key.Key_Return)

    # The map's title: Escape selects the map, F6 goes to its first field.
    press(window, Key.Key_Escape, Key.Key_F6)
    title = QApplication.focusWidget()
    assert isinstance(title, QLineEdit)
    press(window, (Key.Key_A, Mod.ControlModifier))
    QTest.keyClicks(title, "Webshop order")
    press(window, Key.Key_Return, Key.Key_F6)

    press(window, (Key.Key_S, Mod.ControlModifier))


def names(journey: JourneyMap) -> dict[str, str]:
    """Element id to title or name, to read references back as words."""
    table = {c.id: c.name for c in journey.channels}
    table |= {d.id: d.name for d in journey.departments}
    table |= {p.id: p.title for p in journey.process_steps}
    table |= {s.id: s.title for s in journey.steps()}
    return table


def test_the_readme_example_is_built_with_the_keyboard_alone(qtbot: QtBot, tmp_path: Path) -> None:
    window, prompts = open_window(qtbot)
    prompts.save_to = tmp_path / "webshop-order.cjm"
    build_the_example(qtbot, window)

    assert prompts.save_to.exists(), "Ctrl+S did not save"
    journey = load(prompts.save_to).journey
    name = names(journey)
    assert journey.title == "Webshop order"
    assert [(p.title, [s.title for s in p.steps]) for p in journey.phases] == [
        ("Order", ["Choose a gift", "Pay"]),
        ("Delivery", ["Wait for the parcel", "Receive the parcel"]),
    ]
    curve = journey.default_curve()
    assert curve is not None
    assert {name[s]: v for s, v in curve.points.items()} == {
        "Choose a gift": 3,
        "Pay": 1,
        "Wait for the parcel": -2,
        "Receive the parcel": 4,
    }
    assert [d.name for d in journey.departments] == ["Webshop", "Warehouse", "Courier"]
    assert [c.name for c in journey.channels] == ["E-mail", "SMS", "Doorstep"]
    assert [
        (t.title, [name[s] for s in t.steps], name[t.channel or ""], name[t.owner or ""])
        for t in journey.touchpoints
    ] == [
        ("Order confirmation", ["Pay"], "E-mail", "Webshop"),
        ("Track and trace", ["Wait for the parcel"], "SMS", "Courier"),
        ("Parcel at the door", ["Receive the parcel"], "Doorstep", "Courier"),
    ]
    assert [
        (p.title, name[p.department], [name[s] for s in p.serves]) for p in journey.process_steps
    ] == [
        ("Take the order", "Webshop", ["Pay"]),
        ("Pick and pack", "Warehouse", ["Wait for the parcel"]),
        ("Deliver", "Courier", ["Receive the parcel"]),
    ]
    assert [(name[f.source], name[f.target]) for f in journey.flows] == [
        ("Take the order", "Pick and pack"),
        ("Pick and pack", "Deliver"),
    ]
    assert not window.isWindowModified()
