"""The task-allocation table (任务分工表) and each unit's list (责任清单): CSV, Markdown, .xlsx.

CSV is UTF-8 with a BOM and CRLF line ends: without the BOM, Excel on a Chinese Windows reads
the file as GBK and shows mojibake. The table has exactly the five columns offices circulate.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import TYPE_CHECKING

from rcheck.graph import TaskRow, UnitDuty

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

TABLE_COLUMNS = ("序号", "工作任务", "牵头单位", "配合单位", "完成时限")
UNIT_COLUMNS = ("单位", "职责", "序号", "工作任务", "完成时限")
_ROLE_LEAD, _ROLE_CO = "牵头", "配合"
# Column widths in Excel's character units (a Han character is about two).
_TABLE_WIDTHS = (6, 64, 22, 34, 18)
_UNIT_WIDTHS = (22, 8, 6, 64, 18)


def duty_cells(duties: Sequence[UnitDuty]) -> list[list[str]]:
    """Rows of the per-unit view: each unit's led measures, then those it co-operates on."""
    out = []
    for duty in duties:
        for role, rows in ((_ROLE_LEAD, duty.lead), (_ROLE_CO, duty.co)):
            for row in rows:
                out.append([duty.unit, role, str(row.index), row.task, row.due])
    return out


def to_csv(rows: Sequence[TaskRow], duties: Sequence[UnitDuty] | None = None) -> bytes:
    """The table (or, given `duties`, the per-unit view) as UTF-8-with-BOM CSV bytes."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    if duties is None:
        writer.writerow(TABLE_COLUMNS)
        writer.writerows(row.cells() for row in rows)
    else:
        writer.writerow(UNIT_COLUMNS)
        writer.writerows(duty_cells(duties))
    return buf.getvalue().encode("utf-8-sig")


def _cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", "<br>")


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    out = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    out.extend("| " + " | ".join(_cell(c) for c in row) + " |" for row in rows)
    return out


def to_markdown(rows: Sequence[TaskRow], duties: Sequence[UnitDuty], paths: Sequence[str], *,
                table: bool = True, by_unit: bool = True) -> str:
    """The table and, after it, each unit's list; `table`/`by_unit` leave one out."""
    out: list[str] = []
    if len(paths) > 1:
        out += ["来源 (sources): " + "、".join(f"`{p}`" for p in paths), ""]
    if table:
        out += ["## 任务分工表 (task allocation)", ""]
        out += _table(TABLE_COLUMNS, [row.cells() for row in rows])
        out.append("")
    if by_unit:
        out += ["## 各单位责任清单 (duties by unit)", ""]
        counts = "；".join(f"{d.unit}：牵头{len(d.lead)}项、配合{len(d.co)}项" for d in duties)
        if counts:
            out += [counts + "。", ""]
        out += _table(UNIT_COLUMNS, duty_cells(duties))
        out.append("")
    return "\n".join(out)


def to_xlsx(rows: Sequence[TaskRow], duties: Sequence[UnitDuty]) -> bytes:
    """A workbook: sheet 任务分工表 (the five columns) and sheet 责任清单 (per unit)."""
    from openpyxl import Workbook

    wb = Workbook()
    table = wb.active
    table.title = "任务分工表"
    fill_sheet(table, TABLE_COLUMNS, [_typed(row.cells()) for row in rows], _TABLE_WIDTHS)
    units = wb.create_sheet("责任清单")
    fill_sheet(units, UNIT_COLUMNS, [_typed(r, index_at=2) for r in duty_cells(duties)], _UNIT_WIDTHS)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _typed(cells: list[str], index_at: int = 0) -> list[str | int]:
    """序号 as a number, so Excel sorts 10 after 9."""
    out: list[str | int] = list(cells)
    out[index_at] = int(cells[index_at])
    return out


def fill_sheet(sheet: Worksheet, header: Sequence[str], rows: Sequence[Sequence[str | int]],
                widths: Sequence[int]) -> None:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    thin = Side(style="thin", color="808080")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    sheet.append(list(header))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="D9E1F2")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = border
    for row in rows:
        sheet.append(list(row))
    body = Alignment(vertical="top", wrap_text=True)
    for line in sheet.iter_rows(min_row=2):
        for cell in line:
            cell.alignment = body
            cell.border = border
    for k, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(k)].width = width
    sheet.freeze_panes = "A2"
    if rows:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(header))}{len(rows) + 1}"
