"""The poster prints what the workshop said, through the real command line: every pain point,
idea, quote, metric, initiative and curve name when their bands show, none of them when the
map's view hides those bands."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from journeymapper.model import load
from journeymapper.model.elements import JourneyMap
from journeymapper.render.view_bands import OPTIONAL_BANDS
from tests.conftest import SAMPLE_MAPS

SAMPLES = sorted(SAMPLE_MAPS.glob("*.cjm"))


def poster_text(map_path: Path, pdf: Path) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "journeymapper", "export", str(map_path), "--pdf", str(pdf)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return " ".join(text.split())  # lines wrapped inside a card join up again


def workshop_texts(journey: JourneyMap) -> list[str]:
    texts = [t for s in journey.steps() for t in [*s.pain_points, *s.ideas, s.quote]]
    texts += [m.name for m in journey.metrics]
    texts += [i.title for i in journey.initiatives]
    return [" ".join(t.split()) for t in texts if t.strip()]


def other_texts(journey: JourneyMap) -> str:
    """Everything else the poster may print: titles, the scenario, the persona."""
    parts = [journey.title, journey.scenario, journey.description]
    parts += [p.title for p in journey.phases] + [s.title for s in journey.steps()]
    parts += [t.title for t in journey.touchpoints] + [p.title for p in journey.process_steps]
    parts += [f.label for f in journey.flows] + [d.name for d in journey.departments]
    parts += [f"{p.name} {p.profile} {p.quote}" for p in journey.personas]
    return " ".join(" ".join(parts).split())


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_the_poster_prints_the_workshop_bands_only_when_they_show(
    path: Path, tmp_path: Path
) -> None:
    journey = load(path).journey
    shown = poster_text(path, tmp_path / "shown.pdf")
    for text in workshop_texts(journey):
        assert text in shown, text
    for curve in journey.curves:
        assert curve.name in shown, curve.name

    raw = json.loads(path.read_text(encoding="utf-8"))
    raw["view"] = {"hidden": [kind.value for kind, _ in OPTIONAL_BANDS]}
    hidden_map = tmp_path / path.name
    hidden_map.write_text(json.dumps(raw), encoding="utf-8")
    hidden = poster_text(hidden_map, tmp_path / "hidden.pdf")
    elsewhere = other_texts(journey)
    for text in workshop_texts(journey):
        if text not in elsewhere:  # "Relationship NPS" is a metric and a step's title too
            assert text not in hidden, text
    for band in ("Pain points", "Ideas and opportunities", "Customer quotes", "Initiatives"):
        assert band not in hidden


def svg_words(map_path: Path, svg: Path) -> str:
    """The words of the SVG picture of the canvas, as the real command line writes it."""
    done = subprocess.run(
        [sys.executable, "-m", "journeymapper", "export", str(map_path), "--svg", str(svg)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", svg.read_text(encoding="utf-8"))
    return " ".join(" ".join(texts).split())


def test_the_svg_picture_follows_the_maps_view_too(tmp_path: Path) -> None:
    path = SAMPLE_MAPS / "webshop_order.cjm"
    journey = load(path).journey
    pain = next(p for s in journey.steps() for p in s.pain_points)
    first_words = " ".join(pain.split()[:3])  # a card's text is written line by line
    assert first_words in svg_words(path, tmp_path / "shown.svg")
    raw = json.loads(path.read_text(encoding="utf-8"))
    raw["view"] = {"hidden": ["pain_points"]}
    hidden_map = tmp_path / path.name
    hidden_map.write_text(json.dumps(raw), encoding="utf-8")
    words = svg_words(hidden_map, tmp_path / "hidden.svg")
    assert first_words not in words
    assert "Pain points" not in words and "Ideas and opportunities" in words
