"""Who is calling: a personal token (`Authorization: Bearer <key>`) or, for the browser, the session."""

from ninja.security import HttpBearer, SessionAuth

from .services import token_authenticate


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        user = token_authenticate(key=token)
        if user is not None:
            request.user = user  # so that history records and services see the caller
        return user


class BrowserSession(SessionAuth):
    """The signed-in browser (CSRF-checked for writes); returns the user like TokenAuth."""

    def authenticate(self, request, key):
        user = super().authenticate(request, key)
        return user if user is not None and user.is_authenticated else None


AUTH = [TokenAuth(), BrowserSession()]
