"""factory_boy factories: used by the tests and by `manage.py load_demo`."""

from functools import cache

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.utils.text import slugify

from members.models import Institution, InstitutionKind, MembershipApplication, User

DEMO_PASSWORD = "alliance-demo-2020"  # noqa: S105 (the documented demo password)


@cache
def demo_password_hash() -> str:
    """Hashed once per process: a strong hash costs a third of a second."""
    return make_password(DEMO_PASSWORD)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.LazyFunction(demo_password_hash)

    @factory.post_generation
    def verified(obj, create, extracted, **kwargs):
        """A verified primary address, as allauth leaves it after email confirmation."""
        if create and extracted is not False:
            EmailAddress.objects.get_or_create(
                user=obj, email=obj.email, defaults={"verified": True, "primary": True}
            )


class InstitutionFactory(factory.django.DjangoModelFactory):
    """Builds through the service, so every institution has its role groups and permissions."""

    class Meta:
        model = Institution

    name = factory.Sequence(lambda n: f"Open University {n}")
    kind = InstitutionKind.UNIVERSITY
    country = "KE"
    website = factory.LazyAttribute(lambda o: f"https://{slugify(o.name)}.example.org")
    description = factory.LazyAttribute(lambda o: {"en": f"{o.name} offers open online courses."})
    is_public = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        from members.services.institutions import institution_create

        return institution_create(actor=None, data=kwargs)


def affiliate(institution: Institution, role: str, **user_fields) -> User:
    """A new user with `role` at `institution` (through the service)."""
    from members.services.people import person_add

    user = UserFactory(**user_fields)
    person_add(institution=institution, user=user, role=role, actor=None)
    return user


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MembershipApplication

    applicant = factory.SubFactory(UserFactory)
    institution_name = factory.Sequence(lambda n: f"Applicant College {n}")
    kind = InstitutionKind.UNIVERSITY
    country = "BR"
    website = factory.LazyAttribute(lambda o: f"https://{slugify(o.institution_name)}.example.org")
    description = "A public college offering online degrees."
    contact_name = factory.Faker("name")
    contact_title = "Vice-Rector"
    contact_email = factory.LazyAttribute(lambda o: o.applicant.email)
    motivation = "We want to co-teach open courses with partners in other regions."
    activities = ["joint_teaching", "knowledge_sharing"]
    agreed_to_charter = True
