from django.conf import settings
from rest_framework import serializers

from apps.core.roles import Role

from ..models import Invitation, StoreMembership, User


class UserSerializer(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ["id", "email", "full_name", "language", "date_joined"]
        read_only_fields = ["id", "email", "date_joined"]


class ProfileUpdateSerializer(serializers.ModelSerializer):
    language = serializers.ChoiceField(choices=[("", "store default"), *settings.LANGUAGES], required=False)

    class Meta:
        model = User
        fields = ["full_name", "language"]


class StoreSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    url = serializers.CharField()
    language = serializers.CharField()
    time_zone = serializers.CharField()


class MyStoreSerializer(StoreSerializer):
    role = serializers.ChoiceField(choices=Role.choices)
    permissions = serializers.ListField(child=serializers.CharField())


class MeSerializer(serializers.Serializer):
    user = UserSerializer()
    memberships = MyStoreSerializer(many=True)


class MemberSerializer(serializers.ModelSerializer):
    user = UserSerializer(read_only=True)

    class Meta:
        model = StoreMembership
        fields = ["id", "user", "role", "created_at"]


class InvitationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Invitation
        fields = ["id", "email", "role", "status", "expires_at", "created_at"]
        read_only_fields = ["id", "status", "expires_at", "created_at"]


class InviteInputSerializer(serializers.Serializer):
    email = serializers.EmailField()
    role = serializers.ChoiceField(choices=Role.choices)


class RoleInputSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=Role.choices)


class TokenInputSerializer(serializers.Serializer):
    email = serializers.EmailField()
    password = serializers.CharField(trim_whitespace=False)
    device_name = serializers.CharField(required=False, allow_blank=True, max_length=100)


class TokenOutputSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="Send as `Authorization: Token <token>`. Shown once.")
    user = UserSerializer()
