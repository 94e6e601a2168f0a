import os
from typing import Any

from django.core.management.base import BaseCommand

from helpdesk.accounts.models import User


class Command(BaseCommand):
    help = (
        "Create the superuser named by DJANGO_SUPERUSER_USERNAME with "
        "DJANGO_SUPERUSER_PASSWORD (and optional DJANGO_SUPERUSER_EMAIL) if it does "
        "not exist yet. Does nothing when either variable is unset."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        username = os.environ.get("DJANGO_SUPERUSER_USERNAME")
        password = os.environ.get("DJANGO_SUPERUSER_PASSWORD")
        if not username or not password:
            return
        if User.objects.filter(username=username).exists():
            return
        email = os.environ.get("DJANGO_SUPERUSER_EMAIL", "")
        User.objects.create_superuser(username=username, email=email, password=password)
        self.stdout.write(f"Created superuser {username!r}.")
