import secrets

import factory

from helpdesk.accounts.models import User

PASSWORD = secrets.token_urlsafe(18)  # made up per run, never committed


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    password = factory.django.Password(PASSWORD)
