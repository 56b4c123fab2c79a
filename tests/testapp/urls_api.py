from django.urls import path

from tests.testapp.views import LabsApi

urlpatterns = [path("store/stores/<str:code>/labs/", LabsApi.as_view(), name="api-labs")]
