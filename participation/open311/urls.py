from django.urls import path, re_path
from django.views.generic import RedirectView

from . import views

app_name = "open311"

FORMAT = r"(?P<fmt>json|xml)"

urlpatterns = [
    path("", views.index, name="index"),
    path("openapi.json", views.openapi_document, name="openapi"),
    re_path(rf"^discovery\.{FORMAT}$", views.discovery, name="discovery"),
    path("v2/", RedirectView.as_view(pattern_name="open311:index"), name="root"),
    re_path(rf"^v2/services\.{FORMAT}$", views.service_list, name="services"),
    re_path(
        rf"^v2/services/(?P<code>[-\w]+)\.{FORMAT}$",
        views.service_definition,
        name="service_definition",
    ),
    re_path(rf"^v2/requests\.{FORMAT}$", views.requests, name="requests"),
    re_path(
        rf"^v2/requests/(?P<reference>[-\w]+)\.{FORMAT}$",
        views.request_detail,
        name="request_detail",
    ),
    re_path(rf"^v2/tokens/(?P<token>[-\w]+)\.{FORMAT}$", views.token, name="token"),
    # Last: any other address under v2/ (an unknown format, an id no resource can have) is
    # answered with the spec's error body, never the site's HTML page. (?s: a newline too.)
    re_path(r"^v2/(?P<path>(?s:.+))$", views.unknown_address, name="unknown"),
]
