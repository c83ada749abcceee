"""Fixtures for the second factor: a user with an authenticator app, and its codes."""

from __future__ import annotations

import time
from base64 import b32encode
from binascii import unhexlify
from dataclasses import dataclass

import pyotp
import pytest

from pphw.accounts.services import new_totp_key, second_factor_enrol


@dataclass
class App:
    """An authenticator app on the user's phone: it shows the code for any moment."""

    key: str
    recovery_codes: list[str]

    @property
    def totp(self) -> pyotp.TOTP:
        return pyotp.TOTP(b32encode(unhexlify(self.key)).decode())

    def code(self, seconds_from_now: int = 0) -> str:
        return self.totp.at(time.time() + seconds_from_now)


def give_app(user) -> App:
    key = new_totp_key()
    codes = second_factor_enrol(user=user, key=key, last_t=-1, address=None)
    return App(key, codes)


@pytest.fixture
def app_for():
    return give_app
