from tests.members.conftest import checkout, fake_stripe, fees, send, world  # noqa: F401
