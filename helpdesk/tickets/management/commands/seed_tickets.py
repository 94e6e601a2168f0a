import random
from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.utils import timezone

from helpdesk.accounts.models import User
from helpdesk.tickets.models import StatusHistory, Ticket

WORDS = [
    "printer",
    "wifi",
    "login",
    "password",
    "invoice",
    "refund",
    "badge",
    "event",
    "room",
    "projector",
    "email",
    "account",
    "membership",
    "payment",
    "laptop",
    "screen",
    "booking",
    "card",
    "access",
    "calendar",
    "form",
]


class Command(BaseCommand):
    help = "Bulk-insert demo tickets (with history) for demos and measurements."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--tickets", type=int, default=10_000)
        parser.add_argument("--users", type=int, default=200)
        parser.add_argument("--seed", type=int, default=1)

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        rng = random.Random(options["seed"])  # noqa: S311 (demo data, not secrets)
        users = self._users(options["users"])
        staff = User.objects.filter(is_staff=True).first() or users[0]
        now = timezone.now()
        tickets = [
            Ticket(
                title=" ".join(rng.choices(WORDS, k=5)).capitalize(),
                description=" ".join(rng.choices(WORDS, k=40)),
                category=rng.choice(Ticket.Category.values),
                status=rng.choice(Ticket.Status.values),
                created_by=rng.choice(users),
                created_at=now - timedelta(minutes=i),
            )
            for i in range(options["tickets"])
        ]
        Ticket.objects.bulk_create(tickets, batch_size=2000)
        history = [
            StatusHistory(ticket=t, status=t.status, changed_by=staff, changed_at=t.created_at)
            for t in Ticket.objects.filter(status_history__isnull=True).only(
                "id", "status", "created_at"
            )
        ]
        StatusHistory.objects.bulk_create(history, batch_size=2000)
        self.stdout.write(f"Seeded {len(tickets)} tickets for {len(users)} users.")

    def _users(self, count: int) -> list[User]:
        existing = list(User.objects.filter(username__startswith="member"))
        missing = [
            User(username=f"member{n}", email=f"member{n}@example.com")
            for n in range(len(existing), count)
        ]
        for user in missing:
            user.set_unusable_password()
        return existing + User.objects.bulk_create(missing)
