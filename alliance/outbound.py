"""Every request the platform makes to an address someone gave it: feeds, webhooks.

One way out, so that no member or partner can make the platform reach inside its own network:

- the URL is read by urllib3's parser, the one the HTTP client itself uses, so the host checked
  is the host connected to; user-info, backslashes and schemes other than http(s) are refused;
- the host is resolved once and every address it has must be on the public internet (hosts
  listed in OUTBOUND_ALLOWED_HOSTS as "host:port" skip this test only; tests list their own
  servers there); the connection goes to the address that was checked, with the name kept for
  the Host header, TLS SNI and the certificate check, so no second lookup can answer otherwise;
- redirects are followed here, at most MAX_REDIRECTS, each hop checked like the first;
- time (per operation and in all) and the size of the answer are capped.

A refusal is a ValidationError with a message for people; network failures are requests'
exceptions.
"""

import ipaddress
import socket
import time
from urllib.parse import urljoin

import requests
import urllib3
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from requests.adapters import HTTPAdapter
from urllib3.util import Url, parse_url

MAX_REDIRECTS = 3
CONNECT_TIMEOUT = 5  # seconds
READ_TIMEOUT = 15  # seconds of silence
TOTAL_TIMEOUT = 60  # seconds for the whole exchange, redirects included
CHUNK_BYTES = 64 * 1024
DEFAULT_PORTS = {"http": 80, "https": 443}
# Public in IANA's registry, but they lead to IPv4 addresses, which may be private.
TRANSLATED_IPV6 = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))


class Target:
    """A checked URL: the address to connect to, and the name (`host`) to send and verify."""

    def __init__(self, parsed: Url, address: str):
        self.parsed, self.address = parsed, address
        self.host = parsed.host.strip("[]")
        self.port = parsed.port or DEFAULT_PORTS[parsed.scheme]

    @property
    def pinned_url(self) -> str:
        """The URL with the checked address in place of the name."""
        host = f"[{self.address}]" if ":" in self.address else self.address
        return Url(
            scheme=self.parsed.scheme,
            host=host,
            port=self.port,
            path=self.parsed.path or "/",
            query=self.parsed.query,
        ).url

    @property
    def host_header(self) -> str:
        return self.parsed.netloc


def resolve(host: str, port: int) -> list[str]:
    """Every address of `host` (the system resolver; tests may replace this function)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [info[4][0] for info in infos]


def is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address)
    if ip.version == 6 and (
        ip.ipv4_mapped or ip.sixtofour or ip.teredo or any(ip in net for net in TRANSLATED_IPV6)
    ):
        return False
    return ip.is_global and not (ip.is_multicast or ip.is_reserved)


def check_url(url: str) -> Target:
    """The URL's checked target; ValidationError when the platform must not fetch it.

    Also the validator of the forms and serializers that register such URLs.
    """
    if "\\" in url or any(ord(character) < 0x21 for character in url):
        raise ValidationError(_("This address contains characters that are not allowed."))
    try:
        parsed = parse_url(url)
    except urllib3.exceptions.LocationParseError as error:
        raise ValidationError(_("This address cannot be read.")) from error
    if parsed.scheme not in DEFAULT_PORTS or not parsed.host:
        raise ValidationError(_("Only http:// and https:// addresses can be used."))
    if parsed.auth is not None:
        raise ValidationError(_("An address with a user name or password cannot be used."))
    port = parsed.port or DEFAULT_PORTS[parsed.scheme]
    try:
        addresses = resolve(parsed.host.strip("[]"), port)
    except (OSError, UnicodeError) as error:
        raise ValidationError(
            _("The address %(host)s cannot be found.") % {"host": parsed.host}
        ) from error
    allowed = f"{parsed.host}:{port}" in settings.OUTBOUND_ALLOWED_HOSTS
    if not addresses or not (allowed or all(is_public(a.split("%")[0]) for a in addresses)):
        raise ValidationError(_("Only addresses on the public internet can be used."))
    return Target(parsed, addresses[0])


class PinnedAdapter(HTTPAdapter):
    """Connects to the checked address; TLS names and verifies the host the URL names."""

    def __init__(self, host: str):
        self.host = host
        super().__init__()

    def build_connection_pool_key_attributes(self, request, verify, cert=None):
        host_params, pool_kwargs = super().build_connection_pool_key_attributes(
            request, verify, cert
        )
        if host_params["scheme"] == "https":
            pool_kwargs |= {"server_hostname": self.host, "assert_hostname": self.host}
        return host_params, pool_kwargs


def _send(target: Target, method: str, headers: dict, data: bytes | None, deadline: float):
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise requests.Timeout(_("The exchange took too long."))
    with requests.Session() as session:
        session.trust_env = False  # no proxy or .netrc from the environment
        session.mount(f"{target.parsed.scheme}://", PinnedAdapter(target.host))
        return session.request(
            method,
            target.pinned_url,
            # Identity: the size limit is on what is received, no compressed bomb inflates.
            headers={**headers, "Host": target.host_header, "Accept-Encoding": "identity"},
            data=data,
            timeout=(min(CONNECT_TIMEOUT, remaining), min(READ_TIMEOUT, remaining)),
            allow_redirects=False,
            stream=True,
        )


def _read(response: requests.Response, max_bytes: int, deadline: float) -> bytes:
    """The body, as it arrives (read1: a server sending a byte at a time meets the deadline)."""
    body = bytearray()
    try:
        while chunk := response.raw.read1(CHUNK_BYTES, decode_content=True):
            body += chunk
            if len(body) > max_bytes:
                raise ValidationError(
                    _("The answer is larger than %(limit)s.") % {"limit": filesizeformat(max_bytes)}
                )
            if time.monotonic() > deadline:
                raise requests.Timeout(_("The exchange took too long."))
    except urllib3.exceptions.ReadTimeoutError as error:
        raise requests.Timeout(error) from error
    except urllib3.exceptions.HTTPError as error:
        raise requests.ConnectionError(error) from error
    return bytes(body)


def fetch(
    method: str,
    url: str,
    *,
    max_bytes: int,
    headers: dict | None = None,
    data: bytes | None = None,
) -> requests.Response:
    """Send one request the checked way; the answer is read (its `.content`) and closed.

    Redirects: 307 and 308 repeat the request, the others become a GET without a body.
    """
    deadline = time.monotonic() + TOTAL_TIMEOUT
    headers = dict(headers or {})
    for _hop in range(MAX_REDIRECTS + 1):
        target = check_url(url)
        response = _send(target, method, headers, data, deadline)
        with response:
            if response.is_redirect:
                url = urljoin(url, response.headers["Location"])
                if response.status_code not in (307, 308):
                    method, data = "GET", None
                continue
            response._content = _read(response, max_bytes, deadline)
        response.url = url
        return response
    raise ValidationError(
        _("The address redirects more than %(count)s times.") % {"count": MAX_REDIRECTS}
    )
