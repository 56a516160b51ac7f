"""The Open311 GeoReport v2 endpoints. Thin: parameters are read in `params`, rules live in
`services` and `participation.services`, and every response — errors too — is built by `render`
in the format the URL asks for."""

from functools import wraps

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, ValidationError
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from . import openapi, params, resources, selectors, services, throttle
from . import render as output
from .errors import Open311Error

# Model fields that case_submit may name in an error, and the parameter a client sent for each.
PARAMETER_FOR_FIELD = {
    "category": "service_code",
    "location": "lat",
    "latitude": "lat",
    "longitude": "long",
    "title": "description",
    "address": "address_string",
    "photos": "media",
    "contact": "phone",
}


def _errors(fmt: str, status: int, descriptions) -> object:
    errors = [resources.error(status, description) for description in descriptions]
    return output.response(fmt, "errors", errors, status=status)


def _validation_descriptions(error: ValidationError) -> list[str]:
    if not hasattr(error, "error_dict"):
        return [str(message) for message in error.messages]
    return [
        f"{PARAMETER_FOR_FIELD.get(field, field)}: {message}"
        for field, messages in error.message_dict.items()
        for message in messages
    ]


def _api_key(request, *, required: bool):
    # A form field by the spec; some clients send it in the query string of a POST too.
    raw = params.value(request.POST, "api_key") or params.value(request.GET, "api_key")
    if not raw:
        if required:
            raise Open311Error(403, _("api_key is required to create a service request."))
        return None
    api_key = selectors.api_key(raw)
    if api_key is None:
        # Wrong keys count against the caller's address: guessing is rate-limited too.
        if not throttle.allow(request, None):
            raise Open311Error(429, _("Too many requests: try again in a minute."))
        raise Open311Error(403, _("This api_key is not valid, or has been revoked."))
    services.api_key_used(api_key=api_key)
    return api_key


def endpoint(*, methods=("GET",)):
    """An API view: its format from the URL, CORS open for reading, the spec's error body for
    every refusal, and the rate limit of the key (or address) that calls it."""

    def decorator(view):
        @csrf_exempt
        @wraps(view)
        def wrapper(request, fmt, *args, **kwargs):
            try:
                if request.method == "HEAD":
                    request.method = "GET"
                if request.method not in methods:
                    raise Open311Error(
                        405,
                        _("This endpoint does not accept %(method)s.") % {"method": request.method},
                    )
                params.refuse_null_characters(request.GET, request.POST)
                api_key = _api_key(request, required=request.method == "POST")
                if not throttle.allow(request, api_key):
                    raise Open311Error(429, _("Too many requests: try again in a minute."))
                response = view(request, fmt, *args, api_key=api_key, **kwargs)
            except Open311Error as error:
                response = _errors(fmt, error.status, error.descriptions)
                if error.status == 405:
                    response["Allow"] = ", ".join(methods)
                elif error.status == 429:
                    response["Retry-After"] = "60"
            except (RequestDataTooBig, TooManyFieldsSent):
                response = _errors(fmt, 400, [_("The request is too large.")])
            response["Access-Control-Allow-Origin"] = "*"
            return response

        return wrapper

    return decorator


def _jurisdiction(query) -> None:
    given = params.value(query, "jurisdiction_id")
    if given and given != settings.PORTAL_OPEN311["jurisdiction_id"]:
        raise Open311Error(404, _("This server serves no jurisdiction “%(id)s”.") % {"id": given})


@endpoint()
def discovery(request, fmt, *, api_key):
    config = settings.PORTAL_OPEN311
    url = request.build_absolute_uri(reverse("open311:index"))
    data = {
        "changeset": resources.CHANGESET,
        "contact": _("The linkage centre: %(contact)s") % {"contact": config["contact"]},
        "key_service": _("Ask for a key at %(url)s") % {"url": url},
        "endpoints": [
            {
                "specification": resources.SPECIFICATION,
                "url": request.build_absolute_uri(reverse("open311:root")).rstrip("/"),
                "changeset": resources.CHANGESET,
                "type": config["endpoint_type"],
                "formats": ["text/xml", "application/json"],
            }
        ],
    }
    return output.response(fmt, "discovery", data)


@endpoint()
def service_list(request, fmt, *, api_key):
    _jurisdiction(request.GET)
    context = resources.Context(request)
    data = [resources.SERVICE.build(category, context) for category in selectors.services()]
    return output.response(fmt, "services", data)


@endpoint()
def service_definition(request, fmt, code, *, api_key):
    _jurisdiction(request.GET)
    category = selectors.service(code)
    if category is None:
        raise Open311Error(404, _("There is no service with the code “%(code)s”.") % {"code": code})
    data = resources.SERVICE_DEFINITION.build(category, resources.Context(request))
    return output.response(fmt, "service_definition", data)


def _request_list(request, fmt):
    _jurisdiction(request.GET)
    query = params.request_query(request.GET)
    offset = (query.page - 1) * query.page_size
    rows = list(selectors.requests(**query.filters())[offset : offset + query.page_size])
    context = selectors.context_for(rows, request=request, extensions=query.extensions)
    data = [resources.service_request(row, context) for row in rows]
    return output.response(fmt, "service_requests", data)


def _request_create(request, fmt, api_key):
    _jurisdiction(request.POST)
    try:
        submission = services.request_create(
            api_key=api_key, data=request.POST, files=request.FILES, language=get_language()
        )
    except ValidationError as error:
        raise Open311Error(400, *_validation_descriptions(error)) from error
    data = [resources.CREATED.build(submission, resources.Context(request))]
    return output.response(fmt, "service_requests", data)


@endpoint(methods=("GET", "POST"))
def requests(request, fmt, *, api_key):
    if request.method == "POST":
        return _request_create(request, fmt, api_key)
    return _request_list(request, fmt)


@endpoint()
def request_detail(request, fmt, reference, *, api_key):
    _jurisdiction(request.GET)
    extensions = params.value(request.GET, "extensions").lower() == "true"
    rows = list(selectors.requests(references=[reference]))
    if not rows:
        raise Open311Error(404, _("There is no service request “%(id)s”.") % {"id": reference})
    context = selectors.context_for(rows, request=request, extensions=extensions)
    return output.response(fmt, "service_requests", [resources.service_request(rows[0], context)])


@endpoint()
def token(request, fmt, token, *, api_key):
    _jurisdiction(request.GET)
    submission = selectors.submission_by_token(token)
    if submission is None:
        raise Open311Error(404, _("There is no token “%(token)s”.") % {"token": token})
    data = [resources.TOKEN.build(submission, resources.Context(request))]
    return output.response(fmt, "service_requests", data)


@csrf_exempt
def unknown_address(request, path):
    """A 404 in the spec's error body for an address under v2/ that no endpoint serves: in XML
    if the address ends in .xml, else in JSON, whatever the method."""
    _stem, dot, extension = path.rpartition(".")
    fmt = "xml" if extension == "xml" else "json"
    if dot and "/" not in extension and extension not in output.FORMATS:
        description = _("This API answers in json or xml, not “%(format)s”.") % {
            "format": extension
        }
    else:
        description = _("Nothing is at this address: see the API's description at %(url)s.") % {
            "url": request.build_absolute_uri(reverse("open311:openapi"))
        }
    response = _errors(fmt, 404, [description])
    response["Access-Control-Allow-Origin"] = "*"
    return response


def openapi_document(request):
    response = JsonResponse(openapi.document(request), json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"
    return response


def index(request):
    """The human page: what the API offers, how to get a key, examples to copy."""
    return render(
        request,
        "participation/open311/index.html",
        {
            "root": request.build_absolute_uri(reverse("open311:root")).rstrip("/"),
            "discovery": request.build_absolute_uri(reverse("open311:discovery", args=["json"])),
            "openapi": request.build_absolute_uri(reverse("open311:openapi")),
            "services": list(selectors.services()[:3]),
            "config": settings.PORTAL_OPEN311,
        },
    )
