import pytest
from django.core.exceptions import ValidationError

from alliance.validators import validate_public_url


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000/feed",
        "http://localhost/x",
        "http://10.1.2.3/",
        "http://[::1]/",
        "http://169.254.169.254/latest",
    ],
)
def test_private_addresses_are_refused(settings, url):
    settings.ALLOW_PRIVATE_URL_FETCH = False
    with pytest.raises(ValidationError):
        validate_public_url(url)


def test_an_unknown_host_is_refused(settings):
    settings.ALLOW_PRIVATE_URL_FETCH = False
    with pytest.raises(ValidationError, match="cannot be found"):
        validate_public_url("https://no-such-host.invalid/feed")
