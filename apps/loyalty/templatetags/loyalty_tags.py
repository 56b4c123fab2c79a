"""Template helpers of the loyalty pages."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

register = template.Library()

# (section, url name in store:loyalty, label, permission)
TABS = (
    ("terminal", "terminal", _("Terminal"), "loyalty.view"),
    ("cards", "cards", _("Cards"), "loyalty.view"),
    ("stats", "stats", _("Statistics"), "loyalty.report"),
    ("settings", "settings", _("Settings"), "loyalty.manage"),
)


@register.simple_tag(takes_context=True)
def loyalty_tabs(context: Any, current: str) -> list[dict[str, Any]]:
    """The loyalty sections the member may open, for templates/loyalty/store/_tabs.html."""
    store, perms = context["store"], context.get("store_perms") or ()
    tabs = []
    for key, name, label, permission in TABS:
        if perms and permission not in perms:
            continue
        try:
            url = reverse(f"store:loyalty:{name}", kwargs={"code": store.code})
        except NoReverseMatch:  # a section not mounted
            continue
        tabs.append({"key": key, "url": url, "label": label, "current": key == current})
    return tabs
