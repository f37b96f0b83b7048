"""Moved to ``journeymapper.render.style``; this name stays while callers move over."""

from journeymapper.render.style import *  # noqa: F403
