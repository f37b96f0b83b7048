"""The inspector panel: edits every attribute of the selected element through the Editor.

One module per concern: ``fields`` (widgets bound to one value), ``form`` (a column of
fields bound to one element), ``forms``, ``flow`` and ``map_form`` (one form per kind),
``attachments`` (metrics and initiatives) and ``panel`` (the Inspector widget itself).
"""

from journeymapper.ui.inspector.panel import Inspector

__all__ = ["Inspector"]
