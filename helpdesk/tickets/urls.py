from django.urls import path
from rest_framework.routers import SimpleRouter

from helpdesk.tickets import views

router = SimpleRouter()
router.register("tickets", views.TicketViewSet, basename="ticket")

urlpatterns = [
    *router.urls,
    path("attachments/<str:token>/", views.attachment_download, name="attachment-download"),
]
