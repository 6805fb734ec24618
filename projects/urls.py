from django.urls import path

from projects import views

app_name = "projects"

urlpatterns = [
    path("projects/", views.showcase, name="showcase"),
    path("projects/<slug:slug>/", views.detail, name="detail"),
    path("my-projects/", views.my_projects, name="my_projects"),
    path("my-projects/new/", views.project_new, name="project_new"),
    path("my-projects/calendar/", views.calendar_rotate, name="calendar_rotate"),
    path("my-projects/<slug:slug>/", views.overview, name="overview"),
    path("my-projects/<slug:slug>/updates/", views.updates, name="updates"),
    path(
        "my-projects/<slug:slug>/updates/<int:update_id>/comments/",
        views.comment,
        name="comment",
    ),
    path("my-projects/<slug:slug>/documents/", views.documents, name="documents"),
    path(
        "my-projects/<slug:slug>/documents/<int:document_id>/",
        views.documents,
        name="document",
    ),
    path(
        "my-projects/<slug:slug>/documents/<int:document_id>/v<int:number>/",
        views.download,
        name="download",
    ),
    path("my-projects/<slug:slug>/milestones/", views.milestones, name="milestones"),
    path(
        "my-projects/<slug:slug>/milestones/<int:milestone_id>/",
        views.milestones,
        name="milestone",
    ),
    path("my-projects/<slug:slug>/meetings/", views.meetings, name="meetings"),
    path("my-projects/<slug:slug>/meetings/<int:meeting_id>/", views.meetings, name="meeting"),
    path(
        "my-projects/<slug:slug>/meetings/<int:meeting_id>/meeting.ics",
        views.meeting_ics,
        name="meeting_ics",
    ),
    path("my-projects/<slug:slug>/people/", views.people, name="people"),
    path(
        "my-projects/<slug:slug>/people/<int:participant_id>/",
        views.change_role,
        name="change_role",
    ),
    path(
        "my-projects/<slug:slug>/invitations/<int:invitation_id>/",
        views.invitation_action,
        name="invitation_action",
    ),
    path("my-projects/<slug:slug>/details/", views.kind_tab, name="kind_tab"),
    path("my-projects/<slug:slug>/trainings.csv", views.trainings_report, name="trainings_report"),
    path("my-projects/<slug:slug>/settings/", views.project_settings, name="settings"),
    path("my-projects/<slug:slug>/image/", views.project_image, name="image"),
    path("project-invitations/<str:token>/", views.invitation_accept, name="invitation_accept"),
]

# Outside the language prefix: calendar apps subscribe to this address (webcal://).
calendar_urlpatterns = [
    path("projects/calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
]
