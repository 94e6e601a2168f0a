from django.db import transaction

from helpdesk.accounts.models import User


@transaction.atomic
def user_register(*, username: str, email: str, password: str) -> User:
    return User.objects.create_user(username=username, email=email, password=password)
