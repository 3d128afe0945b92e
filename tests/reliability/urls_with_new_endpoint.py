"""The example project's URLs plus an endpoint the leak matrix has never seen (for its test)."""

from django.http import HttpResponse
from django.urls import path

from example_project.urls import urlpatterns as project_urlpatterns


def widget(request, widget_id: int) -> HttpResponse:
    return HttpResponse(str(widget_id))


urlpatterns = [path("api/congress/widgets/<int:widget_id>/", widget), *project_urlpatterns]
