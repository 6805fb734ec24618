from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from alliance.images import image_field
from alliance.models import Translated
from members.models import Affiliation, Course, Institution
from members.models.invitation import InvitationBase


class ProjectKind(models.TextChoices):
    JOINT_TEACHING = "joint_teaching", _("Joint teaching")
    CAPACITY_BUILDING = "capacity_building", _("Capacity building")
    ADVOCACY = "advocacy", _("Advocacy")
    KNOWLEDGE_SHARING = "knowledge_sharing", _("Knowledge sharing")


class ProjectStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ACTIVE = "active", _("Active")
    COMPLETED = "completed", _("Completed")
    ARCHIVED = "archived", _("Archived")


class Visibility(models.TextChoices):
    PRIVATE = "private", _("Private: participants only")
    ALLIANCE = "alliance", _("Alliance: every member institution's people")
    PUBLIC = "public", _("Public: shown on the site and in the API")


class Project(Translated):
    """A workspace where member institutions work together; its title, summary and description
    may be translated (`translations`)."""

    translated_fields = ("title", "summary", "description")

    kind = models.CharField(_("kind"), max_length=20, choices=ProjectKind.choices)
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    summary = models.CharField(_("summary"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ProjectStatus.choices, default=ProjectStatus.PROPOSED
    )
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.PRIVATE
    )
    lead_institution = models.ForeignKey(
        Institution,
        on_delete=models.PROTECT,
        related_name="led_projects",
        verbose_name=_("lead institution"),
    )
    partners = models.ManyToManyField(
        Institution,
        blank=True,
        related_name="partner_projects",
        verbose_name=_("partner institutions"),
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent project"),
    )
    # Joint teaching
    courses = models.ManyToManyField(
        Course, blank=True, related_name="projects", verbose_name=_("linked courses")
    )
    co_teaching_institutions = models.ManyToManyField(
        Institution,
        blank=True,
        related_name="co_taught_projects",
        verbose_name=_("co-teaching institutions"),
    )
    teaching_plan = models.TextField(_("teaching plan"), blank=True)
    # Advocacy (the campaign page itself is a CMS page; this is its address)
    campaign_goal = models.TextField(_("campaign goal"), blank=True)
    campaign_url = models.URLField(_("public campaign page"), blank=True)
    endorsement_goal = models.PositiveIntegerField(_("endorsement goal"), null=True, blank=True)
    endorsement_count = models.PositiveIntegerField(_("endorsements"), default=0)
    image = image_field()  # uploaded by the project's editors (projects.forms.ProjectImageForm)
    created_at = models.DateTimeField(auto_now_add=True)
    modified_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["title"]
        permissions = [
            ("comment_project", _("Can read the workspace and comment")),
            ("contribute_project", _("Can post updates and upload documents")),
            ("coordinate_project", _("Can plan milestones and meetings")),
            ("manage_participants", _("Can manage the participants and their roles")),
        ]
        indexes = [models.Index(fields=["visibility", "kind", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(start_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="project_ends_after_start",
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("projects:detail", kwargs={"slug": self.slug})


class ProjectSDGTarget(models.Model):
    """A UN Sustainable Development Goal target ("4.3") or goal ("4") the project serves."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="sdg_rows")
    target = models.CharField(max_length=5, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["project", "target"], name="one_project_sdg_row")
        ]
        ordering = ["target"]

    def __str__(self):
        return self.target


class ProjectRole(models.TextChoices):
    LEAD = "lead", _("Lead")
    COORDINATOR = "coordinator", _("Coordinator")
    CONTRIBUTOR = "contributor", _("Contributor")
    VIEWER = "viewer", _("Viewer")


class ParticipantQuerySet(models.QuerySet):
    """A participation that came through an institution ends when the person no longer has a
    role there (`has_left`); a personal one (an outside expert, or kept by a lead) does not."""

    def with_standing(self):
        still_there = Affiliation.objects.filter(
            user=models.OuterRef("user"), institution=models.OuterRef("institution")
        )
        return self.annotate(
            has_left=models.ExpressionWrapper(
                models.Q(institution__isnull=False) & ~models.Exists(still_there),
                output_field=models.BooleanField(),
            )
        )

    def live(self):
        return self.with_standing().filter(has_left=False)

    def left(self):
        return self.with_standing().filter(has_left=True)


class Participant(models.Model):
    """A person's role in a project. The role's group holds the object permissions."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="participations"
    )
    institution = models.ForeignKey(
        Institution,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty for an outside expert."),
    )
    role = models.CharField(_("role"), max_length=12, choices=ProjectRole.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ParticipantQuerySet.as_manager()

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.UniqueConstraint(fields=["project", "user"], name="one_role_per_project")
        ]

    def __str__(self):
        return f"{self.user} · {self.project} · {self.get_role_display()}"


class ProjectInvitation(InvitationBase):
    """An invitation to join a project with a role (the mechanics of institution invitations)."""

    TARGET = "project"

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="invitations")
    role = models.CharField(_("role"), max_length=12, choices=ProjectRole.choices)
    outside_expert = models.BooleanField(default=False)

    class Meta(InvitationBase.Meta):
        verbose_name = _("project invitation")
        verbose_name_plural = _("project invitations")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "email"],
                condition=models.Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="one_open_project_invitation_per_email",
            )
        ]

    def __str__(self):
        return f"{self.email} → {self.project}"


class ProjectUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Project, on_delete=models.CASCADE)


class ProjectGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Project, on_delete=models.CASCADE)
