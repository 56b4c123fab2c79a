"""Store pages of the documents, under /store/<code>/orders/ (namespace store:orders)."""

from django.urls import path

from ..views.store import documents as views

urlpatterns = [
    path("<int:pk>/invoice.pdf", views.InvoicePdfView.as_view(), name="invoice_pdf"),
    path("<int:pk>/invoice/issue/", views.InvoiceIssueView.as_view(), name="invoice_issue"),
    path("<int:pk>/credit-notes/<int:invoice_pk>.pdf", views.CreditNotePdfView.as_view(), name="credit_note_pdf"),
    path("<int:pk>/packing-slip.pdf", views.PackingSlipPdfView.as_view(), name="packing_slip_pdf"),
    path("packing-slips/", views.PackingSlipsStartView.as_view(), name="packing_slips"),
    path("packing-slips/jobs/<int:job_id>/", views.PackingSlipsJobView.as_view(), name="packing_slips_job"),
    path(
        "packing-slips/jobs/<int:job_id>/progress/",
        views.PackingSlipsJobView.as_view(),
        {"partial": True},
        name="packing_slips_job_progress",
    ),
    path(
        "packing-slips/jobs/<int:job_id>/download/",
        views.PackingSlipsDownloadView.as_view(),
        name="packing_slips_download",
    ),
]
