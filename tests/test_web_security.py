"""The web page's secrets: the office's password hash, unit links, CSRF tokens, constant-time comparison."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re

import pytest

from generator.web import security


def test_a_password_verifies_against_its_hash_and_a_wrong_one_does_not():
    stored = security.hash_password("县政府公开办-2024")
    assert security.verify_password("县政府公开办-2024", stored)
    assert not security.verify_password("县政府公开办-2025", stored)
    assert not security.verify_password("", stored)


def test_the_hash_is_scrypt_with_its_parameters_and_a_16_byte_salt():
    """Recomputed here with hashlib.scrypt from the fields the hash names: the format is what the design says."""
    stored = security.hash_password("abc")
    name, n, r, p, salt, key = stored.split("$")
    assert (name, n, r, p) == ("scrypt", str(2**14), "8", "1")
    salt_bytes = base64.b64decode(salt, validate=True)
    assert len(salt_bytes) == 16
    expected = hashlib.scrypt(b"abc", salt=salt_bytes, n=2**14, r=8, p=1, dklen=len(base64.b64decode(key)))
    assert base64.b64decode(key) == expected


def test_each_hash_has_its_own_salt():
    first, second = security.hash_password("same"), security.hash_password("same")
    assert first != second
    assert security.verify_password("same", first) and security.verify_password("same", second)


@pytest.mark.parametrize(
    "stored",
    [
        "",
        "scrypt",
        "plain-text-password",
        "bcrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$" + "A" * 44,
        "scrypt$16384$8$1$not base64!$" + "A" * 44,
        "scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$",  # no hash
        "scrypt$16384$8$1$$" + "A" * 44,  # no salt
        "scrypt$x$8$1$AAAAAAAAAAAAAAAAAAAAAA==$" + "A" * 44,
        "scrypt$16383$8$1$AAAAAAAAAAAAAAAAAAAAAA==$" + "A" * 44,  # n not a power of two
        "scrypt$1099511627776$8$1$AAAAAAAAAAAAAAAAAAAAAA==$" + "A" * 44,  # would take terabytes
        "scrypt$16384$100000$1$AAAAAAAAAAAAAAAAAAAAAA==$" + "A" * 44,
        "scrypt$16384$8$0$AAAAAAAAAAAAAAAAAAAAAA==$" + "A" * 44,
        "scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$" + "A" * 44 + "$extra",
    ],
)
def test_a_malformed_stored_hash_is_false_and_never_raises(stored):
    assert security.verify_password("abc", stored) is False


def test_a_password_that_is_no_valid_text_is_false():
    stored = security.hash_password("abc")
    assert security.verify_password("\udc80", stored) is False  # a lone surrogate cannot be encoded


def test_verifying_compares_in_constant_time(monkeypatch):
    stored = security.hash_password("abc")
    calls = []
    original = hmac.compare_digest

    def recording(a, b):
        calls.append((a, b))
        return original(a, b)

    monkeypatch.setattr(hmac, "compare_digest", recording)
    assert not security.verify_password("abd", stored)
    assert security.verify_password("abc", stored)
    assert len(calls) == 2
    assert calls[1][1] == base64.b64decode(stored.split("$")[5])


def test_a_new_password_is_four_groups_of_four_unambiguous_characters():
    passwords = {security.new_password() for _ in range(200)}
    assert len(passwords) == 200
    for password in passwords:
        assert re.fullmatch(r"[a-z2-9]{4}(-[a-z2-9]{4}){3}", password), password
        assert not set(password) & set("01ilo"), password


def test_a_unit_token_carries_256_random_bits_in_url_safe_characters():
    tokens = {security.new_token() for _ in range(100)}
    assert len(tokens) == 100
    for token in tokens:
        assert re.fullmatch(r"[A-Za-z0-9_-]{43}", token)
        assert len(base64.urlsafe_b64decode(token + "=")) == 32


def test_a_unit_csrf_token_is_the_hmac_of_its_link_under_the_secret():
    secret = bytes(range(32))
    token = security.new_token()
    expected = hmac.new(secret, b"unit:" + token.encode(), hashlib.sha256).hexdigest()
    assert security.unit_csrf(secret, token) == expected
    assert security.unit_csrf(secret, security.new_token()) != expected
    assert security.unit_csrf(bytes(32), token) != expected


def test_a_login_csrf_token_is_bound_to_the_pre_session_and_differs_from_a_unit_one():
    secret = bytes(range(32))
    assert security.login_csrf(secret, "abc") == hmac.new(secret, b"login:abc", hashlib.sha256).hexdigest()
    assert security.login_csrf(secret, "abc") != security.unit_csrf(secret, "abc")


def test_same_compares_with_compare_digest_and_takes_any_text(monkeypatch):
    calls = []
    original = hmac.compare_digest

    def recording(a, b):
        calls.append((a, b))
        return original(a, b)

    monkeypatch.setattr(hmac, "compare_digest", recording)
    assert security.same("abc", "abc")
    assert not security.same("abc", "abd")
    assert security.same("机关", "机关")  # compare_digest takes no non-ASCII str: compared as UTF-8
    assert not security.same("\udc80", "x")  # a lone surrogate from a bad URL does not raise
    assert calls[0] == (b"abc", b"abc")
    assert len(calls) == 4


def test_the_sixth_attempt_within_the_window_is_locked_out():
    assert security.MAX_FAILURES == 5
    assert security.FAILURE_WINDOW == 15 * 60
    assert [security.locked_out(n) for n in range(7)] == [False] * 5 + [True] * 2
