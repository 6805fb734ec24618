import datetime
import zoneinfo

from django import forms
from django.conf import settings
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _gettext
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import CountryField
from modelcluster.fields import ParentalKey
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from alliance.images import image_field
from alliance.timezones import validate_time_zone, viewer_zone, zone_or_none

EVENTS_PER_PAGE = 10
IN_EVENT_ZONE = _("In the event's time zone (the “time zone” field), whatever your own zone.")


def parse_agenda_zones(text: str) -> list[tuple[str, str]]:
    """`Label = Area/City` lines (the label may be left out) as (label, zone) pairs."""
    zones = []
    for line in text.splitlines():
        if not line.strip():
            continue
        label, _sep, name = line.rpartition("=")
        name = name.strip()
        validate_time_zone(name)
        zones.append((label.strip() or name, name))
    return zones


def validate_agenda_zones(text: str) -> None:
    parse_agenda_zones(text)


class EventIndexPage(Page):
    """/<lang>/events/: upcoming events first, then the past ones."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.EventPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("event index page")

    def get_context(self, request, *args, **kwargs):
        from cms.selectors import events_for_index

        context = super().get_context(request, *args, **kwargs)
        upcoming, past = events_for_index(index=self, now=timezone.now())
        context["upcoming"] = upcoming
        context["page_obj"] = Paginator(past, EVENTS_PER_PAGE).get_page(request.GET.get("page"))
        return context


def _show_in_zone(form, zone: zoneinfo.ZoneInfo) -> None:
    """Show the form's stored (UTC) datetimes as the wall-clock time in `zone`."""
    for name, field in form.fields.items():
        value = form.initial.get(name)
        if isinstance(field, forms.DateTimeField) and value and timezone.is_aware(value):
            form.initial[name] = timezone.make_naive(value, zone)


class EventPageForm(WagtailAdminPageForm):
    """The event's editor: the times typed for the event and its sessions are read in the event's
    own zone (the time zone field as submitted), not the editor's, and shown back in it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            zone = self.event_zone()
            for form in (self, *self.formsets["sessions"].forms):
                _show_in_zone(form, zone)

    def event_zone(self) -> zoneinfo.ZoneInfo:
        submitted = zone_or_none(self.data.get("time_zone")) if self.is_bound else None
        return submitted or zone_or_none(self.instance.time_zone) or zoneinfo.ZoneInfo("UTC")

    def is_valid(self):
        with timezone.override(self.event_zone()):
            valid = super().is_valid()
            # Compared with the stored values in the same zone, so unchanged sessions stay so.
            self.has_changed()
        return valid


class EventPage(RoutablePageMixin, Page):
    """An event: a conference with its sessions, free registration and a live stream. Its
    routes (register/, confirm/, cancel/, certificate/, live/) are in cms/views.py."""

    intro = models.TextField(_("summary"), help_text=_("One or two sentences for lists."))
    image = image_field()
    body = RichTextField(_("body"), blank=True)
    organizers = models.CharField(_("organizers"), max_length=300, blank=True)
    venue = models.CharField(_("venue"), max_length=300, blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default="UTC",
        validators=[validate_time_zone],
        help_text=_("The event's own zone (IANA name, e.g. Asia/Shanghai): dates are shown in it."),
    )
    agenda_zones = models.TextField(
        _("agenda time zones"),
        blank=True,
        validators=[validate_agenda_zones],
        help_text=_(
            "The agenda's columns, one per line: a label and an IANA zone, e.g. "
            "“Paris = Europe/Paris”. Each viewer also sees a column in their own zone."
        ),
    )
    working_languages = models.CharField(_("working languages"), max_length=300, blank=True)
    interpretation = models.CharField(_("interpretation"), max_length=300, blank=True)
    registration_open = models.BooleanField(_("registration open"), default=False)
    registration_closes_at = models.DateTimeField(
        _("registration closes at"), null=True, blank=True
    )
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Leave empty for no limit.")
    )
    live_stream_url = models.URLField(
        _("live stream link"), blank=True, help_text=_("Shown to registered participants only.")
    )
    # An edition of a conference series (cms/models/series.py, cms/series.py).
    series = models.ForeignKey(
        "cms.ConferenceSeriesPage",
        verbose_name=_("conference series"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="editions",
    )
    edition_year = models.PositiveSmallIntegerField(_("edition year"), null=True, blank=True)
    theme = models.CharField(_("theme"), max_length=300, blank=True)
    host_city = models.CharField(_("host city"), max_length=200, blank=True)
    host_country = CountryField(_("host country"), blank=True)
    host_institution = models.ForeignKey(
        "members.Institution",
        verbose_name=_("host institution"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="hosted_editions",
    )
    # The edition's call for proposals (docs/programmes.md): its accepted proposals are added
    # to the programme from the admin (cms.series.proposal_to_programme).
    call_for_proposals = models.ForeignKey(
        "cms.CallPage",
        verbose_name=_("call for proposals"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="editions",
        limit_choices_to={"kind": "conference"},
        help_text=_("A call of the kind “Conference proposals”."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("image"),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("starts_at", help_text=IN_EVENT_ZONE),
                        FieldPanel("ends_at", help_text=IN_EVENT_ZONE),
                    ]
                ),
                FieldPanel("time_zone"),
                FieldPanel("organizers"),
                FieldPanel("venue"),
                FieldPanel("working_languages"),
                FieldPanel("interpretation"),
            ],
            _("When and where"),
        ),
        FieldPanel("body"),
        FieldPanel("agenda_zones"),
        InlinePanel("sessions", label=pgettext_lazy("event", "Sessions")),
        MultiFieldPanel(
            [
                FieldPanel("registration_open"),
                FieldPanel("registration_closes_at", help_text=IN_EVENT_ZONE),
                FieldPanel("capacity"),
                FieldPanel("live_stream_url"),
            ],
            _("Registration"),
        ),
        InlinePanel("questions", label=_("Registration questions")),
        MultiFieldPanel(
            [
                FieldPanel("series"),
                FieldPanel("edition_year"),
                FieldPanel("theme"),
                FieldPanel("host_city"),
                FieldPanel("host_country"),
                FieldPanel("host_institution"),
                FieldPanel("call_for_proposals"),
            ],
            _("Edition of a conference series"),
        ),
    ]
    base_form_class = EventPageForm
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]
    override_translatable_fields = [
        SynchronizedField("time_zone"),
        SynchronizedField("live_stream_url"),
        SynchronizedField("series"),
        SynchronizedField("edition_year"),
        SynchronizedField("host_country"),
        SynchronizedField("host_institution"),
        SynchronizedField("call_for_proposals"),
    ]

    parent_page_types = ["cms.EventIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("event page")

    def clean(self):
        super().clean()
        if self.starts_at and self.ends_at and self.ends_at < self.starts_at:
            raise ValidationError({"ends_at": _gettext("The event cannot end before it starts.")})

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def registration_event(self) -> "EventPage":
        """The page registrations belong to: the original of the event's translations, so
        every language shares one list and one capacity."""
        return EventPage.objects.filter(translation_key=self.translation_key).order_by("pk").first()

    def get_context(self, request, *args, **kwargs):
        from cms.forms import EventRegistrationForm
        from cms.selectors import event_agenda, event_registration_state

        context = super().get_context(request, *args, **kwargs)
        context["agenda"] = event_agenda(event=self, viewer=viewer_zone(request))
        context["jsonld"] = self.json_ld(request)
        context["state"] = event_registration_state(
            event=self, user=request.user, now=timezone.now()
        )
        context["form"] = EventRegistrationForm(
            initial=_initial(request.user), questions=self.questions.all()
        )
        return context

    def json_ld(self, request) -> dict:
        """schema.org Event, for search engines."""
        data = {
            "@context": "https://schema.org",
            "@type": "Event",
            "name": self.title,
            "description": self.intro,
            "url": request.build_absolute_uri(self.get_url(request)),
            "startDate": self.starts_at.astimezone(self.zone).isoformat(),
            "endDate": self.ends_at.astimezone(self.zone).isoformat(),
            "isAccessibleForFree": True,
            "inLanguage": self.locale.language_code,
        }
        if self.venue:
            data["location"] = {"@type": "Place", "name": self.venue}
        if self.organizers:
            data["organizer"] = {"@type": "Organization", "name": self.organizers}
        return data

    @path("")
    def event_route(self, request):
        return self.render(request)

    def render(self, request, *args, status=200, **kwargs):
        response = super().render(request, *args, **kwargs)
        response.status_code = status
        return response


def _initial(user) -> dict:
    if not user.is_authenticated:
        return {}
    return {"name": user.get_full_name(), "email": user.email}


class SessionKind(models.TextChoices):
    MAIN = "main", _("Main session")
    SUB_FORUM = "sub_forum", _("Sub-forum")
    SESSION = "session", _("Session")


class EventSession(TranslatableMixin, Orderable):
    """A session of an event: the main session (high-level segment), a sub-forum, or other."""

    page = ParentalKey(EventPage, related_name="sessions", on_delete=models.CASCADE)
    kind = models.CharField(
        _("kind"), max_length=20, choices=SessionKind.choices, default=SessionKind.SESSION
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    co_organizers = models.TextField(_("co-organizers"), blank=True, help_text=_("One per line."))
    speakers = models.TextField(_("speakers"), blank=True, help_text=_("One per line."))
    recording_url = models.URLField(
        _("recording link"),
        blank=True,
        help_text=_("Once the session has taken place: the recording, added to the library."),
    )
    # Where the session came from, e.g. "proposal:12" (cms.series.programme_add_session).
    source = models.CharField(_("source"), max_length=100, blank=True, editable=False)

    panels = [
        FieldPanel("kind"),
        FieldPanel("title"),
        FieldRowPanel(
            [
                FieldPanel("starts_at", help_text=IN_EVENT_ZONE),
                FieldPanel("ends_at", help_text=IN_EVENT_ZONE),
            ]
        ),
        FieldPanel("description"),
        FieldPanel("co_organizers"),
        FieldPanel("speakers"),
        FieldPanel("recording_url"),
    ]

    class Meta(TranslatableMixin.Meta):
        ordering = ["sort_order"]
        verbose_name = _("session")

    def clean(self):
        super().clean()
        if self.starts_at and self.ends_at and self.ends_at < self.starts_at:
            raise ValidationError({"ends_at": _gettext("A session cannot end before it starts.")})

    @property
    def co_organizer_list(self) -> list[str]:
        return [line.strip() for line in self.co_organizers.splitlines() if line.strip()]

    @property
    def speaker_list(self) -> list[str]:
        return [line.strip() for line in self.speakers.splitlines() if line.strip()]


class EventQuestion(TranslatableMixin, Orderable):
    """A question of the event's registration form, defined by the secretariat (translated with
    the page); the answers are stored with each registration, as asked."""

    page = ParentalKey(EventPage, related_name="questions", on_delete=models.CASCADE)
    label = models.CharField(_("question"), max_length=300)
    required = models.BooleanField(_("an answer is required"), default=False)

    panels = [FieldPanel("label"), FieldPanel("required")]

    class Meta(TranslatableMixin.Meta):
        ordering = ["sort_order"]
        verbose_name = _("registration question")


class RegistrationRole(models.TextChoices):
    STUDENT = "student", _("Student or learner")
    ACADEMIC = "academic", _("Teacher, researcher or academic staff")
    LEADERSHIP = "leadership", _("University leadership or administration")
    PLATFORM = "platform", _("Online learning platform or industry")
    GOVERNMENT = "government", _("Government or public administration")
    ORGANIZATION = "organization", _("International or civil society organization")
    OTHER = "other", _("Other")


# A registration holds a place while its email address is confirmed, for this long at most.
REGISTRATION_HOLD = datetime.timedelta(minutes=30)
HOLD_MINUTES = int(REGISTRATION_HOLD.total_seconds() // 60)


class RegistrationQuerySet(models.QuerySet):
    def holding_a_place(self, now):
        """Confirmed registrations, and those waiting for their confirmation within the hold
        (the waiting list holds no place)."""
        return self.filter(waitlisted=False).filter(
            models.Q(confirmed_at__isnull=False) | models.Q(created_at__gt=now - REGISTRATION_HOLD)
        )

    def waiting(self):
        """The waiting list, first come first served: confirmed addresses only."""
        return self.filter(waitlisted=True, confirmed_at__isnull=False).order_by(
            "confirmed_at", "pk"
        )

    def expired(self, now):
        """Never confirmed, and the hold is over: the place is free again."""
        return self.filter(confirmed_at=None, created_at__lte=now - REGISTRATION_HOLD)


class EventRegistration(models.Model):
    """A free registration for an event (on the original page of the event's translations).

    It is pending until the person opens the link emailed to them (`confirmed_at`); a pending
    registration holds its place for REGISTRATION_HOLD, then the place is released."""

    event = models.ForeignKey(EventPage, related_name="registrations", on_delete=models.CASCADE)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email"))
    institution = models.CharField(_("institution"), max_length=300)
    country = CountryField(_("country"))
    role = models.CharField(_("role"), max_length=20, choices=RegistrationRole.choices)
    consent = models.BooleanField(_("consent"))
    language = models.CharField(_("language"), max_length=10, default="en")
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("email confirmed at"), null=True, blank=True)
    # The event was full: on the waiting list, promoted when a place frees.
    waitlisted = models.BooleanField(_("on the waiting list"), default=False)
    # The reminders sent (services.event_reminders_send): "24h", then "1h".
    reminded = models.CharField(max_length=3, blank=True)
    # The event's questions as the person read them, and their answers:
    # [{"question": "...", "answer": "..."}] (EventQuestion).
    answers = models.JSONField(_("answers"), default=list, blank=True)
    # Marked by the secretariat (services.registration_attendance_mark); the certificate of
    # attendance is verified at /<lang>/certificates/<certificate_code>/.
    attended_at = models.DateTimeField(_("attendance marked at"), null=True, blank=True)
    certificate_code = models.CharField(
        _("certificate code"), max_length=20, unique=True, null=True, blank=True
    )

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("event registration")
        constraints = [
            models.UniqueConstraint(fields=["event", "email"], name="one_registration_per_email"),
            models.CheckConstraint(condition=models.Q(consent=True), name="registration_consent"),
        ]

    def __str__(self):
        return f"{self.name} <{self.email}>"

    @admin.display(description=_("answers"))
    def answers_text(self) -> str:
        """One line per question, for the list's export."""
        return "\n".join(f"{item['question']}: {item['answer']}" for item in self.answers)
