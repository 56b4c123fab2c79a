"""The customer's account pages (django-allauth's views) and e-mails are the store's: its layout,
name and language on every page, the site's form markup, none of the library's stock wording; every
e-mail from the store's name, replies to its contact address, in the customer's language, with an
HTML part."""

from __future__ import annotations

import re
from email import message_from_bytes, policy
from email.utils import parseaddr

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.core import mail
from django.utils import translation
from django_tenants.utils import tenant_context

from apps.accounts.models import User
from apps.tenancy.models import Store

from ..conftest import PASSWORD

ANONYMOUS_PAGES = [
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password/reset/",
    "/accounts/password/reset/done/",
    "/accounts/password/reset/key/1-bad-key/",
    "/accounts/password/reset/key/done/",
    "/accounts/confirm-email/",
    "/accounts/confirm-email/bad-key/",
    "/accounts/inactive/",
]
CUSTOMER_PAGES = [
    "/accounts/logout/",
    "/accounts/email/",
    "/accounts/password/change/",
    "/accounts/reauthenticate/",
]
# allauth's own wording and form rendering, which none of the pages may show
STOCK = [
    "Sign Up",
    "Sign In",
    "Sign Out",
    "Remember Me",
    "Email Addresses",
    "Password Reset",
    "Change Password",
    "Set Password",
    "Forgotten your password",
    "If you have not created an account yet",
    "Then please",
    "Please contact us",
    "Verify Your Email Address",
    "Confirm Email Address",
    "Account Inactive",
    "Bad Token",
    "Make Primary",
    "Re-send Verification",
    "Add Email",
    "Confirm Access",
    ":</label>",
    "placeholder=",
    "<p>\n    <label",
]
LANGUAGES = ["en", "fr", "de", "lb"]
NOREPLY = parseaddr(settings.DEFAULT_FROM_EMAIL)[1]  # the platform's no-reply address


def _in(language: str, text: str) -> str:
    """`text` in `language` (a variable, so that makemessages does not take it for a new text)."""
    with translation.override(language):
        return translation.gettext(text)


def _main(html: str) -> str:
    return html[html.index('<main id="main"') : html.index("</main>")]


def _texts(html: str) -> list[str]:
    """The headings, labels, buttons and help texts of a page's main part, as a reader sees them."""
    found = re.findall(r"<(h1|h2|label|button|legend)\b[^>]*>(.*?)</\1>", _main(html), re.S)
    found += [("help", help_text) for help_text in re.findall(r'<div class="help"[^>]*>(.*?)</div>', html, re.S)]
    return [" ".join(re.sub(r"<[^>]+>", " ", text).split()) for _tag, text in found]


def _get(client, path: str, language: str):
    client.cookies["django_language"] = language
    response = client.get(path)
    assert response.status_code == 200, (path, language, response.status_code)
    return response.content.decode()


@pytest.mark.parametrize("language", LANGUAGES)
def test_account_pages_are_the_stores_in_every_language(tenant_a, language):
    store = tenant_a.store
    anonymous, customer = tenant_a.client(), tenant_a.client(tenant_a.customer())
    for client, path in [(anonymous, p) for p in ANONYMOUS_PAGES] + [(customer, p) for p in CUSTOMER_PAGES]:
        html = _get(client, path, language)
        assert f'<html lang="{language}">' in html, path
        assert re.search(rf"<title>[^<]+ · {store.name}</title>", html), path
        assert f"<span>{store.name}" in html and 'role="search"' in html, path  # the store's header
        assert 'class="auth narrow"' in html, path
        main = _main(html)
        for stock in STOCK:
            assert stock not in main, (path, language, stock)
        if language != "en":
            english = set(_texts(_get(client, path, "en")))
            untranslated = [text for text in _texts(html) if text in english and store.name not in text]
            assert not untranslated, (path, language, untranslated)


@pytest.mark.parametrize("language", LANGUAGES)
def test_form_errors_are_in_the_page_language(tenant_a, language):
    client = tenant_a.client()
    client.cookies["django_language"] = language
    form = {"email": "nope", "password1": "1234", "password2": "5678"}
    html = client.post("/accounts/signup/", form).content.decode()
    assert 'class="field has-error"' in html
    errors = re.findall(r'<ul class="errors" role="alert">(.*?)</ul>', html, re.S)
    assert errors
    assert _in(language, "Enter a valid email address.") in errors[0]
    if language != "en":
        for english in ("Enter a valid email address.", "This password is too", "You must type the same password"):
            assert english not in html, (language, english)


def _set_store(store: Store, **fields) -> None:
    Store.objects.filter(pk=store.pk).update(**fields)


def test_confirmation_email_of_a_french_store(tenant_a):
    _set_store(tenant_a.store, language="fr", contact_email="bonjour@alpha.lu")
    response = tenant_a.client().post(
        "/accounts/signup/", {"email": "client@example.fr", "password1": PASSWORD, "password2": PASSWORD}
    )
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    subject = _in("fr", "Confirm your e-mail address")
    assert subject != "Confirm your e-mail address"
    assert message.subject == f"Alpha: {subject}"
    assert parseaddr(message.from_email) == ("Alpha", NOREPLY)
    assert message.reply_to == ["bonjour@alpha.lu"]
    assert message.to == ["client@example.fr"]
    body = message.body
    assert "Alpha" in body and "http://alpha.testserver.local" in body
    assert "http://alpha.testserver.local/accounts/confirm-email/" in body
    assert "Hello" not in body and "Please confirm" not in body  # French, not English
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert '<html lang="fr">' in html and ">Alpha</a>" in html
    assert '<a href="http://alpha.testserver.local/accounts/confirm-email/' in html


def test_password_reset_email_is_in_the_customers_own_language(tenant_a):
    _set_store(tenant_a.store, language="fr", contact_email="")
    customer = tenant_a.customer()
    with tenant_context(tenant_a.merchant):
        User.objects.filter(pk=customer.pk).update(language="de")
        EmailAddress.objects.get_or_create(user=customer, email=customer.email, defaults={"primary": True})
    tenant_a.client().post("/accounts/password/reset/", {"email": customer.email})
    message = mail.outbox[-1]
    subject = _in("de", "Reset your password")
    assert message.subject == f"Alpha: {subject}" and subject != "Reset your password"
    assert message.reply_to == []  # no public contact address: nobody to reply to
    assert "http://alpha.testserver.local/accounts/password/reset/key/" in message.body
    assert message.alternatives and "/accounts/password/reset/key/" in message.alternatives[0][0]


def test_store_name_in_the_sender_is_encoded(tenant_a):
    _set_store(tenant_a.store, name='Café "Müller", Esch')
    tenant_a.client().post("/accounts/password/reset/", {"email": "nobody@example.lu"})
    message = mail.outbox[-1].message()
    assert parseaddr(str(mail.outbox[-1].from_email)) == ('Café "Müller", Esch', NOREPLY)
    sender = message_from_bytes(message.as_bytes(), policy=policy.default)["From"].addresses[0]
    assert (sender.display_name, sender.addr_spec) == ('Café "Müller", Esch', NOREPLY)
    assert mail.outbox[-1].subject.startswith('Café "Müller", Esch: ')


def test_platform_emails_come_from_the_platform(public_client, platform_admin):
    public_client.post("/accounts/password/reset/", {"email": platform_admin.email})
    message = mail.outbox[-1]
    assert parseaddr(message.from_email) == (settings.PLATFORM_NAME, NOREPLY)
    assert message.subject.startswith(f"{settings.PLATFORM_NAME}: ")
    assert "http://testserver.local" in message.body and "[testserver" not in message.subject
