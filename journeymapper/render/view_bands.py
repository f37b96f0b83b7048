"""The bands a user may show or hide (View > Bands), and the view options that say so.

The structure the map is edited on always shows: phases, customer steps, the emotion curve,
touchpoints, the line of visibility and the departments' lanes (keys, drags and presentation
mode walk them). What the workshop adds on top of it is optional: pain points, ideas,
quotes, metrics, initiatives and the line of internal interaction. Each shows when it has
content unless the user hid it, or always once the user turned it on.
"""

from __future__ import annotations

from journeymapper.model.elements import ViewOptions
from journeymapper.render.layout import BandKind, Layout

# In the order the menu lists them, with the menu's words.
OPTIONAL_BANDS: tuple[tuple[BandKind, str], ...] = (
    (BandKind.PAIN_POINTS, "Pain points"),
    (BandKind.IDEAS, "Ideas and opportunities"),
    (BandKind.QUOTES, "Customer quotes"),
    (BandKind.METRICS, "Metrics"),
    (BandKind.INITIATIVES, "Initiatives"),
    (BandKind.INTERNAL, "Line of internal interaction"),
)


def bands_shown(layout: Layout) -> set[BandKind]:
    """The kinds of band ``layout`` draws."""
    return {band.kind for band in layout.bands}


def with_band(view: ViewOptions, kind: BandKind, shown: bool) -> ViewOptions:
    """``view`` with ``kind`` turned on (even while empty) or off (even with content); the
    user's other choices, including names of bands this version does not know, stay."""
    name = kind.value
    keep_shown = [other for other in view.shown if other != name]
    keep_hidden = [other for other in view.hidden if other != name]
    if shown:
        keep_shown.append(name)
    else:
        keep_hidden.append(name)
    return view.model_copy(update={"shown": keep_shown, "hidden": keep_hidden})


# A hidden curve is named in the view's ``hidden`` list as "curve:<its id>", beside the bands:
# both are choices of what the map shows, saved with it, read alike by canvas and paper, and
# an older version keeps the entry as a band name it does not know.
CURVE_PREFIX = "curve:"


def curve_shown(view: ViewOptions, curve_id: str) -> bool:
    """Whether the curve ``curve_id`` is drawn (every curve is, unless the user hid it)."""
    return CURVE_PREFIX + curve_id not in view.hidden


def with_curve(view: ViewOptions, curve_id: str, shown: bool) -> ViewOptions:
    """``view`` with the curve ``curve_id`` shown or hidden; every other choice stays."""
    name = CURVE_PREFIX + curve_id
    hidden = [other for other in view.hidden if other != name]
    if not shown:
        hidden.append(name)
    return view.model_copy(update={"hidden": hidden})
