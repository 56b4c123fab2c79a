"""Store back office: team, invitations, sign-in. Sign-in, the new owner's one-time link and the
invitation page are for people who are no members (yet): plain views, not StorePageView."""

from allauth.account.views import LoginView
from django.contrib import messages
from django.contrib.auth import login
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from apps.core.errors import ApplicationError
from apps.core.forms import add_error_to_form
from apps.core.modules import registry
from apps.core.redirects import redirect_target
from apps.core.roles import Role

from .. import login_limits, selectors, services
from ..access import StorePageView
from ..backends import SIGN_IN_BACKEND
from ..forms import AcceptInvitationForm, InviteForm, RoleForm


class StoreLoginView(LoginView):
    """allauth's login, in the back-office look, landing on the store dashboard."""

    template_name = "store/login.html"

    def get_initial(self):
        # the platform's sign-in e-mail links here with the address filled in
        return {"login": self.request.GET.get("login", "")[:254]}

    def get_success_url(self):
        return redirect_target(
            self.request, default=reverse("store:dashboard", kwargs={"code": self.request.store.code})
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["store"] = self.request.store
        return context


class SignInLinkView(View):
    """A one-time link of the platform's sign-in e-mail, bound to this store. Opening it shows a
    button; only pressing it (POST) uses the link, so that mail scanners that open links do not."""

    def get(self, request, code, token):
        try:
            user = services.signin_link_check(token=token, store=request.store)
        except ApplicationError as error:
            messages.error(request, error.message)
            return redirect("store:login", code=request.store.code)
        return render(request, "store/signin_link.html", {"store": request.store, "account": user})

    def post(self, request, code, token):
        try:
            user = services.signin_link_consume(token=token, store=request.store)
        except ApplicationError as error:
            messages.error(request, error.message)
            return redirect("store:login", code=request.store.code)
        login(request, user, backend=SIGN_IN_BACKEND)
        # the link proved the mailbox: this browser is known to the account from now on
        login_limits.remember(request, user.email)
        return redirect("store:dashboard", code=request.store.code)


class HandoffView(View):
    """The one-time sign-in link a new owner follows from the platform's signup page."""

    def get(self, request, code, token):
        try:
            user = services.handoff_consume(token=token)
        except ApplicationError as error:
            messages.error(request, error.message)
            return redirect("store:login", code=request.store.code)
        login(request, user, backend=SIGN_IN_BACKEND)
        messages.success(request, _("Welcome! Let us set up your store together."))
        return redirect("store:dashboard", code=request.store.code)


class TeamView(StorePageView, TemplateView):
    template_name = "store/team.html"
    module = "team"
    permission = "team.view"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        can_manage = self.has_perm("team.manage")
        grantable = [
            (value, label)
            for value, label in Role.choices
            if registry.role_permissions(value) <= registry.role_permissions(self.role)
        ]
        members = list(selectors.membership_list(store=self.store))
        for member in members:
            member.editable = can_manage and member.role in dict(grantable) and member.user_id != self.request.user.id
        context.update(
            members=members,
            invitations=selectors.invitation_list_pending(store=self.store) if can_manage else [],
            can_manage=can_manage,
            grantable_roles=grantable,
            invite_form=kwargs.get("invite_form") or InviteForm(),
        )
        context["invite_form"].fields["role"].choices = grantable
        return context


class InviteView(TeamView):
    """POST an invitation; invalid input comes back on the team page, next to its field."""

    permission = "team.manage"
    http_method_names = ["post"]

    def post(self, request, code):
        form = InviteForm(request.POST)
        if form.is_valid():
            try:
                services.member_invite(
                    actor=request.user,
                    actor_role=self.role,
                    store=self.store,
                    email=form.cleaned_data["email"],
                    role=form.cleaned_data["role"],
                )
            except ApplicationError as error:
                add_error_to_form(form, error)
            else:
                messages.success(request, _("Invitation sent to %(email)s.") % {"email": form.cleaned_data["email"]})
                return redirect("store:team", code=self.store.code)
        return self.render_to_response(self.get_context_data(invite_form=form), status=400)


class MemberActionView(StorePageView, View):
    module = "team"
    permission = "team.manage"
    http_method_names = ["post"]

    def post(self, request, code, pk, action):
        try:
            if action == "role":
                form = RoleForm(request.POST)
                if not form.is_valid():
                    messages.error(request, _("Choose a valid role."))
                    return redirect("store:team", code=self.store.code)
                member = services.member_change_role(
                    actor=request.user,
                    actor_role=self.role,
                    store=self.store,
                    membership_id=pk,
                    role=form.cleaned_data["role"],
                )
                messages.success(
                    request,
                    _("%(email)s is now %(role)s.") % {"email": member.user.email, "role": member.get_role_display()},
                )
            elif action == "remove":
                services.member_remove(actor=request.user, actor_role=self.role, store=self.store, membership_id=pk)
                messages.success(request, _("Team member removed."))
            elif action == "revoke":
                services.invitation_revoke(actor=request.user, actor_role=self.role, store=self.store, invitation_id=pk)
                messages.success(request, _("Invitation revoked."))
        except ApplicationError as error:
            messages.error(request, error.message)
        return redirect("store:team", code=self.store.code)


class AcceptInvitationView(FormView):
    """Open to anyone holding the link: signed-in users join directly, others create an account."""

    template_name = "store/accept_invitation.html"
    form_class = AcceptInvitationForm

    def dispatch(self, request, *args, **kwargs):
        self.store = request.store
        try:
            self.invitation = services.invitation_get_by_token(store=self.store, token=kwargs["token"])
        except ApplicationError as error:
            return render(request, "core/error.html", {"error": error}, status=error.status_code)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["email"] = self.invitation.email
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(store=self.store, invitation=self.invitation)
        return context

    def _joined(self, user):
        if not self.request.user.is_authenticated:
            login(self.request, user, backend=SIGN_IN_BACKEND)
        messages.success(self.request, _("Welcome to %(store)s!") % {"store": self.store.name})
        return redirect("store:dashboard", code=self.store.code)

    def post(self, request, *args, **kwargs):
        if request.user.is_authenticated and "join" in request.POST:
            try:
                membership = services.invitation_accept(store=self.store, token=kwargs["token"], user=request.user)
            except ApplicationError as error:
                messages.error(request, error.message)
                return redirect(request.path)
            return self._joined(membership.user)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            membership = services.invitation_accept(
                store=self.store,
                token=self.kwargs["token"],
                full_name=form.cleaned_data["full_name"],
                password=form.cleaned_data["password"],
            )
        except ApplicationError as error:
            add_error_to_form(form, error)
            return self.form_invalid(form)
        return self._joined(membership.user)
