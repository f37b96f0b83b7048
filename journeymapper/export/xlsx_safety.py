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
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from xml.etree.ElementTree import ParseError

import openpyxl
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.workbook.workbook import Workbook

from journeymapper.export.common import ExportError
from journeymapper.model.errors import quoted

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_ENTRIES = 2_000
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_RATIO = 100
# Small entries cannot be bombs, whatever their ratio (an empty sheet packs very well).
RATIO_FROM_BYTES = 1024 * 1024
MACRO_SUFFIXES = frozenset({".xlsm", ".xltm", ".xlam", ".xlsb"})

# What openpyxl raises on a damaged or hostile file, each turned into one clear ExportError.
# Caught only around openpyxl's own calls (``opened`` here, ``xlsx_sheets._from_openpyxl``),
# never around our code, so that a bug of ours is not reported as a damaged workbook. Each was
# seen from openpyxl 3.1 on a damaged file: ValueError (a cell reference, number or date that
# is not one; defusedxml's refusals too), KeyError (a part or relationship that is missing),
# TypeError (a style attribute of the wrong type), IndexError (a shared string that is not
# there), ParseError (XML that is not well-formed), OSError (no workbook part).
READ_ERRORS: tuple[type[Exception], ...] = (
    zipfile.BadZipFile,
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
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ExportError(f"{name}: {_mb(size)} is too large for an exported journey map")
        data = path.read_bytes()
    except OSError as error:
        raise ExportError(f"{name}: cannot be read ({error.strerror or error})") from None
    check_zip(data, name)
    return data


def check_zip(data: bytes, name: str) -> None:
    """Refuse what is not a zip, too many entries, too much unpacked data, bombs, macros."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
            if len(entries) > MAX_ENTRIES:
                raise ExportError(
                    f"{name}: the workbook holds {len(entries):,} files, more than the "
                    f"{MAX_ENTRIES:,} a journey map workbook could need; refused"
                )
            _check_sizes(entries, name)
            _check_macros(archive, entries, name)
    except zipfile.BadZipFile:
        raise ExportError(f"{name}: not an Excel workbook (.xlsx is a zip file)") from None


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
    try:
        yield book
    finally:
        book.close()


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
