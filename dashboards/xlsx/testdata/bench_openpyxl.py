#!/usr/bin/env python3
"""The openpyxl side of the Excel pack benchmark (issue 9): write the ticket rows of a CSV to an
XLSX workbook with openpyxl in write-only mode, as fast as openpyxl goes, for comparison with
the Go writer (dashboards/xlsx, driven by testdata/packbench) on the same CSV.

    /usr/bin/python3 bench_openpyxl.py tickets.csv out.xlsx

The CSV is the one `go run ./dashboards/xlsx/testdata/packbench -gen N -csv tickets.csv`
writes: a header of NAME|UNIT columns (unit: empty for text, count, percent, hours, score,
number, date, datetime), datetimes as YYYY-MM-DD HH:MM:SS, an empty field for no value.
Values are written typed (numbers as numbers, datetimes as dates with openpyxl's default
date format); text is stripped of the characters XML cannot hold and a text starting with
"=" is forced to a string cell, as the Go writer does (openpyxl would write it as a formula).
Uses Debian's python3-openpyxl; prints rows and seconds on stderr.
"""
import csv
import sys
import time
from datetime import datetime

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE


def converter(unit):
    if unit in ("count",):
        return lambda s: int(s) if s else None
    if unit in ("percent", "hours", "score", "number"):
        return lambda s: float(s) if s else None
    if unit == "datetime":
        return lambda s: datetime.strptime(s, "%Y-%m-%d %H:%M:%S") if s else None
    if unit == "date":
        return lambda s: datetime.strptime(s[:10], "%Y-%m-%d") if s else None
    return None  # text


def main(src, dst):
    start = time.monotonic()
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Tickets")
    n = 0
    with open(src, newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        header = next(reader)
        names = [h.split("|", 1)[0] for h in header]
        convs = [converter(h.split("|", 1)[1] if "|" in h else "") for h in header]
        ws.append(names)
        for rec in reader:
            row = []
            for conv, s in zip(convs, rec):
                if conv is not None:
                    row.append(conv(s))
                    continue
                if not s:
                    row.append(None)
                    continue
                s = ILLEGAL_CHARACTERS_RE.sub("\ufffd", s)
                if s[0] == "=":
                    c = WriteOnlyCell(ws, value=s)
                    c.data_type = "s"
                    row.append(c)
                else:
                    row.append(s)
            ws.append(row)
            n += 1
    wb.save(dst)
    print(f"openpyxl: {n} rows in {time.monotonic() - start:.2f} s", file=sys.stderr)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: bench_openpyxl.py tickets.csv out.xlsx")
    main(sys.argv[1], sys.argv[2])
