"""Moving the selected element one place with the keyboard (Alt + arrow keys).

Left and right move along the journey: a phase or a step one place earlier or later (a step
at the edge of its phase crosses into the neighbouring phase), a touchpoint or a process step
to the previous or next customer step. Up and down move across lanes: a department one lane
up or down, a process step into the lane above or below. Each move is one Editor call, so one
undo step, exactly as if the card had been dragged there.
"""

from __future__ import annotations

from journeymapper.model.elements import ProcessStep, Touchpoint
from journeymapper.ui.editor import Editor


def move_by(editor: Editor, element_id: str, dx: int, dy: int) -> bool:
    """Move ``element_id`` one place left/right (``dx``) or up/down (``dy``); False if it
    cannot go that way."""
    kind = editor.document.kind(element_id)
    if kind in ("phase", "department"):
        return _move_in_list(editor, element_id, dx if kind == "phase" else dy)
    if kind == "step" and dx:
        return _move_step(editor, element_id, dx)
    if kind == "touchpoint" and dx:
        return _shift_touchpoint(editor, element_id, dx)
    if kind == "process_step":
        return _move_process_step(editor, element_id, dx, dy)
    return False


def _move_in_list(editor: Editor, element_id: str, delta: int) -> bool:
    journey = editor.document.map
    kind = editor.document.kind(element_id)
    count = len(journey.phases if kind == "phase" else journey.departments)
    index = editor.document.placement(element_id).index + delta
    if not delta or not 0 <= index < count:
        return False  # an edge: no empty undo step for a move that goes nowhere
    return editor.move(element_id, None, index)


def _move_step(editor: Editor, step_id: str, delta: int) -> bool:
    document = editor.document
    placement = document.placement(step_id)
    phases = document.map.phases
    phase_index = [p.id for p in phases].index(placement.parent or "")
    index = placement.index + delta
    if 0 <= index < len(phases[phase_index].steps):
        return editor.move(step_id, placement.parent, index)
    neighbour = phase_index + delta
    if not 0 <= neighbour < len(phases):
        return False
    # Crossing into the phase before lands at its end, into the phase after at its start.
    target = phases[neighbour]
    return editor.move(step_id, target.id, len(target.steps) if delta < 0 else 0)


def _shifted(editor: Editor, step_ids: list[str], delta: int) -> list[str] | None:
    """The customer steps ``delta`` columns further along, or None past either end."""
    order = [step.id for step in editor.document.map.steps()]
    positions = [order.index(s) + delta for s in step_ids if s in order]
    if not positions or min(positions) < 0 or max(positions) >= len(order):
        return None
    return [order[p] for p in positions]


def _shift_touchpoint(editor: Editor, touchpoint_id: str, delta: int) -> bool:
    touchpoint = editor.document.get(touchpoint_id)
    if not isinstance(touchpoint, Touchpoint):
        return False
    steps = _shifted(editor, touchpoint.steps, delta)
    return steps is not None and editor.set_field(touchpoint_id, "steps", steps, "Move touchpoint")


def _move_process_step(editor: Editor, step_id: str, dx: int, dy: int) -> bool:
    step = editor.document.get(step_id)
    if not isinstance(step, ProcessStep):
        return False
    department, serves = step.department, step.serves
    if dx:
        shifted = _shifted(editor, step.serves, dx)
        if shifted is None:
            return False
        serves = shifted
    if dy:
        lanes = [d.id for d in editor.document.map.departments]
        lane = lanes.index(step.department) + dy
        if not 0 <= lane < len(lanes):
            return False
        department = lanes[lane]
    return editor.move_process_step(step_id, department, serves)
