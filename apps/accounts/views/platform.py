"""The platform's own sign-in for merchants (platform domain). A merchant's account lives in the
merchant's schema, so the platform cannot sign anyone in: it e-mails a link to each of the stores
of the address given, and answers every address alike (apps.accounts.services)."""

from django import forms
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView

from apps.core.errors import ApplicationError
from apps.core.forms import add_error_to_form
from apps.core.ratelimit import client_ip

from .. import services


class PlatformSignInForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )


class PlatformSignInView(FormView):
    template_name = "accounts/platform_signin.html"
    form_class = PlatformSignInForm

    def form_valid(self, form):
        try:
            email = services.signin_links_request(
                email=form.cleaned_data["email"], address=client_ip(self.request), language=get_language()
            )
        except ApplicationError as error:
            add_error_to_form(form, error)
            return self.render_to_response(self.get_context_data(form=form), status=error.status_code)
        context = {"email": email, "minutes": services.SIGNIN_LINK_SECONDS // 60}
        return render(self.request, "accounts/platform_signin_sent.html", context)
