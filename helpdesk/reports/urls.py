from django.urls import path

from helpdesk.reports import views

urlpatterns = [
    path("summary/", views.SummaryView.as_view(), name="reports-summary"),
]
