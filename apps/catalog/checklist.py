from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from apps.core.modules import ChecklistItem

from .models import Product
from .permissions import Action, permission_of


def items(store):
    return [
        ChecklistItem(
            key="catalog.first_product",
            label=_("Add your first product"),
            done=Product.objects.filter(store_id=store.id).exists(),
            url=reverse("store:catalog:product_add", kwargs={"code": store.code}),
            hint=_("Or import your catalogue from Letzshop."),
            permission=permission_of(Action.PRODUCT_CREATE),
        )
    ]
