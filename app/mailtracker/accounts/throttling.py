import hashlib

from rest_framework.throttling import SimpleRateThrottle


class LoginRateThrottle(SimpleRateThrottle):
    """Limit login attempts per client address *and* username. A guesser hammering one account
    is stopped, while colleagues behind the same office proxy (one address) still log in. The
    address is the real client's: DRF takes it from X-Forwarded-For, trusting TRUSTED_PROXY_COUNT
    hops."""

    scope = "login"

    def get_cache_key(self, request, view):
        data = request.data if isinstance(request.data, dict) else {}
        username = str(data.get("username", "")).strip().lower()
        # Hashed: user input never ends up raw in a cache key (spaces, length, control chars).
        account = hashlib.sha256(username.encode()).hexdigest()[:32]
        return self.cache_format % {
            "scope": self.scope,
            "ident": f"{self.get_ident(request)}-{account}",
        }
