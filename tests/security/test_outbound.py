"""Issue 12, part 1: the platform's own requests (feeds, webhooks) cannot be turned inward.

Real HTTP(S) servers on 127.0.0.1 stand in for partners; only the resolver is replaced, to give
a name to a local server (none of these names exist, so a connection that works went to the
address that was checked).
"""

import datetime
import importlib
import ssl
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from django.core.exceptions import ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from alliance import outbound
from api.models import Webhook, WebhookDelivery
from api.services import api_key_create
from api.webhooks import deliver, webhook_create
from members.factories import InstitutionFactory, UserFactory, affiliate
from members.models import CourseFeed, InstitutionRole, Platform
from tests.api.conftest import auth
from tests.members.conftest import activate_membership

PARTNER = "feeds.partner.example"  # the reserved .example TLD: no DNS anywhere answers for it

REFUSED = [
    "http://127.0.0.1:8123\\@1.1.1.1/x",  # the checker and the client must see the same host
    "http://1.1.1.1\\@127.0.0.1/x",
    "http://user:secret@1.1.1.1/",
    "http://1.1.1.1@127.0.0.1/",
    "ftp://1.1.1.1/feed",
    "file:///etc/passwd",
    "gopher://1.1.1.1:70/",
    "//1.1.1.1/feed",
    "http:///feed",
    "http://1.1.1.1:99999/",
    "http://1.1.1.1/ x",
    "http://127.0.0.1/",
    "http://127.1/",
    "http://0.0.0.0/",
    "http://localhost:8000/",
    "http://LOCALHOST./",
    "http://2130706433/",  # 127.0.0.1 as one decimal number
    "http://0x7f000001/",  # and in hexadecimal
    "http://0177.0.0.1/",  # and octal
    "http://10.0.0.1/",
    "http://172.16.0.1/",
    "http://192.168.1.1/",
    "http://169.254.169.254/latest/meta-data/",  # cloud metadata
    "http://100.64.0.1/",  # carrier-grade NAT
    "http://224.0.0.1/",  # multicast
    "http://240.0.0.1/",  # reserved
    "http://255.255.255.255/",
    "http://[::1]/",
    "http://[::]/",
    "http://[fc00::1]/",  # unique local
    "http://[fd12:3456::1]/",
    "http://[fe80::1]/",  # link-local
    "http://[ff02::1]/",  # multicast
    "http://[::ffff:127.0.0.1]/",  # IPv4-mapped
    "http://[::ffff:1.1.1.1]/",
    "http://[64:ff9b::7f00:1]/",  # NAT64 of 127.0.0.1
    "http://[2002:7f00:1::1]/",  # 6to4 of 127.0.0.1
]


@pytest.fixture
def partner_key(db):
    return api_key_create(owner=UserFactory(), name="Aggregator")[1]


@pytest.fixture
def editor(db):
    """An editor of a member institution in good standing, who may register course feeds."""
    institution = InstitutionFactory()
    activate_membership(institution)
    return institution, affiliate(institution, InstitutionRole.EDITOR)


@pytest.fixture
def names(monkeypatch):
    """Names that only this test knows, resolved like the system would (others: the system)."""
    known = {}
    system = outbound.resolve
    monkeypatch.setattr(
        outbound, "resolve", lambda host, port: known[host] if host in known else system(host, port)
    )
    return known


class Partner:
    """A real server on 127.0.0.1 answering each path with (status, headers, body)."""

    def __init__(self, routes: dict, tls: ssl.SSLContext | None = None):
        self.routes, self.seen = routes, []
        partner = self

        class Handler(BaseHTTPRequestHandler):
            def answer(self):
                length = int(self.headers.get("Content-Length") or 0)
                partner.seen.append((self.command, self.path, dict(self.headers)))
                self.rfile.read(length)
                status, headers, body = partner.routes.get(self.path, (404, {}, b""))
                if callable(body):
                    self.send_response(status)
                    self.end_headers()
                    body(self.wfile)
                    return
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = answer

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        if tls:
            self.server.socket = tls.wrap_socket(self.server.socket, server_side=True)
        self.port = self.server.server_port
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def partners():
    started = []

    def start(routes, tls=None):
        started.append(Partner(routes, tls))
        return started[-1]

    yield start
    for partner in started:
        partner.close()


def test_by_default_no_host_is_allowed_beyond_the_public_internet(settings):
    assert settings.OUTBOUND_ALLOWED_HOSTS == []


@pytest.mark.parametrize("url", REFUSED)
def test_each_form_of_an_inside_address_is_refused(url):
    with pytest.raises(ValidationError):
        outbound.check_url(url)


def test_the_backslash_trick_is_refused_even_for_an_allowed_local_server(settings):
    settings.OUTBOUND_ALLOWED_HOSTS = ["127.0.0.1:8123"]
    outbound.check_url("http://127.0.0.1:8123/x")
    with pytest.raises(ValidationError, match="not allowed"):
        outbound.check_url("http://127.0.0.1:8123\\@1.1.1.1/x")


def test_a_name_that_resolves_to_loopback_is_refused():
    with pytest.raises(ValidationError, match="public internet"):
        outbound.check_url("https://localhost/feed")


def test_a_name_with_one_inside_address_among_public_ones_is_refused(names):
    names[PARTNER] = ["93.184.215.14", "10.0.0.7"]
    with pytest.raises(ValidationError, match="public internet"):
        outbound.check_url(f"https://{PARTNER}/feed")


def test_an_unknown_name_is_refused():
    with pytest.raises(ValidationError, match="cannot be found"):
        outbound.check_url("https://no-such-host.invalid/feed")


@pytest.mark.parametrize(
    "url", ["https://1.1.1.1/feed", "http://[2606:4700:4700::1111]:8080/hook", f"https://{PARTNER}"]
)
def test_a_public_address_is_allowed_and_is_where_the_connection_goes(names, url):
    names[PARTNER] = ["93.184.215.14"]
    target = outbound.check_url(url)
    assert target.address in ("1.1.1.1", "2606:4700:4700::1111", "93.184.215.14")
    assert target.pinned_url.startswith(("https://1.1.1.1:443/", "http://[2606:", "https://93."))


def test_the_connection_goes_to_the_checked_address_with_the_name_as_host(
    settings, partners, names
):
    partner = partners({"/feed": (200, {}, b"courses")})
    names[PARTNER] = ["127.0.0.1"]
    settings.OUTBOUND_ALLOWED_HOSTS = [f"{PARTNER}:{partner.port}"]

    response = outbound.fetch("GET", f"http://{PARTNER}:{partner.port}/feed", max_bytes=100)

    assert (response.status_code, response.content) == (200, b"courses")
    assert partner.seen[0][2]["Host"] == f"{PARTNER}:{partner.port}"


@pytest.mark.parametrize(
    "location",
    [
        "http://127.0.0.1:{inside}/secret",  # another (not allowed) server on loopback
        "http://localhost:{inside}/secret",
        "http://2130706433:{inside}/secret",
        "http://[::ffff:127.0.0.1]:{inside}/secret",
        "http://169.254.169.254/latest/meta-data/",
        "file:///etc/passwd",
        "http://user@127.0.0.1:{inside}/secret",
    ],
)
def test_a_public_url_that_redirects_inside_is_refused_at_the_hop(
    settings, partners, names, location
):
    inside = partners({"/secret": (200, {}, b"internal")})
    location = location.format(inside=inside.port)
    partner = partners({"/feed": (302, {"Location": location}, b"")})
    names[PARTNER] = ["127.0.0.1"]
    settings.OUTBOUND_ALLOWED_HOSTS = [f"{PARTNER}:{partner.port}"]

    with pytest.raises(ValidationError):
        outbound.fetch("GET", f"http://{PARTNER}:{partner.port}/feed", max_bytes=100)

    assert len(partner.seen) == 1
    assert inside.seen == []


def test_redirects_are_followed_a_few_times_and_each_hop_is_checked(settings, partners):
    partner = partners(
        {
            "/1": (301, {"Location": "/2"}, b""),
            "/2": (303, {"Location": "/3"}, b""),
            "/3": (308, {"Location": "/4"}, b""),
            "/4": (200, {}, b"arrived"),
            "/loop": (302, {"Location": "/loop"}, b""),
        }
    )
    settings.OUTBOUND_ALLOWED_HOSTS = [f"127.0.0.1:{partner.port}"]
    base = f"http://127.0.0.1:{partner.port}"

    response = outbound.fetch("POST", f"{base}/1", max_bytes=100, data=b"{}")

    assert response.content == b"arrived"
    assert [(method, path) for method, path, _headers in partner.seen] == [
        ("POST", "/1"),
        ("GET", "/2"),  # 301 and 303: the request becomes a GET
        ("GET", "/3"),
        ("GET", "/4"),
    ]
    with pytest.raises(ValidationError, match="redirects more than 3 times"):
        outbound.fetch("GET", f"{base}/loop", max_bytes=100)
    assert len(partner.seen) == 4 + 4


def test_the_answer_is_capped_in_size_and_time(settings, partners, monkeypatch):
    def drip(wfile):
        for _ in range(50):
            wfile.write(b"x" * 10)
            wfile.flush()
            time.sleep(0.05)

    partner = partners({"/big": (200, {}, b"x" * 1001), "/slow": (200, {}, drip)})
    settings.OUTBOUND_ALLOWED_HOSTS = [f"127.0.0.1:{partner.port}"]
    base = f"http://127.0.0.1:{partner.port}"

    assert len(outbound.fetch("GET", f"{base}/big", max_bytes=1001).content) == 1001
    with pytest.raises(ValidationError, match="larger than"):
        outbound.fetch("GET", f"{base}/big", max_bytes=1000)
    monkeypatch.setattr(outbound, "TOTAL_TIMEOUT", 0.5)
    started = time.monotonic()
    with pytest.raises(requests.Timeout):
        outbound.fetch("GET", f"{base}/slow", max_bytes=10_000)
    assert time.monotonic() - started < 2


def _certificate(name: str, tmp_path):
    """A CA, and a certificate for `name` that it signed: (server context, CA file)."""
    now = datetime.datetime.now(datetime.UTC)

    def build(subject, issuer, public_key, signing_key, *, ca, san=None):
        builder = (
            x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject)]))
            .issuer_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, issuer)]))
            .public_key(public_key)
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(minutes=5))
            .not_valid_after(now + datetime.timedelta(hours=1))
            .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        )
        if san:
            builder = builder.add_extension(
                x509.SubjectAlternativeName([x509.DNSName(san)]), critical=False
            )
        return builder.sign(signing_key, hashes.SHA256())

    ca_key, key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    ca = build("Test CA", "Test CA", ca_key.public_key(), ca_key, ca=True)
    leaf = build(name, "Test CA", key.public_key(), ca_key, ca=False, san=name)
    pem = serialization.Encoding.PEM
    (tmp_path / "ca.pem").write_bytes(ca.public_bytes(pem))
    (tmp_path / "leaf.pem").write_bytes(leaf.public_bytes(pem))
    (tmp_path / "key.pem").write_bytes(
        key.private_bytes(pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(tmp_path / "leaf.pem", tmp_path / "key.pem")
    return context, str(tmp_path / "ca.pem")


@pytest.mark.parametrize(("certificate_for", "works"), [(PARTNER, True), ("other.example", False)])
def test_tls_names_and_verifies_the_host_while_connecting_to_the_checked_address(
    settings, partners, names, monkeypatch, tmp_path, certificate_for, works
):
    context, ca_file = _certificate(certificate_for, tmp_path)
    monkeypatch.setattr(requests.adapters, "DEFAULT_CA_BUNDLE_PATH", ca_file)  # trust the test CA
    partner = partners({"/hook": (204, {}, b"")}, tls=context)
    names[PARTNER] = ["127.0.0.1"]
    settings.OUTBOUND_ALLOWED_HOSTS = [f"{PARTNER}:{partner.port}"]
    url = f"https://{PARTNER}:{partner.port}/hook"

    if works:
        assert outbound.fetch("POST", url, max_bytes=0, data=b"{}").status_code == 204
        assert partner.seen[0][2]["Host"] == f"{PARTNER}:{partner.port}"
    else:
        with pytest.raises(requests.exceptions.SSLError):
            outbound.fetch("POST", url, max_bytes=0, data=b"{}")


# Registration: refused with a clear 400 / form error ---------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8123\\@1.1.1.1/x",
        "http://127.0.0.1/hook",
        "http://[::1]/hook",
        "http://169.254.169.254/hook",
        "http://10.0.0.1/hook",
        "http://localhost/hook",
        "http://2130706433/hook",
    ],
)
def test_registering_a_webhook_to_an_inside_address_answers_400(partner_key, url):
    response = APIClient().post(
        "/api/v1/webhooks/", {"url": url}, format="json", **auth(partner_key)
    )

    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")
    assert "url" in response.json()["errors"]
    assert not Webhook.objects.exists()


@pytest.mark.django_db
def test_registering_a_webhook_to_a_public_address_is_allowed(partner_key, names):
    names[PARTNER] = ["93.184.215.14"]
    response = APIClient().post(
        "/api/v1/webhooks/",
        {"url": f"https://{PARTNER}/hook"},
        format="json",
        **auth(partner_key),
    )
    assert response.status_code == 201


@pytest.mark.parametrize(
    ("url", "registered"),
    [
        ("http://127.0.0.1:8123\\@1.1.1.1/x", False),
        ("http://localhost/api/v3/courses", False),
        ("http://169.254.169.254/latest", False),
        (f"https://{PARTNER}/api/v3/courses", True),
    ],
)
def test_the_feed_form_refuses_an_inside_address(editor, client, names, url, registered):
    names[PARTNER] = ["93.184.215.14"]
    institution, person = editor
    client.force_login(person)
    page = reverse("members:course_import", args=[institution.slug])
    data = {
        "register_feed": "1",
        "feed-url": url,
        "feed-format": "moochub",
        "feed-platform": Platform.objects.get(slug="edx").pk,
    }

    response = client.post(page, data)

    assert response.status_code == (302 if registered else 200)
    assert CourseFeed.objects.exists() is registered
    if not registered:
        assert (
            "can be used" in response.content.decode() or "not allowed" in response.content.decode()
        )


# What is kept of an attempt ------------------------------------------------------------------


@pytest.mark.django_db
def test_the_delivery_log_keeps_a_status_and_a_reason_never_the_answer(settings, partners):
    partner = partners({"/hook": (500, {}, b"internal: db password hunter2")})
    settings.OUTBOUND_ALLOWED_HOSTS = [f"127.0.0.1:{partner.port}"]
    webhook = webhook_create(owner=UserFactory(), url=f"http://127.0.0.1:{partner.port}/hook")
    delivery = WebhookDelivery.objects.create(webhook=webhook, event="course.updated", payload={})

    assert not deliver(delivery)

    delivery.refresh_from_db()
    assert (delivery.status, delivery.response_status, delivery.error) == (
        "failed",
        500,
        "HTTP status 500",
    )


@pytest.mark.django_db
def test_a_delivery_to_an_inside_address_stored_earlier_is_refused_without_connecting(partners):
    inside = partners({"/hook": (200, {}, b"internal")})
    webhook = Webhook.objects.create(
        owner=UserFactory(), url=f"http://127.0.0.1:{inside.port}/hook", secret="s"
    )
    delivery = WebhookDelivery.objects.create(webhook=webhook, event="course.updated", payload={})

    assert not deliver(delivery)

    delivery.refresh_from_db()
    assert (delivery.status, delivery.response_status) == ("failed", None)
    assert delivery.error == "Only addresses on the public internet can be used."
    assert inside.seen == []


@pytest.mark.django_db
def test_a_feed_that_redirects_inside_records_the_refusal(settings, partners, names):
    from members import tasks

    inside = partners({"/secret": (200, {}, b"internal")})
    partner = partners(
        {"/feed": (302, {"Location": f"http://127.0.0.1:{inside.port}/secret"}, b"")}
    )
    names[PARTNER] = ["127.0.0.1"]
    settings.OUTBOUND_ALLOWED_HOSTS = [f"{PARTNER}:{partner.port}"]
    institution = InstitutionFactory()
    activate_membership(institution)  # a member in good standing: its feed is synced
    feed = CourseFeed.objects.create(
        institution=institution,
        url=f"http://{PARTNER}:{partner.port}/feed",
        platform=Platform.objects.get(slug="edx"),
    )

    tasks.sync_course_feed(feed.pk)

    feed.refresh_from_db()
    assert feed.last_status == "Only addresses on the public internet can be used."
    assert inside.seen == []


@pytest.mark.django_db
def test_the_migration_forgets_the_answers_that_older_logs_kept():
    from django.apps import apps

    migration = importlib.import_module("api.migrations.0002_outbound_forget_answer_bodies")
    webhook = Webhook.objects.create(owner=UserFactory(), url="https://1.1.1.1/hook", secret="s")
    kept = WebhookDelivery.objects.create(
        webhook=webhook,
        event="course.updated",
        payload={},
        response_status=500,
        error="internal: db password hunter2",
    )
    unreachable = WebhookDelivery.objects.create(
        webhook=webhook, event="course.updated", payload={}, error="ConnectionError"
    )

    migration.forget_answer_bodies(apps, None)

    kept.refresh_from_db()
    unreachable.refresh_from_db()
    assert (kept.error, unreachable.error) == ("HTTP status 500", "ConnectionError")
