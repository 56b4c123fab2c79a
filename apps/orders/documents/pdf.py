"""PDFs of invoices, credit notes and packing slips (reportlab).

An invoice or credit note is drawn from its Invoice row only (the snapshot services.invoices
took), in the language it was issued in, with amounts and dates written as that language writes
them; the file carries no creation date (invariant), so rebuilding it gives the same bytes. Packing
slips are the warehouse's: lines, SKUs, bin locations and the address, never prices.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from xml.sax.saxutils import escape

from django.utils import formats, translation
from django.utils.translation import gettext as _
from django_countries import countries
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from ..models import Invoice, Order

_BASE = getSampleStyleSheet()
TEXT = ParagraphStyle("text", parent=_BASE["Normal"], fontName="Helvetica", fontSize=9, leading=12)
SMALL = ParagraphStyle("small", parent=TEXT, fontSize=8, leading=10, textColor=colors.HexColor("#4a5160"))
RIGHT = ParagraphStyle("right", parent=TEXT, alignment=TA_RIGHT)
BRAND = ParagraphStyle("brand", parent=TEXT, fontName="Helvetica-Bold", fontSize=18, leading=22)
TITLE = ParagraphStyle("title", parent=TEXT, fontName="Helvetica-Bold", fontSize=14, leading=18, spaceBefore=6)
HEAD = ParagraphStyle("head", parent=TEXT, fontName="Helvetica-Bold")
GRID = colors.HexColor("#dfe3ea")
SHADE = colors.HexColor("#f1f3f6")


def _p(text: object, style: ParagraphStyle = TEXT) -> Paragraph:
    """A paragraph of plain text (escaped: names and addresses are the users' own)."""
    return Paragraph(escape(str(text or "")).replace("\n", "<br/>"), style)


def amount(value: str | Decimal) -> str:
    """An amount as the active language writes it: 1.234,50 in French and German."""
    return formats.number_format(Decimal(value), 2, use_l10n=True, force_grouping=True)


def day(value: str) -> str:
    return formats.date_format(date.fromisoformat(value), "SHORT_DATE_FORMAT") if value else ""


def rate(value: str) -> str:
    return f"{formats.number_format(Decimal(value).normalize(), use_l10n=True)} %"


def _table(rows: list[list], widths: list[float], *, numeric_from: int, header: bool = True) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1 if header else 0)
    style = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("ALIGN", (numeric_from, 0), (-1, -1), "RIGHT"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, GRID),
        ("FONTNAME", (0, 0), (-1, -1), "Helvetica"),
        ("FONTSIZE", (0, 0), (-1, -1), 9),
    ]
    if header:
        style += [("BACKGROUND", (0, 0), (-1, 0), SHADE), ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold")]
    table.setStyle(TableStyle(style))
    return table


def _document(buffer: io.BytesIO, *, title: str, author: str) -> SimpleDocTemplate:
    return SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=16 * mm,
        title=title,
        author=author,
        creator=author,
        invariant=1,  # no creation date or random id: the same snapshot gives the same bytes
    )


def _address_lines(address: Mapping[str, str]) -> list[str]:
    name = " ".join(part for part in (address.get("first_name", ""), address.get("last_name", "")) if part)
    city = " ".join(part for part in (address.get("postal_code", ""), address.get("city", "")) if part)
    country = countries.name(address.get("country", "")) if address.get("country") else ""
    parts = [address.get("name", "") or name, address.get("company", ""), address.get("line1", "")]
    parts += [address.get("line2", ""), city, str(country)]
    return [part for part in parts if part]


# --- invoices and credit notes -------------------------------------------------------------------


def _seller_block(seller: Mapping[str, str]) -> list:
    lines = [seller.get("company", ""), seller.get("address", "")]
    if seller.get("vat_number"):
        lines.append(_("VAT number: %(number)s") % {"number": seller["vat_number"]})
    lines += [seller.get("email", ""), seller.get("phone", "")]
    return [
        _p(seller.get("store") or seller.get("company"), BRAND),
        _p("\n".join(line for line in lines if line), SMALL),
    ]


def _facts_table(invoice: Invoice) -> Table:
    totals = invoice.totals
    rows = [
        [_("Number"), invoice.number],
        [_("Date of issue"), day(totals.get("issue_date", ""))],
        [_("Date of supply"), day(totals.get("supply_date", ""))],
        [_("Order"), f"{totals.get('order_number', '')} ({day(totals.get('order_date', ''))})"],
    ]
    if invoice.kind == Invoice.Kind.CREDIT_NOTE:
        rows.append([_("Credits invoice"), totals.get("credits", "")])
    rows += [[_("Payment method"), totals.get("payment_method_label", "")]]
    if invoice.kind == Invoice.Kind.INVOICE:
        rows.append([_("Payment status"), totals.get("payment_status_label", "")])
    return Table([[_p(k, HEAD), _p(v)] for k, v in rows], colWidths=[38 * mm, 50 * mm])


def _buyer_block(buyer: Mapping[str, str]) -> list:
    lines = _address_lines(buyer) + [buyer.get("email", "")]
    if buyer.get("vat_number"):
        lines.append(_("VAT number: %(number)s") % {"number": buyer["vat_number"]})
    return [_p(_("Bill to"), HEAD), _p("\n".join(line for line in lines if line))]


def _lines_table(invoice: Invoice) -> Table:
    rows = [[_("Description"), _("SKU"), _("Qty"), _("Unit price"), _("VAT"), _("Discount"), _("Total")]]
    for line in invoice.lines:
        discount = Decimal(line.get("discount") or "0")
        rows.append(
            [
                _p(line["description"]),
                _p(line.get("sku", ""), SMALL),
                line["quantity"],
                amount(line["unit_price"]),
                rate(line["vat_rate"]),
                amount(discount) if discount else "",
                amount(line["total"]),
            ]
        )
    widths = [62 * mm, 24 * mm, 11 * mm, 20 * mm, 14 * mm, 18 * mm, 25 * mm]
    return _table(rows, widths, numeric_from=2)


def _totals_table(invoice: Invoice) -> Table:
    totals, currency = invoice.totals, invoice.totals.get("currency", "EUR")
    keys = [
        ("subtotal", _("Subtotal")),
        ("discount", _("Discount")),
        ("shipping", _("Shipping")),
        ("net", _("Total excl. VAT")),
        ("vat", _("VAT")),
        ("total", _("Total incl. VAT")),
        ("paid", _("Paid")),
        ("due", _("Amount due")),
    ]
    rows = [[label, f"{amount(totals[key])} {currency}"] for key, label in keys if key in totals]
    table = Table(rows, colWidths=[45 * mm, 35 * mm], hAlign="RIGHT")
    bold = [index for index, (key, _label) in enumerate(k for k in keys if k[0] in totals) if key == "total"]
    style = [("ALIGN", (1, 0), (1, -1), "RIGHT"), ("FONTSIZE", (0, 0), (-1, -1), 9)]
    style += [("FONTNAME", (0, i), (-1, i), "Helvetica-Bold") for i in bold]
    table.setStyle(TableStyle(style))
    return table


def _vat_table(invoice: Invoice) -> Table:
    rows = [[_("VAT rate"), _("Net"), _("VAT"), _("Gross")]]
    rows += [
        [rate(row["rate"]), amount(row["net"]), amount(row["vat"]), amount(row["gross"])]
        for row in invoice.vat_breakdown
    ]
    return _table(rows, [30 * mm, 30 * mm, 30 * mm, 30 * mm], numeric_from=1)


def _payment_text(invoice: Invoice) -> str:
    seller, totals = invoice.seller, invoice.totals
    if invoice.kind == Invoice.Kind.CREDIT_NOTE:
        text = _("This credit note cancels %(amount)s %(currency)s of invoice %(invoice)s; the amount is refunded.") % {
            "amount": amount(totals["total"].lstrip("-")),
            "currency": totals.get("currency", "EUR"),
            "invoice": totals.get("credits", ""),
        }
        reason = totals.get("refund_reason")
        return f"{text}\n{_('Reason: %(reason)s') % {'reason': reason}}" if reason else text
    if Decimal(totals.get("due", "0")) <= 0:
        return _("Paid in full. Thank you for your order.")
    text = _("Please pay %(amount)s %(currency)s by %(date)s, with the reference %(reference)s.") % {
        "amount": amount(totals["due"]),
        "currency": totals.get("currency", "EUR"),
        "date": day(totals.get("due_date", "")),
        "reference": totals.get("order_number", ""),
    }
    if seller.get("iban"):
        bank = _("IBAN: %(iban)s") % {"iban": seller["iban"]}
        if seller.get("bic"):
            bank += " · " + _("BIC: %(bic)s") % {"bic": seller["bic"]}
        holder = _("Account holder: %(name)s") % {"name": seller.get("account_holder", "")}
        text = f"{text}\n{holder}\n{bank}"
    return text


def _footer(seller: Mapping[str, str]) -> str:
    parts = [seller.get("company", "")]
    if seller.get("vat_number"):
        parts.append(_("VAT number: %(number)s") % {"number": seller["vat_number"]})
    if seller.get("iban"):
        parts.append(_("IBAN: %(iban)s") % {"iban": seller["iban"]})
    return " · ".join(part for part in parts if part)


def invoice_pdf(invoice: Invoice) -> bytes:
    """The invoice or credit note as a PDF, in its language."""
    buffer = io.BytesIO()
    with translation.override(invoice.language):
        title = _("Credit note") if invoice.kind == Invoice.Kind.CREDIT_NOTE else _("Invoice")
        seller = invoice.seller
        story = [
            Table(
                [[_seller_block(seller), _facts_table(invoice)]],
                colWidths=[86 * mm, 88 * mm],
                style=[("VALIGN", (0, 0), (-1, -1), "TOP")],
            ),
            Spacer(1, 6 * mm),
            _p(f"{title} {invoice.number}", TITLE),
            Spacer(1, 3 * mm),
            *_buyer_block(invoice.buyer),
            Spacer(1, 6 * mm),
            _lines_table(invoice),
            Spacer(1, 4 * mm),
            _totals_table(invoice),
            Spacer(1, 6 * mm),
            KeepTogether([_p(_("VAT breakdown"), HEAD), Spacer(1, 2 * mm), _vat_table(invoice)]),
            Spacer(1, 6 * mm),
            _p(_payment_text(invoice)),
            Spacer(1, 8 * mm),
            _p(_footer(seller), SMALL),
        ]
        author = seller.get("store") or seller.get("company", "")
        _document(buffer, title=f"{title} {invoice.number}", author=author).build(story)
    return buffer.getvalue()


# --- packing slips -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Slip:
    """One order's packing slip: the order with its lines, and the bin of each variant."""

    order: Order
    bins: Mapping[int, str]


def _slip_story(slip: Slip, store_name: str) -> list:
    order = slip.order
    head = [
        [_p(store_name, BRAND), _p(_("Packing slip"), TITLE)],
        [
            _p(_("Order %(number)s") % {"number": order.number}, HEAD),
            _p(day(order.placed_at.date().isoformat()), RIGHT),
        ],
    ]
    if order.is_pickup:
        where = [_p(_("Click and collect"), HEAD), _p(order.customer_name or order.email)]
    else:
        where = [_p(_("Ship to"), HEAD), _p("\n".join(_address_lines(order.shipping_address)))]
    rows = [[_("Bin"), _("SKU"), _("Product"), _("Ordered"), _("To pack")]]
    for line in order.lines.all():
        title = f"{line.product_title} – {line.variant_title}" if line.variant_title else line.product_title
        rows.append(
            [
                _p(slip.bins.get(line.variant_id or 0, ""), SMALL),
                _p(line.sku, SMALL),
                _p(title),
                str(line.quantity),
                str(line.quantity_unfulfilled),
            ]
        )
    story = [
        Table(head, colWidths=[110 * mm, 64 * mm], style=[("ALIGN", (1, 0), (1, -1), "RIGHT")]),
        Spacer(1, 5 * mm),
        *where,
        _p(order.shipping_method_name, SMALL),
        Spacer(1, 5 * mm),
        _table(rows, [22 * mm, 30 * mm, 86 * mm, 18 * mm, 18 * mm], numeric_from=3),
    ]
    if order.note:
        story += [Spacer(1, 5 * mm), _p(_("Customer note"), HEAD), _p(order.note)]
    return story


def packing_slips_pdf(slips: Iterable[Slip], *, store_name: str) -> bytes:
    """One PDF with a packing slip per order, each on its own page(s), each in its order's language."""
    buffer = io.BytesIO()
    story: list = []
    for slip in slips:
        if story:
            story.append(PageBreak())
        with translation.override(slip.order.language):
            story += _slip_story(slip, store_name)
    title = _("Packing slips")
    _document(buffer, title=title, author=store_name).build(story or [_p(title)])
    return buffer.getvalue()
