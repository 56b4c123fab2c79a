import re

import pytest
from django.core import mail

from apps.accounts.models import Invitation, StoreMembership, User
from apps.accounts.services import member_change_role, member_invite, member_remove
from apps.core.errors import Conflict, PermissionDenied
from apps.core.modules import registry
from apps.core.roles import Role

from ..conftest import PASSWORD


def test_permission_matrix_comes_from_module_declarations():
    assert "team.manage" in registry.role_permissions(Role.OWNER)
    assert "team.manage" in registry.role_permissions(Role.MANAGER)
    assert "team.manage" not in registry.role_permissions(Role.EDITOR)
    assert "team.view" in registry.role_permissions(Role.VIEWER)
    assert "team.view" not in registry.role_permissions(Role.CASHIER)
    assert "store.merchant_domains" in registry.role_permissions(Role.OWNER)
    assert "store.merchant_domains" not in registry.role_permissions(Role.MANAGER)


@pytest.mark.parametrize(
    ("role", "status"),
    [(Role.OWNER, 200), (Role.MANAGER, 200), (Role.EDITOR, 200), (Role.VIEWER, 200), (Role.CASHIER, 403)],
)
def test_team_page_by_role(tenant_a, role, status):
    user = tenant_a.member(role)
    assert tenant_a.client(user).get("/store/ALPHA/team/").status_code == status


@pytest.mark.parametrize(
    ("role", "status"),
    [(Role.OWNER, 200), (Role.MANAGER, 200), (Role.EDITOR, 403), (Role.VIEWER, 403), (Role.CASHIER, 403)],
)
def test_settings_page_by_role(tenant_a, role, status):
    user = tenant_a.member(role)
    assert tenant_a.client(user).get("/store/ALPHA/settings/").status_code == status


def test_anonymous_is_sent_to_store_login(tenant_a):
    response = tenant_a.client().get("/store/ALPHA/team/")
    assert response.status_code == 302
    assert response["Location"].startswith("/store/ALPHA/login/?next=")


def test_customer_without_membership_gets_403(tenant_a):
    customer = tenant_a.customer()
    assert tenant_a.client(customer).get("/store/ALPHA/").status_code == 403


def test_membership_in_one_store_does_not_open_another(tenant_a):
    user = tenant_a.member(Role.MANAGER)
    client = tenant_a.client(user, host=tenant_a.stores["ALPHA2"].subdomain)
    assert client.get("/store/ALPHA2/").status_code == 403


def test_invite_accept_flow_creates_member(tenant_a, django_capture_on_commit_callbacks):
    owner = tenant_a.owner()
    client = tenant_a.client(owner)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/store/ALPHA/team/invite/", {"email": "New.Editor@alpha.test", "role": "editor"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"http://alpha\.testserver\.local(/store/ALPHA/invitations/[^/\s]+/)", mail.outbox[0].body)
    assert link, mail.outbox[0].body

    invitee = tenant_a.client()
    assert invitee.get(link.group(1)).status_code == 200
    weak = invitee.post(link.group(1), {"full_name": "New Editor", "password": "123"})
    assert weak.status_code == 200 and b"too short" in weak.content
    joined = invitee.post(link.group(1), {"full_name": "New Editor", "password": PASSWORD}, follow=True)
    assert joined.redirect_chain[-1][0] == "/store/ALPHA/"
    with tenant_a:
        member = StoreMembership.objects.get(user__email="new.editor@alpha.test", store_id=tenant_a.store.id)
        assert member.role == Role.EDITOR
    # the link is spent
    assert tenant_a.client().get(link.group(1)).status_code == 404


def test_viewer_cannot_invite(tenant_a):
    viewer = tenant_a.member(Role.VIEWER)
    response = tenant_a.client(viewer).post("/store/ALPHA/team/invite/", {"email": "x@y.lu", "role": "owner"})
    assert response.status_code == 403
    with tenant_a:
        assert not Invitation.objects.exists()


def test_manager_cannot_grant_owner(tenant_a):
    manager = tenant_a.member(Role.MANAGER)
    with tenant_a, pytest.raises(PermissionDenied) as excinfo:
        member_invite(actor=manager, actor_role=Role.MANAGER, store=tenant_a.store, email="x@y.lu", role=Role.OWNER)
    assert excinfo.value.code == "role_too_high"


def test_manager_cannot_demote_or_remove_owner(tenant_a):
    manager = tenant_a.member(Role.MANAGER)
    owner = tenant_a.owner()
    with tenant_a:
        owner_membership = StoreMembership.objects.get(user=owner, store_id=tenant_a.store.id)
        with pytest.raises(PermissionDenied):
            member_change_role(
                actor=manager,
                actor_role=Role.MANAGER,
                store=tenant_a.store,
                membership_id=owner_membership.id,
                role=Role.VIEWER,
            )
        with pytest.raises(PermissionDenied):
            member_remove(
                actor=manager, actor_role=Role.MANAGER, store=tenant_a.store, membership_id=owner_membership.id
            )


def test_last_owner_cannot_be_removed_or_demoted(tenant_a):
    owner = tenant_a.owner()
    with tenant_a:
        membership = StoreMembership.objects.get(user=owner, store_id=tenant_a.store.id)
        with pytest.raises(Conflict):
            member_change_role(
                actor=owner, actor_role=Role.OWNER, store=tenant_a.store, membership_id=membership.id, role=Role.MANAGER
            )
        with pytest.raises(Conflict):
            member_remove(actor=owner, actor_role=Role.OWNER, store=tenant_a.store, membership_id=membership.id)


def test_owner_changes_role_and_removes_member_from_page(tenant_a):
    owner = tenant_a.owner()
    editor = tenant_a.member(Role.EDITOR)
    client = tenant_a.client(owner)
    with tenant_a:
        membership = StoreMembership.objects.get(user=editor, store_id=tenant_a.store.id)
    client.post(f"/store/ALPHA/team/{membership.id}/role/", {"role": "manager"})
    with tenant_a:
        membership.refresh_from_db()
        assert membership.role == Role.MANAGER
    client.post(f"/store/ALPHA/team/{membership.id}/remove/")
    with tenant_a:
        assert not StoreMembership.objects.filter(pk=membership.id).exists()
        assert User.objects.filter(pk=editor.pk).exists()  # the account stays, only the role goes


def test_duplicate_invitation_is_a_clear_error(tenant_a):
    owner = tenant_a.owner()
    client = tenant_a.client(owner)
    client.post("/store/ALPHA/team/invite/", {"email": "dup@alpha.test", "role": "viewer"})
    response = client.post("/store/ALPHA/team/invite/", {"email": "dup@alpha.test", "role": "viewer"})
    assert response.status_code == 400
    assert b"already pending" in response.content


def test_invitation_for_someone_else_cannot_be_taken(tenant_a):
    owner = tenant_a.owner()
    with tenant_a:
        _, token = member_invite(
            actor=owner, actor_role=Role.OWNER, store=tenant_a.store, email="intended@alpha.test", role=Role.EDITOR
        )
    intruder = tenant_a.customer("intruder@example.lu")
    client = tenant_a.client(intruder)
    client.post(f"/store/ALPHA/invitations/{token}/", {"join": "1"})
    with tenant_a:
        assert not StoreMembership.objects.filter(user=intruder).exists()
