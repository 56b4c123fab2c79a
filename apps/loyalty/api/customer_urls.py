"""The customer's loyalty API, mounted at /api/v1/ on store domains."""

from django.urls import path

from . import customer

urlpatterns = [
    path("storefront/loyalty/program/", customer.ProgramView.as_view(), name="api-loyalty-storefront-program"),
    path("storefront/loyalty/enroll/", customer.EnrolView.as_view(), name="api-loyalty-storefront-enroll"),
    path("storefront/loyalty/card/", customer.CardView.as_view(), name="api-loyalty-storefront-card"),
    path(
        "storefront/loyalty/transactions/",
        customer.TransactionListView.as_view(),
        name="api-loyalty-storefront-transactions",
    ),
    path("loyalty/programs/<str:code>/", customer.PublicProgramView.as_view(), name="api-loyalty-public-program"),
]
