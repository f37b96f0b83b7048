"""The benchmark harness: synthetic maps are valid, exact in size and seeded; run.py reports."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest

from bench.edits import EDIT_KINDS
from bench.run import HEADLINE
from bench.synthetic import LARGE_SIZES, large_map, scaled_sizes, synthetic_map
from journeymapper.model import parse, serialize
from journeymapper.model.analysis import FindingKind, analyze, end_to_end_lead_time
from journeymapper.model.elements import JourneyMap

ROOT = Path(__file__).resolve().parent.parent

Sizes = tuple[int, int, int, int, int, int]  # phases, steps, touchpoints, departments, ...

SIZES: list[Sizes] = [
    (1, 1, 0, 1, 0, 0),
    (2, 5, 7, 2, 6, 8),
    (3, 24, 60, 5, 40, 60),
    (4, 3, 10, 3, 5, 10),  # more phases than steps; every forward pair of 5 steps is a flow
]


def counts(journey: JourneyMap) -> tuple[int, ...]:
    return (
        len(journey.phases),
        len(journey.steps()),
        len(journey.touchpoints),
        len(journey.departments),
        len(journey.process_steps),
        len(journey.flows),
    )


@pytest.mark.parametrize("sizes", SIZES)
def test_exact_counts_and_a_lossless_round_trip(sizes: Sizes) -> None:
    journey = synthetic_map(*sizes, seed=7)
    assert counts(journey) == sizes
    assert parse(serialize(journey)) == journey  # parse also checks ids and references


def test_same_seed_same_map_other_seed_other_map() -> None:
    sizes = SIZES[2]
    assert serialize(synthetic_map(*sizes, seed=1)) == serialize(synthetic_map(*sizes, seed=1))
    assert synthetic_map(*sizes, seed=1) != synthetic_map(*sizes, seed=2)


def test_flows_are_distinct_forward_and_loops_are_opt_in() -> None:
    journey = synthetic_map(*SIZES[2])
    pairs = [(f.source, f.target) for f in journey.flows]
    assert len(set(pairs)) == len(pairs)
    assert all(source != target for source, target in pairs)
    assert nx.is_directed_acyclic_graph(nx.DiGraph(pairs))
    looped = synthetic_map(*SIZES[2], loops=2)
    looped_graph: nx.DiGraph[str] = nx.DiGraph([(f.source, f.target) for f in looped.flows])
    assert not nx.is_directed_acyclic_graph(looped_graph)
    assert len(looped.flows) == len(journey.flows)
    with pytest.raises(ValueError, match="forward flows"):
        synthetic_map(1, 1, 0, 1, 3, 4)


def test_large_map_has_the_shape_the_rules_look_for() -> None:
    journey = large_map()
    assert counts(journey) == tuple(LARGE_SIZES.values())
    curve = journey.curves[0]
    assert len(curve.points) == 240
    assert max(curve.points.values()) >= 3 and min(curve.points.values()) <= -3
    assert all(-5 <= v <= 5 for v in curve.points.values())
    assert journey.promised_lead_time is not None
    assert end_to_end_lead_time(journey) is not None  # acyclic: the longest chain is computed
    found = {finding.kind for finding in analyze(journey)}
    assert found >= {  # every rule there was when the generator was written has work to do
        FindingKind.MOMENT_OF_TRUTH_WITHOUT_TOUCHPOINT,
        FindingKind.EMOTION_DIP_WITHOUT_TOUCHPOINT,
        FindingKind.HANDOVER_GAP,
        FindingKind.UNINFORMED_HANDOVER,
        FindingKind.BROKEN_CHAIN,
        FindingKind.LEAD_TIME_EXCEEDS_PROMISE,
        FindingKind.TOUCHPOINT_WITHOUT_OWNER,
    }
    process = {p.id: p for p in journey.process_steps}
    crossing = [
        f for f in journey.flows if process[f.source].department != process[f.target].department
    ]
    assert len(journey.flows) / 3 < len(crossing) < len(journey.flows)
    assert any(f.agreement is None for f in crossing) and any(f.agreement for f in crossing)
    assert any(f.measured_wait for f in crossing) and journey.metrics and journey.initiatives


def test_ten_times_scales_everything_but_departments() -> None:
    assert scaled_sizes(10) == {
        "phases": 120,
        "steps": 2400,
        "touchpoints": 6000,
        "departments": 20,
        "process_steps": 4000,
        "flows": 6000,
    }


# The keys of earlier rounds, in the order they have always come in.
EARLIER_KEYS = [
    "load_ratio_vs_json_large",
    "analysis_ms_large",
    "analysis_ms_10x",
    "load_ms_large",
    "json_loads_ms_large",
    "file_bytes_large",
    "analysis_growth_10x",
    "findings_large",
    "findings_10x",
    "linear_reference_growth_10x",
    "layout_ms_large",
    "layout_without_arrows_ms_large",
    "routing_ratio_large",
    "layout_remembered_ms_large",
    "faces_ms_large",
    "routing_and_faces_ratio_large",
    "edit_ms_median_large",
    "edit_ms_max_large",
    "open_to_paint_s_large",
    "open_to_paint_baseline_s",
    "open_to_paint_ratio_vs_baseline",
    "poster_pdf_s_large",
    "poster_pdf_baseline_s",
    "poster_pdf_ratio_vs_baseline",
    "xlsx_s_large",
    "xlsx_baseline_s",
    "xlsx_ratio_vs_baseline",
    "xlsx_cells_large",
]
# Issue 10: what a user feels, on the largest map of the run.
FELT_KEYS = [
    "load_ratio_vs_pydantic_large",
    "edit_ms_p95_large",
    "edit_ms_median_10x",
    "edit_ms_p95_10x",
    "edit_ms_worst_10x",
    "delete_department_ms_10x",
    "undo_delete_department_ms_10x",
    "findings_blocking_ms_10x",
    "autosave_blocking_ms_10x",
    "save_blocking_ms_10x",
    "open_to_paint_s_10x",
    "open_to_paint_process_s_10x",
    "peak_memory_mb_10x",
    "fit_view_frame_ms_10x",
    "report_s_10x",
    "report_blocking_ms_10x",
    "xlsx_export_s_10x",
    "xlsx_export_blocking_ms_10x",
    "xlsx_import_s_10x",
    "xlsx_import_blocking_ms_10x",
    "emotion_drag_ms_per_move_10x",
]


def test_run_script_prints_every_figure_as_json() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), "--json", "--repeat", "1", "--quick"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout)
    assert list(figures)[: len(HEADLINE)] == list(HEADLINE)
    assert [key for key in figures if key in EARLIER_KEYS] == EARLIER_KEYS
    per_kind = [
        f"edit_{name}_ms_{stat}_{size}"
        for kind in EDIT_KINDS
        for name in (kind, f"undo_{kind}")
        for stat in ("median", "p95", "worst")
        for size in ("1x", "3x")  # --quick: 1x and 3x of the small map
    ]
    missing = set(EARLIER_KEYS + FELT_KEYS + per_kind) - set(figures)
    assert not missing
    assert figures["top_factor"] == 3  # the _10x keys of a quick run come from its 3x map
    assert all(isinstance(value, int | float) and value > 0 for value in figures.values())
    for kind in EDIT_KINDS:
        for name in (kind, f"undo_{kind}"):
            for size in ("1x", "3x"):
                median, high, worst = (
                    figures[f"edit_{name}_ms_{stat}_{size}"] for stat in ("median", "p95", "worst")
                )
                assert median <= high <= worst
    assert figures["edit_ms_median_10x"] <= figures["edit_ms_p95_10x"]
    assert figures["edit_ms_p95_10x"] <= figures["edit_ms_worst_10x"]
    assert figures["edit_ms_median_large"] <= figures["edit_ms_p95_large"]
    assert figures["edit_ms_p95_large"] <= figures["edit_ms_max_large"]
    # A whole process cannot open the map faster than the window inside it does.
    assert figures["open_to_paint_process_s_10x"] > figures["open_to_paint_s_10x"]
