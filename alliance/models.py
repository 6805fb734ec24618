from django.db import models
from django.utils.translation import gettext_lazy as _


class OutboxTask(models.Model):
    """A task to run, written in the transaction of the change that asks for it (alliance.outbox).

    `sent_at`: published to the broker; `done_at`: a task run once (`once=True`) claimed it.
    """

    task_id = models.UUIDField(unique=True)
    name = models.CharField(max_length=200)
    args = models.JSONField(default=list)
    kwargs = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    publish_count = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("outbox task")
        verbose_name_plural = _("outbox tasks")
        indexes = [
            models.Index(
                fields=["created_at"],
                condition=models.Q(done_at__isnull=True),
                name="outbox_task_open",
            )
        ]

    def __str__(self):
        return f"{self.name} {self.task_id}"
