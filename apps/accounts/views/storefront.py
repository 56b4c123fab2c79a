"""Storefront account pages for customers (and staff browsing their own store)."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import UpdateView

from ..forms import ProfileForm
from ..selectors import user_memberships


class AccountView(LoginRequiredMixin, UpdateView):
    template_name = "storefront/account.html"
    form_class = ProfileForm

    def get_object(self, queryset=None):
        return self.request.user

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["memberships"] = user_memberships(user=self.request.user, merchant=self.request.merchant)
        return context

    def form_valid(self, form):
        form.save()
        messages.success(self.request, _("Your details were saved."))
        return redirect("storefront:account")
