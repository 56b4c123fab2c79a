"""Reading feed files: encodings, delimiters, both formats, values as merchants write them."""

import codecs
import io
from decimal import Decimal

import pytest

from apps.core.errors import ValidationFailed
from apps.marketplace.feeds.checks import RAW_FIELDS, ROW_FIELDS, Rejected, normalise
from apps.marketplace.feeds.parse import feed_open
from apps.marketplace.feeds.values import BadValue, availability_read, price_read, text_read
from tools.letzshop_sandbox import LetzshopSandbox

from .feeds import google_file, row


def rows_of(data: bytes, **kwargs):
    feed = feed_open(io.BytesIO(data), **kwargs)
    return feed, list(feed.rows())


def as_dict(values) -> dict:
    return dict(zip(ROW_FIELDS, values, strict=True))


@pytest.mark.parametrize(
    ("text", "amount", "currency"),
    [
        ("12.50 EUR", "12.50", "EUR"),
        ("12,50 EUR", "12.50", "EUR"),
        ("EUR 12.50", "12.50", "EUR"),
        ("1.234,50", "1234.50", "EUR"),
        ("1,234.50 USD", "1234.50", "USD"),
        ("€ 9,90", "9.90", "EUR"),
        ("15", "15.00", "EUR"),
    ],
)
def test_prices_as_merchants_write_them(text, amount, currency):
    assert price_read(text) == (Decimal(amount), currency)


@pytest.mark.parametrize("text", ["abc", "12.50.EUR.x", "-3 EUR", ""])
def test_bad_prices_are_refused(text):
    with pytest.raises(BadValue):
        price_read(text)


@pytest.mark.parametrize(
    ("word", "value"),
    [
        ("in stock", "in_stock"),
        ("En stock", "in_stock"),
        ("auf Lager", "in_stock"),
        ("out of stock", "out_of_stock"),
        ("rupture de stock", "out_of_stock"),
        ("nicht auf Lager", "out_of_stock"),
        ("preorder", "preorder"),
        ("", "in_stock"),
    ],
)
def test_availability_words_in_three_languages(word, value):
    assert availability_read(word) == value


def test_html_descriptions_become_plain_text():
    assert text_read("<p>Fine <b>mug</b> &amp; saucer</p><script>x()</script>") == "Fine mug & saucer"


@pytest.mark.parametrize("delimiter", ["\t", ",", ";", "|"])
def test_delimiters_are_detected(delimiter):
    content = google_file([row("A1", title="Mug"), row("A2", title="Bowl")], delimiter=delimiter)
    feed, rows = rows_of(content.encode())
    assert feed.delimiter == delimiter and feed.missing == []
    assert [as_dict(r)["title"] for r in rows] == ["Mug", "Bowl"]


def test_latin1_and_cp1252_files_are_read():
    content = google_file([row("A1", title="Crème brûlée – Größe", description="Très bon")], delimiter=";")
    feed, rows = rows_of(content.encode("cp1252"))
    assert feed.encoding == "cp1252"
    assert as_dict(rows[0])["title"] == "Crème brûlée – Größe"
    feed, rows = rows_of(google_file([row("A1", title="Café")]).encode("latin-1"))
    assert as_dict(rows[0])["title"] == "Café"


def test_bom_is_taken_off():
    feed, rows = rows_of(codecs.BOM_UTF8 + google_file([row("A1")]).encode())
    assert feed.encoding == "utf-8-sig" and feed.columns[0] == "id"
    assert as_dict(rows[0])["feed_id"] == "A1"


def test_missing_required_columns_are_listed():
    feed = feed_open(io.BytesIO(b"id\ttitle\tbrand\nA1\tMug\tX\n"))
    assert feed.missing == ["price"]


def test_a_file_that_is_no_feed_is_refused():
    with pytest.raises(ValidationFailed) as caught:
        feed_open(io.BytesIO(b"hello\tworld\n1\t2\n"))
    assert caught.value.code == "feed_not_a_feed"


def test_rows_are_checked_and_duplicates_rejected():
    content = google_file(
        [
            row("A1", price="12,50 EUR", availability="auf Lager", gtin="4006381333931"),
            row("A1", title="Again"),
            row("", title="No id"),
            row("A3", title=""),
            row("A4", availability="maybe"),
            row("A5", gtin="12ab"),
            row("A6", image_link="ftp://x/y.jpg"),
            row("A7", description="<p>Fine <i>mug</i></p>"),
        ]
    )
    _feed, rows = rows_of(content.encode())
    good = [as_dict(r) for r in rows if not isinstance(r, Rejected)]
    rejected = [(r.row_number, r.column) for r in rows if isinstance(r, Rejected)]
    assert [g["feed_id"] for g in good] == ["A1", "A7"]
    assert good[0]["price"] == Decimal("12.50") and good[0]["availability"] == "in_stock"
    assert good[1]["description"] == "Fine mug"
    assert rejected == [(3, "id"), (4, "id"), (5, "title"), (6, "availability"), (7, "gtin"), (8, "image_link")]


def test_shopify_export_becomes_one_row_per_variant():
    sandbox = LetzshopSandbox()
    sandbox.start()
    try:
        text = sandbox.shopify_feed()
    finally:
        sandbox.stop()
    feed, rows = rows_of(text.encode())
    assert feed.format == "shopify" and feed.delimiter == ","
    good = [as_dict(r) for r in rows if not isinstance(r, Rejected)]
    assert len(good) == len(sandbox.catalogue)
    first = sandbox.catalogue[0]
    product = next(g for g in good if g["feed_id"] == first.sku)
    assert product["item_group_id"] == first.group.lower()
    assert product["gtin"] == first.gtin and product["brand"] == first.brand
    assert product["title"].startswith(first.titles["en"].split(" – ")[0])
    # variant rows after the first take the product's title and description
    same_group = [g for g in good if g["item_group_id"] == first.group.lower()]
    assert len(same_group) > 1 and all(g["description"] == same_group[0]["description"] for g in same_group)


def test_shopify_compare_at_price_makes_a_sale():
    content = (
        "Handle,Title,Body (HTML),Vendor,Option1 Name,Option1 Value,Variant SKU,Variant Price,"
        "Variant Compare At Price,Variant Inventory Qty,Variant Grams,Image Src\n"
        "mug,Mug,<p>A mug</p>,Acme,Color,Blue,MUG-B,8.00,10.00,0,300,https://example.lu/m.jpg\n"
        "mug,,,,,Red,,9.00,,4,300,\n"
        "mug,,,,,,,,,,,https://example.lu/m2.jpg\n"
    )
    _feed, rows = rows_of(content.encode())
    first, second = (as_dict(r) for r in rows)
    assert (first["feed_id"], first["price"], first["sale_price"]) == ("MUG-B", Decimal("10.00"), Decimal("8.00"))
    assert first["availability"] == "out_of_stock" and first["color"] == "Blue" and first["weight_grams"] == 300
    assert second["feed_id"] == "mug-Red" and second["title"] == "Mug – Red" and second["color"] == "Red"
    assert second["image_link"] == "https://example.lu/m.jpg"


def _raw(**values) -> tuple[str, ...]:
    base = {"id": "A1", "title": "Mug", "price": "12.50 EUR", "availability": "in stock"}
    return tuple({**base, **values}.get(name, "") for name in RAW_FIELDS)


@pytest.mark.parametrize(
    ("values", "column"),
    [
        ({"price": "  "}, "price"),
        ({"price": "cheap"}, "price"),
        ({"sale_price": "x", "gtin": "12"}, "sale_price"),
        ({"gtin": "12", "link": "ftp://x"}, "gtin"),
        ({"link": "ftp://x", "image_link": "ftp://y"}, "link"),
        ({"availability": "maybe", "link": "ftp://x"}, "availability"),
        ({"additional_image_link": "https://a/1.jpg,ftp://b"}, "additional_image_link"),
    ],
)
def test_normalise_names_the_first_bad_value(values, column):
    refused = normalise(2, _raw(**values))
    assert isinstance(refused, Rejected) and refused.column == column


def test_normalise_reads_unusual_values_as_the_readers_do():
    values = as_dict(
        normalise(
            2,
            _raw(link=" https://a.lu/x\t", image_link="https://a.lu/y.jpg ", gtin="400-1234-56789-0", availability=""),
        )
    )
    assert values["link"] == "https://a.lu/x" and values["image_link"] == "https://a.lu/y.jpg"
    assert values["gtin"] == "4001234567890" and values["availability"] == "in_stock"
    assert values["price"] == Decimal("12.50") and values["currency"] == "EUR"
