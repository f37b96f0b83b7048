"""The faces of the workshop's cards: pain points, ideas, quotes, metrics and initiatives.

Each card is a white card with a coloured strip at its left, like the other cards, so the
bands read as one picture. Its text wraps in the card, shrinks down to its floor and then
ends in an ellipsis (each painter fits it with its own font); the whole text is always in
the card's tooltip and in the report.

A metric shows its value against its target and its trend; the strip is green on target
and red off it (whether higher is better decides which side is off), grey without a target.
An initiative's strip has its status colour, and the status is written out beside the contact
person, so it reads without telling red from green.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator

from journeymapper.model.elements import (
    CustomerStep,
    Initiative,
    JourneyMap,
    Metric,
)
from journeymapper.render import style
from journeymapper.render.faces import Face, FaceKind, Shape, ShapeFace, TextFace
from journeymapper.render.layout import DETAIL_LINE, BandKind, Layout, Note, Rect, card_rects

NOTE_TEXT_SIZE = style.CARD_DETAIL_SIZE + 1.0
NOTE_FLOOR = 0.8  # then an ellipsis: the whole text is in the tooltip and the report
DETAIL_FLOOR = 0.85

_KIND = {
    BandKind.PAIN_POINTS: FaceKind.PAIN_POINT,
    BandKind.IDEAS: FaceKind.IDEA,
    BandKind.QUOTES: FaceKind.QUOTE,
    BandKind.METRICS: FaceKind.METRIC,
    BandKind.INITIATIVES: FaceKind.INITIATIVE,
}
_ACCENT = {
    BandKind.PAIN_POINTS: style.PAIN_ACCENT,
    BandKind.IDEAS: style.IDEA_ACCENT,
    BandKind.QUOTES: style.QUOTE_ACCENT,
}
_WHAT = {
    BandKind.PAIN_POINTS: "Pain point",
    BandKind.IDEAS: "Idea",
    BandKind.QUOTES: "Quote",
}


def note_faces(journey: JourneyMap, layout: Layout) -> list[Face]:
    """The face of every card of the note bands the layout shows, in the layout's order."""
    steps = {step.id: step for step in journey.steps()}
    metrics = {metric.id: metric for metric in journey.metrics}
    initiatives = {initiative.id: initiative for initiative in journey.initiatives}
    return list(_faces(layout.notes, steps, metrics, initiatives))


def _faces(
    notes: list[Note],
    steps: dict[str, CustomerStep],
    metrics: dict[str, Metric],
    initiatives: dict[str, Initiative],
) -> Iterator[Face]:
    for note in notes:
        if note.kind is BandKind.METRICS and note.owner in metrics:
            yield metric_face(metrics[note.owner], note.rect)
        elif note.kind is BandKind.INITIATIVES and note.owner in initiatives:
            yield initiative_face(initiatives[note.owner], note.rect)
        elif note.owner in steps:
            face = step_note_face(note, steps[note.owner])
            if face is not None:
                yield face


def step_note_face(note: Note, step: CustomerStep) -> Face | None:
    """A pain point, idea or quote of ``step``; None when the step no longer has it."""
    if note.kind is BandKind.QUOTES:
        text = f"“{step.quote.strip()}”"
    else:
        texts = step.pain_points if note.kind is BandKind.PAIN_POINTS else step.ideas
        if note.number >= len(texts):
            return None
        text = texts[note.number].strip()
    return _text_note_face(note.kind, step.id, step.title, text, note.rect)


# Remembered by content: a relayout after an edit elsewhere meets the same notes again, and
# the large map has a few hundred of them.
@functools.lru_cache(maxsize=4096)
def _text_note_face(kind: BandKind, step_id: str, step_title: str, text: str, rect: Rect) -> Face:
    quote = kind is BandKind.QUOTES
    shapes = _card(rect, _ACCENT[kind], style.QUOTE_FILL if quote else style.CARD_FILL)
    _, box, _ = card_rects(rect, False)
    where = f"{_WHAT[kind].lower()} of step '{step_title}'"
    body = TextFace(text, box, NOTE_TEXT_SIZE, italic=quote, floor=NOTE_FLOOR, where=where)
    tooltip = f"{_WHAT[kind]} at '{step_title}':\n{text}"
    return Face(_KIND[kind], step_id, rect, shapes, (body,), tooltip)


def metric_text(metric: Metric) -> str:
    """A metric's value against its target and its trend: ``88 % (target 90 %) ▼ 10%``."""
    unit = f" {metric.unit}" if metric.unit else ""
    parts = []
    if metric.value is not None:
        parts.append(f"{metric.value:g}{unit}")
    if metric.target is not None:
        parts.append(f"(target {metric.target:g}{unit})")
    if metric.trend_percent is not None and metric.trend_percent != 0:
        arrow = "▲" if metric.trend_percent > 0 else "▼"
        parts.append(f"{arrow} {abs(metric.trend_percent):g}%")
    return " ".join(parts) or "no value yet"


def off_target(metric: Metric) -> bool | None:
    """Whether the metric misses its target; None without a value or a target."""
    if metric.value is None or metric.target is None:
        return None
    if metric.higher_is_better:
        return metric.value < metric.target
    return metric.value > metric.target


def metric_lines(metric: Metric) -> tuple[str, ...]:
    """A metric's card detail: its value and trend, and its target on a line of its own, so
    neither key figure is cut short on a narrow card: ``88 % ▲ 2.5%``, ``target 90 %``."""
    unit = f" {metric.unit}" if metric.unit else ""
    first = []
    if metric.value is not None:
        first.append(f"{metric.value:g}{unit}")
    if metric.trend_percent is not None and metric.trend_percent != 0:
        arrow = "▲" if metric.trend_percent > 0 else "▼"
        first.append(f"{arrow} {abs(metric.trend_percent):g}%")
    target = f"target {metric.target:g}{unit}" if metric.target is not None else ""
    return tuple(line for line in (" ".join(first), target) if line) or ("no value yet",)


def metric_face(metric: Metric, rect: Rect) -> Face:
    missed = off_target(metric)
    accent = style.NO_TARGET if missed is None else style.OFF_TARGET if missed else style.ON_TARGET
    detail = metric_text(metric)
    where = f"metric '{metric.name}'"
    ink = style.OFF_TARGET if missed else None
    texts = _title_and_detail(rect, metric.name, metric_lines(metric), ink, where)
    state = {None: "", True: " (off target)", False: " (on target)"}[missed]
    tooltip = "\n".join(part for part in (metric.name, detail + state, metric.note) if part)
    return Face(FaceKind.METRIC, metric.id, rect, _card(rect, accent), texts, tooltip)


def initiative_face(initiative: Initiative, rect: Rect) -> Face:
    status = initiative.status.value
    detail = " · ".join(part for part in (status, initiative.contact) if part)
    where = f"initiative '{initiative.title}'"
    texts = _title_and_detail(rect, initiative.title, (detail,), None, where)
    tooltip = "\n".join(part for part in (initiative.title, detail, initiative.note) if part)
    shapes = _card(rect, style.STATUS_COLOUR[status])
    return Face(FaceKind.INITIATIVE, initiative.id, rect, shapes, texts, tooltip)


def _title_and_detail(
    rect: Rect, title: str, detail: tuple[str, ...], detail_ink: str | None, where: str
) -> tuple[TextFace, ...]:
    """The card's title above its detail lines, one line each, at the card's foot."""
    _, title_box, detail_box = card_rects(rect, True)
    detail_box = detail_box or title_box  # card_rects gives a detail box when asked for one
    # Each detail line above the last takes a line's room from the title.
    above = (len(detail) - 1) * DETAIL_LINE
    title_box = Rect(title_box.x, title_box.y, title_box.width, title_box.height - above)
    lines = tuple(
        TextFace(
            line,
            Rect(
                detail_box.x, detail_box.y - above + n * DETAIL_LINE, detail_box.width, DETAIL_LINE
            ),
            style.CARD_DETAIL_SIZE,
            ink=detail_ink or style.MUTED_INK,
            bold=detail_ink is not None,
            max_lines=1,
            floor=DETAIL_FLOOR,
            detail=True,  # the report's dashboard has it in full, and the tooltip
            where=where,
        )
        for n, line in enumerate(detail)
    )
    # A metric's name or an initiative's title is a note's text, not a card title: it may
    # shrink to the poster's detail floor before it ends in an ellipsis.
    heading = TextFace(title, title_box, NOTE_TEXT_SIZE, bold=True, floor=NOTE_FLOOR, where=where)
    return (heading, *lines)


def _card(rect: Rect, accent: str, fill: str = style.CARD_FILL) -> tuple[ShapeFace, ...]:
    return (
        ShapeFace(
            Shape.ROUND_RECT, rect, fill=fill, stroke=style.CARD_BORDER, radius=style.CARD_RADIUS
        ),
        ShapeFace(
            Shape.ACCENT, rect, fill=accent, width=style.ACCENT_WIDTH, radius=style.CARD_RADIUS
        ),
    )
