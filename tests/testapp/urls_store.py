from django.urls import path

from tests.testapp.views import LabsPage

urlpatterns = [path("labs/", LabsPage.as_view(), name="labs")]
