"""The audit log in Django admin, read-only.

Core knows no merchants or stores (it sits below tenancy), so this admin shows their ids only and
is not registered here: tenancy's admin registers a subclass that shows their names and filters by
merchant."""

from django.contrib import admin


class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["created_at", "actor_email", "actor_kind", "action", "target", "merchant_id", "store_id"]
    list_filter = ["actor_kind", "action"]
    search_fields = ["actor_email", "action", "target"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
