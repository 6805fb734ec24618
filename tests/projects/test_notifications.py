"""Notifications: instant or digest per person and project, in the recipient's language, once."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from wagtail.models import ModelLogEntry

from projects import services, tasks
from projects.models import DigestLog, Frequency

PDF = b"%PDF-1.4\n%%EOF\n"


def _recipients(mailoutbox):
    return sorted(address for message in mailoutbox for address in message.to)


def test_an_update_is_emailed_right_away_to_the_other_participants(world, mailoutbox, commit):
    with commit():
        services.update_post(
            project=world["project"], actor=world["lead"], body="Week 1 is online."
        )
    assert _recipients(mailoutbox) == [
        "contributor@example.org",
        "coordinator@example.org",
        "viewer@example.org",
    ]
    assert "Week 1 is online." in mailoutbox[0].body
    assert world["project"].title in mailoutbox[0].subject


def test_settings_off_and_digest_hold_instant_emails_back(world, mailoutbox, commit):
    project = world["project"]
    services.notification_set(user=world["viewer"], project=project, frequency=Frequency.OFF)
    services.notification_set(user=world["coordinator"], project=project, frequency="daily")
    with commit():
        services.update_post(project=project, actor=world["lead"], body="Hello")
    assert _recipients(mailoutbox) == ["contributor@example.org"]


def test_a_mention_comes_right_away_even_with_a_digest(world, mailoutbox, commit):
    project = world["project"]
    services.notification_set(user=world["viewer"], project=project, frequency="weekly")
    services.notification_set(user=world["coordinator"], project=project, frequency="off")
    services.notification_set(user=world["contributor"], project=project, frequency="daily")
    with commit():
        services.update_post(project=project, actor=world["lead"], body="@viewer @coordinator look")
    assert _recipients(mailoutbox) == ["viewer@example.org"]


def test_uploads_default_to_the_daily_digest(world, mailoutbox, commit):
    with commit():
        services.document_upload(
            project=world["project"], actor=world["lead"], upload=SimpleUploadedFile("a.pdf", PDF)
        )
    assert mailoutbox == []


def test_an_unknown_frequency_is_refused(world):
    with pytest.raises(Exception, match="how often"):
        services.notification_set(user=world["viewer"], project=world["project"], frequency="x")


def _yesterday_upload(world):
    services.document_upload(
        project=world["project"], actor=world["lead"], upload=SimpleUploadedFile("a.pdf", PDF)
    )
    ModelLogEntry.objects.update(timestamp=timezone.now() - timedelta(days=1))


def test_the_daily_digest_is_sent_once_per_period(world, mailoutbox, commit):
    _yesterday_upload(world)
    world["viewer"].preferred_language = "fr"
    world["viewer"].save()
    with commit():
        services.digests_send(frequency=Frequency.DAILY)
    assert _recipients(mailoutbox) == [
        "contributor@example.org",
        "coordinator@example.org",
        "viewer@example.org",
    ]
    assert all("a.pdf" in message.body for message in mailoutbox)
    # The beat runs every hour and a task may run twice: nothing more is sent.
    with commit():
        tasks.send_digests()
        services.digests_send(frequency=Frequency.DAILY)
    assert len(mailoutbox) == 3
    assert DigestLog.objects.filter(frequency="daily").count() == 3


def test_the_weekly_digest_covers_last_week(world, mailoutbox, commit):
    project = world["project"]
    services.notification_set(user=world["viewer"], project=project, frequency="weekly")
    services.update_post(project=project, actor=world["lead"], body="Summary of the week")
    mailoutbox.clear()
    now = datetime(2027, 3, 10, 8, 0, tzinfo=UTC)  # a Wednesday
    ModelLogEntry.objects.update(timestamp=datetime(2027, 3, 2, 10, 0, tzinfo=UTC))
    with commit():
        assert services.digests_send(frequency=Frequency.WEEKLY, now=now) == 1
    assert _recipients(mailoutbox) == ["viewer@example.org"]
    assert "Summary of the week" in mailoutbox[0].body
    assert services.digests_send(frequency=Frequency.WEEKLY, now=now) == 0
    # The week after has nothing new.
    assert services.digests_send(frequency=Frequency.WEEKLY, now=now + timedelta(days=7)) == 0


def test_digest_periods():
    now = datetime(2027, 3, 10, 0, 30, tzinfo=UTC)
    assert services.digest_period(frequency="daily", now=now) == (
        datetime(2027, 3, 9, tzinfo=UTC),
        datetime(2027, 3, 10, tzinfo=UTC),
    )
    assert services.digest_period(frequency="weekly", now=now) == (
        datetime(2027, 3, 1, tzinfo=UTC),
        datetime(2027, 3, 8, tzinfo=UTC),
    )


def test_emails_are_rendered_in_the_recipients_language(world, monkeypatch):
    import alliance.emails

    sent = []
    monkeypatch.setattr(alliance.emails, "send_templated_email", lambda **kw: sent.append(kw))
    world["viewer"].preferred_language = "ar"
    world["viewer"].save()
    entry = services.update_post(project=world["project"], actor=world["lead"], body="Hi")
    entry_id = ModelLogEntry.objects.get(action="projects.update.posted").pk
    assert entry.pk
    services.notification_email_send(
        user_id=world["viewer"].pk, entry_ids=[entry_id], frequency="instant"
    )
    assert sent[0]["language"] == "ar"
    assert sent[0]["to"] == ["viewer@example.org"]


def test_the_digest_skips_what_a_mention_already_sent(world, mailoutbox, commit):
    project = world["project"]
    for person in ("viewer", "coordinator"):
        services.notification_set(user=world[person], project=project, frequency="weekly")
    with commit():
        services.update_post(project=project, actor=world["lead"], body="@viewer please check")
    assert "viewer@example.org" in _recipients(mailoutbox)  # right away, for the mention
    mailoutbox.clear()
    now = datetime(2027, 3, 10, 8, 0, tzinfo=UTC)
    ModelLogEntry.objects.update(timestamp=datetime(2027, 3, 2, 10, 0, tzinfo=UTC))
    with commit():
        services.digests_send(frequency=Frequency.WEEKLY, now=now)
    assert _recipients(mailoutbox) == ["coordinator@example.org"]  # not the viewer again


def test_an_unknown_mention_is_reported_to_the_writer(client, world):
    project = world["project"]
    client.force_login(world["lead"])
    response = client.post(
        f"/en/my-projects/{project.slug}/updates/",
        {"body": "@viewer and @nobody.here, please review."},
        follow=True,
    )
    html = response.content.decode()
    assert "Your update has been posted." in html
    assert "No participant of this project is called @nobody.here" in html
    assert "@viewer," not in html.split("No participant")[1][:80]
    assert services.unknown_mentions(project=project, text="@viewer @Nobody.Here.") == [
        "Nobody.Here"
    ]
    assert services.unknown_mentions(project=project, text="@viewer@example.org hi") == []


def test_activity_reads_sentences_never_codes(world):
    from alliance.audit import log_action
    from projects import selectors

    project = world["project"]
    data = {"email": "new@example.org", "role": "viewer"}
    log_action(world["lead"], "projects.invitation.sent", project, data)
    log_action(world["lead"], "projects.invitation.revoked", project, data)
    texts = [event["text"] for event in selectors.activity_of(project=project)]
    lead = world["lead"].get_full_name()
    assert f"{lead} invited new@example.org" in texts
    assert f"{lead} withdrew the invitation to new@example.org" in texts
    assert not any(text.startswith("projects.") for text in texts)


def test_a_mention_email_differs_from_an_update_email(world, mailoutbox, commit):
    with commit():
        services.update_post(
            project=world["project"], actor=world["lead"], body="@viewer see module 2"
        )
    by_address = {message.to[0]: message for message in mailoutbox}
    mention, update = by_address["viewer@example.org"], by_address["contributor@example.org"]
    title = world["project"].title
    assert mention.subject == f"You were mentioned in “{title}”"
    assert mention.body.startswith("You were mentioned by name in this post:")
    assert update.subject.startswith(f"{title}: ") and "mentioned" not in update.subject
    assert "see module 2" in mention.body and "see module 2" in update.body


def test_a_meeting_email_has_its_time_in_my_zone_and_language_and_the_calendar_file(
    world, mailoutbox, commit
):
    """Scheduled at 09:00 in São Paulo (12:00 UTC): a reader in Shanghai reading French sees
    20:00–21:30 on 1 July in French, with the meeting as an .ics attachment."""
    from datetime import date, time

    import icalendar

    viewer = world["viewer"]
    viewer.preferred_language, viewer.time_zone = "fr", "Asia/Shanghai"
    viewer.save()
    with commit():
        meeting = services.meeting_save(
            project=world["project"],
            actor=world["coordinator"],
            data={
                "title": "Kick-off",
                "day": date(2027, 7, 1),
                "at": time(9, 0),
                "time_zone": "America/Sao_Paulo",
                "duration_minutes": 90,
                "location": "https://meet.example.org/kick-off",
            },
        )
    (message,) = [m for m in mailoutbox if m.to == ["viewer@example.org"]]
    assert "1 juillet 2027, 20:00\u2009–\u200921:30" in message.body  # CLDR: thin spaces
    assert "Shanghai" in message.body and "https://meet.example.org/kick-off" in message.body
    ((name, content, mimetype),) = message.attachments
    assert (name, mimetype) == ("meeting.ics", "text/calendar")
    (entry,) = icalendar.Calendar.from_ical(content).walk("VEVENT")
    assert entry.decoded("dtstart") == meeting.starts_at
    assert str(entry["summary"]).startswith("Kick-off")


def test_an_update_email_carries_no_calendar_file(world, mailoutbox, commit):
    with commit():
        services.update_post(project=world["project"], actor=world["lead"], body="Hello")
    assert mailoutbox and all(not message.attachments for message in mailoutbox)
