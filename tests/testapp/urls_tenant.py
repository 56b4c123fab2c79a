from django.urls import path

from config import urls_tenant
from tests.testapp.views import LabsApi, LabsPage

# The tenant URLconf with the labs module's page added to the store namespace.
urls_tenant.store_patterns[0].append(path("labs/", LabsPage.as_view(), name="labs"))
urlpatterns = [
    path("api/v1/store/stores/<str:code>/labs/", LabsApi.as_view(), name="api-labs"),
    *urls_tenant.urlpatterns,
]
handler404 = urls_tenant.handler404
handler500 = urls_tenant.handler500
