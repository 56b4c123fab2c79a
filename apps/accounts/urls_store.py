from django.urls import path

from .views import shell
from .views import store as views

urlpatterns = [
    path("", shell.DashboardView.as_view(), name="dashboard"),
    path("settings/", shell.SettingsView.as_view(), name="settings"),
    path("domains/", shell.DomainsView.as_view(), name="domains"),
    path("domains/<int:pk>/<str:action>/", shell.DomainActionView.as_view(), name="domain_action"),
    path("login/", views.StoreLoginView.as_view(), name="login"),
    path("welcome/<str:token>/", views.HandoffView.as_view(), name="handoff"),
    path("signin/<str:token>/", views.SignInLinkView.as_view(), name="signin_link"),
    path("team/", views.TeamView.as_view(), name="team"),
    path("team/invite/", views.InviteView.as_view(), name="invite"),
    path("team/<int:pk>/<str:action>/", views.MemberActionView.as_view(), name="member_action"),
    path("invitations/<str:token>/", views.AcceptInvitationView.as_view(), name="accept_invitation"),
]
