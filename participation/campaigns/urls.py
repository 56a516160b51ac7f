"""The public campaign pages, included under /campaigns/ by participation.urls (same namespace)."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.campaign_list, name="campaign_list"),
    path("<slug:slug>/", views.campaign_detail, name="campaign_detail"),
    path("<slug:slug>/follow/", views.campaign_follow, name="campaign_follow"),
]
