from unittest import mock

import pytest
from django.test import RequestFactory
from rest_framework import serializers

from helpdesk.accounts.models import User
from helpdesk.tickets import selectors
from helpdesk.tickets.models import Attachment, Comment, StatusHistory
from helpdesk.tickets.serializers import TicketListItemSerializer, TicketSerializer
from helpdesk.tickets.tests.factories import TicketFactory


@pytest.mark.parametrize("serializer", [TicketListItemSerializer, TicketSerializer])
def test_fast_representation_matches_drf(
    serializer: type[serializers.ModelSerializer], alice: User, charlie: User
) -> None:
    # The hand-written to_representation must give exactly what DRF's generic
    # walk over the declared fields (which the OpenAPI schema describes) gives.
    attachment = Attachment.objects.create(
        file="a.pdf",
        original_name="a.pdf",
        content_type="application/pdf",
        size=3,
        uploaded_by=alice,
    )
    with_everything = TicketFactory.create(
        created_by=alice, assignee=charlie, attachment=attachment
    )
    Comment.objects.create(ticket=with_everything, author=alice, body="hi")
    StatusHistory.objects.create(ticket=with_everything, status="Resolved", changed_by=charlie)
    TicketFactory.create(created_by=alice)
    context = {"request": RequestFactory().get("/api/tickets/")}

    tickets = selectors.ticket_detail_queryset(user=charlie).order_by("id")
    with mock.patch("helpdesk.tickets.attachments.sign", return_value="signed"):
        for ticket in tickets:
            fast = serializer(ticket, context=context).data
            generic = serializers.ModelSerializer.to_representation(
                serializer(context=context), ticket
            )
            assert fast == generic
            assert list(fast) == list(generic)
