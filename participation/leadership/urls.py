"""Included by participation/urls.py: the names are ``participation:problem_list_*``."""

from django.urls import path

from . import views

urlpatterns = [
    path("problem-lists/", views.problem_list_index, name="problem_list_index"),
    path("problem-lists/<int:pk>/", views.problem_list_detail, name="problem_list_detail"),
]
