"""Feed imports in the store pages (under /store/<code>/marketplace/)."""

from django.urls import path

from ..views.store import imports

urlpatterns = [
    path("imports/", imports.ImportsView.as_view(), name="imports"),
    path("imports/sources/", imports.SourcesSaveView.as_view(), name="import_sources"),
    path("imports/start/", imports.ImportStartView.as_view(), name="import_start"),
    path("imports/upload/", imports.ImportUploadView.as_view(), name="import_upload"),
    path("imports/<int:pk>/", imports.ImportDetailView.as_view(), name="import_detail"),
    path("imports/<int:pk>/progress/", imports.ImportDetailView.as_view(), {"partial": True}, name="import_progress"),
    path("imports/<int:pk>/rejected.csv", imports.RejectedCsvView.as_view(), name="import_rejected_csv"),
]
