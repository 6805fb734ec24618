"""factory_boy factories: used by the tests and by `manage.py load_demo`."""

import factory
from allauth.account.models import EmailAddress

from members.models import User

DEMO_PASSWORD = "alliance-demo-2020"  # noqa: S105 (the documented demo password)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.django.Password(DEMO_PASSWORD)

    @factory.post_generation
    def verified(obj, create, extracted, **kwargs):
        """A verified primary address, as allauth leaves it after email confirmation."""
        if create and extracted is not False:
            EmailAddress.objects.get_or_create(
                user=obj, email=obj.email, defaults={"verified": True, "primary": True}
            )
