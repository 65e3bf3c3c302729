"""Write records to JSON Lines, CSV or Parquet.

Nested fields (participants, sources, tone) stay nested in JSONL and Parquet;
in CSV they are JSON-encoded in their cell so no information is lost.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any

FORMATS = ("jsonl", "csv", "parquet")


def _flat(value: Any) -> Any:
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return value


def write_records(records: Sequence[dict[str, Any]], fmt: str, output: str | None) -> int:
    """Write records to ``output`` (``None`` or ``-`` means stdout); returns the count."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if fmt == "parquet":
        if not output or output == "-":
            raise ValueError("parquet needs --output FILE")
        import pyarrow as pa
        import pyarrow.parquet as pq

        rows = [{k: _flat(v) if k in ("tone", "topics_by_side", "related") else v
                 for k, v in r.items()} for r in records]
        table = pa.Table.from_pylist(rows) if rows else pa.table({})
        Path(output).parent.mkdir(parents=True, exist_ok=True)
        pq.write_table(table, output)
        return len(records)
    stream: IO[str]
    close = False
    if not output or output == "-":
        stream = sys.stdout
    else:
        Path(output).parent.mkdir(parents=True, exist_ok=True)
        stream = open(output, "w", encoding="utf-8", newline="")  # noqa: SIM115 - closed below
        close = True
    try:
        if fmt == "jsonl":
            stream.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
        else:
            fields: list[str] = []
            for r in records:
                fields.extend(k for k in r if k not in fields)
            buf = io.StringIO() if stream is sys.stdout else stream
            writer = csv.DictWriter(buf, fieldnames=fields)
            writer.writeheader()
            for r in records:
                writer.writerow({k: _flat(v) for k, v in r.items()})
            if isinstance(buf, io.StringIO):
                stream.write(buf.getvalue())
    finally:
        if close:
            stream.close()
    return len(records)
