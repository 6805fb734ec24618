from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from api import views
from api.docs import api_docs

router = DefaultRouter()
router.include_format_suffixes = False  # a dot in an address is part of it: `?format=` chooses
router.register("institutions", views.InstitutionViewSet, basename="institution")
router.register("courses", views.CourseViewSet, basename="course")
router.register("projects", views.ProjectViewSet, basename="project")
router.register("webhooks", views.WebhookViewSet, basename="webhook")
router.register("news", views.NewsViewSet, basename="news")
router.register("events", views.EventViewSet, basename="event")

urlpatterns = [
    path("v1/", include(router.urls)),
    path("v1/subjects/", views.SubjectListView.as_view(), name="subjects"),
    path("v1/changes/", views.ChangesView.as_view(), name="changes"),
    path("v1/moochub/courses", views.MoochubCoursesView.as_view(), name="moochub-courses"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The reference, rendered on the server from the schema (api/docs.py).
    path("docs/", api_docs, name="api-docs"),
    # Last: an address under /api/ that names nothing is a 404 problem (without its final
    # slash it is still redirected by APPEND_SLASH when the address with one exists).
    re_path(r"^.*/$", views.UnknownPathView.as_view()),
]
