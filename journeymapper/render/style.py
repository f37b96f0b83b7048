"""Colours and type sizes shared by the canvas and the PDF poster, as plain hex and points.

Kept beside the layout so screen and paper agree; neither Qt nor reportlab is imported here.
"""

from __future__ import annotations

from journeymapper.model.analysis import Severity

INK = "#2c3e50"
MUTED_INK = "#7f8c8d"
PAPER = "#ffffff"
BAND_FILL = {
    "header": "#ffffff",
    "phases": "#34495e",
    "steps": "#f4f6f7",
    "emotion": "#fbfcfc",
    "touchpoints": "#f4f6f7",
    "visibility": "#ffffff",
    "lane": "#fafafa",
    "pain_points": "#fbfcfc",
    "ideas": "#fbfcfc",
    "quotes": "#fbfcfc",
    "metrics": "#f4f6f7",
    "initiatives": "#f4f6f7",
    "internal_interaction": "#ffffff",
}
PHASE_FILL = "#34495e"
PHASE_INK = "#ffffff"
STEP_FILL = "#ffffff"
STEP_BORDER = "#95a5a6"
CARD_FILL = "#ffffff"
CURVE = "#8e44ad"
CURVE_POINT = "#8e44ad"
NEUTRAL_LINE = "#bdc3c7"
EXCELLENT_ZONE = "#d5f5e3"  # the 9+ zone of the grade scale
OKAY_BAND = "#fdebd0"  # where grades cluster around 7: indifference
MOMENT_OF_TRUTH = "#f39c12"
MOMENT_UNSERVED = "#c0392b"
VISIBILITY_LINE = "#7f8c8d"
INTERNAL_LINE = "#5d6d7e"
INTERNAL_DASH = (2.0, 3.0)  # dotted: a line inside the house, finer than the visibility line
FLOW = "#7f8c8d"
HANDOVER = "#e67e22"
SELECTION = "#2e86de"
CARD_BORDER = "#d5d8dc"
BAND_RULE = "#e5e8e8"
# The curves after the first (which keeps CURVE), in an order colour-blind readers can tell
# apart (the Okabe-Ito palette, without its yellow, too pale on white paper).
CURVE_PALETTE = ("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#56b4e9", "#e69f00", "#000000")

# New departments take the first of these not yet used by another lane (then round again):
# the same colour-blind-safe Okabe-Ito colours, in an order where neighbours differ most.
DEPARTMENT_PALETTE = ("#0072b2", "#e69f00", "#009e73", "#d55e00", "#56b4e9", "#cc79a7", "#000000")

# The accents of the workshop's cards: a pain point, an idea, a quote.
PAIN_ACCENT = "#d55e00"
IDEA_ACCENT = "#009e73"
QUOTE_ACCENT = "#cc79a7"
QUOTE_FILL = "#fdf6fa"
# A metric on target, off target, or without one; an initiative's status (its word is
# printed beside the colour, so the status reads without telling colours apart).
ON_TARGET = "#1e8449"
OFF_TARGET = "#c0392b"
NO_TARGET = "#7f8c8d"
STATUS_COLOUR = {"green": "#27ae60", "amber": "#f39c12", "red": "#c0392b"}


def next_department_colour(used: list[str]) -> str:
    """The colour for a new department: the first palette colour no lane has yet, or, all
    taken, the one used least (ties to the palette's order)."""
    taken = [colour.lower() for colour in used]
    return min(DEPARTMENT_PALETTE, key=lambda colour: taken.count(colour))


SEVERITY_COLOUR = {
    Severity.INFO: "#3498db",
    Severity.WARNING: "#f39c12",
    Severity.PROBLEM: "#c0392b",
}

# Type sizes in layout units (pixels on screen at 100% zoom, points on the poster), so text
# keeps the same proportion to its box on both. Presentation mode scales the whole view.
TITLE_SIZE = 22
SUBTITLE_SIZE = 11
PHASE_SIZE = 13
STEP_TITLE_SIZE = 12
CARD_TITLE_SIZE = 11
CARD_DETAIL_SIZE = 9
BAND_LABEL_SIZE = 11
CARD_PADDING = 6.0
CARD_RADIUS = 5.0
ACCENT_WIDTH = 5.0
