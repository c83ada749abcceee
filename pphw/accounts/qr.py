"""The QR code an authenticator app scans, drawn here as an SVG image (no outside service)."""

from __future__ import annotations

from base64 import b32encode
from binascii import unhexlify

import segno
from django_otp.plugins.otp_totp.models import TOTPDevice


def setup_address(user, key: str) -> str:
    """The ``otpauth://`` address of an app being set up (the device is not saved)."""
    return TOTPDevice(user=user, key=key).config_url


def qr_data_uri(address: str) -> str:
    """An ``<img src>`` for the address: a data: URI, which the Content Security Policy allows."""
    return segno.make(address, error="m").svg_data_uri(scale=5, border=4, dark="#000", light="#fff")


def grouped_secret(key: str) -> str:
    """The secret in base32, in groups of four, for typing into an app by hand."""
    secret = b32encode(unhexlify(key)).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
