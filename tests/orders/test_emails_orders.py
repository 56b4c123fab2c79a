"""The order e-mails, sent for real by the tasks the receivers queue: from the store, in the
order's language, text and HTML, written on the timeline, each once."""

from email.utils import parseaddr

from django.core import mail

from apps.orders import services
from apps.orders.documents.emails import order_email_send
from apps.orders.models import CheckoutSettings, OrderEvent

from .factories import place, shop_setup, variant


def _html(message) -> str:
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    return html


def test_order_placed_in_french_with_bank_details_and_merchant_notice(tenant_a, django_capture_on_commit_callbacks):
    with tenant_a:
        store = tenant_a.store
        methods = shop_setup(store)
        CheckoutSettings.objects.filter(store_id=store.id).update(notify_email="shop@alpha.test")
        with django_capture_on_commit_callbacks(execute=True):
            order = place(store, [(variant(store, price="15.00"), 2)], methods=methods)
        customer, notice = sorted(mail.outbox, key=lambda m: m.to != [order.email])
        assert customer.to == ["anna@example.lu"] and notice.to == ["shop@alpha.test"]
        assert parseaddr(customer.from_email)[0] == store.name
        assert customer.subject.startswith(f"{store.name}: ") and order.number in customer.subject
        # in French (the texts' French translations come with locale/; dates and amounts are French now)
        assert customer.extra_headers["Content-Language"] == "fr" and notice.extra_headers["Content-Language"] == "en"
        for expected in ("LU28 0019 4006 4475 0000", order.number, "IBAN"):
            assert expected in customer.body, expected
        assert "30,00" in customer.body  # French amounts
        html = _html(customer)
        assert store.name in html and "LU28 0019 4006 4475 0000" in html
        assert "Wizamart" not in customer.body + html  # never the platform's name
        assert order.number in notice.subject and f"/store/ALPHA/orders/{order.pk}/" in notice.body
        events = OrderEvent.objects.filter(order=order, kind="email")
        assert sorted(e.data["email"] for e in events) == ["notice", "placed"]
        # a task run twice sends once
        assert order_email_send(store=store, order_id=order.pk, kind="placed") is False
        assert len(mail.outbox) == 2


def test_click_and_collect_gets_pickup_instructions(tenant_a, django_capture_on_commit_callbacks):
    with tenant_a:
        store = tenant_a.store
        methods = shop_setup(store)
        methods["pickup"].pickup_instructions = "Ask at the counter, door B."
        methods["pickup"].save()
        with django_capture_on_commit_callbacks(execute=True):
            place(
                store,
                [(variant(store), 1)],
                shipping_method_id=methods["pickup"].pk,
                payment_method="pay_at_pickup",
                language="en",
            )
        [customer] = [m for m in mail.outbox if m.to == ["anna@example.lu"]]
        assert "Ask at the counter, door B." in customer.body and "IBAN" not in customer.body


def test_paid_shipped_refunded_and_cancelled(tenant_a, django_capture_on_commit_callbacks):
    with tenant_a:
        store = tenant_a.store
        methods = shop_setup(store)
        order = place(store, [(variant(store, price="40.00"), 2)], methods=methods, language="en")
        with django_capture_on_commit_callbacks(execute=True):
            services.payment_record(store=store, order_id=order.pk, amount="80.00", method="bank_transfer", actor=None)
        [paid] = mail.outbox
        assert "Payment received" in paid.subject
        assert paid.attachments and paid.attachments[0][2] == "application/pdf"  # the invoice
        with django_capture_on_commit_callbacks(execute=True):
            services.fulfilment_create(
                store=store,
                order_id=order.pk,
                actor=None,
                carrier="POST Luxembourg",
                tracking_number="LU123456789",
                tracking_url="https://tracking.example/LU123456789",
            )
        shipped = mail.outbox[-1]
        for expected in ("POST Luxembourg", "LU123456789", "https://tracking.example/LU123456789"):
            assert expected in shipped.body
        assert 'href="https://tracking.example/LU123456789"' in _html(shipped)
        with django_capture_on_commit_callbacks(execute=True):
            services.refund_create(store=store, order_id=order.pk, actor=None, amount="10.00", reason="Scratch")
        refunded = mail.outbox[-1]
        assert "Refund" in refunded.subject and "10.00" in refunded.body and "Scratch" in refunded.body
        kinds = list(OrderEvent.objects.filter(order=order, kind="email").values_list("data__email", flat=True))
        assert kinds == ["paid", "shipped", "refunded"]

        other = place(store, [(variant(store), 1)], methods=methods, language="en")
        with django_capture_on_commit_callbacks(execute=True):
            services.order_cancel(store=store, order_id=other.pk, actor=None, reason="Out of stock")
        assert "cancelled" in mail.outbox[-1].subject


def test_no_shipping_mail_when_the_customer_is_not_to_be_told(tenant_a, django_capture_on_commit_callbacks):
    with tenant_a:
        store = tenant_a.store
        order = place(store, [(variant(store), 1)], methods=shop_setup(store))
        with django_capture_on_commit_callbacks(execute=True):
            services.fulfilment_create(store=store, order_id=order.pk, actor=None, notify_customer=False)
        assert mail.outbox == []


def test_another_stores_order_sends_nothing(tenant_a):
    with tenant_a:
        order = place(tenant_a.store, [(variant(tenant_a.store), 1)])
        assert order_email_send(store=tenant_a.stores["ALPHA2"], order_id=order.pk, kind="placed") is False
        assert mail.outbox == []


def test_the_paid_mail_carries_the_invoice_even_before_its_own_task_ran(tenant_a):
    with tenant_a:
        store = tenant_a.store
        order = place(store, [(variant(store, price="30.00"), 1)])
        # the payment's on-commit work (the invoice task among it) has not run: another worker has it
        services.payment_record(store=store, order_id=order.pk, amount=order.total, method="bank_transfer", actor=None)
        mail.outbox.clear()
        assert order_email_send(store=store, order_id=order.pk, kind="paid")
        [message] = mail.outbox
        assert [name for name, _content, kind in message.attachments if kind == "application/pdf"]
        assert order.invoices.count() == 1
