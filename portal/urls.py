from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import RedirectView
from django.views.i18n import set_language

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from allauth.account.decorators import secure_admin_login

from home import views as home_views

from . import pwa, views
from .sitemap import PageSitemap

# Both admins log in through allauth: one login page, one set of rate limits, MFA for everyone.
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = "Wuzhen Housekeeper"

# An unreachable database answers 503 with a translated page (portal/health.py), not a 500.
handler500 = "portal.health.server_error"

portal_patterns = [
    path("profile/", views.profile, name="profile"),
    path("welcome/", views.welcome, name="welcome"),
    path("inbox/", views.inbox, name="inbox"),
    path(
        "notifications/settings/",
        views.notification_settings,
        name="notification_settings",
    ),
]

urlpatterns = [
    # Without CSRF, so cached public pages can carry the switcher (see docs/decisions.md).
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    path("accounts/", include("allauth.urls")),
    path("account/", include((portal_patterns, "portal"))),
    path("search/", home_views.search, name="search"),
    path("points/", include("rewards.urls")),
    path("open311/", include("participation.open311.urls")),
    # The installable web app (portal/pwa.py): the worker at the root, so it may serve the site.
    path("manifest.webmanifest", pwa.manifest, name="manifest"),
    path("sw.js", pwa.service_worker, name="service_worker"),
    path("offline/<str:language>/", pwa.offline, name="offline"),
    path("", include("participation.urls")),
    path(
        "admin/login/",
        RedirectView.as_view(pattern_name="account_login", query_string=True),
        name="wagtailadmin_login_redirect",
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("django-admin/", admin.site.urls),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": PageSitemap}}),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [
    # Wagtail serves every page not matched above; keep this last.
    path("", include(wagtail_urls)),
]
