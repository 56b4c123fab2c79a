from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from apps.core.modules import ChecklistItem

from .models import Domain


def items(store):
    has_domain = Domain.objects.filter(
        tenant_id=store.merchant_id, kind=Domain.Kind.CUSTOM, status=Domain.Status.ACTIVE
    ).exists()
    return [
        ChecklistItem(
            key="store.contact",
            label=_("Add your store's contact details"),
            done=bool(store.contact_email and store.contact_phone and store.address),
            url=reverse("store:settings", kwargs={"code": store.code}),
            permission="store.settings",
            hint=_("Customers see them on your storefront and receipts."),
        ),
        ChecklistItem(
            key="store.domain",
            label=_("Connect your own domain"),
            done=has_domain,
            url=reverse("store:domains", kwargs={"code": store.code}),
            permission="store.domains",
            hint=_("Optional: your store already answers at %(host)s.") % {"host": store.subdomain},
        ),
    ]
