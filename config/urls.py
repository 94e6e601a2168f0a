from django.contrib import admin
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from helpdesk.accounts import views as account_views
from helpdesk.core import views as core_views

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/auth/", include("helpdesk.accounts.urls")),
    path("api/", include("helpdesk.tickets.urls")),
    path("api/", include("helpdesk.csat.urls")),
    path("api/reports/", include("helpdesk.reports.urls")),
    path("api/users/", account_views.UserListView.as_view(), name="users"),
    path("api/health/", core_views.health, name="health"),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves Swagger UI's start-up script as a file of its own:
    # the CSP allows no inline script.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="docs"),
]
urlpatterns += [
    # Every other path is a route of the single-page app.
    re_path(r"^(?!api/|admin/|static/|ws/).*$", core_views.spa, name="spa"),
]

handler400 = "helpdesk.core.exceptions.bad_request"
handler403 = "helpdesk.core.exceptions.permission_denied"
handler404 = "helpdesk.core.exceptions.page_not_found"
handler500 = "helpdesk.core.exceptions.server_error"
