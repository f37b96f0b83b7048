"""The command line: ``journeymapper [MAP] | check | compare | validate | new | export |
import-xlsx | import-mermaid | layout | merge | diff``.

Bad input of any kind gives one line on stderr saying what is wrong and where, and exit code 2.
``check --strict`` exits 1 when the map has a warning or a problem.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn, TextIO

from journeymapper import __version__
from journeymapper.export.common import ExportReport
from journeymapper.model import JourneyMapError, load, new_map, save
from journeymapper.model.analysis import Analysis, Finding, Severity, run_analysis
from journeymapper.model.compare import Comparison
from journeymapper.model.elements import JourneyMap
from journeymapper.model.errors import quoted
from journeymapper.model.safe_text import one_line, terminal_safe

EXIT_OK, EXIT_FINDINGS, EXIT_BAD_INPUT = 0, 1, 2
EXIT_BROKEN_PIPE = 141  # what a shell reports for a command its pipe's reader left: 128 + SIGPIPE
SUBCOMMANDS = (
    "check",
    "compare",
    "validate",
    "new",
    "export",
    "import-xlsx",
    "import-mermaid",
    "layout",
    "merge",
    "diff",
)
PAPER_SIZES = ("A0", "A1", "A2", "A3", "A4")
CUSTOM_SIZE = re.compile(r"^(\d{2,4}(?:\.\d+)?)x(\d{2,4}(?:\.\d+)?)(?:mm)?$")


class OneLineParser(argparse.ArgumentParser):
    """Reports a bad command line in one line on stderr (and exit code 2), like bad files."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_BAD_INPUT, f"journeymapper: {one_line(message)} (see {self.prog} --help)\n")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code. Everything printed, by us or by argparse,
    goes through ``terminal_safe``: a map's text never reaches the terminal raw."""
    streams = sys.stdout, sys.stderr
    if sys.stdout is not None and sys.stderr is not None:
        sys.stdout, sys.stderr = _TerminalSafe(sys.stdout), _TerminalSafe(sys.stderr)
    try:
        code = _run(argv)
        sys.stdout.flush()  # a reader that went away shows here, not at exit
        return code
    except BrokenPipeError:
        # ``check --json | head -1``: the reader has what it wanted. Python would complain
        # again when it flushes at exit, so what is left goes to the null device.
        _quiet_stdout(streams[0])
        return EXIT_BROKEN_PIPE
    finally:
        sys.stdout, sys.stderr = streams


def _run(argv: Sequence[str] | None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    wants_command = bool(arguments) and arguments[0] in SUBCOMMANDS
    parser = _subcommand_parser() if wants_command else _open_parser()
    options = parser.parse_args(arguments)
    try:
        return int(options.handler(options))
    except JourneyMapError as error:
        # One line per problem: a workbook's several problems are listed one under the other
        # (each line still made safe; a line break inside a quoted value is already escaped).
        lines = [one_line(line) for line in str(error).split("\n")]
        print("journeymapper: " + "\n".join(lines), file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130


class _TerminalSafe:
    """A text stream that escapes what a terminal would act on (see ``terminal_safe``)."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        return self._stream.write(terminal_safe(text))

    def flush(self) -> None:
        self._stream.flush()

    def __getattr__(self, name: str) -> object:  # fileno, encoding, isatty, ...
        return getattr(self._stream, name)


def _quiet_stdout(stdout: TextIO | None) -> None:
    if stdout is None:
        return
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, stdout.fileno())
        os.close(null)
    except (OSError, ValueError):  # no real descriptor (a test's captured stream)
        pass


def _open_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(
        prog="journeymapper",
        description="Map customer journeys. Without a command, opens the map (or a start page).",
        epilog="commands: " + ", ".join(SUBCOMMANDS) + " (see journeymapper COMMAND --help)",
    )
    parser.add_argument("map", nargs="?", type=Path, help="a .cjm map to open")
    parser.add_argument(
        "--screenshot",
        type=Path,
        metavar="OUT.png",
        help="render the map's canvas to a PNG and exit, without showing a window",
    )
    parser.add_argument("--scale", type=float, default=1.0, help="with --screenshot: zoom factor")
    parser.add_argument("--version", action="version", version=f"journeymapper {__version__}")
    parser.set_defaults(handler=_open)
    return parser


def _subcommand_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(prog="journeymapper")
    commands = parser.add_subparsers(dest="command", required=True)

    check = commands.add_parser("check", help="print the findings of a map")
    check.add_argument("map", type=Path)
    check.add_argument("--json", action="store_true", help="print a JSON list of findings")
    check.add_argument(
        "--summary",
        action="store_true",
        help="with --json: print an object with the map summary and the findings",
    )
    check.add_argument(
        "--strict", action="store_true", help="exit 1 if any warning or problem exists"
    )
    check.set_defaults(handler=_check)

    compare = commands.add_parser(
        "compare",
        help="what changed between two maps, or between two curves of one map",
        description="Compare BEFORE.cjm with AFTER.cjm, or two curves (e.g. as-is and to-be) "
        "of one map with --curves.",
    )
    compare.add_argument("maps", type=Path, nargs="+", metavar="MAP", help="BEFORE.cjm [AFTER.cjm]")
    compare.add_argument(
        "--curves", nargs=2, metavar=("AS_IS", "TO_BE"), help="the ids of the curves to compare"
    )
    compare.add_argument("--json", action="store_true", help="print the changes as JSON")
    compare.set_defaults(handler=_compare)

    validate = commands.add_parser("validate", help="check that a file is a valid map")
    validate.add_argument("map", type=Path)
    validate.set_defaults(handler=_validate)

    layout = commands.add_parser("layout", help="print where every card and arrow is drawn")
    layout.add_argument("map", type=Path)
    layout.add_argument(
        "--json", action="store_true", help="print cards, arrows and bands as one JSON object"
    )
    layout.set_defaults(handler=_layout)

    new = commands.add_parser("new", help="create an empty map")
    new.add_argument("out", type=Path)
    new.add_argument("--title", default="Untitled journey")
    new.add_argument("--force", action="store_true", help="overwrite an existing file")
    new.set_defaults(handler=_new)

    _add_export_parser(commands)

    import_xlsx = commands.add_parser(
        "import-xlsx", help="turn an exported (and edited) Excel workbook back into a map"
    )
    import_xlsx.add_argument("workbook", type=Path, metavar="IN.xlsx")
    import_xlsx.add_argument("out", type=Path, metavar="OUT.cjm")
    import_xlsx.add_argument("--force", action="store_true", help="overwrite an existing map")
    import_xlsx.set_defaults(handler=_import_xlsx)

    import_mermaid = commands.add_parser(
        "import-mermaid",
        help="turn a Mermaid journey diagram (.mmd, or a Markdown file holding one) into a map",
    )
    import_mermaid.add_argument("diagram", type=Path, metavar="IN.md|IN.mmd")
    import_mermaid.add_argument("out", type=Path, metavar="OUT.cjm")
    import_mermaid.add_argument("--force", action="store_true", help="overwrite an existing map")
    import_mermaid.set_defaults(handler=_import_mermaid)
    _add_merge_parsers(commands)
    return parser


def _add_merge_parsers(commands: argparse._SubParsersAction[OneLineParser]) -> None:
    merge = commands.add_parser(
        "merge",
        help="merge two people's edits of one map (works as a git merge driver)",
        description="Three-way merge of OURS and THEIRS, both edited from BASE. Exit 0 when "
        "clean, 1 with conflicts (listed; ours kept for each), 2 on bad input.",
    )
    merge.add_argument("base", type=Path, metavar="BASE.cjm")
    merge.add_argument("ours", type=Path, metavar="OURS.cjm")
    merge.add_argument("theirs", type=Path, metavar="THEIRS.cjm")
    merge.add_argument(
        "-o", "--output", type=Path, metavar="OUT.cjm", help="where to write (default: OURS)"
    )
    merge.set_defaults(handler=_merge)
    diff = commands.add_parser(
        "diff",
        help="print what changed between two maps (works as a git diff driver)",
        description="diff A.cjm B.cjm, or the seven arguments git passes a diff driver.",
    )
    diff.add_argument("files", nargs="+", metavar="A.cjm B.cjm")
    diff.set_defaults(handler=_diff)


def _add_export_parser(commands: argparse._SubParsersAction[OneLineParser]) -> None:
    export = commands.add_parser(
        "export",
        help="write posters, reports, workbooks and pictures of a map",
        description="Write one or more exports of MAP; give at least one output.",
    )
    export.add_argument("map", type=Path)
    outputs = export.add_argument_group("outputs")
    outputs.add_argument("--pdf", type=Path, metavar="OUT.pdf", help="the whole map as a poster")
    outputs.add_argument("--report", type=Path, metavar="OUT.pdf", help="an A4 report")
    outputs.add_argument("--xlsx", type=Path, metavar="OUT.xlsx", help="an Excel workbook")
    outputs.add_argument("--png", type=Path, metavar="OUT.png", help="a picture of the canvas")
    outputs.add_argument("--svg", type=Path, metavar="OUT.svg", help="a vector picture")
    outputs.add_argument(
        "--mermaid", type=Path, metavar="OUT.mmd", help="a Mermaid journey diagram for Markdown"
    )
    poster = export.add_argument_group("poster options")
    poster.add_argument(
        "--size",
        type=_paper_size,
        help="A0, A1, A2 (default), A3, A4, or a custom WIDTHxHEIGHT in mm, e.g. 900x600",
    )
    poster.add_argument("--portrait", action="store_true", help="portrait instead of landscape")
    poster.add_argument(
        "--tile",
        type=str.upper,
        choices=("A4", "A3"),
        help="spread the poster over A4 or A3 sheets with overlap and cut marks",
    )
    export.add_argument(
        "--dpi", type=float, default=144.0, help="resolution of the PNG (default 144)"
    )
    compared = export.add_argument_group(
        "comparison (adds a page to --report and a sheet to --xlsx)"
    )
    compared.add_argument(
        "--compare-with",
        type=Path,
        metavar="BEFORE.cjm",
        help="what changed from BEFORE.cjm (e.g. last quarter's map) to MAP",
    )
    compared.add_argument(
        "--compare-curves",
        nargs=2,
        metavar=("AS_IS", "TO_BE"),
        help="what changes from one curve of MAP to another (ids); with --compare-with, "
        "AS_IS is read from BEFORE.cjm",
    )
    export.set_defaults(handler=_export)


def _paper_size(text: str) -> str | tuple[float, float]:
    """'A3' or a custom size '900x600' (millimetres)."""
    if text.upper() in PAPER_SIZES:
        return text.upper()
    custom = CUSTOM_SIZE.match(text.strip().lower())
    if custom is None:
        raise argparse.ArgumentTypeError(
            f"'{text}' is not a paper size; use A0-A4 or WIDTHxHEIGHT in mm, e.g. 900x600"
        )
    return float(custom.group(1)), float(custom.group(2))


def _open(options: argparse.Namespace) -> int:
    """Open the GUI (start page, or the map); a bad map is refused before any window."""
    # A bad file: one line on stderr, exit 2, before any window.
    journey = load(options.map).journey if options.map is not None else None
    if options.screenshot is not None:
        if journey is None:
            print("journeymapper: --screenshot needs a map to draw", file=sys.stderr)
            return EXIT_BAD_INPUT
        from journeymapper.ui.image_export import POINTS_PER_INCH, write_png

        width, height = write_png(journey, options.screenshot, options.scale * POINTS_PER_INCH)
        print(f"wrote {options.screenshot} ({width} x {height} pixels)")
        return EXIT_OK
    from journeymapper.ui.app import run_gui

    return run_gui(options.map)


def _check(options: argparse.Namespace) -> int:
    journey = load(options.map).journey
    analysis = run_analysis(journey)
    findings = analysis.findings
    listed = [f.to_json() for f in findings]
    if options.json and options.summary:
        data = {"summary": _summary_json(journey, analysis), "findings": listed}
        print(json.dumps(data, indent=2, ensure_ascii=False))
    elif options.json:
        print(json.dumps(listed, indent=2, ensure_ascii=False))
    else:
        _print_findings(findings)
        print()
        print(f"Summary: {_summary(journey)}")
        for summary in analysis.summaries:
            print(f"  {one_line(summary.describe())}")
    serious = any(f.severity is not Severity.INFO for f in findings)
    return EXIT_FINDINGS if options.strict and serious else EXIT_OK


def _summary_json(journey: JourneyMap, analysis: Analysis) -> dict[str, object]:
    return {
        "title": journey.title,
        "steps": len(journey.steps()),
        "curves": [summary.to_json() for summary in analysis.summaries],
    }


def _compare(options: argparse.Namespace) -> int:
    from journeymapper.model.compare import compare, named_curve

    maps: list[Path] = options.maps
    if len(maps) > 2 or (len(maps) == 1 and not options.curves):
        print(
            "journeymapper: compare needs BEFORE.cjm AFTER.cjm, "
            "or one map with --curves AS_IS TO_BE",
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    before = load(maps[0]).journey
    after = load(maps[-1]).journey if len(maps) == 2 else before
    names = (str(maps[0]), str(maps[-1]))
    curves = None
    if options.curves:
        curves = (options.curves[0], options.curves[1])
        names = (named_curve(names[0], before, curves[0]), named_curve(names[1], after, curves[1]))
    result = compare(before, after, names=names, curves=curves)
    if options.json:
        print(json.dumps(result.to_json(), indent=2, ensure_ascii=False))
    else:
        print(result.to_text())
    return EXIT_OK


def _validate(options: argparse.Namespace) -> int:
    journey = load(options.map).journey
    print(f"{options.map}: valid map, format {journey.format_version}. {_summary(journey)}")
    return EXIT_OK


def _layout(options: argparse.Namespace) -> int:
    from journeymapper.export.poster_content import MapContent
    from journeymapper.render.dump import faces_json, layout_json

    journey = load(options.map).journey
    content = MapContent.of(journey)  # the layout, analysed: the faces show the findings
    data = layout_json(journey, content.layout)
    data["faces"] = faces_json(content.faces)
    if options.json:
        print(json.dumps(data, ensure_ascii=False))
    else:
        print(
            f"{options.map}: {len(data['cards'])} cards, {len(data['arrows'])} arrows, "
            f"{data['width']:g} x {data['height']:g} pt"
        )
    return EXIT_OK


def _new(options: argparse.Namespace) -> int:
    out: Path = options.out
    if out.exists() and not options.force:
        print(f"journeymapper: {out} exists already; use --force to overwrite it", file=sys.stderr)
        return EXIT_BAD_INPUT
    if not out.parent.is_dir():
        print(f"journeymapper: {out.parent} is not a folder", file=sys.stderr)
        return EXIT_BAD_INPUT
    _print_warnings(save(new_map(options.title), out).warnings)
    print(f"created {out}")
    return EXIT_OK


def _export(options: argparse.Namespace) -> int:
    wanted = [options.pdf, options.report, options.xlsx, options.png, options.svg, options.mermaid]
    if not any(wanted):
        print(
            "journeymapper: export needs at least one of --pdf, --report, --xlsx, --png, --svg, "
            "--mermaid",
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    journey = load(options.map).journey
    comparison = _export_comparison(options, journey)
    source = options.map.name
    poster_options = options.size is not None or options.portrait or options.tile
    if poster_options and not options.pdf:
        print(
            "journeymapper: warning: --size, --portrait and --tile apply to --pdf only",
            file=sys.stderr,
        )
    if options.pdf:
        from journeymapper.export.poster import write_poster

        size = options.size or "A2"
        custom = size if isinstance(size, tuple) else None
        _report_written(
            write_poster(
                journey,
                options.pdf,
                size=size if custom is None else "custom",
                portrait=options.portrait,
                custom_mm=custom,
                tile=options.tile,
                source_name=source,
            )
        )
    if options.report:
        from journeymapper.export.report import write_report

        _report_written(
            write_report(journey, options.report, source_name=source, comparison=comparison)
        )
    if options.xlsx:
        from journeymapper.export.workbook import write_workbook

        _report_written(write_workbook(journey, options.xlsx, comparison=comparison))
    if options.mermaid:
        from journeymapper.export.mermaid import write_mermaid

        _report_written(write_mermaid(journey, options.mermaid))
    if options.png or options.svg:
        _export_pictures(journey, options.png, options.svg, options.dpi)
    return EXIT_OK


def _export_comparison(options: argparse.Namespace, journey: JourneyMap) -> Comparison | None:
    """The comparison ``--compare-with`` / ``--compare-curves`` ask for, made before anything is
    written, so a bad other map or curve id stops the export whole."""
    other: Path | None = options.compare_with
    if other is None and not options.compare_curves:
        return None
    from journeymapper.model.compare import compare, named_curve

    if not (options.report or options.xlsx):
        print(
            "journeymapper: warning: --compare-with and --compare-curves apply to --report "
            "and --xlsx only",
            file=sys.stderr,
        )
        return None
    before = load(other).journey if other is not None else journey
    names = ((other or options.map).name, options.map.name)
    curves = None
    if options.compare_curves:
        curves = (options.compare_curves[0], options.compare_curves[1])
        names = (
            named_curve(names[0], before, curves[0]),
            named_curve(names[1], journey, curves[1]),
        )
    return compare(before, journey, names=names, curves=curves)


def _export_pictures(journey: JourneyMap, png: Path | None, svg: Path | None, dpi: float) -> None:
    from journeymapper.ui.image_export import write_png, write_svg  # Qt only when asked for

    analysis = run_analysis(journey)
    if png:
        width, height = write_png(journey, png, dpi, analysis)
        print(f"wrote {png} ({width} x {height} pixels)")
    if svg:
        write_svg(journey, svg, analysis)
        print(f"wrote {svg}")


def _report_written(report: ExportReport) -> None:
    _print_warnings(report.warnings)
    print(f"wrote {report.path}")


def _print_warnings(warnings: Sequence[str]) -> None:
    """Each warning on one line of stderr; the command still succeeds."""
    for warning in warnings:
        print(f"journeymapper: warning: {one_line(warning)}", file=sys.stderr)


def _import_xlsx(options: argparse.Namespace) -> int:
    from journeymapper.export.xlsx_import import read_workbook

    return _import(read_workbook, options.workbook, options.out, options.force)


def _import_mermaid(options: argparse.Namespace) -> int:
    from journeymapper.export.mermaid import read_mermaid

    return _import(read_mermaid, options.diagram, options.out, options.force)


def _import(read: Callable[[Path], JourneyMap], source: Path, out: Path, force: bool) -> int:
    """Read ``source`` whole (a bad one is refused before anything is written), then save
    it as the new map ``out``."""
    if out.exists() and not force:
        print(f"journeymapper: {out} exists already; use --force to overwrite it", file=sys.stderr)
        return EXIT_BAD_INPUT
    journey = read(source)
    _print_warnings(save(journey, out).warnings)
    print(f"imported {source} into {out}. {_summary(journey)}")
    return EXIT_OK


def _merge(options: argparse.Namespace) -> int:
    from journeymapper.model.merge import merge_maps

    base, ours, theirs = (
        load(path).journey for path in (options.base, options.ours, options.theirs)
    )
    result = merge_maps(base, ours, theirs)
    out: Path = options.output or options.ours
    _print_warnings(save(result.journey, out).warnings)
    print(
        f"merged into {out}: {_count(len(result.from_ours), 'change')} of ours, "
        f"{_count(len(result.from_theirs), 'change')} of theirs"
    )
    for change in result.from_theirs:
        print(f"  theirs: {change.describe()}")
    for conflict in result.conflicts:
        print(f"CONFLICT {conflict.describe()}")
    return EXIT_FINDINGS if result.conflicts else EXIT_OK


def _diff(options: argparse.Namespace) -> int:
    from journeymapper.model.merge import differences

    files: list[str] = options.files
    if len(files) == 7:  # git's diff driver: path old-file old-hex old-mode new-file ...
        shown, before, after = files[0], files[1], files[4]
    elif len(files) == 2:
        shown, (before, after) = "", files
    elif len(files) == 1:  # git, for a file still in a conflicted merge
        print(f"journeymapper diff {files[0]}: unmerged; finish the merge to see what changed")
        return EXIT_OK
    else:
        print("journeymapper: diff needs two maps (or git's seven arguments)", file=sys.stderr)
        return EXIT_BAD_INPUT
    old, new = (_map_or_nothing(Path(name)) for name in (before, after))
    changes = differences(old, new)
    if shown:
        print(f"journeymapper diff {shown}")
    for change in changes:
        print(change.describe())
    if not changes:
        print("no changes")
    return EXIT_OK


def _map_or_nothing(path: Path) -> JourneyMap:
    """The map at ``path``; git names the null device for a file added or deleted."""
    if str(path) == os.devnull:
        return JourneyMap(phases=[], curves=[])
    return load(path).journey


def _count(number: int, word: str) -> str:
    return f"{number} {word}" + ("" if number == 1 else "s")


def _summary(journey: JourneyMap) -> str:
    counts = {
        "phase": len(journey.phases),
        "customer step": len(journey.steps()),
        "touchpoint": len(journey.touchpoints),
        "department": len(journey.departments),
        "process step": len(journey.process_steps),
        "flow": len(journey.flows),
    }
    parts = ", ".join(_count(n, label) for label, n in counts.items())
    return f"{quoted(journey.title, 200)}: {parts}."


def _print_findings(findings: list[Finding]) -> None:
    if not findings:
        print("No findings.")
        return
    for finding in findings:
        message = one_line(finding.message)  # a title's line break must not start a line
        print(f"{finding.severity.value.upper():8} {finding.kind.value}: {message}")
        print(f"{'':8} elements: {', '.join(finding.elements)}")
    tally = {s: sum(1 for f in findings if f.severity is s) for s in Severity}
    print(
        f"{len(findings)} findings: " + ", ".join(f"{n} {s.value}" for s, n in tally.items() if n)
    )


if __name__ == "__main__":
    sys.exit(main())
