from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm
from django.http import HttpRequest

from helpdesk.accounts import services
from helpdesk.accounts.models import User


class PasswordForm(AdminPasswordChangeForm):
    def save(self, commit: bool = True) -> User:
        user = super().save(commit=False)
        if commit:
            services.user_save(user=user)
        return user


@admin.register(User)
class HelpdeskUserAdmin(UserAdmin):
    """Saves go through the service the API uses, so a password, activity or
    staff change made here ends the user's sessions as it does there."""

    change_password_form = PasswordForm

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        services.user_save(user=obj)
