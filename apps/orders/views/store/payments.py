"""The store's Payments settings: offline methods and bank details (managers), and the Stripe
Connect account that takes its card payments (the owner): connect, onboarding links, and the
account's state when the owner comes back from Stripe."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from apps.core.errors import ApplicationError
from apps.core.forms import add_error_to_form

from ...payment_methods import checkout_settings_get
from ...permissions import Action, allowed_actions
from ...services import payment_settings, stripe_connect
from .base import OrdersPage
from .payments_forms import PaymentSettingsForm


class PaymentsPage(OrdersPage):
    abstract = True

    def absolute(self, name: str) -> str:
        return self.request.build_absolute_uri(self.url(name))

    def to_stripe(self, make_link) -> HttpResponseRedirect:
        try:
            link = make_link(refresh_url=self.absolute("stripe_refresh"), return_url=self.absolute("stripe_return"))
        except ApplicationError as error:
            messages.error(self.request, error.message)
            return HttpResponseRedirect(self.url("settings_payments"))
        return HttpResponseRedirect(link)


class PaymentSettingsView(PaymentsPage, TemplateView):
    actions = {"GET": Action.SETTINGS_VIEW, "POST": Action.SETTINGS_CHANGE}
    template_name = "orders/store/settings/payments.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if "form" not in kwargs:
            config = checkout_settings_get(store=self.store)
            context["form"] = PaymentSettingsForm(
                initial={name: getattr(config, name) for name in payment_settings.FIELDS}
            )
        context.update(can=allowed_actions(self.perms), stripe=stripe_connect.stripe_account_state(store=self.store))
        return context

    def post(self, request, *args, **kwargs):
        form = PaymentSettingsForm(request.POST)
        if form.is_valid():
            try:
                payment_settings.payment_settings_update(store=self.store, actor=request.user, **form.cleaned_data)
            except ApplicationError as error:
                add_error_to_form(form, error)
            else:
                messages.success(request, _("Payment settings saved."))
                return HttpResponseRedirect(self.url("settings_payments"))
        return self.render_to_response(self.get_context_data(form=form), status=400)


class StripeConnectView(PaymentsPage, View):
    """Create the store's Stripe account (once) and send the owner to Stripe's onboarding."""

    actions = {"POST": Action.PAYMENTS_CONNECT}

    def post(self, request, *args, **kwargs):
        def start(**urls):
            return stripe_connect.stripe_connect_start(store=self.store, actor=request.user, **urls)

        return self.to_stripe(start)


class StripeRefreshView(PaymentsPage, View):
    """Stripe's refresh URL: the onboarding link expired or was used, so make a new one."""

    actions = {"GET": Action.PAYMENTS_CONNECT}

    def get(self, request, *args, **kwargs):
        def link(**urls):
            return stripe_connect.stripe_connect_link(store=self.store, **urls)

        return self.to_stripe(link)


class StripeReturnView(PaymentsPage, View):
    """Stripe's return URL: read the account again and say where it stands."""

    actions = {"GET": Action.PAYMENTS_CONNECT}

    def get(self, request, *args, **kwargs):
        try:
            state = stripe_connect.stripe_account_refresh(store=self.store)
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            if state.charges_enabled:
                messages.success(request, _("Your Stripe account is ready: the store accepts card payments."))
            else:
                messages.warning(request, _("Stripe still needs some details before the store can accept cards."))
        return HttpResponseRedirect(self.url("settings_payments"))
