"""What the header above the map says: title, scenario and persona.

Canvas and paper place these texts differently (the poster sizes them to the sheet), but the
words are decided here once, so the screen and the wall introduce the journey alike.
"""

from __future__ import annotations

from typing import NamedTuple

from journeymapper.model.elements import JourneyMap


class HeaderTexts(NamedTuple):
    title: str
    story: str  # the scenario, or the description when there is none
    persona: str  # "Persona: name (and 2 more)"; empty without personas
    about: str  # the first persona's profile and quote


def header_texts(journey: JourneyMap) -> HeaderTexts:
    story = journey.scenario or journey.description
    if not journey.personas:
        return HeaderTexts(journey.title, story, "", "")
    persona = journey.personas[0]
    name = f"Persona: {persona.name}" if persona.name else "Persona"
    if len(journey.personas) > 1:
        name += f" (and {len(journey.personas) - 1} more)"
    quote = f"“{persona.quote}”" if persona.quote else ""
    about = " ".join(part for part in (persona.profile, quote) if part)
    return HeaderTexts(journey.title, story, name, about)
