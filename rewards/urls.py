from django.urls import path

from . import views

app_name = "rewards"

urlpatterns = [
    path("", views.my_points, name="my_points"),
    path("rules/", views.rules, name="rules"),
    path("rewards/", views.catalogue, name="catalogue"),
    path("leaderboard/", views.leaderboard, name="leaderboard"),
    path("housekeepers/<int:pk>/", views.profile, name="profile"),
    path("rewards/<int:pk>/redeem/", views.redeem, name="redeem"),
    path("requests/<int:pk>/", views.redemption, name="redemption"),
]
