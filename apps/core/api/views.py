"""Base views of the store API: the store is resolved once, within the merchant of the domain,
and the view's permission is checked before any handler runs. A view cannot forget either."""

from __future__ import annotations

from django.utils.translation import gettext as _
from rest_framework.views import APIView

from ..errors import NotFound


class MerchantAPIView(APIView):
    """Any API view on a merchant's domain."""

    def initial(self, request, *args, **kwargs):
        if getattr(request, "merchant", None) is None:
            raise NotFound(_("The API is served on a store's domain."))
        super().initial(request, *args, **kwargs)
