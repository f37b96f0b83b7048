"""Workbooks that went through LibreOffice Calc, the free spreadsheet most people have: saved
again with no edit they import to the very map exported, and edits come through (issue 12).

LibreOffice runs headless, once for the whole session: every sample's workbook and the
edited ones are converted in one ``soffice --convert-to xlsx`` call, with a profile of its
own so that it neither waits for nor disturbs a LibreOffice someone has open. ``.ci/run``
installs LibreOffice; without it these tests are skipped and say why.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook

from journeymapper.export.common import ExportError
from journeymapper.export.workbook import write_workbook
from journeymapper.export.xlsx_import import read_workbook
from journeymapper.model.elements import JourneyMap, Touchpoint, TouchpointKind
from journeymapper.model.storage import load

from ..conftest import SAMPLE_MAPS
from .test_xlsx_import import column, row_of, set_cell

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
SAMPLES = sorted(SAMPLE_MAPS.glob("*.cjm"))
Edit = Callable[[Workbook], object]


def webshop() -> JourneyMap:
    return load(SAMPLE_MAPS / "webshop_order.cjm").journey


def _analyst(book: Workbook) -> None:
    """What an analyst does in Calc: a channel changed, a row inserted in the middle of a
    table and one deleted, text typed with accents and a line break, a FALSE made TRUE."""
    journey = webshop()
    set_cell(book, "Touchpoints", "tp-checkout", "Channel", "Chat")
    set_cell(book, "Steps", "step-compare", "Note", "Prüft Preise –\nzwei Zeilen")
    set_cell(book, "Steps", "step-compare", "Moment of Truth", True)
    ws = book["Touchpoints"]
    ws.delete_rows(row_of(ws, "tp-gift-slip"))
    middle = row_of(ws, "tp-checkout")
    ws.insert_rows(middle)  # a new row above the checkout; openpyxl leaves the table as it was
    for header, value in {
        "Touchpoint": "Parcel on its way (text message)",
        "Customer steps": journey.phases[2].steps[0].title,
        "Channel": "Text message",
        "Owner": "Courier (ParcelXpress)",
        "Kind": "Communication",
    }.items():
        ws.cell(middle, column(ws, header)).value = value


def _analyst_expected(back: JourneyMap) -> JourneyMap:
    journey = webshop()
    expected = journey.model_copy(deep=True)
    checkout = next(t for t in expected.touchpoints if t.id == "tp-checkout")
    checkout.channel = "ch-chat"
    step = next(s for s in expected.steps() if s.id == "step-compare")
    step.note = "Prüft Preise –\nzwei Zeilen"
    step.moment_of_truth = True
    kept = [t for t in expected.touchpoints if t.id != "tp-gift-slip"]
    added_id = next(t.id for t in back.touchpoints if t.title.startswith("Parcel on its way"))
    assert re.fullmatch(r"tp-[0-9a-f]{8}", added_id)
    at = next(n for n, t in enumerate(kept) if t.id == "tp-checkout")
    kept.insert(
        at,
        Touchpoint(
            id=added_id,
            title="Parcel on its way (text message)",
            steps=[journey.phases[2].steps[0].id],
            channel="ch-sms",
            owner="dept-courier",
            kind=TouchpointKind.COMMUNICATION,
        ),
    )
    expected.touchpoints = kept
    return expected


def _total_row(book: Workbook) -> None:
    """A 'Total touchpoints' line a few rows below the table, with a COUNTA formula."""
    ws = book["Touchpoints"]
    last = ws.max_row
    ws.cell(last + 3, column(ws, "Touchpoint")).value = "Total touchpoints"
    ws.cell(last + 3, column(ws, "Channel")).value = f"=COUNTA(E2:E{last})"


EDITS: dict[str, Edit] = {"analyst": _analyst, "total": _total_row}


@pytest.fixture(scope="session")
def resaved(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every sample's workbook and the edited ones, each saved again by LibreOffice, by name
    (the sample's stem, or the edit's name)."""
    folder = tmp_path_factory.mktemp("libreoffice")
    sources = folder / "exported"
    sources.mkdir()
    for path in SAMPLES:
        write_workbook(load(path).journey, sources / f"{path.stem}.xlsx")
    base = folder / "base.xlsx"
    write_workbook(webshop(), base)
    for name, edit in EDITS.items():
        book = load_workbook(base)
        edit(book)
        book.save(sources / f"edit_{name}.xlsx")
    out = folder / "saved"
    assert SOFFICE is not None
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "xlsx:Calc MS Excel 2007 XML",
            "--outdir",
            str(out),
            *sorted(str(path) for path in sources.iterdir()),
        ],
        check=True,
        capture_output=True,
        timeout=600,
    )
    return {path.stem.removeprefix("edit_"): path for path in out.iterdir()}


def _saved_by_libreoffice(path: Path) -> bool:
    with zipfile.ZipFile(path) as archive:
        return b"LibreOffice" in archive.read("docProps/app.xml")


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_a_workbook_saved_by_libreoffice_without_an_edit_comes_back_as_the_sample(
    sample: Path, resaved: dict[str, Path]
) -> None:
    path = resaved[sample.stem]
    assert _saved_by_libreoffice(path)
    with zipfile.ZipFile(path) as archive:
        steps = archive.read("xl/worksheets/sheet2.xml")
    # What made every such import fail before: TRUE and FALSE stored as formulas.
    assert re.search(rb"<f[^>]*>FALSE\(\)</f><v>0</v>", steps)
    assert read_workbook(path) == load(sample).journey


def test_edits_made_in_libreoffice_come_through(resaved: dict[str, Path]) -> None:
    back = read_workbook(resaved["analyst"])
    assert back == _analyst_expected(back)


def test_a_total_line_under_the_table_in_libreoffice_is_reported_not_imported(
    resaved: dict[str, Path],
) -> None:
    with pytest.raises(ExportError) as raised:
        read_workbook(resaved["total"])
    assert str(raised.value) == (
        "Touchpoints row 17: below the table, which ends at row 14 (row 15 is empty), so it "
        "would not be imported; delete it, or move it up into the table if it is a new row"
    )


def test_the_command_line_imports_a_libreoffice_workbook(
    resaved: dict[str, Path], tmp_path: Path
) -> None:
    out = tmp_path / "back.cjm"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "journeymapper",
            "import-xlsx",
            str(resaved["webshop_order"]),
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert load(out).journey == webshop()
