import pytest


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Users are created in most tests; PBKDF2 costs seconds each on a busy machine."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
