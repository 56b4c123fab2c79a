"""Messages of Django's password rules and of django-allauth that the sign-in, sign-up and password
pages show, for makemessages only (nothing imports this module).

allauth has no Luxembourgish catalogue and Django's lacks the password rules. Listed here they enter
locale/, which LOCALE_PATHS puts before the libraries' catalogues, and are translated there into
every language of the site (fr and de as the libraries translate them). Keep each text exactly as
the library writes it. allauth's field labels are not here: our forms replace them
(allauth_forms.py). Django's form messages are in apps/core/library_texts.py."""

from django.utils.translation import gettext_noop, ngettext_lazy

# django.contrib.auth.password_validation (AUTH_PASSWORD_VALIDATORS): the rules shown under a new
# password and the errors of a password that breaks them
PASSWORD_RULES = (
    gettext_noop("Your password can’t be too similar to your other personal information."),
    gettext_noop("The password is too similar to the %(verbose_name)s."),
    gettext_noop("Your password can’t be a commonly used password."),
    gettext_noop("This password is too common."),
    gettext_noop("Your password can’t be entirely numeric."),
    gettext_noop("This password is entirely numeric."),
)
# The number is only a placeholder name: these are never evaluated, only extracted.
PASSWORD_LENGTH = (
    ngettext_lazy(
        "Your password must contain at least %(min_length)d character.",
        "Your password must contain at least %(min_length)d characters.",
        "n",
    ),
    ngettext_lazy(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
        "n",
    ),
)

# allauth.account: the errors of its forms (DefaultAccountAdapter.error_messages and forms.py)
ALLAUTH = (
    gettext_noop("This account is currently inactive."),
    gettext_noop("You cannot remove your primary email address."),
    gettext_noop("This email address is already associated with this account."),
    gettext_noop("The email address and/or password you specified are not correct."),
    gettext_noop("A user is already registered with this email address."),
    gettext_noop("Please type your current password."),
    gettext_noop("Incorrect password."),
    gettext_noop("Invalid or expired key."),
    gettext_noop("Invalid login."),
    gettext_noop("The password reset token was invalid."),
    gettext_noop("You cannot add more than %d email addresses."),
    gettext_noop("Too many failed login attempts. Try again later."),
    gettext_noop("The email address is not assigned to any user account."),
    gettext_noop("Your primary email address must be verified."),
    gettext_noop("Please select only one."),
    gettext_noop("The new value must be different from the current one."),
    gettext_noop("Be patient, you are sending too many requests."),
    gettext_noop("You must type the same password each time."),
)
