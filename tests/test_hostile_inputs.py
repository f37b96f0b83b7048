"""Every hostile input named in issue 8 and R8/R11, through the real command line.

Each case runs ``python -m journeymapper`` in a subprocess with a hard timeout and a limit on
its address space (RLIMIT_AS): a hang fails the case by the timeout, a memory blow-up by the
limit (a MemoryError traceback, or a kill), never by a timed assertion. A refused input must
give exit code 2, nothing on stdout and exactly one line on stderr holding the expected words.
"""

from __future__ import annotations

import json
import os
import re
import resource
import struct
import subprocess
import sys
import warnings
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import load_workbook

from journeymapper.export.workbook import write_workbook
from journeymapper.model import new_map, save, serialize
from journeymapper.model.elements import CustomerStep, Phase, Touchpoint
from journeymapper.model.storage import load
from tests.conftest import SAMPLE_MAPS

# Generous for every case (the largest, a million steps, peaks near 350 MB), small enough that
# reading a gigabyte or building a million models would hit it.
ADDRESS_SPACE = 768 * 1024 * 1024
TIMEOUT_S = 60


def limited() -> None:
    """Runs in the child before it starts Python."""
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))


def journeymapper(*arguments: str | Path) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "journeymapper", *map(str, arguments)],
        capture_output=True,
        timeout=TIMEOUT_S,
        preexec_fn=limited,
    )


# -- .cjm files -------------------------------------------------------------------------------


def valid_raw() -> dict[str, object]:
    journey = new_map("Claim")
    journey.phases.append(
        Phase(id="p1", title="Declare", steps=[CustomerStep(id="s1", title="Send bill")])
    )
    journey.touchpoints.append(Touchpoint(id="t1", title="Confirmation mail", steps=["s1"]))
    return json.loads(serialize(journey))  # type: ignore[no-any-return]


def valid_bytes() -> bytes:
    return json.dumps(valid_raw(), indent=2).encode()


def map_file(content: bytes) -> Callable[[Path], list[str | Path]]:
    def build(folder: Path) -> list[str | Path]:
        path = folder / "hostile.cjm"
        path.write_bytes(content)
        return ["validate", path]

    return build


def sparse_gigabyte(folder: Path) -> list[str | Path]:
    path = folder / "huge.cjm"
    with path.open("wb") as stream:
        stream.truncate(1024**3)  # takes no disk space
    return ["check", path]


def fifo(command: str, suffix: str) -> Callable[[Path], list[str | Path]]:
    def build(folder: Path) -> list[str | Path]:
        path = folder / f"pipe{suffix}"
        os.mkfifo(path)  # nobody ever writes to it: opening it for reading would wait forever
        return [command, path] if command != "import-xlsx" else [command, path, folder / "o.cjm"]

    return build


def zero_link(command: str, suffix: str) -> Callable[[Path], list[str | Path]]:
    def build(folder: Path) -> list[str | Path]:
        path = folder / f"zero{suffix}"
        path.symlink_to("/dev/zero")  # size 0, yet it never ends
        return [command, path] if command != "import-xlsx" else [command, path, folder / "o.cjm"]

    return build


def million_steps(folder: Path) -> list[str | Path]:
    """A million small steps in fifty phases: about 32 MB, under the 64 MB cap."""
    phases = []
    for number in range(50):
        first = number * 20_000
        steps = ",".join(f'{{"id":"s{first + index}","title":"Wait"}}' for index in range(20_000))
        phases.append(f'{{"id":"p{number}","title":"Phase","steps":[{steps}]}}')
    text = f'{{"format":"journeymapper","format_version":"1.0","phases":[{",".join(phases)}]}}'
    path = folder / "million.cjm"
    path.write_text(text)
    return ["check", path]


def empty_phases(folder: Path) -> list[str | Path]:
    """A megabyte of empty objects: each a phase that pydantic would report twice over."""
    body = b",".join([b"{}"] * 333_000)
    path = folder / "empties.cjm"
    path.write_bytes(b'{"format":"journeymapper","format_version":"1.0","phases":[%s]}' % body)
    return ["validate", path]


def duplicate_key(folder: Path) -> list[str | Path]:
    text = valid_bytes().replace(b'"title": "Send bill"', b'"title": "Send bill", "title": "x"')
    return map_file(text)(folder)


def changed(change: Callable[[dict[str, object]], object]) -> bytes:
    raw = valid_raw()
    change(raw)
    return json.dumps(raw).encode()


def _phases(raw: dict[str, object]) -> list[dict[str, object]]:
    return raw["phases"]  # type: ignore[return-value]


def _first_step(raw: dict[str, object]) -> dict[str, object]:
    return _phases(raw)[0]["steps"][0]  # type: ignore[index,no-any-return]


# -- workbooks --------------------------------------------------------------------------------


def good_workbook(folder: Path) -> Path:
    """An exported workbook saved again by another program, so it has shared strings."""
    path = folder / "exported.xlsx"
    write_workbook(load(SAMPLE_MAPS / "webshop_order.cjm").journey, path)
    book = load_workbook(path)
    again = folder / "good.xlsx"
    book.save(again)
    return again


def rewritten(source: Path, target: Path, change: Callable[[str, bytes], bytes]) -> None:
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for entry in old.infolist():
            new.writestr(entry.filename, change(entry.filename, old.read(entry.filename)))


def patched_headers(data: bytes, name: str, *, flags: int = 0, method: int | None = None) -> bytes:
    """``data`` (a zip) with the entry ``name`` marked in both of its headers: extra flag
    bits (1 is "encrypted") or another packing method (9 is deflate64). Python's zip writer
    can do neither, so the bytes are changed where the zip format puts them."""
    patched = bytearray(data)
    with zipfile.ZipFile(_bytes_io(data)) as archive:
        entry = archive.getinfo(name)
        local = entry.header_offset
        central = data.index(b"PK\x01\x02", archive.start_dir)
        while data[central + 46 : central + 46 + len(name)] != name.encode():
            sizes = struct.unpack("<HHH", data[central + 28 : central + 34])
            central += 46 + sum(sizes)
    for offset in (local + 6, central + 8):  # general purpose flags
        (value,) = struct.unpack("<H", patched[offset : offset + 2])
        patched[offset : offset + 2] = struct.pack("<H", value | flags)
    if method is not None:
        for offset in (local + 8, central + 10):
            patched[offset : offset + 2] = struct.pack("<H", method)
    return bytes(patched)


def _bytes_io(data: bytes) -> zipfile.ZipFile | object:
    import io

    return io.BytesIO(data)


def workbook(build: Callable[[Path, Path], None]) -> Callable[[Path], list[str | Path]]:
    def make(folder: Path) -> list[str | Path]:
        target = folder / "hostile.xlsx"
        build(good_workbook(folder), target)
        return ["import-xlsx", target, folder / "out.cjm"]

    return make


def encrypted(good: Path, target: Path) -> None:
    target.write_bytes(patched_headers(good.read_bytes(), "xl/worksheets/sheet1.xml", flags=1))


def deflate64(good: Path, target: Path) -> None:
    target.write_bytes(patched_headers(good.read_bytes(), "xl/styles.xml", method=9))


SHARED_STRINGS = (
    b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="2" '
    b'uniqueCount="2"><si><t>Order online</t></si><si><t>Sneaked in</t></si></sst>'
)
SHARED_STRINGS_TYPE = (
    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'
)


def shared_string(index: str) -> Callable[[Path, Path], None]:
    """A workbook with two shared strings whose Steps sheet names string ``index`` in its
    first title cell (-1 would be the last string in a Python list)."""

    def build(good: Path, target: Path) -> None:
        def change(name: str, data: bytes) -> bytes:
            if name == "[Content_Types].xml":
                return data.replace(b"</Types>", SHARED_STRINGS_TYPE)
            if name == "xl/worksheets/sheet2.xml":
                return re.sub(
                    rb'<c r="C2" t="inlineStr"><is><t>[^<]*</t></is></c>',
                    b'<c r="C2" t="s"><v>' + index.encode() + b"</v></c>",
                    data,
                    count=1,
                )
            return data

        rewritten(good, target, change)
        with zipfile.ZipFile(target, "a") as archive:
            archive.writestr("xl/sharedStrings.xml", SHARED_STRINGS)

    return build


def duplicate_entry(good: Path, target: Path) -> None:
    rewritten(good, target, lambda _name, data: data)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # Python warns of the duplicate name, then writes it
        with zipfile.ZipFile(target, "a") as archive:
            archive.writestr("xl/worksheets/sheet2.xml", b"<worksheet/>")


def many_rows(good: Path, target: Path) -> None:
    """300,000 filled rows in one sheet (stored unpacked, so no zip-bomb check stops it)."""
    rows = b"".join(
        b'<row r="%d"><c r="A%d"><v>1</v></c></row>' % (n, n) for n in range(2, 300_002)
    )
    with zipfile.ZipFile(good) as old, zipfile.ZipFile(target, "w") as new:
        for entry in old.infolist():
            data = old.read(entry.filename)
            if entry.filename == "xl/worksheets/sheet2.xml":
                end = data.index(b"</sheetData>")
                data = data[:end] + rows + data[end:]
            new.writestr(entry.filename, data, zipfile.ZIP_STORED)


def damaged_entry(good: Path, target: Path) -> None:
    """Bytes in the middle of a packed sheet flipped, as a bad download or disk would."""
    data = bytearray(good.read_bytes())
    with zipfile.ZipFile(good) as archive:
        entry = archive.getinfo("xl/worksheets/sheet2.xml")
    start = entry.header_offset + 30 + len(entry.filename) + len(entry.extra) + 10
    for offset in range(start, start + 50):
        data[offset] ^= 0x55
    target.write_bytes(bytes(data))


def not_a_zip(_good: Path, target: Path) -> None:
    target.write_bytes(b"Name;Title\nt1;Mail\n")


def password_protected(_good: Path, target: Path) -> None:
    target.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4096))


# -- the table --------------------------------------------------------------------------------

Build = Callable[[Path], list[str | Path]]
REFUSED: dict[str, tuple[Build, str]] = {
    "not JSON": (map_file(b"hello, this is a Word document"), "not valid JSON"),
    "empty file": (map_file(b""), "the file is empty"),
    "1 GB sparse file": (sparse_gigabyte, "the file is 1.0 GB; journeymapper opens maps up to"),
    "deep nesting": (map_file(b"[" * 100_000 + b"]" * 100_000), "nested too deeply"),
    "huge string": (
        map_file(changed(lambda r: _first_step(r).update(title="x" * 5_000_000))),
        "phases[0].steps[0].title, in customer step 's1': String should have at most 500",
    ),
    "NaN": (
        map_file(changed(lambda r: r.update(x_value="@")).replace(b'"@"', b"NaN")),
        "x_value: Input should be a finite number, not NaN",
    ),
    "dangling id": (
        map_file(changed(lambda r: r["touchpoints"][0].update(steps=["s9"]))),  # type: ignore[index]
        "steps names 's9', which does not exist in this map",
    ),
    "duplicate id": (
        map_file(changed(lambda r: r["touchpoints"][0].update(id="s1"))),  # type: ignore[index]
        "duplicate id 's1'",
    ),
    "duplicate key": (
        duplicate_key,
        "the key 'title' appears twice in the element with id 's1'",
    ),
    "FIFO as a map": (fifo("validate", ".cjm"), "this is a named pipe (FIFO), not a map file"),
    "FIFO given to check": (fifo("check", ".cjm"), "this is a named pipe (FIFO), not a map file"),
    "/dev/zero link as a map": (zero_link("check", ".cjm"), "this is a device, not a map file"),
    "a folder": (lambda folder: ["validate", folder], "this is a folder, not a map file"),
    "a million steps": (
        million_steps,
        "the map holds 1,000,000 customer steps, more than journeymapper opens (at most 50,000",
    ),
    "333,000 empty phases": (empty_phases, "the map holds 333,000 phases"),
    "UTF-16 text": (
        map_file("\ufeff{}".encode("utf-16-le")),
        "the file is UTF-16 text; save it as UTF-8",
    ),
    "format_version as a number": (
        map_file(valid_bytes().replace(b'"format_version": "1.0"', b'"format_version": 1.0')),
        'format_version must be text in quotes, like "1.0"; found the number 1.0',
    ),
    "null instead of a map": (
        map_file(b"null"),
        "expected a journey map (a JSON object in braces) at the top, found null",
    ),
    "FIFO as a workbook": (
        fifo("import-xlsx", ".xlsx"),
        "this is a named pipe (FIFO), not a workbook file",
    ),
    "/dev/zero link as a workbook": (
        zero_link("import-xlsx", ".xlsx"),
        "this is a device, not a workbook file",
    ),
    "encrypted zip entry": (
        workbook(encrypted),
        "'xl/worksheets/sheet1.xml' in the workbook is encrypted; refused",
    ),
    "deflate64 zip entry": (
        workbook(deflate64),
        "'xl/styles.xml' in the workbook is packed with zip method 9",
    ),
    "shared string -1": (workbook(shared_string("-1")), "refers to shared string -1"),
    "shared string out of range": (
        workbook(shared_string("99999")),
        "refers to shared string 99999, which does not exist",
    ),
    "duplicate zip entry": (
        workbook(duplicate_entry),
        "the workbook holds two files named 'xl/worksheets/sheet2.xml'; refused",
    ),
    "300,000 filled rows": (
        workbook(many_rows),
        "'xl/worksheets/sheet2.xml' holds more than 250,000 rows",
    ),
    "damaged zip entry": (
        workbook(damaged_entry),
        "cannot be read as an Excel workbook ('xl/worksheets/sheet2.xml' is damaged)",
    ),
    "not a zip": (workbook(not_a_zip), "not an Excel workbook (.xlsx is a zip file)"),
    "password-protected workbook": (
        workbook(password_protected),
        "a password-protected workbook or an old .xls file",
    ),
}


@pytest.mark.parametrize("case", list(REFUSED))
def test_a_hostile_input_is_refused_in_one_line(case: str, tmp_path: Path) -> None:
    build, expected = REFUSED[case]
    arguments = build(tmp_path)
    before = sorted(tmp_path.iterdir())
    result = journeymapper(*arguments)
    errors = result.stderr.decode("utf-8")
    assert result.returncode == 2, errors
    assert result.stdout == b""
    assert len(errors.splitlines()) == 1, errors
    assert errors.startswith("journeymapper: ")
    assert expected in errors
    assert sorted(tmp_path.iterdir()) == before  # nothing written, nothing half-imported


def test_a_map_starting_with_a_byte_order_mark_opens(tmp_path: Path) -> None:
    """Notepad writes UTF-8 with a byte-order mark; such a map is read as if it had none."""
    path = tmp_path / "notepad.cjm"
    path.write_bytes(b"\xef\xbb\xbf" + valid_bytes())
    result = journeymapper("validate", path)
    assert result.returncode == 0, result.stderr
    assert b"valid map" in result.stdout
    assert load(path).journey.title == "Claim"


# -- what a map's text may not do to a terminal ------------------------------------------------

NASTY = "\x1b]0;owned\x07\x1b[2J\u202eevil\x9b31m\x00\u2066x\u2069 and\nmore"
# What a terminal acts on: C0 controls but the line break, DEL, C1 controls, bidi controls.
ACTIVE = [chr(c) for c in range(32) if c != 10] + [chr(c) for c in range(0x7F, 0xA0)]
ACTIVE += ["\u200e", "\u200f", "\u2028", "\u2029", *map(chr, range(0x202A, 0x202F))]
ACTIVE += [chr(c) for c in range(0x2066, 0x206A)]


def nasty_map(folder: Path) -> Path:
    journey = new_map(NASTY)
    journey.phases.append(
        Phase(id="p1", title=f"Pay {NASTY}", steps=[CustomerStep(id="s1", title=NASTY)])
    )
    journey.touchpoints.append(Touchpoint(id="t1", title=f"Mail {NASTY}", steps=["s1"]))
    path = folder / "nasty.cjm"
    save(journey, path)
    return path


def assert_inert(output: bytes) -> None:
    text = output.decode("utf-8")
    found = sorted({hex(ord(char)) for char in text if char in ACTIVE})
    assert not found, f"raw control characters {found} in {text!r}"


@pytest.mark.parametrize(
    "command",
    [["validate"], ["check"], ["check", "--json"], ["export", "--svg"], ["import-xlsx"]],
    ids=" ".join,
)
def test_control_sequences_in_titles_are_escaped_on_every_output(
    command: list[str], tmp_path: Path
) -> None:
    path = nasty_map(tmp_path)
    if command == ["import-xlsx"]:
        workbook_path = tmp_path / "nasty.xlsx"
        write_workbook(load(path).journey, workbook_path)
        arguments: list[str | Path] = ["import-xlsx", workbook_path, tmp_path / "back.cjm"]
    elif command == ["export", "--svg"]:
        arguments = ["export", path, "--xlsx", tmp_path / "out.xlsx", "--pdf", tmp_path / "p.pdf"]
    else:
        arguments = [command[0], path, *command[1:]]
    result = journeymapper(*arguments)
    assert result.returncode == 0, result.stderr
    assert result.stdout
    assert_inert(result.stdout)
    assert_inert(result.stderr)
    if command == ["check", "--json"]:
        findings = json.loads(result.stdout)
        assert any(NASTY in finding["message"] for finding in findings)  # escaped, not lost


def test_a_bad_map_name_with_control_sequences_is_escaped(tmp_path: Path) -> None:
    path = tmp_path / "a\x1b[2Jb.cjm"
    path.write_bytes(b"not json")
    result = journeymapper("validate", path)
    assert result.returncode == 2
    assert_inert(result.stderr)
    assert len(result.stderr.splitlines()) == 1


# -- output that cannot be delivered ---------------------------------------------------------


def test_check_json_into_a_closed_pipe_ends_quietly() -> None:
    """``check --json | head -1``: head leaves after one line; no traceback follows."""
    command = [sys.executable, "-m", "journeymapper", "check", "--json"]
    with subprocess.Popen(
        [*command, str(SAMPLE_MAPS / "webshop_order.cjm")],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    ) as writer:
        assert writer.stdout is not None and writer.stderr is not None
        head = subprocess.run(
            ["head", "-1"], stdin=writer.stdout, capture_output=True, timeout=TIMEOUT_S
        )
        writer.stdout.close()  # only head reads it now: when head leaves, the pipe is closed
        errors = writer.stderr.read()
        code = writer.wait(timeout=TIMEOUT_S)
    assert head.stdout == b"[\n"
    assert errors == b""
    assert code in (0, 141)  # done before head left, or told that the reader went away


def test_a_failed_workbook_export_prints_one_line(tmp_path: Path) -> None:
    """A file-size limit (as on a full disk) stops the workbook while it is being built."""

    def small_files() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))

    out = tmp_path / "out.xlsx"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "journeymapper",
            "export",
            SAMPLE_MAPS / "webshop_order.cjm",
            "--xlsx",
            str(out),
        ],
        capture_output=True,
        timeout=TIMEOUT_S,
        preexec_fn=small_files,
    )
    errors = result.stderr.decode()
    assert result.returncode == 2, errors
    assert errors.splitlines() == [
        f"journeymapper: cannot save {out}: File too large while building the workbook; "
        "the file on disk is unchanged"
    ]
    assert not out.exists()
