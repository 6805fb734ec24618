from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    extend_schema,
    extend_schema_view,
)
from rest_framework import generics, mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotAcceptable, NotFound, ValidationError
from rest_framework.parsers import JSONParser
from rest_framework.response import Response
from rest_framework.views import APIView

from alliance import outbound
from alliance.problems import CONTENT_TYPE
from alliance.templatetags.alliance_tags import language_label
from api import caching, moochub
from api import services as api_services
from api.changes import changes, decode_position
from api.filters import (
    CourseFilter,
    EventFilter,
    InstitutionFilter,
    NewsFilter,
    ProjectFilter,
    validate_course_params,
)
from api.models import ApiKey, ApiKeyScope, Webhook
from api.pagination import KeysetPagination, page_size
from api.renderers import CsvRenderer, JsonLdRenderer, JSONRenderer, MoochubRenderer
from api.schema import ProblemSerializer, formats
from api.serializers import (
    ChangeSerializer,
    CourseSerializer,
    EventSerializer,
    InstitutionSerializer,
    NewsSerializer,
    ProjectSerializer,
    SubjectSerializer,
)
from api.webhooks import webhook_create, webhook_rotate_secret
from cms import selectors as cms_selectors
from cms.models import EventPage, NewsPage
from members import impact_selectors, jsonld, selectors
from members import permissions as member_permissions
from members.forms import CourseForm, CourseRunForm, course_form_values
from members.models import Course, FieldOfEducation, Platform
from members.services import courses as courses_services
from projects import selectors as project_selectors

PROBLEM = {(code, CONTENT_TYPE): ProblemSerializer for code in (400, 401, 403, 404, 406, 429)}
WRITE_PROBLEM = {**PROBLEM, **{(code, CONTENT_TYPE): ProblemSerializer for code in (409, 422)}}
# Reads are open to anyone (at the anonymous rate), writes need a key.
ANYONE = [{"ApiKey": []}, {}]
PAGE_SIZE = OpenApiParameter(
    "page_size",
    {"type": "integer", "minimum": 1, "maximum": 1000},
    description="1 to 1000 (default 100).",
)
FACETS = ("language", "field", "region", "institution", "platform", "pacing", "flags")


# A row id in a URL: any longer number is no row, and a 64-bit column could not even compare it.
ID_PATTERN = "[0-9]{1,18}"


def site_url(request) -> str:
    return request.build_absolute_uri("/")[:-1]


def rendered(request, data, code: int, context: dict) -> HttpResponse:
    renderer, media_type = request.accepted_renderer, request.accepted_media_type
    response = HttpResponse(renderer.render(data, media_type, context), status=code)
    response["Content-Type"] = media_type
    return response


class ListOnlyCsvMixin:
    """CSV for lists only: a detail or a write asked for CSV is a 406, as the schema says."""

    def get_renderers(self):
        renderers = super().get_renderers()
        if self.action == "list":
            return renderers
        return [renderer for renderer in renderers if renderer.format != "csv"]


class OrderingMixin:
    orderings: dict[str, list[str]] = {}
    default_keyset = ["id"]

    @property
    def keyset(self) -> list[str]:
        ordering = self.request.query_params.get("ordering")
        if ordering is not None and ordering not in self.orderings:
            raise ValidationError(
                {"ordering": [_("Choose one of: %s.") % ", ".join(sorted(self.orderings))]}
            )
        return self.orderings[ordering] if ordering else self.default_keyset


ORDERING_PARAMETER = OpenApiParameter(
    "ordering", str, description="Sort order (keyset pagination keeps it stable)."
)


@extend_schema_view(
    list=extend_schema(responses={**formats(InstitutionSerializer, csv=True), **PROBLEM}),
    retrieve=extend_schema(responses={**formats(InstitutionSerializer), **PROBLEM}),
)
class InstitutionViewSet(ListOnlyCsvMixin, OrderingMixin, viewsets.ReadOnlyModelViewSet):
    """Member institutions of the alliance (public profiles only)."""

    serializer_class = InstitutionSerializer
    filterset_class = InstitutionFilter
    pagination_class = KeysetPagination
    lookup_field = "slug"
    renderer_classes = [JSONRenderer, JsonLdRenderer, CsvRenderer]
    orderings = {"name": ["name", "id"], "modified": ["modified_at", "id"], "id": ["id"]}

    def get_queryset(self):
        return selectors.public_institutions()

    @extend_schema(parameters=[ORDERING_PARAMETER])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def finalize_response(self, request, response, *args, **kwargs):
        renderer = getattr(request, "accepted_renderer", None)
        if renderer is not None and renderer.format == "jsonld" and response.status_code == 200:
            base = site_url(request)
            if self.action == "retrieve":
                response.data = {
                    "@context": "https://schema.org",
                    **jsonld.organization(self.object, base),
                }
            elif self.action == "list":
                response.data = {
                    "@context": jsonld.LIST_CONTEXT,
                    "@graph": [jsonld.organization(i, base) for i in self.paginator.rows],
                    "next": response.data.get("next"),
                }
        return super().finalize_response(request, response, *args, **kwargs)

    def get_object(self):
        self.object = super().get_object()
        return self.object


@extend_schema(responses={200: ProjectSerializer, **PROBLEM})
class ProjectViewSet(OrderingMixin, viewsets.ReadOnlyModelViewSet):
    """Public projects of the alliance: joint teaching, capacity building, advocacy and
    knowledge sharing, with their lead and partner institutions."""

    serializer_class = ProjectSerializer
    filterset_class = ProjectFilter
    pagination_class = KeysetPagination
    lookup_field = "slug"
    renderer_classes = [JSONRenderer]
    orderings = {"title": ["title", "id"], "modified": ["modified_at", "id"], "id": ["id"]}

    def get_queryset(self):
        return project_selectors.projects_for_api(filters=project_selectors.ShowcaseFilters())

    @extend_schema(parameters=[ORDERING_PARAMETER])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)


def course_queryset():
    return selectors.published_courses().select_related("platform")


class CourseWritePermission(permissions.BasePermission):
    """Writes need an institution's key with the courses:write scope, its owner's rights, and
    the institution's standing (members.permissions.STANDING), whoever owns the key."""

    message = _(
        "Writing courses needs an API key of the institution, with the courses:write scope."
    )

    def has_permission(self, request, view):
        if request.method in permissions.SAFE_METHODS or not hasattr(view, request.method.lower()):
            return True  # a read, or a method the address does not take (a 405)
        key = request.auth
        if not (
            isinstance(key, ApiKey)
            and key.institution_id is not None
            and ApiKeyScope.WRITE_COURSES in key.scopes
        ):
            return False
        denial = member_permissions.standing_denial(key.institution, member_permissions.COURSES)
        if denial:
            self.message = denial
            return False
        return member_permissions.can_manage_courses(request.user, key.institution)


class StrictTypes:
    """JSON of exactly the documented type: DRF would take 123 for a text, "true" or 1 for a
    boolean and 49 for a decimal string."""

    types: tuple[type, ...] = (str,)

    def to_internal_value(self, data):
        if isinstance(data, bool) != (bool in self.types) or not isinstance(data, self.types):
            self.fail("invalid")
        return super().to_internal_value(data)


class Text(StrictTypes, serializers.CharField):
    pass


class Flag(StrictTypes, serializers.BooleanField):
    types = (bool,)


class Amount(StrictTypes, serializers.DecimalField):
    pass


class CourseWriteSerializer(serializers.Serializer):
    """What a course write takes (validated exactly as the web form and the importer do; the
    optional texts may be blank there too)."""

    title = Text()
    url = serializers.URLField()
    platform = serializers.SlugField(help_text="A platform slug, e.g. edx, xuetangx.")
    languages = serializers.ListField(child=Text())
    subtitle_languages = serializers.ListField(child=Text(), required=False)
    subjects = serializers.ListField(child=Text(), required=False)
    sdg_targets = serializers.ListField(child=Text(), required=False)
    summary = Text(required=False, allow_blank=True)
    description = Text(required=False, allow_blank=True)
    level = Text(required=False, allow_blank=True)
    is_free = Flag(required=False)
    price = Amount(max_digits=8, decimal_places=2, required=False)
    has_certificate = Flag(required=False)
    license = Text(required=False, allow_blank=True)
    status = serializers.ChoiceField(choices=["draft", "published"], required=False)
    external_id = Text(required=False, allow_blank=True)
    runs = serializers.ListField(child=serializers.DictField(), required=False)


IDEMPOTENCY_KEY = OpenApiParameter(
    "Idempotency-Key",
    str,
    OpenApiParameter.HEADER,
    description=(
        "Any unique string (at most 255 characters): a retry with the same key within 24 hours "
        "gets the stored answer instead of writing again."
    ),
)


COURSE_EXAMPLE = OpenApiExample(
    "A course",
    value={
        "title": "Climate Change Science",
        "url": "https://www.edx.org/course/climate",
        "platform": "edx",
        "languages": ["en"],
        "subjects": ["0521"],
        "sdg_targets": ["4.7", "13"],
        "status": "published",
        "runs": [{"starts_at": "2027-03-01T09:00:00Z", "pacing": "instructor_led"}],
    },
    request_only=True,
)


@extend_schema_view(
    list=extend_schema(auth=ANYONE, responses={**formats(CourseSerializer, csv=True), **PROBLEM}),
    retrieve=extend_schema(auth=ANYONE, responses={**formats(CourseSerializer), **PROBLEM}),
)
class CourseViewSet(ListOnlyCsvMixin, OrderingMixin, viewsets.ModelViewSet):
    """Courses of the member institutions, with their runs, institutions and subjects."""

    serializer_class = CourseSerializer
    filterset_class = CourseFilter
    pagination_class = KeysetPagination
    lookup_field = "slug"
    permission_classes = [CourseWritePermission]
    parser_classes = [JSONParser]
    renderer_classes = [JSONRenderer, JsonLdRenderer, CsvRenderer]
    orderings = {
        "id": ["id"],
        "title": ["title", "id"],
        "modified": ["modified_at", "id"],
        "-modified": ["-modified_at", "-id"],
    }
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]

    def get_queryset(self):
        if self.action in ("list", "retrieve"):
            return course_queryset()
        # Writes see the key's institution's courses only: another institution's course,
        # draft or not, is as unknown as a slug that does not exist (404).
        key = self.request.auth
        return Course.objects.filter(institutions=getattr(key, "institution_id", None))

    def filter_queryset(self, queryset):
        params = self.request.query_params
        if self.action == "list":
            errors = validate_course_params(params)
            if errors:
                raise ValidationError(errors)
        if not any(name in params for name in CourseFilter.base_filters):
            return queryset  # building the filter form costs more than an unfiltered page
        return super().filter_queryset(queryset)

    def get_serializer(self, *args, **kwargs):
        if args and self.action in ("list", "retrieve"):
            many = args[0] if isinstance(args[0], list) else [args[0]]
            selectors.attach_course_details(many)
            impact_selectors.attach_recognitions(many)
        return super().get_serializer(*args, **kwargs)

    @extend_schema(
        parameters=[
            ORDERING_PARAMETER,
            OpenApiParameter(
                "facets",
                str,
                description=f"Comma-separated facet names to count: {', '.join(FACETS)}.",
            ),
        ]
    )
    def list(self, request, *args, **kwargs):
        facets = [name for name in request.query_params.get("facets", "").split(",") if name]
        unknown = sorted(set(facets) - set(FACETS))
        if unknown:
            raise ValidationError({"facets": [_("Unknown facets: %s.") % ", ".join(unknown)]})
        response = super().list(request, *args, **kwargs)
        if facets and response.status_code == 200 and isinstance(response.data, dict):
            counts = selectors.catalog_facets(courses=self.filter_queryset(self.get_queryset()))
            for row in counts["language"]:
                row["label"] = language_label(row["value"])  # CLDR's name in the asked language
            response.data["facets"] = {name: counts[name] for name in facets}
        return response

    def finalize_response(self, request, response, *args, **kwargs):
        renderer = getattr(request, "accepted_renderer", None)
        if renderer is not None and renderer.format == "jsonld" and response.status_code == 200:
            base = site_url(request)
            if self.action == "retrieve":
                response.data = jsonld.course(self.object, base)
            elif self.action == "list":
                response.data = {
                    "@context": jsonld.LIST_CONTEXT,
                    "@graph": [jsonld.course(c, base) for c in self.paginator.rows],
                    "next": response.data.get("next"),
                }
        return super().finalize_response(request, response, *args, **kwargs)

    def get_object(self):
        self.object = super().get_object()
        return self.object

    # Writes: the institution's key, CourseForm's rules, members.services -----------------

    def _validated(self, data: dict, course: Course | None) -> dict:
        shape = CourseWriteSerializer(data=data, partial=course is not None)
        if not shape.is_valid():  # the documented JSON types first, then the form's rules
            raise ValidationError(shape.errors)
        data = dict(data)
        platform = Platform.objects.filter(slug=data.pop("platform", None)).first()
        if platform is None and course is None:
            raise ValidationError({"platform": [_("Give the slug of a known platform.")]})
        form_data = {**course_form_values(course), **data}
        form_data["platform"] = (platform or course.platform).pk
        if "subjects" in form_data:
            form_data["fields"] = form_data.pop("subjects")
        given_runs = "runs" in form_data  # `"runs": null` is no list of runs, not a missing one
        runs = form_data.pop("runs", None)
        form = CourseForm(data=form_data, course=course)
        errors = {} if form.is_valid() else dict(form.errors)
        cleaned = form.cleaned_data if not errors else {}
        if given_runs:
            if not isinstance(runs, list):
                errors["runs"] = [_("Give a list of runs.")]
            else:
                run_forms = [CourseRunForm(data=run) for run in runs if isinstance(run, dict)]
                run_errors = {i: f.errors for i, f in enumerate(run_forms) if not f.is_valid()}
                if run_errors or len(run_forms) != len(runs):
                    errors["runs"] = run_errors or [_("Each run is an object.")]
                else:
                    cleaned["runs"] = [f.cleaned_data for f in run_forms]
        if errors:
            raise ValidationError(errors)
        return cleaned

    def _respond(self, course: Course, code: int) -> HttpResponse:
        """The stored record, re-read as the key may write it (a draft too), rendered in the
        negotiated format, so that an Idempotency-Key can store and replay it as sent."""
        self.object = self.get_queryset().select_related("platform").get(pk=course.pk)
        selectors.attach_course_details([self.object])
        impact_selectors.attach_recognitions([self.object])
        if self.request.accepted_renderer.format == "jsonld":
            data = jsonld.course(self.object, site_url(self.request))
        else:
            data = self.get_serializer(self.object).data
        return rendered(self.request, data, code, self.get_renderer_context())

    def _once(self, request, write) -> HttpResponse:
        key = request.headers.get("Idempotency-Key")
        if not key:
            return write()
        body = request._request.body  # read before the parser consumes the stream
        return api_services.idempotent_write(
            api_key=request.auth,
            key=key,
            method=request.method,
            path=request.get_full_path(),
            body=body,
            write=write,
        )

    @extend_schema(
        request=CourseWriteSerializer,
        examples=[COURSE_EXAMPLE],
        parameters=[IDEMPOTENCY_KEY],
        responses={**formats(CourseSerializer, code=201), **WRITE_PROBLEM},
    )
    def create(self, request, *args, **kwargs):
        return self._once(request, lambda: self._create(request))

    def _create(self, request):
        data = self._validated(request.data, None)
        institution = request.auth.institution
        try:
            course = courses_services.course_create(
                actor=request.user, data={**data, "institutions": [institution]}
            )
        except DjangoValidationError as error:
            raise ValidationError({"detail": error.messages}) from error
        return self._respond(course, status.HTTP_201_CREATED)

    @extend_schema(
        request=CourseWriteSerializer,
        examples=[COURSE_EXAMPLE],
        parameters=[IDEMPOTENCY_KEY],
        responses={**formats(CourseSerializer), **WRITE_PROBLEM},
    )
    def update(self, request, *args, **kwargs):
        return self._once(request, lambda: self._update(request))

    def _update(self, request):
        course = self.get_object()
        data = self._validated(request.data, course)
        courses_services.course_update(course=course, actor=request.user, data=data)
        return self._respond(course, status.HTTP_200_OK)

    @extend_schema(
        request=CourseWriteSerializer,
        parameters=[IDEMPOTENCY_KEY],
        responses={**formats(CourseSerializer), **WRITE_PROBLEM},
    )
    def partial_update(self, request, *args, **kwargs):
        return self.update(request, *args, **kwargs)

    @extend_schema(parameters=[IDEMPOTENCY_KEY], responses={204: None, **WRITE_PROBLEM})
    def destroy(self, request, *args, **kwargs):
        return self._once(request, lambda: self._destroy(request))

    def _destroy(self, request):
        courses_services.course_delete(course=self.get_object(), actor=request.user)
        return HttpResponse(status=status.HTTP_204_NO_CONTENT)


class SubjectTreeSerializer(SubjectSerializer):
    children = serializers.SerializerMethodField()

    class Meta(SubjectSerializer.Meta):
        fields = (*SubjectSerializer.Meta.fields, "children")

    def get_children(self, field) -> list[dict]:
        return [SubjectTreeSerializer(child).data for child in getattr(field, "kids", [])]

    def to_representation(self, field):
        return {**super().to_representation(field), "children": self.get_children(field)}


@extend_schema(responses={200: SubjectTreeSerializer(many=True), **PROBLEM})
class SubjectListView(generics.GenericAPIView):
    """The ISCED-F 2013 fields of education as a tree (broad → narrow → detailed)."""

    serializer_class = SubjectTreeSerializer
    queryset = FieldOfEducation.objects.all()

    def get(self, request):
        nodes = {field.code: field for field in FieldOfEducation.objects.order_by("code")}
        roots = []
        for field in nodes.values():
            field.kids = []
        for field in nodes.values():
            (nodes[field.parent_id].kids if field.parent_id else roots).append(field)
        return Response(SubjectTreeSerializer(roots, many=True).data)


class ChangesPageSerializer(serializers.Serializer):
    next = serializers.URLField(allow_null=True)
    next_cursor = serializers.CharField(allow_null=True)
    results = ChangeSerializer(many=True)


@extend_schema(
    parameters=[
        OpenApiParameter("after", str, description="The `next_cursor` of the previous page."),
        PAGE_SIZE,
    ],
    responses={200: ChangesPageSerializer, **PROBLEM},
)
class ChangesView(APIView):
    """Creations, updates and deletions of institutions and courses, oldest first."""

    def get(self, request):
        size = page_size(request)
        cursor = None
        if request.query_params.get("after"):
            cursor = decode_position(request.query_params["after"])
        rows = changes(cursor=cursor, limit=size)
        base = site_url(request)
        results = []
        for row in rows:
            path = (
                f"/api/v1/{row['kind']}s/{row['key']}/" if row["operation"] != "deleted" else None
            )
            results.append({**row, "url": base + path if path else None})
        next_cursor = None
        if rows:
            next_cursor = rows[-1]["cursor"]
        elif cursor:
            next_cursor = request.query_params["after"]
        return Response(
            {
                "next": f"{base}/api/v1/changes/?after={next_cursor}" if next_cursor else None,
                "next_cursor": next_cursor,
                "results": ChangeSerializer(results, many=True).data,
            }
        )


@extend_schema(
    parameters=[
        PAGE_SIZE,
        OpenApiParameter(
            "page",
            {"type": "integer", "minimum": 1},
            description="Page number from 1 (not with cursor).",
        ),
        OpenApiParameter("cursor", str, description="The cursor in `links.next`."),
        OpenApiParameter("institution", str, description="An offering institution's slug or id."),
    ],
    responses={(200, "application/vnd.api+json"): OpenApiTypes.OBJECT, **PROBLEM},
    description=(
        "MOOChub v3. Send `Accept: application/vnd.api+json; moochub-version=3`; a deprecated "
        "major version is answered with a `Sunset` header, an unknown one with 406."
    ),
)
class MoochubCoursesView(APIView):
    renderer_classes = [MoochubRenderer, JSONRenderer]

    def get(self, request):
        version, sunset = moochub.negotiate(request)
        if version is None:
            raise NotAcceptable(_("This MOOChub version is not supported; ask for version 3."))
        response = Response(
            moochub.page(request, course_queryset()),
            content_type=f"application/vnd.api+json; moochub-version={version}",
        )
        if sunset:
            response["Sunset"] = sunset
        return response


class WebhookSerializer(serializers.ModelSerializer):
    class Meta:
        model = Webhook
        fields = ("id", "url", "active", "created_at")
        read_only_fields = ["id", "created_at"]

    def validate_url(self, url):
        outbound.check_url(url)  # refused here with a 400, as every delivery would be
        return url


class WebhookWithSecretSerializer(WebhookSerializer):
    """The answer to a creation and to a rotation: the only times the secret is shown."""

    class Meta(WebhookSerializer.Meta):
        fields = (*WebhookSerializer.Meta.fields, "secret")
        read_only_fields = [*WebhookSerializer.Meta.read_only_fields, "secret"]


class DeliverySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    event = serializers.CharField()
    status = serializers.CharField()
    attempts = serializers.IntegerField()
    response_status = serializers.IntegerField(allow_null=True)
    error = serializers.CharField()
    created_at = serializers.DateTimeField()
    last_attempt_at = serializers.DateTimeField(allow_null=True)


class KeyRequired(permissions.BasePermission):
    message = _("This needs an API key.")

    def has_permission(self, request, view):
        return isinstance(request.auth, ApiKey)


@extend_schema_view(
    list=extend_schema(responses={200: WebhookSerializer(many=True), **PROBLEM}),
    retrieve=extend_schema(responses={200: WebhookSerializer, **PROBLEM}),
    create=extend_schema(responses={201: WebhookSerializer, **PROBLEM}),
    destroy=extend_schema(responses={204: None, **PROBLEM}),
)
class WebhookViewSet(
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """The key owner's webhooks: register a URL, rotate its secret, read its delivery log."""

    serializer_class = WebhookSerializer
    permission_classes = [KeyRequired]
    lookup_value_regex = ID_PATTERN
    parser_classes = [JSONParser]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator has no key
            return Webhook.objects.none()
        return Webhook.objects.filter(owner=self.request.user).order_by("pk")

    def get_serializer_class(self):
        return WebhookWithSecretSerializer if self.action == "create" else WebhookSerializer

    def perform_create(self, serializer):
        serializer.instance = webhook_create(
            owner=self.request.user, url=serializer.validated_data["url"]
        )

    @extend_schema(request=None, responses={200: WebhookWithSecretSerializer, **PROBLEM})
    @action(detail=True, methods=["post"])
    def rotate(self, request, pk=None):
        webhook = webhook_rotate_secret(webhook=self.get_object(), actor=request.user)
        return Response(WebhookWithSecretSerializer(webhook).data)

    @extend_schema(responses={200: DeliverySerializer(many=True), **PROBLEM})
    @action(detail=True, methods=["get"])
    def deliveries(self, request, pk=None):
        deliveries = self.get_object().deliveries.all()[:200]
        return Response(DeliverySerializer(deliveries, many=True).data)


# The website: published news and events --------------------------------------------------


class PublishedPagesViewSet(OrderingMixin, viewsets.ReadOnlyModelViewSet):
    """Published, public pages of one type, with ETag and Last-Modified: a conditional request
    costs two aggregate queries, and no list query."""

    pagination_class = KeysetPagination
    lookup_value_regex = ID_PATTERN

    def dispatch(self, request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return super().dispatch(request, *args, **kwargs)
        model = self.queryset.model
        etag, last_modified = caching.validators(request, *cms_selectors.pages_version(model))
        response = caching.conditional(request, etag, last_modified)
        if response is None:
            response = super().dispatch(request, *args, **kwargs)
            if response.status_code != 200:
                return response
        return caching.stamp(response, etag, last_modified)

    @extend_schema(parameters=[ORDERING_PARAMETER])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)


@extend_schema(responses={200: NewsSerializer, **PROBLEM})
class NewsViewSet(PublishedPagesViewSet):
    """News of the alliance in the six languages (each translation is its own item)."""

    queryset = NewsPage.objects.none()  # the model, for the schema; get_queryset() lists
    serializer_class = NewsSerializer
    filterset_class = NewsFilter
    orderings = {
        "-date": ["-date", "-id"],
        "date": ["date", "id"],
        "modified": ["last_published_at", "id"],
        "id": ["id"],
    }
    default_keyset = ["-date", "-id"]

    def get_queryset(self):
        return cms_selectors.published_news().prefetch_related("tagged_items__tag", "authors")


@extend_schema(responses={200: EventSerializer, **PROBLEM})
class EventViewSet(PublishedPagesViewSet):
    """Events of the alliance, with their sessions (the live-stream link is not public)."""

    queryset = EventPage.objects.none()  # the model, for the schema; get_queryset() lists
    serializer_class = EventSerializer
    filterset_class = EventFilter
    orderings = {
        "starts_at": ["starts_at", "id"],
        "-starts_at": ["-starts_at", "-id"],
        "modified": ["last_published_at", "id"],
        "id": ["id"],
    }
    default_keyset = ["starts_at", "id"]

    def get_queryset(self):
        return cms_selectors.published_events().prefetch_related("sessions")

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "now": timezone.now()}


class UnknownPathView(APIView):
    """Every /api/ address that names no resource: a 404 problem, whatever the method."""

    schema = None

    def http_method_not_allowed(self, request, *args, **kwargs):
        raise NotFound()
