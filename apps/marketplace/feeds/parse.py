"""Reading a feed file: its encoding, delimiter and format (Google Shopping as Letzshop uses it,
or a Shopify product CSV), then every row checked and turned into one normalised row (the
StagingProduct fields, in ROW_FIELDS order) or a Rejected line (row number, column, reason, value).

Row numbers are the spreadsheet's: the header is row 1, the first product row 2."""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from operator import itemgetter
from typing import IO

from charset_normalizer import from_bytes
from django.utils.translation import gettext as _

from apps.core.errors import ValidationFailed

from ..errors import MarketplaceErrorCode as Code
from .checks import RAW_FIELDS, ROW_FIELDS, Rejected, normalise
from .shopify import shopify_rows

SAMPLE = 1024 * 1024
DELIMITERS = "\t,;|"
GOOGLE_REQUIRED = ("id", "title", "price")
SHOPIFY_REQUIRED = ("handle", "title", "variant price")
# other names some feeds give a Google column
GOOGLE_ALIASES = {"colour": "color", "shipping_weight": "weight", "product_weight": "weight"}
SINGLE_BYTE = ("cp125", "latin", "iso8859", "mac_", "cp8", "cp4", "koi8", "tis", "ascii")


@dataclass
class FeedFile:
    """A feed opened for reading: what was detected, and its rows."""

    format: str
    encoding: str
    delimiter: str
    columns: list[str]
    missing: list[str]
    _reader: Iterator[list[str]] = field(repr=False)

    def raw_rows(self, limit: int) -> list[dict[str, str]]:
        rows = []
        for values in self._reader:
            if len(rows) >= limit:
                break
            rows.append(dict(zip(self.columns, values, strict=False)))
        return rows

    def rows(self) -> Iterator[tuple | Rejected]:
        """Every product row: a normalised tuple (ROW_FIELDS) or a Rejected."""
        index = {name: i for i, name in enumerate(_normal(c) for c in self.columns)}
        source = shopify_rows(self._reader, index) if self.format == "shopify" else google_rows(self._reader, index)
        seen: dict[str, int] = {}
        for number, item in source:
            if isinstance(item, Rejected):
                yield item
                continue
            first = seen.setdefault(item[0], number)
            if first != number:
                yield Rejected(number, "id", _("duplicate id (first on row %(row)s)") % {"row": first}, item[0])
                continue
            yield item


def _normal(column: str) -> str:
    name = column.strip().lower()
    name = name.removeprefix("g:")
    return GOOGLE_ALIASES.get(name, name)


def detect_encoding(fh: IO[bytes]) -> str:
    """The file's encoding: its BOM, else UTF-8 if all of it decodes, else charset-normalizer's
    guess (single-byte guesses are taken as cp1252, what Western European files are written in;
    latin-1 if even that fails). The file is left at its start."""
    head = fh.read(SAMPLE)
    fh.seek(0)
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if _decodes(fh, "utf-8"):
        return "utf-8"
    best = from_bytes(head).best()
    guess = best.encoding if best is not None else "cp1252"
    if guess.startswith(SINGLE_BYTE) or guess.startswith("utf"):
        guess = "cp1252"
    for encoding in (guess, "cp1252"):
        if _decodes(fh, encoding):
            return encoding
    return "latin-1"


def _decodes(fh: IO[bytes], encoding: str) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)()
    try:
        for chunk in iter(lambda: fh.read(SAMPLE), b""):
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except (UnicodeDecodeError, LookupError):
        return False
    finally:
        fh.seek(0)
    return True


def detect_delimiter(header: str) -> str:
    try:
        return csv.Sniffer().sniff(header, delimiters=DELIMITERS).delimiter
    except csv.Error:
        counts = {d: header.count(d) for d in DELIMITERS}
        best = max(counts, key=counts.get)
        return best if counts[best] else "\t"


def feed_open(fh: IO[bytes], *, expected_format: str = "auto") -> FeedFile:
    """Open a feed (binary, seekable) and detect what it is; ValidationFailed when its header
    lacks required columns or it is not a feed at all."""
    encoding = detect_encoding(fh)
    text = io.TextIOWrapper(fh, encoding=encoding, newline="", errors="replace")
    header_line = text.readline()
    if not header_line.strip():
        raise ValidationFailed(_("The feed is empty."), code=Code.FEED_NOT_A_FEED)
    delimiter = detect_delimiter(header_line)
    columns = next(csv.reader([header_line], delimiter=delimiter))
    columns = [c.strip() for c in columns]
    names = {_normal(c) for c in columns}
    fmt = expected_format if expected_format in ("google", "shopify") else _format_of(names)
    required = SHOPIFY_REQUIRED if fmt == "shopify" else GOOGLE_REQUIRED
    missing = [name for name in required if name not in names]
    if len(missing) == len(required):
        raise ValidationFailed(
            _("This file is not a product feed: none of its columns is one a feed has (id, title, price)."),
            code=Code.FEED_NOT_A_FEED,
        )
    reader = csv.reader(text, delimiter=delimiter)
    return FeedFile(fmt, encoding, delimiter, columns, missing, reader)


def _format_of(names: set[str]) -> str:
    return "shopify" if "handle" in names and ("variant price" in names or "variant sku" in names) else "google"


def columns_missing_error(missing: list[str]) -> ValidationFailed:
    return ValidationFailed(
        _("The feed lacks required columns: %(columns)s.") % {"columns": ", ".join(missing)},
        code=Code.FEED_COLUMNS_MISSING,
        fields={"columns": missing},
    )


def google_rows(reader: Iterator[list[str]], index: dict[str, int]) -> Iterator[tuple[int, tuple | Rejected]]:
    width = max(index.values(), default=0) + 1
    # a column the file lacks reads the empty value appended at `width`
    pick = itemgetter(*(index.get(name, width) for name in RAW_FIELDS))
    padding = [""] * (width + 1)
    for number, values in enumerate(reader, start=2):
        if len(values) <= width:
            if not any(values):
                continue
            values = values + padding[len(values) :]
        else:
            values.append("")
        yield number, normalise(number, pick(values))


__all__ = ["ROW_FIELDS", "Rejected", "feed_open", "columns_missing_error"]
