"""The setup wizard's page, /store/<code>/onboarding/: the steps with their state, % done and the
time left, and the current step's form. Everything is saved on the server as the merchant goes,
so a reload, a sign-out or another device comes back to the same step."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from apps.accounts.access import StorePageView
from apps.core.errors import ApplicationError
from apps.core.forms import add_error_to_form
from apps.core.modules import StepContext

from .. import wizard

SETUP = "onboarding.setup"


class _WizardPage(StorePageView):
    abstract = True
    module = "onboarding"
    permission = SETUP


class WizardView(_WizardPage, TemplateView):
    template_name = "onboarding/wizard.html"

    def get(self, request, *args, **kwargs):
        wizard.wizard_resume(store=self.store)
        state = wizard.wizard_state(store=self.store)
        if state.progress.is_finished:
            return self.render_to_response({**self.get_context_data(), "state": state})
        view = self._step(state, request.GET.get("step") or "")
        if state.progress.pk:
            wizard.wizard_step_begin(progress=state.progress, key=view.key)
        ctx = StepContext(store=self.store, answers=state.progress.answers)
        return self._render(state, view, view.step.behaviour.form(ctx))

    def post(self, request, *args, **kwargs):
        state = wizard.wizard_state(store=self.store)
        if state.progress.is_finished:
            return redirect("store:dashboard", code=self.store.code)
        view = self._step(state, request.POST.get("step") or "")
        action = request.POST.get("action") or "save"
        ctx = StepContext(store=self.store, answers=state.progress.answers, data=request.POST, files=request.FILES)
        form = view.step.behaviour.form(ctx)
        try:
            if action == "save":
                state, _outcome = wizard.wizard_step_save(
                    store=self.store, key=view.key, data=request.POST, files=request.FILES, actor=request.user
                )
            else:
                outcome = wizard.wizard_step_act(
                    store=self.store, key=view.key, action=action, data=request.POST, actor=request.user
                )
                state = wizard.wizard_state(store=self.store)
                return self._render(state, view, form, result=dict(outcome.data))
        except ApplicationError as error:
            if form is not None and form.is_valid():  # else the form shows its own errors already
                add_error_to_form(form, error)
            return self._render(wizard.wizard_state(store=self.store), view, form, error=error, status=400)
        if state.progress.is_finished:
            messages.success(request, _("Your store is set up. Welcome!"))
            return redirect("store:dashboard", code=self.store.code)
        return redirect("store:onboarding", code=self.store.code)

    def _step(self, state, key: str):
        """The step asked for when the merchant may open it, else the current one."""
        if key:
            try:
                return wizard.wizard_step_open(state=state, key=key)
            except ApplicationError:
                pass
        return state.current or next(v for v in state.steps if v.status == "completed")

    def _render(self, state, view, form, *, result=None, error=None, status=200):
        ctx = StepContext(store=self.store, answers=state.progress.answers)
        context = self.get_context_data(
            state=state, view=view, form=form, result=result or {}, error=error, saved=view.step.behaviour.read(ctx)
        )
        return self.render_to_response(context, status=status)


class WizardPauseView(_WizardPage, TemplateView):
    """ "Finish later": the state is kept; the page offers to sign out or to go on."""

    template_name = "onboarding/wizard_paused.html"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        try:
            wizard.wizard_pause(store=self.store, actor=request.user)
        except ApplicationError:
            return redirect("store:dashboard", code=self.store.code)
        return self.render_to_response(self.get_context_data())


class WizardStepPollView(_WizardPage, TemplateView):
    """The progress of a step's background work (its "progress" action), as the fragment its
    handler names in `poll_template`; the page polls it every 2 s (htmx)."""

    def get(self, request, *args, **kwargs):
        state = wizard.wizard_state(store=self.store)
        view = state.step(kwargs["step"].replace("-", "_"))
        template = getattr(view.step.behaviour, "poll_template", "") if view else ""
        if not template:
            raise Http404
        try:
            outcome = wizard.wizard_step_act(
                store=self.store, key=view.key, action="progress", data={}, actor=request.user
            )
        except ApplicationError as error:
            raise Http404 from error
        context = {"store": self.store, "view": view, "progress": dict(outcome.data)}
        return render(request, template, context)
