from django.urls import include, path, register_converter

from . import feeds, neighbour_views, views
from .caching import case_pages
from .statistics import appraisal_views
from .statistics import views as statistics_views


class ReferenceConverter:
    regex = r"WZ-\d{4}-\d{6,}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(ReferenceConverter, "ref")

app_name = "participation"

urlpatterns = [
    path("report/", views.report, name="report"),
    path("report/nearby/", views.report_nearby, name="report_nearby"),
    path("my-reports/", views.my_reports, name="my_reports"),
    path("cases/", views.case_list, name="case_list"),
    path("cases/statistics/", statistics_views.statistics, name="statistics"),
    path("cases/statistics.csv", statistics_views.statistics_csv, name="statistics_csv"),
    path("cases/export.csv", statistics_views.case_export, name="case_export"),
    path("appraisal/", appraisal_views.appraisal, name="appraisal"),
    path("appraisal/scorecards.csv", appraisal_views.appraisal_csv, name="appraisal_csv"),
    path("appraisal/scorecards.xlsx", appraisal_views.appraisal_xlsx, name="appraisal_xlsx"),
    path("cases/map/", views.case_map, name="case_map"),
    path("cases/map/points.json", views.case_map_data, name="case_map_data"),
    path("cases/feed/", case_pages.page(feeds.CaseFeed()), name="case_feed"),
    path(
        "cases/feed/grid/<int:number>/",
        case_pages.page(feeds.GridCaseFeed()),
        name="case_feed_grid",
    ),
    path(
        "cases/feed/category/<slug:code>/",
        case_pages.page(feeds.CategoryCaseFeed()),
        name="case_feed_category",
    ),
    path("cases/files/<int:pk>/", views.attachment, name="attachment"),
    path(
        "cases/files/<int:pk>/thumb/",
        views.attachment,
        {"variant": "thumb"},
        name="attachment_thumb",
    ),
    # Short links for text messages: /c/WZ-2026-000123 and its evaluation, /c/WZ-2026-000123/e.
    path("c/<ref:reference>", views.case_short, name="case_short"),
    path("c/<ref:reference>/e", views.case_short, {"to": "evaluate"}, name="case_short_evaluate"),
    # The evaluation link texted to a neighbour a case was reported for (no account needed).
    path("e/<str:token>", neighbour_views.evaluate_link, name="evaluate_link"),
    path("cases/<ref:reference>/", views.case_detail, name="case_detail"),
    path("cases/<ref:reference>/follow/", views.case_follow, name="case_follow"),
    path("cases/<ref:reference>/support/", views.case_support, name="case_support"),
    path("cases/<ref:reference>/evaluate/", views.case_evaluate, name="case_evaluate"),
    path("cases/<ref:reference>/confirm/", views.case_confirm, name="case_confirm"),
    path("cases/<ref:reference>/not-fixed/", views.case_not_fixed, name="case_not_fixed"),
    path("cases/<ref:reference>/update/", views.case_update, name="case_update"),
    path("", include("participation.leadership.urls")),
    path("", include("participation.organisation.urls")),
    path("campaigns/", include("participation.campaigns.urls")),
]
