"""The canvas: a QGraphicsScene drawing the shared layout of a journey map."""

from PySide6.QtWidgets import QGraphicsScene
from shiboken6 import Shiboken

from journeymapper.ui.scene.journey_scene import JourneyScene


def scene_alive(scene: QGraphicsScene) -> bool:
    """False once Qt has begun destroying the scene: its destructor clears the selection,
    which still reaches Python slots, and any call on the scene then raises."""
    return bool(Shiboken.isValid(scene))


__all__ = ["JourneyScene", "scene_alive"]
