from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from apps.core.modules import ChecklistItem

from .models import Invitation, StoreMembership


def items(store):
    team = StoreMembership.objects.filter(store_id=store.id).count()
    invited = Invitation.objects.filter(store_id=store.id).exists()
    return [
        ChecklistItem(
            key="team.invite",
            label=_("Invite your team"),
            done=team > 1 or invited,
            url=reverse("store:team", kwargs={"code": store.code}),
            permission="team.manage",
            hint=_("Give managers, editors and cashiers their own sign-in."),
        )
    ]
