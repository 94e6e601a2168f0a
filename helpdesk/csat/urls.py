from django.urls import path

from helpdesk.csat import views

urlpatterns = [
    path("tickets/<int:pk>/rating/", views.TicketRatingView.as_view(), name="ticket-rating"),
    path("ratings/<str:token>/", views.LinkRatingView.as_view(), name="link-rating"),
]
