"""Storefront account pages for customers (and staff browsing their own store)."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView

from ..access import StorefrontPageView
from ..forms import ProfileForm
from ..selectors import user_memberships


class AccountView(StorefrontPageView, FormView):
    """The signed-in user's own details (anonymous visitors are sent to sign in)."""

    template_name = "storefront/account.html"
    form_class = ProfileForm
    module = "team"  # the accounts module that mounts the storefront's account pages
    login_required = True

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.request.user
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["memberships"] = user_memberships(user=self.request.user, merchant=self.request.merchant)
        return context

    def form_valid(self, form):
        form.save()
        messages.success(self.request, _("Your details were saved."))
        return redirect("storefront:account")
