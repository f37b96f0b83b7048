"""The journey map itself: data, file format, storage, analysis. Pure Python, no Qt.

Nothing in this package may import PySide6, reportlab or openpyxl; a test enforces it, so the
command line, the analysis and the exporters run without a display.
"""

from journeymapper.model.document import Document
from journeymapper.model.elements import JourneyMap
from journeymapper.model.errors import (
    ConflictError,
    IntegrityError,
    JourneyMapError,
    MapFileError,
    SaveError,
)
from journeymapper.model.fileformat import CURRENT_VERSION, new_map, parse, serialize
from journeymapper.model.storage import load, save

__all__ = [
    "CURRENT_VERSION",
    "ConflictError",
    "Document",
    "IntegrityError",
    "JourneyMap",
    "JourneyMapError",
    "MapFileError",
    "SaveError",
    "load",
    "new_map",
    "parse",
    "save",
    "serialize",
]
