from functools import cache

from django.conf import settings
from django.utils.translation import get_language_info


@cache
def _language_choices() -> tuple[tuple[str, str], ...]:
    """Each language in its own name, for the language switcher (computed once)."""
    return tuple((code, get_language_info(code)["name_local"]) for code, _name in settings.LANGUAGES)


def platform(request):
    return {
        "PLATFORM_NAME": settings.PLATFORM_NAME,
        "PLATFORM_DOMAIN": settings.PLATFORM_DOMAIN,
        "LANGUAGE_CHOICES": _language_choices(),
        "current_store": getattr(request, "store", None),
        "current_merchant": getattr(request, "merchant", None),
    }
