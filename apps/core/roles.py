"""Store roles. Their permissions are not listed here: each module declares which roles hold its
permissions (see modules.py), and the registry assembles the matrix."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    OWNER = "owner", _("Owner")
    MANAGER = "manager", _("Manager")
    EDITOR = "editor", _("Editor")
    VIEWER = "viewer", _("Viewer")
    CASHIER = "cashier", _("Cashier")


ALL_ROLES = tuple(Role)
STAFF_ROLES = (Role.OWNER, Role.MANAGER, Role.EDITOR, Role.VIEWER)
MANAGING_ROLES = (Role.OWNER, Role.MANAGER)
