"""The store's Letzshop feed page: the secret URL of the catalog feed per language, how many
products it holds, how to give it to Letzshop, and a new secret when the old one leaked."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from apps.accounts.access import StorePageView

from ...permissions import Action, ActionAccess, allowed_actions
from ...selectors import export_count
from ...services.export import export_feed_urls, export_token_rotate

LANGUAGE_NAMES = {"fr": gettext_lazy("French"), "de": gettext_lazy("German"), "en": gettext_lazy("English")}


class ExportPage(ActionAccess, StorePageView):
    abstract = True
    module = "marketplace"


class FeedView(ExportPage, TemplateView):
    actions = {"GET": Action.VIEW}
    template_name = "marketplace/store/export/feed.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        tsv = export_feed_urls(store=self.store, request=self.request)
        csv = export_feed_urls(store=self.store, request=self.request, fmt="csv")
        context.update(
            can=allowed_actions(self.perms),
            feeds=[
                {"language": lang, "name": LANGUAGE_NAMES.get(lang, lang), "url": url, "csv": csv[lang]}
                for lang, url in tsv.items()
            ],
            count=export_count(store=self.store),
        )
        return context


class FeedRotateView(ExportPage, View):
    actions = {"POST": Action.CONNECTION_CHANGE}

    def post(self, request, *args, **kwargs):
        export_token_rotate(store=self.store, actor=request.user)
        messages.success(request, _("New feed URLs made; the old ones stopped working. Give Letzshop the new ones."))
        return HttpResponseRedirect(reverse("store:marketplace:feed", kwargs={"code": self.store.code}))
