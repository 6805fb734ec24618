"""No moderation workflow by default: the secretariat publishes directly (docs/website.md).

Wagtail's own migration sets up "Moderators approval" on the whole tree, approved by the
"Moderators" group, which nobody here belongs to: a page submitted to it stayed locked. This
turns it off the way Workflow.deactivate() does, cancelling what is waiting in it. The secretariat
can set up a workflow again in Settings → Workflows.
"""

from django.db import migrations
from django.utils import timezone

DEFAULT_WORKFLOW = "Moderators approval"


def deactivate_default_workflow(apps, schema_editor):
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowState = apps.get_model("wagtailcore", "WorkflowState")
    TaskState = apps.get_model("wagtailcore", "TaskState")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")
    for workflow in Workflow.objects.filter(name=DEFAULT_WORKFLOW, active=True):
        waiting = WorkflowState.objects.filter(
            workflow=workflow, status__in=["in_progress", "needs_changes"]
        )
        TaskState.objects.filter(workflow_state__in=waiting, status="in_progress").update(
            status="cancelled", finished_at=timezone.now()
        )
        waiting.update(status="cancelled")
        WorkflowPage.objects.filter(workflow=workflow).delete()
        WorkflowContentType.objects.filter(workflow=workflow).delete()
        workflow.active = False
        workflow.save(update_fields=["active"])


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0006_registration_confirmation"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(deactivate_default_workflow, migrations.RunPython.noop)]
