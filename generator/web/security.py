"""The web page's secrets: the office's password (scrypt), unit links, CSRF tokens and the login rate limit.

Standard library only. A stored password is "scrypt$n$r$p$salt$hash" (salt and hash in base64), so that the
parameters can be raised later and old hashes still verify.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import secrets

MAX_FAILURES = 5  # failed logins a client may make within FAILURE_WINDOW; the next attempt gets the 429 page
FAILURE_WINDOW = 15 * 60

_N, _R, _P = 2**14, 8, 1  # scrypt's recommended interactive cost: 16 MB of memory, some 50 ms
_SALT = 16
_KEY = 32
# A stored hash past these is no hash this module made: refused before scrypt would take gigabytes of memory.
_MAX_N, _MAX_R, _MAX_P = 2**20, 32, 16
_MAX_MEMORY = 64 * 1024 * 1024
# Letters and digits no one misreads (no 0/o, 1/l/i), all lower case: typed without the shift key.
_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def hash_password(password: str) -> str:
    """The password's scrypt hash with a new 16-byte salt, as "scrypt$n$r$p$salt_b64$hash_b64"."""
    salt = os.urandom(_SALT)
    key = _scrypt(password.encode("utf-8"), salt, _N, _R, _P, _KEY)
    return f"scrypt${_N}${_R}${_P}${_b64(salt)}${_b64(key)}"


def verify_password(password: str, stored: str) -> bool:
    """Whether the password is the one hashed in `stored`: recomputed and compared in constant time.

    False for any stored value this module could not have made (wrong field count, bad base64, absurd cost),
    and for a password that is no valid text; never raises.
    """
    try:
        name, n_text, r_text, p_text, salt_text, key_text = stored.split("$")
        n, r, p = int(n_text), int(r_text), int(p_text)
        salt = base64.b64decode(salt_text, validate=True)
        key = base64.b64decode(key_text, validate=True)
        if name != "scrypt" or not _sound(n, r, p) or not salt or not 16 <= len(key) <= 64:
            return False
        computed = _scrypt(password.encode("utf-8"), salt, n, r, p, len(key))
    except (ValueError, binascii.Error, OverflowError, MemoryError):  # UnicodeEncodeError is a ValueError
        return False
    return hmac.compare_digest(computed, key)


def _sound(n: int, r: int, p: int) -> bool:
    """Parameters scrypt accepts and that stay within memory a server can spare."""
    power_of_two = n > 1 and n & (n - 1) == 0
    return (
        power_of_two and n <= _MAX_N and 1 <= r <= _MAX_R and 1 <= p <= _MAX_P and 128 * r * n <= _MAX_MEMORY
    )


def _scrypt(password: bytes, salt: bytes, n: int, r: int, p: int, length: int) -> bytes:
    # maxmem: OpenSSL's default (32 MB) is below what the refused-above bound allows
    return hashlib.scrypt(password, salt=salt, n=n, r=r, p=p, dklen=length, maxmem=2 * _MAX_MEMORY)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def new_password() -> str:
    """A new office password, easy to read out and type: 4 groups of 4 (about 79 random bits), e.g. 7kq2-..."""
    return "-".join("".join(secrets.choice(_ALPHABET) for _ in range(4)) for _ in range(4))


def new_token() -> str:
    """A unit link's secret: 256 random bits, URL-safe."""
    return secrets.token_urlsafe(32)


def unit_csrf(secret: bytes, token: str) -> str:
    """The CSRF token of a unit's forms: bound to its link, so that no other page can post for the unit."""
    return _hmac(secret, "unit:" + token)


def login_csrf(secret: bytes, pre_session: str) -> str:
    """The CSRF token of the login form: bound to the pre-session cookie the login page set."""
    return _hmac(secret, "login:" + pre_session)


def _hmac(secret: bytes, message: str) -> str:
    return hmac.new(secret, message.encode("utf-8", "surrogatepass"), hashlib.sha256).hexdigest()


def same(a: str, b: str) -> bool:
    """Whether two secrets are equal, in time that does not tell how much of them matched."""
    return hmac.compare_digest(a.encode("utf-8", "surrogatepass"), b.encode("utf-8", "surrogatepass"))


def locked_out(failures: int) -> bool:
    """Whether a client with this many failed logins within FAILURE_WINDOW must wait (the 429 page)."""
    return failures >= MAX_FAILURES
