"""The till terminal's store API, included by apps/loyalty/api/urls.py under
/api/v1/store/stores/<code>/loyalty/."""

from django.urls import path

from . import terminal as views

urlpatterns = [
    path("cards/lookup/", views.CardLookupView.as_view(), name="api-loyalty-card-lookup"),
    path("cards/enrol/", views.CardEnrolView.as_view(), name="api-loyalty-card-enrol"),
    path("cards/<str:card_id>/", views.CardDetailView.as_view(), name="api-loyalty-card"),
    path("cards/<str:card_id>/transactions/", views.CardTransactionsView.as_view(), name="api-loyalty-card-txns"),
    path("stamp/", views.StampView.as_view(), name="api-loyalty-stamp"),
    path("stamp/redeem/", views.StampRedeemView.as_view(), name="api-loyalty-stamp-redeem"),
    path("stamp/void/", views.StampVoidView.as_view(), name="api-loyalty-stamp-void"),
    path("points/", views.PointsEarnView.as_view(), name="api-loyalty-points"),
    path("points/redeem/", views.PointsRedeemView.as_view(), name="api-loyalty-points-redeem"),
    path("points/void/", views.PointsVoidView.as_view(), name="api-loyalty-points-void"),
    path("staff/", views.StaffListView.as_view(), name="api-loyalty-staff"),
    path("pins/", views.PinListView.as_view(), name="api-loyalty-pins"),
    path("pins/<str:pin_id>/", views.PinDetailView.as_view(), name="api-loyalty-pin"),
]
