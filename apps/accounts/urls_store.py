from django.urls import path

from .views import store as views

urlpatterns = [
    path("login/", views.StoreLoginView.as_view(), name="login"),
    path("welcome/<str:token>/", views.HandoffView.as_view(), name="handoff"),
    path("team/", views.TeamView.as_view(), name="team"),
    path("team/invite/", views.InviteView.as_view(), name="invite"),
    path("team/<int:pk>/<str:action>/", views.MemberActionView.as_view(), name="member_action"),
    path("invitations/<str:token>/", views.AcceptInvitationView.as_view(), name="accept_invitation"),
]
