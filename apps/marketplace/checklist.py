"""The marketplace's items of the store's setup checklist (Module.checklist): one list, one
entry per area."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from apps.core.modules import ChecklistItem

from .models import LetzshopConnection
from .permissions import Action, permission_of


def items(store):
    return [
        ChecklistItem(  # connection
            key="marketplace.connect",
            label=_("Connect Letzshop"),
            done=LetzshopConnection.objects.filter(store_id=store.id).exclude(api_key_encrypted="").exists(),
            url=reverse("store:marketplace:settings", kwargs={"code": store.code}),
            hint=_("Save your Letzshop API key to import your catalogue and sync your marketplace orders."),
            permission=permission_of(Action.CONNECTION_CHANGE),
        ),
    ]
