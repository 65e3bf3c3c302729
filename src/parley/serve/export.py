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
#: Fields whose shape varies from record to record: JSON text in Parquet.
PARQUET_AS_JSON = ("tone", "topics_by_side", "related", "corrections", "raised_by", "value",
                   "previous", "readouts")
MEDIA_TYPES = {"jsonl": "application/x-ndjson", "csv": "text/csv; charset=utf-8",
               "parquet": "application/vnd.apache.parquet"}


def _flat(value: Any) -> Any:
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return value


def _columns(records: Sequence[dict[str, Any]]) -> list[str]:
    """Every field any record has, in first-seen order."""
    fields: dict[str, None] = {}
    for r in records:
        fields.update(dict.fromkeys(r))
    return list(fields)


def _write_csv(records: Sequence[dict[str, Any]], stream: IO[str]) -> None:
    writer = csv.DictWriter(stream, fieldnames=_columns(records))
    writer.writeheader()
    for r in records:
        writer.writerow({k: _flat(v) for k, v in r.items()})


def _parquet_table(records: Sequence[dict[str, Any]]) -> Any:
    import pyarrow as pa

    columns = _columns(records)
    rows = [{k: _flat(r.get(k)) if k in PARQUET_AS_JSON else r.get(k) for k in columns}
            for r in records]
    return pa.Table.from_pylist(rows) if rows else pa.table({})


def records_to_bytes(records: Sequence[dict[str, Any]], fmt: str) -> bytes:
    """The records as one JSONL, CSV or Parquet document (for downloads)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if fmt == "parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        sink = pa.BufferOutputStream()
        pq.write_table(_parquet_table(records), sink)
        return bytes(sink.getvalue().to_pybytes())
    buf = io.StringIO(newline="")
    if fmt == "jsonl":
        buf.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    else:
        _write_csv(records, buf)
    return buf.getvalue().encode("utf-8")


def write_records(records: Sequence[dict[str, Any]], fmt: str, output: str | None) -> int:
    """Write records to ``output`` (``None`` or ``-`` means stdout); returns the count."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if fmt == "parquet":
        if not output or output == "-":
            raise ValueError("parquet needs --output FILE")
        import pyarrow.parquet as pq

        Path(output).parent.mkdir(parents=True, exist_ok=True)
        pq.write_table(_parquet_table(records), output)
        return len(records)
    if not output or output == "-":
        sys.stdout.write(records_to_bytes(records, fmt).decode("utf-8"))
        return len(records)
    Path(output).parent.mkdir(parents=True, exist_ok=True)
    with open(output, "w", encoding="utf-8", newline="") as stream:
        if fmt == "jsonl":
            stream.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
        else:
            _write_csv(records, stream)
    return len(records)
