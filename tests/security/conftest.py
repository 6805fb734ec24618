from tests.members.conftest import fake_stripe, fees, world  # noqa: F401
