"""What the map looks like, as plain data: layout, arrow routes and style. No Qt, no reportlab.

The canvas (``ui/scene``) and the paper exports (``export/``) both draw from this package, so a
map looks the same on screen and on the wall. Nothing here may import PySide6, reportlab or
openpyxl; tests/test_architecture.py checks it.
"""
