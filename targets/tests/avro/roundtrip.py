"""Parses every `<name>.avsc` in a folder with Apache Avro's Python
implementation and round-trips `<name>.example.json` (weft's JSON example
of the same payload) through it: the JSON value is turned into Avro's datum
form (decimal strings to Decimal, ISO dates and timestamps to date/datetime,
base64 to bytes), written with DatumWriter, read back with DatumReader, and
compared with what was written. Prints one line per file; exits 1 on the
first failure."""

import base64
import datetime
import decimal
import io
import json
import pathlib
import sys

import avro.io
import avro.schema


def to_datum(schema, value):
    """weft's JSON form of a value → Avro's datum form for `schema`."""
    kind = schema.type
    logical = getattr(schema, "logical_type", None) or schema.props.get("logicalType")
    if kind == "union":
        if value is None:
            return None
        branches = [b for b in schema.schemas if b.type != "null"]
        assert len(branches) == 1, "weft writes only [null, T] unions"
        return to_datum(branches[0], value)
    if kind == "record":
        # weft's examples leave out fields that have a default; Avro's
        # writer needs every field, so those take the schema's default.
        return {
            f.name: to_datum(f.type, value[f.name])
            if f.name in value
            else from_default(f.type, f.default)
            for f in schema.fields
        }
    if kind == "array":
        return [to_datum(schema.items, item) for item in value]
    if kind == "map":
        return {key: to_datum(schema.values, item) for key, item in value.items()}
    if logical == "decimal":
        return decimal.Decimal(value)
    if logical == "date":
        return datetime.date.fromisoformat(value)
    if logical in ("timestamp-millis", "timestamp-micros"):
        return datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    if kind == "bytes":
        return base64.b64decode(value)
    return value


def from_default(schema, value):
    """A default in Avro's JSON form (the spec's table) → datum form."""
    kind = schema.type
    logical = getattr(schema, "logical_type", None) or schema.props.get("logicalType")
    if kind == "union":
        return from_default(schema.schemas[0], value)
    if kind == "record":
        return {f.name: from_default(f.type, value[f.name]) for f in schema.fields}
    if kind == "array":
        return [from_default(schema.items, item) for item in value]
    if logical == "decimal":
        unscaled = int.from_bytes(value.encode("latin-1"), "big", signed=True)
        return decimal.Decimal(unscaled).scaleb(-schema.props["scale"])
    if kind == "bytes":
        return value.encode("latin-1")
    return value


def normal(value):
    """Compares decimals by value and instants in UTC."""
    if isinstance(value, dict):
        return {key: normal(item) for key, item in value.items()}
    if isinstance(value, list):
        return [normal(item) for item in value]
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.timezone.utc)
    if isinstance(value, decimal.Decimal):
        return value.normalize()
    return str(value) if type(value).__name__ == "UUID" else value


def main(folder):
    files = sorted(pathlib.Path(folder).glob("*.avsc"))
    if not files:
        print("no .avsc files")
        return 1
    for path in files:
        schema = avro.schema.parse(path.read_text())
        example = json.loads(path.with_suffix(".example.json").read_text())
        datum = to_datum(schema, example)
        buffer = io.BytesIO()
        avro.io.DatumWriter(schema).write(datum, avro.io.BinaryEncoder(buffer))
        buffer.seek(0)
        read = avro.io.DatumReader(schema, schema).read(avro.io.BinaryDecoder(buffer))
        if normal(read) != normal(datum):
            print(f"{path.name}: read back differs\n  wrote {datum!r}\n  read  {read!r}")
            return 1
        print(f"{path.name}: parsed, {len(buffer.getvalue())} bytes round-tripped")
    print(f"{len(files)} schemas, 0 problems")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
