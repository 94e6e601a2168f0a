from drf_spectacular.utils import extend_schema
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from helpdesk.reports import selectors
from helpdesk.reports.permissions import IsStaff
from helpdesk.reports.serializers import SummaryParamsSerializer, SummarySerializer


class SummaryView(APIView):
    """Counts and times over a date range (SPEC 4f), staff only."""

    permission_classes = [IsAuthenticated, IsStaff]

    @extend_schema(parameters=[SummaryParamsSerializer], responses={200: SummarySerializer})
    def get(self, request: Request) -> Response:
        params = SummaryParamsSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        report = selectors.summary(period=params.validated_data["period"])
        return Response(SummarySerializer(report).data)
