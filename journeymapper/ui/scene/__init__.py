"""The canvas: a QGraphicsScene drawing the shared layout of a journey map."""

from journeymapper.ui.scene.journey_scene import JourneyScene

__all__ = ["JourneyScene"]
