from django.contrib import admin

from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["created_at", "actor_email", "actor_kind", "action", "target", "merchant", "store"]
    list_filter = ["actor_kind", "action"]
    search_fields = ["actor_email", "action", "target", "merchant__name", "store__code"]
    list_select_related = ["merchant", "store"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
