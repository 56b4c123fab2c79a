"""The till terminal page (/store/<code>/loyalty/terminal): one screen for a tablet or phone at the
counter. It reads and writes through the store API (apps/loyalty/api/terminal.py) with fetch; this
view only gives it the programme, the store's staff names and the API's address."""

from __future__ import annotations

from django.urls import reverse
from django.views.generic import TemplateView

from apps.accounts.access import StorePageView

from ... import services
from ...models import Program
from ...permissions import Action, ActionAccess, allowed_actions
from ...selectors import terminal as selectors


class TerminalView(ActionAccess, StorePageView, TemplateView):
    actions = {"GET": Action.VIEW}
    module = "loyalty"
    template_name = "loyalty/store/terminal.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        program = Program.objects.filter(key=1).first()
        # the programme's choice, or the platform's policy when it requires PINs for this merchant
        pin_required = program is not None and (
            services.Rules(program=program, policy=services.policy_for(self.store.merchant_id)).pin_required
        )
        lookup = reverse("api-loyalty-card-lookup", kwargs={"code": self.store.code})
        context.update(
            program=program,
            pin_required=pin_required,
            staff=list(selectors.staff_of(store=self.store).values("id", "name")),
            api_base=lookup.removesuffix("cards/lookup/"),
            can=allowed_actions(self.perms),
        )
        return context
