import pytest
from django.core.management import call_command
from hypothesis import settings as hypothesis_settings

# Timing-based failures say nothing about correctness on a shared 2-core machine.
hypothesis_settings.register_profile("sanpi", deadline=None)
hypothesis_settings.load_profile("sanpi")


def _load_reference_data() -> None:
    """Reference data and the rows data migrations create (the published alert rule sets).

    A flush (transactional tests, module-scoped demo builds) removes both; this puts them back.
    """
    import importlib

    from django.apps import apps

    from sanpi.accounts.models import Region
    from sanpi.progress.models import RuleSet

    if not Region.objects.exists():
        call_command("loaddata", "regions", "industries", "categories", verbosity=0)
    if not RuleSet.objects.exists():
        importlib.import_module("sanpi.progress.migrations.0002_default_rule_sets").create(apps, None)
        importlib.import_module("sanpi.progress.migrations.0003_default_rule_set_named_for_what_it_is").create(
            apps, None)
        importlib.import_module("sanpi.progress.migrations.0006_approval_and_funds_dimensions").create(apps, None)
    from sanpi.approvals.models import ApprovalKind

    if not ApprovalKind.objects.exists():
        importlib.import_module("sanpi.approvals.migrations.0002_default_catalogue").create(apps, None)


def reset_database_baseline() -> None:
    """Empty every table, then restore what migrations and the session setup put there."""
    call_command("flush", verbosity=0, interactive=False)
    _load_reference_data()


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    """Real hashing costs seconds per user on a loaded 2-core machine; tests don't need its strength."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session", autouse=True)
def _queue_immediate():
    """Tasks run where they are queued; tests of the real consumer switch this off (sanpi.testing)."""
    from huey.contrib.djhuey import HUEY

    HUEY.immediate = True
    yield


@pytest.fixture(autouse=True)
def _shared_cache_cleared(settings):
    """Redis outlives a test's transaction; the database cache is rolled back with it."""
    if "redis" in settings.CACHES["default"]["BACKEND"]:
        from django.core.cache import cache

        cache.clear()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Reference data (regions, industries, categories) is loaded once into the test database."""
    with django_db_blocker.unblock():
        _load_reference_data()


@pytest.fixture
def reference_data(db):
    """For transactional tests (live server), whose flush removes the session's reference data."""
    _load_reference_data()


@pytest.fixture
def admin_user(db):
    from sanpi.accounts.models import User

    return User.objects.create_superuser("admin_t", "admin@example.invalid", "demo12345")


@pytest.fixture
def province_user(db):
    from sanpi.testing import make_user

    return make_user("province_t", role="province", region="410000")


@pytest.fixture
def city_user(db):
    from sanpi.testing import make_user

    return make_user("zhengzhou_t", role="city", region="410100")


@pytest.fixture
def zone_user(db):
    """郑州经开区 (410171) project office."""
    from sanpi.testing import make_user

    return make_user("jingkai_t", role="zone", region="410171")


@pytest.fixture
def other_zone_user(db):
    """郑州高新区 (410172) project office: a neighbour that must not see 经开区's projects."""
    from sanpi.testing import make_user

    return make_user("gaoxin_t", role="zone", region="410172")


@pytest.fixture
def enterprise_org(db):
    from sanpi.testing import make_org

    return make_org("郑州测试生物科技有限公司", region="410171")


@pytest.fixture
def enterprise_user(db, enterprise_org):
    from sanpi.testing import make_user

    return make_user("enterprise_t", role="enterprise", region="410171", organisation=enterprise_org)
