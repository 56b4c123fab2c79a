"""The order e-mails: to the customer when an order is placed, paid, shipped, cancelled or
refunded, and the merchant's notice of a new order. Each comes from the store (its name, never the
platform's: apps.accounts.mail), in the order's language (the merchant's notice in the store's),
with a text part and an HTML part, and is written on the order's timeline. Sent by the tasks in
apps.orders.tasks after the change has committed; a task run twice (a worker lost after sending)
sends once, as the timeline says it went already."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from apps.accounts.mail import Sender, mail_finish, mail_sender

from ..models import CheckoutSettings, Order, OrderEvent, Refund
from ..models.orders import Channel, PaymentStatus
from ..models.settings import PaymentMethod
from ..services.events import order_event_add
from ..services.invoices import invoice_issue
from ..types import StoreRef
from .pdf import invoice_pdf

PLACED, PAID, SHIPPED, CANCELLED, REFUNDED, NOTICE = "placed", "paid", "shipped", "cancelled", "refunded", "notice"
CUSTOMER_KINDS = (PLACED, PAID, SHIPPED, CANCELLED, REFUNDED)


@dataclass(frozen=True)
class Mail:
    to: str
    language: str
    context: dict[str, Any]
    attachments: tuple[tuple[str, bytes, str], ...] = ()


def _sent_before(order: Order, kind: str, ref: int | None) -> bool:
    return OrderEvent.objects.filter(order=order, kind=OrderEvent.Kind.EMAIL, data__email=kind, data__ref=ref).exists()


def _bank(store: StoreRef, order: Order) -> dict[str, str] | None:
    """Where to pay a bank transfer order still unpaid: IBAN, holder, the order number as reference."""
    if order.payment_method != PaymentMethod.BANK_TRANSFER or order.balance_due <= 0:
        return None
    config = CheckoutSettings.objects.filter(store_id=store.id).first()
    if config is None or not config.iban:
        return None
    return {
        "iban": config.iban,
        "bic": config.bic,
        "holder": config.account_holder or store.merchant.name,
        "reference": order.number,
        "amount": order.balance_due,
    }


def _pickup(store: StoreRef, order: Order) -> dict[str, str] | None:
    if not order.is_pickup:
        return None
    method = order.shipping_method
    return {
        "instructions": method.pickup_instructions if method is not None else "",
        "address": getattr(store, "address", ""),
        "pay_at_pickup": order.payment_method == PaymentMethod.PAY_AT_PICKUP and order.balance_due > 0,
    }


def _context(store: StoreRef, order: Order, sender: Sender) -> dict[str, Any]:
    return {
        "store": store,
        "store_name": sender.name,
        "store_url": sender.url,
        "order": order,
        "lines": list(order.lines.all()),
        "bank": None,
        "pickup": None,
    }


def _customer_mail(store: StoreRef, order: Order, kind: str, ref: int | None, sender: Sender) -> Mail | None:
    # the marketplace writes to its customers; a walk-in at the till has a reserved .invalid address
    if order.channel == Channel.LETZSHOP or not order.email or order.email.endswith(".invalid"):
        return None
    context = _context(store, order, sender)
    attachments: tuple = ()
    if kind == PLACED:
        context.update(bank=_bank(store, order), pickup=_pickup(store, order))
    elif kind == PAID:
        # the invoice's own task may not have run yet (another worker): issuing is idempotent, so
        # the e-mail takes the invoice there is or issues it, and always carries it
        invoice = invoice_issue(store=store, order_id=order.pk, actor=None)
        attachments = ((f"{invoice.number}.pdf", invoice_pdf(invoice), "application/pdf"),)
        context["invoice"] = invoice
    elif kind == SHIPPED:
        fulfilment = order.fulfilments.filter(pk=ref).prefetch_related("lines__order_line").first()
        if fulfilment is None or not fulfilment.notify_customer:
            return None
        context.update(fulfilment=fulfilment, pickup=_pickup(store, order))
    elif kind == REFUNDED:
        refund = order.refunds.filter(pk=ref, status=Refund.Status.SUCCEEDED).first()
        if refund is None:
            return None
        context["refund"] = refund
    elif kind == CANCELLED:
        context["refunded"] = order.payment_status in (PaymentStatus.REFUNDED, PaymentStatus.PARTIALLY_REFUNDED)
    return Mail(to=order.email, language=order.language, context=context, attachments=attachments)


def _notice_mail(store: StoreRef, order: Order, sender: Sender) -> Mail | None:
    if order.channel != Channel.STOREFRONT:  # staff placed it themselves (till, back office, sync)
        return None
    config = CheckoutSettings.objects.filter(store_id=store.id).first()
    to = (config.notify_email if config else "") or getattr(store, "contact_email", "") or store.merchant.contact_email
    if not to:
        return None
    context = _context(store, order, sender)
    context["order_url"] = f"{sender.url}/store/{store.code}/orders/{order.pk}/"
    return Mail(to=to, language=getattr(store, "language", "") or order.language, context=context)


def _send(mail: Mail, *, kind: str, sender: Sender) -> None:
    with translation.override(mail.language):
        context = {**mail.context, "kind": kind}
        subject = sender.subject(render_to_string(f"orders/email/{kind}_subject.txt", context).strip())
        text = render_to_string(f"orders/email/{kind}.txt", context)
        html = render_to_string("orders/email/layout.html", {**context, "subject": subject, "text": text})
    message = EmailMultiAlternatives(
        subject, text, sender.from_email, [mail.to], headers={"Content-Language": mail.language}
    )
    message.attach_alternative(html, "text/html")
    for name, content, mimetype in mail.attachments:
        message.attach(name, content, mimetype)
    mail_finish(message, sender=sender).send()


def order_email_send(*, store: StoreRef, order_id: int, kind: str, ref: int | None = None) -> bool:
    """Send the e-mail `kind` about the store's order (`ref`: the fulfilment or refund it is
    about); True when it went. Nothing when it went before, or when there is nobody to send it to."""
    order = Order.objects.filter(store_id=store.id, pk=order_id).select_related("shipping_method").first()
    if order is None or kind not in (*CUSTOMER_KINDS, NOTICE) or _sent_before(order, kind, ref):
        return False
    sender = mail_sender(store=store)
    mail = _notice_mail(store, order, sender) if kind == NOTICE else _customer_mail(store, order, kind, ref, sender)
    if mail is None:
        return False
    _send(mail, kind=kind, sender=sender)
    order_event_add(
        order=order,
        kind=OrderEvent.Kind.EMAIL,
        actor=None,
        message=_("E-mail “%(kind)s” sent to %(to)s.") % {"kind": kind_label(kind), "to": mail.to},
        data={"email": kind, "ref": ref, "to": mail.to},
    )
    return True


def kind_label(kind: str) -> str:
    labels = {
        PLACED: _("order confirmation"),
        PAID: _("payment received"),
        SHIPPED: _("shipped"),
        CANCELLED: _("order cancelled"),
        REFUNDED: _("refund"),
        NOTICE: _("new order notice"),
    }
    return str(labels.get(kind, kind))
