"""The feed import pages and API: sources, starting imports, following one, rejected rows, and
another merchant's import ids."""

import pytest

from apps.core.roles import Role
from apps.marketplace.models import FeedImport, FeedSource

from ..accounts.test_api import api, token_for
from .feeds import google_file, row, run_import, upload

PAGES = "/store/ALPHA/marketplace/imports/"
API = "/api/v1/store/stores/ALPHA/marketplace"


def client_api(tenant, user=None):
    user = user or tenant.owner()
    return api(tenant, token_for(tenant, user.email))


def rejected_import(tenant, capture):
    return run_import(tenant, capture, content=google_file([row("A1"), row("A2", price="x"), row("A1")]))


def test_imports_page_lists_sources_and_imports(tenant_a, django_capture_on_commit_callbacks, queries):
    done = rejected_import(tenant_a, django_capture_on_commit_callbacks)
    client = tenant_a.client(tenant_a.owner())
    response = client.get(PAGES)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Feed URL in French" in html and f"{PAGES}{done.pk}/" in html and "Upload and import" in html
    assert queries.of_get(client, PAGES).count <= 25


def test_sources_are_saved_and_bad_urls_refused(tenant_a, letzshop):
    client = tenant_a.client(tenant_a.owner())
    response = client.post(f"{PAGES}sources/", {"url_fr": letzshop.feed_url("fr"), "url_de": "", "url_en": ""})
    assert response.status_code == 302
    with tenant_a:
        assert list(FeedSource.objects.values_list("language", "url")) == [("fr", letzshop.feed_url("fr"))]
    letzshop_settings_off = client.post(f"{PAGES}sources/", {"url_fr": "ftp://example.com/feed"})
    assert letzshop_settings_off.status_code == 400


def test_private_source_is_refused_without_the_allow_list(tenant_a, settings):
    settings.FEED_ALLOWED_PRIVATE_HOSTS = []
    client = tenant_a.client(tenant_a.owner())
    response = client.post(f"{PAGES}sources/", {"url_fr": "http://127.0.0.1:9/feed.tsv"})
    assert response.status_code == 400 and "private or local" in response.content.decode()


def test_upload_page_runs_the_import(tenant_a, django_capture_on_commit_callbacks):
    client = tenant_a.client(tenant_a.owner())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"{PAGES}upload/", {"language": "en", "file": upload(google_file([row("A1"), row("A2", gtin="1")]))}
        )
    assert response.status_code == 302
    detail = client.get(response["Location"])
    html = detail.content.decode()
    assert detail.status_code == 200 and "Rejected rows" in html and "a GTIN has 8 to 14 digits" in html
    assert "rejected.csv" in html
    progress = client.get(response["Location"] + "progress/")
    assert progress.status_code == 200 and 'hx-swap-oob="true"' in progress.content.decode()


def test_rejected_csv(tenant_a, django_capture_on_commit_callbacks):
    done = rejected_import(tenant_a, django_capture_on_commit_callbacks)
    response = tenant_a.client(tenant_a.owner()).get(f"{PAGES}{done.pk}/rejected.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert lines[0] == "row,column,reason,value"
    assert lines[1:] == ["3,price,not a price,x", "4,id,duplicate id (first on row 2),A1"]


def test_another_merchants_import_is_404(tenant_a, tenant_b, django_capture_on_commit_callbacks):
    theirs = rejected_import(tenant_b, django_capture_on_commit_callbacks)
    client = tenant_a.client(tenant_a.owner())
    for path in (f"{PAGES}{theirs.pk}/", f"{PAGES}{theirs.pk}/progress/", f"{PAGES}{theirs.pk}/rejected.csv"):
        assert client.get(path).status_code == 404
    api_client = client_api(tenant_a)
    assert api_client.get(f"{API}/imports/{theirs.pk}/").status_code == 404
    assert api_client.get(f"{API}/imports/{theirs.pk}/rejected/").status_code == 404
    assert api_client.get(f"{API}/imports/").json() == []
    assert f"{PAGES}{theirs.pk}/" not in client.get(PAGES).content.decode()
    with tenant_a:
        assert not FeedImport.objects.filter(store_id=tenant_a.store.id).exists()


def test_staff_may_view_but_not_import(tenant_a):
    staff = tenant_a.member(Role.EDITOR)
    client = tenant_a.client(staff)
    assert client.get(PAGES).status_code == 200
    assert client.post(f"{PAGES}start/", {"language": "fr"}).status_code == 403


def test_api_sources_and_import(tenant_a, letzshop, django_capture_on_commit_callbacks):
    client = client_api(tenant_a)
    response = client.put(f"{API}/feed-sources/", {"en": letzshop.feed_url("en")}, content_type="application/json")
    assert response.status_code == 200 and response.json() == [
        {"language": "en", "url": letzshop.feed_url("en"), "format": "auto"}
    ]
    assert client.get(f"{API}/feed-sources/").json()[0]["language"] == "en"
    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(f"{API}/imports/", {"language": "en"}, content_type="application/json")
    assert started.status_code == 202 and started.json()["job_id"]
    detail = client.get(f"{API}/imports/{started.json()['id']}/").json()
    assert detail["status"] == "done" and detail["new_count"] == len(letzshop.catalogue)
    assert [i["id"] for i in client.get(f"{API}/imports/").json()] == [detail["id"]]


def test_api_upload_conflict_and_rejected(tenant_a, django_capture_on_commit_callbacks):
    client = client_api(tenant_a)
    with tenant_a:
        running = FeedImport.objects.create(store_id=tenant_a.store.id, language="fr", status="running")
    file = upload(google_file([row("A1"), row("A2", price="x")]))
    busy = client.post(f"{API}/imports/", {"language": "en", "file": file})
    assert busy.status_code == 409 and busy.json()["code"] == "import_running"
    with tenant_a:
        running.delete()
    with django_capture_on_commit_callbacks(execute=True):
        file = upload(google_file([row("A1"), row("A2", price="x")]))
        started = client.post(f"{API}/imports/", {"language": "en", "file": file})
    assert started.status_code == 202, started.content
    rejected = client.get(f"{API}/imports/{started.json()['id']}/rejected/")
    assert b"".join(rejected.streaming_content).decode().splitlines()[1] == "3,price,not a price,x"


@pytest.mark.parametrize(
    ("data", "code"),
    [
        ({"language": "xx", "url": "https://example.com/f.tsv"}, "invalid"),
        ({"language": "en"}, "file_required"),
        ({"language": "en", "url": "file:///etc/passwd"}, "feed_url_invalid"),
    ],
)
def test_api_bad_input_is_a_clear_400(tenant_a, data, code):
    response = client_api(tenant_a).post(f"{API}/imports/", data, content_type="application/json")
    assert response.status_code == 400 and response.json()["code"] == code


def test_api_preview(tenant_a, letzshop):
    client = client_api(tenant_a)
    response = client.post(
        f"{API}/imports/preview/", {"language": "fr", "url": letzshop.feed_url("fr")}, content_type="application/json"
    )
    body = response.json()
    assert response.status_code == 200 and body["format"] == "google" and body["delimiter"] == "\t"
    assert body["missing"] == [] and len(body["rows"]) == 5 and body["rows"][0]["id"] == letzshop.catalogue[0].feed_id
    missing = client.post(f"{API}/imports/preview/", {"language": "fr", "file": upload("id\ttitle\nA\tB\n")})
    assert missing.status_code == 200 and missing.json()["missing"] == ["price"]
