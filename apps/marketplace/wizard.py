"""The marketplace's steps of the setup wizard (declared in apps.py, run by apps.onboarding):
connect Letzshop, configure the product feeds and start the first import, import the order
history. Each calls the marketplace's services; a failure to reach Letzshop or a feed is an
integration failure (StepIntegrationFailed), anything else bad input."""

from __future__ import annotations

from dataclasses import asdict, is_dataclass
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.core.errors import ValidationFailed
from apps.core.modules import StepContext, StepIntegrationFailed, StepOutcome, WizardStepHandler

from .errors import MarketplaceErrorCode
from .letzshop.client import LetzshopErrorCode
from .letzshop.operations import CARRIERS
from .models import FeedSource, LetzshopConnection
from .services import connection, feeds, order_sync

LANGUAGES = (("fr", gettext_lazy("French")), ("de", gettext_lazy("German")), ("en", gettext_lazy("English")))
# failures of the outside service, not of what the merchant typed
INTEGRATION_CODES = frozenset(
    {
        LetzshopErrorCode.AUTH,
        LetzshopErrorCode.RATE_LIMITED,
        LetzshopErrorCode.UNAVAILABLE,
        LetzshopErrorCode.GRAPHQL,
        LetzshopErrorCode.BAD_RESPONSE,
        MarketplaceErrorCode.FEED_UNREACHABLE,
        MarketplaceErrorCode.FEED_HTTP_ERROR,
        MarketplaceErrorCode.FEED_TIMEOUT,
    }
)


def _integration(error: ValidationFailed, field: str) -> ValidationFailed:
    """The error as the wizard should see it: an integration failure when the service failed."""
    if error.code in INTEGRATION_CODES:
        return StepIntegrationFailed(error.message, code=error.code, fields={field: [error.message]})
    return error


def _form_error(form: forms.Form) -> ValidationFailed:
    fields = {name: list(errors) for name, errors in form.errors.items()}
    return ValidationFailed(next(iter(fields.values()))[0], fields=fields)


# --- Step 2: the Letzshop connection ------------------------------------------------------------


class LetzshopApiForm(forms.Form):
    api_key = forms.CharField(
        label=gettext_lazy("Letzshop API key"),
        required=False,
        max_length=500,
        strip=True,
        # render_value: the key just typed stays in the field after "Test connection" or an error
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}, render_value=True),
        help_text=gettext_lazy("In your Letzshop seller account: Settings, API. It is stored encrypted."),
    )
    default_carrier = forms.ChoiceField(
        label=gettext_lazy("Default carrier"), choices=[("", "—"), *CARRIERS.items()], required=False
    )


class LetzshopApiStep(WizardStepHandler):
    template = "marketplace/wizard/letzshop_api.html"
    actions = ("test",)
    form_class = LetzshopApiForm

    def read(self, ctx: StepContext) -> dict[str, Any]:
        found = LetzshopConnection.objects.filter(store_id=ctx.store.id).first()
        return {
            "api_key_saved": bool(found and found.api_key_encrypted),
            "api_key_hint": found.api_key_hint if found else "",
            "default_carrier": found.default_carrier if found else "",
        }

    def act(self, ctx: StepContext) -> StepOutcome:
        key = str(ctx.data.get("api_key") or "").strip()
        if not key:
            raise _key_required()
        try:
            vendor = connection.connection_test(api_key=key)
        except ValidationFailed as error:
            raise _integration(error, "api_key") from error
        return StepOutcome(done=False, data={"vendor": vendor.name, "vendor_email": vendor.email})

    def save(self, ctx: StepContext) -> StepOutcome:
        form = self.form(ctx)
        if not form.is_valid():
            raise _form_error(form)
        key = form.cleaned_data["api_key"] or None
        if key is None and not self.read(ctx)["api_key_saved"]:
            raise _key_required()
        try:
            connection.connection_save(
                store=ctx.store, actor=ctx.actor, api_key=key, default_carrier=form.cleaned_data["default_carrier"]
            )
        except ValidationFailed as error:
            raise _integration(error, "api_key") from error
        return StepOutcome(done=True)


def _key_required() -> ValidationFailed:
    message = _("Enter your Letzshop API key.")
    return ValidationFailed(message, code=MarketplaceErrorCode.API_KEY_REQUIRED, fields={"api_key": [message]})


# --- Step 3: the product feeds and the first import ---------------------------------------------


class ProductImportForm(forms.Form):
    url_fr = forms.URLField(
        label=gettext_lazy("Feed URL (French)"), required=False, max_length=1000, assume_scheme="https"
    )
    url_de = forms.URLField(
        label=gettext_lazy("Feed URL (German)"), required=False, max_length=1000, assume_scheme="https"
    )
    url_en = forms.URLField(
        label=gettext_lazy("Feed URL (English)"), required=False, max_length=1000, assume_scheme="https"
    )

    def urls(self) -> dict[str, str]:
        return {code: self.cleaned_data.get(f"url_{code}") or "" for code, _label in LANGUAGES}


class ProductImportStep(WizardStepHandler):
    template = "marketplace/wizard/product_import.html"
    actions = ("preview",)
    form_class = ProductImportForm

    def read(self, ctx: StepContext) -> dict[str, Any]:
        sources = {source.language: source.url for source in FeedSource.objects.filter(store_id=ctx.store.id)}
        return {f"url_{code}": sources.get(code, "") for code, _label in LANGUAGES}

    def _urls(self, ctx: StepContext) -> dict[str, str]:
        form = self.form(ctx)
        if not form.is_valid():
            raise _form_error(form)
        urls = form.urls()
        if not any(urls.values()):
            message = _("Enter the URL of at least one feed.")
            raise ValidationFailed(message, code=MarketplaceErrorCode.FEED_URL_INVALID, fields={"url_fr": [message]})
        return urls

    def act(self, ctx: StepContext) -> StepOutcome:
        """Preview each feed given: its format, columns and first rows."""
        previews = {}
        for language, url in self._urls(ctx).items():
            if not url:
                continue
            try:
                found = feeds.feed_preview(store=ctx.store, language=language, url=url)
            except ValidationFailed as error:
                raise _integration(error, f"url_{language}") from error
            previews[language] = asdict(found) if is_dataclass(found) else dict(found)
        return StepOutcome(done=False, data={"previews": previews})

    def save(self, ctx: StepContext) -> StepOutcome:
        """Keep the feed sources and start their first import."""
        urls = self._urls(ctx)
        try:
            feeds.feed_sources_save(store=ctx.store, urls=urls, actor=ctx.actor)
            started = feeds.feed_imports_start_all(store=ctx.store, actor=ctx.actor)
        except ValidationFailed as error:
            raise _integration(error, "url_fr") from error
        return StepOutcome(done=True, answers={"feed_import_ids": [item.pk for item in started]})


# --- Step 4: the order history ------------------------------------------------------------------


class OrderSyncStep(WizardStepHandler):
    """Starts the historical order import and follows it. The merchant may finish as soon as it
    runs: the import goes on in the background (its progress stays on the marketplace pages), so
    nobody waits on a long history to use their store."""

    template = "marketplace/wizard/order_sync.html"
    poll_template = "marketplace/wizard/_order_sync_progress.html"
    actions = ("trigger", "progress")

    def read(self, ctx: StepContext) -> dict[str, Any]:
        job_id = ctx.answers.get("order_sync_job_id")
        progress = order_sync.order_history_progress(store=ctx.store, job_id=job_id) if job_id else None
        return {"job_id": job_id, "progress": progress}

    def act(self, ctx: StepContext) -> StepOutcome:
        if ctx.action == "trigger":
            try:
                job = order_sync.order_history_start(store=ctx.store, actor=ctx.actor)
            except ValidationFailed as error:
                raise _integration(error, "job") from error
            return StepOutcome(done=False, answers={"order_sync_job_id": job.pk}, data={"job_id": job.pk})
        job_id = (ctx.data or {}).get("job_id") or ctx.answers.get("order_sync_job_id")
        try:
            job_id = int(job_id)
        except (TypeError, ValueError):
            message = _("No import of the order history was started yet.")
            raise ValidationFailed(message, fields={"job_id": [message]}) from None
        return StepOutcome(done=False, data=order_sync.order_history_progress(store=ctx.store, job_id=job_id))

    def save(self, ctx: StepContext) -> StepOutcome:
        """Finish: the import must have been started (it may go on in the background)."""
        if not ctx.answers.get("order_sync_job_id"):
            message = _("Start the import of your order history first.")
            raise ValidationFailed(message, fields={"job": [message]})
        return StepOutcome(done=True)
