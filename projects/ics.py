"""iCalendar (RFC 5545) files of meetings: one meeting, or a person's feed of all of theirs."""

from datetime import UTC, timedelta

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event


def calendar_of(meetings, *, name: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Global MOOC Alliance//Projects//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    calendar.add("method", "PUBLISH")
    for meeting in meetings:
        event = Event()
        event.add("uid", f"meeting-{meeting.pk}@{settings.SITE_URL.split('//')[-1]}")
        event.add("dtstamp", timezone.now().astimezone(UTC))
        event.add("dtstart", meeting.starts_at.astimezone(UTC))
        event.add(
            "dtend",
            (meeting.starts_at + timedelta(minutes=meeting.duration_minutes)).astimezone(UTC),
        )
        event.add("summary", f"{meeting.title} · {meeting.project.title}")
        if meeting.location:
            event.add("location", meeting.location)
        if meeting.agenda:
            event.add("description", meeting.agenda)
        event.add("last-modified", meeting.modified_at.astimezone(UTC))
        event.add("url", settings.SITE_URL + meeting.project.get_absolute_url())
        calendar.add_component(event)
    return calendar.to_ical()
