"""Moved to ``journeymapper.render.layout``; this name stays while callers move over."""

from journeymapper.render.layout import *  # noqa: F403
