"""Opening a workbook someone sent us without letting it hurt: size, zip and XML checks.

An .xlsx file is a zip of XML files. Before openpyxl sees it, the zip's own directory is
checked: how many entries, how large they say they are once unpacked, and how strongly packed
(a zip bomb is a few kilobytes that unpack to gigabytes). Python's zip reader never unpacks
more than an entry declares, so checking the declared sizes bounds the real work. Workbooks
with macros are refused outright. The XML is parsed by openpyxl through defusedxml, which
refuses entity declarations (the "billion laughs" bomb); without defusedxml nothing is read.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError

import openpyxl
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.workbook.workbook import Workbook

from journeymapper.export.common import ExportError
from journeymapper.model.errors import quoted
from journeymapper.model.safe_read import NotRegularFile, TooLarge, read_regular

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_ENTRIES = 2_000
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_RATIO = 100
# Small entries cannot be bombs, whatever their ratio (an empty sheet packs very well).
RATIO_FROM_BYTES = 1024 * 1024
MACRO_SUFFIXES = frozenset({".xlsm", ".xltm", ".xlam", ".xlsb"})
# Rows (blank or not) one sheet may hold: above the importer's 200,000 filled rows, with room
# for formatted blank ones. A row element is "<row " or "<row>", with or without a prefix.
MAX_SHEET_ROWS = 250_000
_ROW_TAGS = (b"<row ", b"<row>", b":row ", b":row>")
_ROW_TAG_OVERLAP = 4  # a tag split between two chunks is found in the next window
_ENCRYPTED = 0x1  # general purpose bit 0 of a zip entry
_PACKINGS = frozenset({zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED})
# Excel saves a password-protected workbook as an OLE compound file, not a zip.
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

# What openpyxl raises on a damaged or hostile file, each turned into one clear ExportError.
# Caught only around openpyxl's own calls (``opened`` here, ``xlsx_sheets._from_openpyxl``),
# never around our code, so that a bug of ours is not reported as a damaged workbook. Each was
# seen from openpyxl 3.1 on a damaged file: ValueError (a cell reference, number or date that
# is not one; defusedxml's refusals too), KeyError (a part or relationship that is missing),
# TypeError (a style attribute of the wrong type), IndexError (a shared string that is not
# there), ParseError (XML that is not well-formed), OSError (no workbook part).
READ_ERRORS: tuple[type[Exception], ...] = (
    zipfile.BadZipFile,
    zlib.error,  # a damaged packed part
    zipfile.LargeZipFile,
    InvalidFileException,
    ParseError,
    ValueError,
    KeyError,
    TypeError,
    IndexError,
    EOFError,
    OSError,
)


def read_checked(path: Path) -> bytes:
    """The bytes of the workbook at ``path`` once its zip passed every check."""
    if not openpyxl.DEFUSEDXML:
        raise ExportError(
            "cannot import workbooks safely: the defusedxml package is missing "
            "(or OPENPYXL_DEFUSEDXML is off), so entity bombs would not be refused"
        )
    name = path.name
    if path.suffix.lower() in MACRO_SUFFIXES:
        raise ExportError(f"{name}: a workbook that may hold macros is refused; save it as .xlsx")
    try:
        # A pipe would hang the read and /dev/zero never end it: regular files only.
        data = read_regular(path, MAX_FILE_BYTES)
    except NotRegularFile as error:
        raise ExportError(f"{name}: this is {error.what}, not a workbook file") from None
    except TooLarge as error:
        raise ExportError(
            f"{name}: {_mb(error.size)} is too large for an exported journey map"
        ) from None
    except OSError as error:
        raise ExportError(f"{name}: cannot be read ({error.strerror or error})") from None
    check_zip(data, name)
    return data


def check_zip(data: bytes, name: str) -> None:
    """Refuse what is not a zip, too many entries, too much unpacked data, bombs, macros,
    encrypted or oddly packed entries, and two entries of one name."""
    if data.startswith(_OLE_MAGIC):
        raise ExportError(
            f"{name}: not an .xlsx workbook (a password-protected workbook or an old .xls "
            "file); save it in Excel as an .xlsx workbook without a password"
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
            if len(entries) > MAX_ENTRIES:
                raise ExportError(
                    f"{name}: the workbook holds {len(entries):,} files, more than the "
                    f"{MAX_ENTRIES:,} a journey map workbook could need; refused"
                )
            _check_entries(entries, name)
            _check_sizes(entries, name)
            _check_macros(archive, entries, name)
            _check_rows(archive, entries, name)
    except zipfile.BadZipFile:
        raise ExportError(f"{name}: not an Excel workbook (.xlsx is a zip file)") from None


def _check_entries(entries: list[zipfile.ZipInfo], name: str) -> None:
    """Python's zip reader raises RuntimeError on an encrypted entry and NotImplementedError
    on packing it does not know (deflate64, ...), and of two entries with one name reads the
    later silently; Excel writes none of these, so each is refused here, before reading."""
    seen: set[str] = set()
    for entry in entries:
        if entry.flag_bits & _ENCRYPTED:
            raise ExportError(
                f"{name}: {quoted(entry.filename)} in the workbook is encrypted; refused"
            )
        if entry.compress_type not in _PACKINGS:
            raise ExportError(
                f"{name}: {quoted(entry.filename)} in the workbook is packed with zip method "
                f"{entry.compress_type}, which Excel does not write (only stored or deflated); "
                "refused"
            )
        if entry.filename in seen:
            raise ExportError(
                f"{name}: the workbook holds two files named {quoted(entry.filename)}; refused"
            )
        seen.add(entry.filename)


def _check_sizes(entries: list[zipfile.ZipInfo], name: str) -> None:
    total = 0
    for entry in entries:
        total += entry.file_size
        if total > MAX_UNPACKED_BYTES:
            raise ExportError(
                f"{name}: the workbook unpacks to more than {_mb(MAX_UNPACKED_BYTES)}; refused"
            )
        ratio = entry.file_size / max(entry.compress_size, 1)
        if entry.file_size > RATIO_FROM_BYTES and ratio > MAX_RATIO:
            raise ExportError(
                f"{name}: {quoted(entry.filename)} unpacks {ratio:,.0f} times its packed size, "
                "as a zip bomb does; refused"
            )


def _check_macros(archive: zipfile.ZipFile, entries: list[zipfile.ZipInfo], name: str) -> None:
    for entry in entries:
        if entry.filename.lower().endswith("vbaproject.bin"):
            raise ExportError(f"{name}: the workbook contains macros (vbaProject.bin); refused")
    try:
        types = archive.read("[Content_Types].xml")
    except KeyError:
        raise ExportError(
            f"{name}: not an Excel workbook ([Content_Types].xml is missing)"
        ) from None
    if b"macroEnabled" in types or b"vbaProject" in types:
        raise ExportError(f"{name}: the workbook is macro-enabled; refused, save it as .xlsx")


def _check_rows(archive: zipfile.ZipFile, entries: list[zipfile.ZipInfo], name: str) -> None:
    """Refuse a sheet of more rows than a map's workbook could hold before openpyxl parses a
    single one (parsing a million rows takes many seconds). The row elements are counted in
    the sheet's XML as it unpacks, a megabyte at a time; blank rows a sheet leaves out cost
    nothing and are not counted."""
    for entry in entries:
        if not (entry.filename.startswith("xl/worksheets/") and entry.filename.endswith(".xml")):
            continue
        try:
            rows = _count_rows(archive, entry)
        except (zlib.error, EOFError, OSError):  # BadZipFile (a wrong checksum) is caught above
            raise ExportError(
                f"{name}: cannot be read as an Excel workbook ({quoted(entry.filename)} is damaged)"
            ) from None
        if rows > MAX_SHEET_ROWS:
            raise ExportError(
                f"{name}: {quoted(entry.filename)} holds more than {MAX_SHEET_ROWS:,} "
                "rows, more than a journey map workbook could need; refused"
            )


def _count_rows(archive: zipfile.ZipFile, entry: zipfile.ZipInfo) -> int:
    """The row elements of one sheet, up to one past the limit."""
    rows, tail = 0, b""
    with archive.open(entry) as stream:
        while rows <= MAX_SHEET_ROWS and (chunk := stream.read(1 << 20)):
            window = tail + chunk
            rows += sum(window.count(tag) for tag in _ROW_TAGS)
            tail = window[-_ROW_TAG_OVERLAP:]  # shorter than a tag: never counted twice
    return rows


@contextmanager
def opened(data: bytes, name: str) -> Iterator[Workbook]:
    """The workbook, read-only, without external links; formulas come back as their text."""
    book = None
    try:
        book = openpyxl.load_workbook(
            io.BytesIO(data), read_only=True, keep_links=False, data_only=False, keep_vba=False
        )
    except READ_ERRORS as error:
        raise unreadable(error, name) from None
    for sheet in book.worksheets:
        # openpyxl looks a cell's shared string up with a plain list index, so an index of
        # -1 would quietly pick the last string; every sheet gets a list that refuses it.
        strings = getattr(sheet, "_shared_strings", None)
        if isinstance(strings, list):
            sheet._shared_strings = SharedStrings(strings, name)  # type: ignore[attr-defined]
    try:
        yield book
    finally:
        book.close()


class SharedStrings(list[object]):
    """The workbook's shared strings, refusing an index that names none of them."""

    def __init__(self, strings: list[object], source: str) -> None:
        super().__init__(strings)
        self.source = source

    def __getitem__(self, index: Any) -> Any:
        if not isinstance(index, int) or not 0 <= index < len(self):
            raise ExportError(
                f"{self.source}: cannot be read as an Excel workbook: a cell refers to shared "
                f"string {quoted(index)}, which does not exist (there are {len(self):,}, "
                "numbered from 0)"
            )
        return super().__getitem__(index)


def unreadable(error: Exception, name: str) -> ExportError:
    """The ExportError for an exception raised while openpyxl reads the file."""
    if _defused(error):
        return ExportError(
            f"{name}: the workbook's XML declares entities (as an entity bomb does); refused"
        )
    detail = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return ExportError(f"{name}: cannot be read as an Excel workbook ({quoted(detail, 120)})")


def _defused(error: BaseException | None) -> bool:
    """Whether defusedxml refused something, anywhere in the chain (openpyxl wraps it)."""
    seen = 0
    while error is not None and seen < 10:
        if type(error).__module__.startswith("defusedxml"):
            return True
        error, seen = error.__cause__ or error.__context__, seen + 1
    return False


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):,.0f} MB"
