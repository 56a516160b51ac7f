from django.urls import path

from . import views

# Included by participation/urls.py, so the names are participation:…
urlpatterns = [
    path("housekeepers/", views.housekeeper_applications, name="housekeeper_applications"),
    path("housekeepers/apply/", views.housekeeper_apply, name="housekeeper_apply"),
    path(
        "housekeepers/applications/<int:pk>/withdraw/",
        views.housekeeper_application_withdraw,
        name="housekeeper_application_withdraw",
    ),
    path("grids/<int:number>/lead/", views.grid_lead, name="grid_lead"),
    path(
        "grids/<int:number>/lead/applications/<int:pk>/",
        views.grid_application_decide,
        name="grid_application_decide",
    ),
    path("grids/<int:number>/lead/message/", views.grid_message_send, name="grid_message_send"),
]
