"""The portal's URLs plus the benchmark's two baselines, behind the same middleware as every page:
the cheapest possible Django view, and an empty page of the site (the layout all pages share)."""

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path

from portal.urls import urlpatterns as portal_urlpatterns


def ok(request):
    return HttpResponse("ok", content_type="text/plain")


def layout(request):
    return render(request, "base.html")


urlpatterns = [
    path("bench/ok/", ok, name="bench_ok"),
    path("bench/layout/", layout, name="bench_layout"),
    *portal_urlpatterns,
]
