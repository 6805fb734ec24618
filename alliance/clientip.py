"""The address a request comes from, the one every per-address limit counts.

Behind TRUSTED_PROXY_COUNT proxies of our own, each appending the address it saw to
X-Forwarded-For, the client is the Nth address from the right: whatever the client itself put
further left is not believed. With the default, 0, forwarding headers are ignored and the
address is the connection's (REMOTE_ADDR).
"""

import ipaddress

from django.conf import settings


def client_address(request) -> str:
    remote = request.META.get("REMOTE_ADDR", "")
    count = settings.TRUSTED_PROXY_COUNT
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if count <= 0 or not forwarded:
        return remote
    # Fewer addresses than proxies: the leftmost is still one that a proxy of ours wrote.
    candidate = forwarded[-min(count, len(forwarded))]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
