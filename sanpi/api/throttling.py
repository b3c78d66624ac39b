"""Per-token request rate of the API (ninja's throttling), answering 429 through errors.py."""

import threading

from django.conf import settings
from ninja.throttling import SimpleRateThrottle

from sanpi.accounts.signin import client_address


class TokenRateThrottle(SimpleRateThrottle):
    """At most settings.API_RATE requests ("600/min") per API token; a browser session counts per user.

    The rate is read on every request, so a test or a deployment can change it without re-importing
    the API. ninja keeps one instance per API and its base class stores the request's history on the
    instance; here that state is per thread, so concurrent requests in threaded servers don't mix.
    """

    scope = "token"

    def __init__(self):
        self._state = threading.local()

    # The base class reads and writes these as attributes; keep them per thread.
    def __getattr__(self, name):
        if name in ("key", "history", "now", "num_requests", "duration"):
            try:
                return getattr(self._state, name)
            except AttributeError:
                raise AttributeError(name) from None
        raise AttributeError(name)

    def __setattr__(self, name, value):
        if name in ("key", "history", "now", "num_requests", "duration"):
            setattr(self._state, name, value)
        else:
            super().__setattr__(name, value)

    def allow_request(self, request) -> bool:
        self.num_requests, self.duration = self.parse_rate(settings.API_RATE)
        return super().allow_request(request)

    def get_cache_key(self, request) -> str:
        token = getattr(request, "api_token", None)
        if token is not None:
            ident = f"t{token.key_hash[:32]}"
        elif getattr(request, "auth", None) is not None:
            ident = f"u{request.auth.pk}"
        else:
            # The address sign-in lockout uses: ninja's own reading trusts any X-Forwarded-For.
            ident = f"a{client_address(request)}"
        return self.cache_format % {"scope": self.scope, "ident": ident}
