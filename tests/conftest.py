import pytest
from django.core.cache import cache

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
