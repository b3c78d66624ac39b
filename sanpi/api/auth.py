"""Who is calling: a personal token (`Authorization: Bearer <key>`) or, for the browser, the session."""

from ninja.security import HttpBearer, SessionAuth

from .services import token_authenticate


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        api_token = token_authenticate(key=token)
        if api_token is None:
            return None
        request.user = api_token.user  # so that history records and services see the caller
        request.api_token = api_token  # what the per-token throttle counts against
        return api_token.user


class BrowserSession(SessionAuth):
    """The signed-in browser (CSRF-checked for writes); returns the user like TokenAuth."""

    def authenticate(self, request, key):
        user = super().authenticate(request, key)
        return user if user is not None and user.is_authenticated else None


AUTH = [TokenAuth(), BrowserSession()]
