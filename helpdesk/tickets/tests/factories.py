import factory

from helpdesk.accounts.tests.factories import UserFactory
from helpdesk.tickets.models import StatusHistory, Ticket


class TicketFactory(factory.django.DjangoModelFactory[Ticket]):
    """A ticket with its first history entry, as `ticket_create` would leave it."""

    class Meta:
        model = Ticket
        skip_postgeneration_save = True

    title = factory.Faker("sentence", nb_words=5)
    description = factory.Faker("paragraph")
    category = Ticket.Category.TECHNICAL
    status = Ticket.Status.NEW
    created_by = factory.SubFactory(UserFactory)

    @factory.post_generation
    def history(ticket: Ticket, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            StatusHistory.objects.create(
                ticket=ticket, status=ticket.status, changed_by=ticket.created_by
            )
