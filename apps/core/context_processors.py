from django.conf import settings


def platform(request):
    return {
        "PLATFORM_NAME": settings.PLATFORM_NAME,
        "PLATFORM_DOMAIN": settings.PLATFORM_DOMAIN,
        "current_store": getattr(request, "store", None),
        "current_merchant": getattr(request, "merchant", None),
    }
