import pytest
from django.contrib.auth.models import Group, User
from django.core.cache import cache
from django.core.management import call_command

from observers.services import observer_data_load
from results.services import election_data_load


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the real data set once; each test runs in a transaction rolled back after it."""
    with django_db_blocker.unblock():
        election_data_load()
        observer_data_load()


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with no cached pages (database rollbacks send no signals)."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def roles():
    call_command("setup_roles", verbosity=0)


def member(username, group):
    user = User.objects.create_user(username, password="a-long-password-42", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def editor(client, roles):
    """A signed-in member of the Editors group."""
    user = member("editor", "Editors")
    client.force_login(user)
    return user
