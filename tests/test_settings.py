"""Settings come from the environment; a bad value stops start-up and names the variable."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
SETUP = "import django; django.setup(); from django.conf import settings; "
START = SETUP + "print('started')"
PRODUCTION_LIKE = {
    "DEBUG": "0",
    "SECRET_KEY": "a-production-like-secret-" + "k" * 40,
    "ALLOWED_HOSTS": "pphw.example.org",
    "DATABASE_URL": "sqlite:///:memory:",
}


def _run(code: str, env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_ALLOW_ASYNC",))}
    for name in ("DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "SESSION_IDLE_MINUTES"):
        clean.pop(name, None)
    clean.update({"DJANGO_SETTINGS_MODULE": "pphw.settings", "DEBUG": "1"})
    clean.update(env)
    clean = {k: v for k, v in clean.items() if v is not None}
    return subprocess.run(  # noqa: S603
        [sys.executable, *args] if args else [sys.executable, "-c", code],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_it_starts_with_the_development_defaults():
    result = _run(START, {})
    assert result.returncode == 0, result.stderr
    assert "started" in result.stdout


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"SESSION_IDLE_MINUTES": "abc"}, "SESSION_IDLE_MINUTES='abc' must be a whole number"),
        ({"SESSION_IDLE_MINUTES": "0"}, "SESSION_IDLE_MINUTES='0' must be at least 1"),
        ({"DRAFT_KEEP_MINUTES": "0"}, "DRAFT_KEEP_MINUTES='0' must be at least 1"),
        ({"SESSION_WARNING_SECONDS": "5"}, "SESSION_WARNING_SECONDS='5' must be at least 10"),
        ({"DEBUG": "maybe"}, "DEBUG='maybe' is not understood"),
        ({"DATABASE_URL": "nonsense"}, "DATABASE_URL='nonsense'"),
        ({"DEBUG": "0", "SECRET_KEY": None}, "SECRET_KEY must be set when DEBUG is off"),
        ({"DEBUG": "0", "SECRET_KEY": ""}, "SECRET_KEY must be set when DEBUG is off"),
        ({"EMAIL_PORT": "smtp"}, "EMAIL_PORT='smtp' must be a whole number"),
        ({"EMAIL_USE_TLS": "sometimes"}, "EMAIL_USE_TLS='sometimes' is not understood"),
        ({"PASSWORD_RESET_HOURS": "-3"}, "PASSWORD_RESET_HOURS='-3' must be at least 1"),
        ({"MFA_REQUIRED": "staff"}, "MFA_REQUIRED='staff' is not understood"),
        (
            {"LOGIN_ADDRESS_FAILURE_LIMIT": "0"},
            "LOGIN_ADDRESS_FAILURE_LIMIT='0' must be at least 1",
        ),
    ],
)
def test_it_stops_start_up_on_a_bad_value_naming_the_variable(env, named):
    result = _run(START, env)
    assert result.returncode != 0
    assert "started" not in result.stdout
    assert "ImproperlyConfigured" in result.stderr
    assert named in result.stderr


def test_it_passes_the_deploy_checks_with_production_like_values():
    result = _run("", PRODUCTION_LIKE, "manage.py", "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_it_fails_the_deploy_checks_with_a_weak_secret_key():
    weak = {**PRODUCTION_LIKE, "SECRET_KEY": "short"}
    result = _run("", weak, "manage.py", "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode != 0
    assert "security.W009" in result.stdout + result.stderr


def test_it_turns_on_transport_security_when_debug_is_off():
    code = SETUP + (
        "print(settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE,"
        " settings.SECURE_SSL_REDIRECT, settings.SECURE_HSTS_SECONDS > 0)"
    )
    result = _run(code, PRODUCTION_LIKE)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "True", "True", "True"]


def test_it_uses_the_house_locale_and_safe_defaults():
    assert settings.LANGUAGE_CODE == "en-gb"
    assert settings.TIME_ZONE == "Europe/London"
    from pphw import settings as project_settings

    assert project_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    assert settings.DATABASES["default"]["ATOMIC_REQUESTS"] is True
    assert settings.AUTH_USER_MODEL == "people.User"


def test_it_ends_sessions_at_browser_close_and_after_idle_minutes():
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert (
        settings.SESSION_COOKIE_AGE
        == (settings.SESSION_IDLE_MINUTES + settings.DRAFT_KEEP_MINUTES) * 60
    )
    assert settings.SESSION_COOKIE_HTTPONLY is True


def test_it_sends_mail_by_smtp_when_a_host_is_set():
    code = SETUP + "print(settings.EMAIL_BACKEND, settings.EMAIL_PORT)"
    result = _run(code, {"EMAIL_HOST": "smtp.example.org", "EMAIL_PORT": "25"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django.core.mail.backends.smtp.EmailBackend", "25"]
    result = _run(code, {})
    assert result.stdout.split()[0] == "django.core.mail.backends.console.EmailBackend"


def test_it_reads_the_idle_minutes_from_the_environment():
    code = SETUP + (
        "print(settings.SESSION_IDLE_MINUTES, settings.DRAFT_KEEP_MINUTES,"
        " settings.SESSION_COOKIE_AGE, settings.SESSION_WARNING_SECONDS)"
    )
    assert _run(code, {}).stdout.split() == ["30", "60", "5400", "120"]
    changed = {"SESSION_IDLE_MINUTES": "45", "DRAFT_KEEP_MINUTES": "15"}
    assert _run(code, changed).stdout.split() == ["45", "15", "3600", "120"]


def test_it_prepares_statements_only_on_kept_connections_unless_told():
    code = SETUP + "print(settings.PREPARED_STATEMENTS)"
    postgres = {"DATABASE_URL": "postgres://pphw@127.0.0.1:5432/pphw"}
    assert _run(code, postgres).stdout.split() == ["True"]
    assert _run(code, {**postgres, "DB_CONN_MAX_AGE": "0"}).stdout.split() == ["False"]
    assert _run(code, {**postgres, "DB_PREPARE": "0"}).stdout.split() == ["False"]
    assert _run(code, {**postgres, "DB_CONN_MAX_AGE": "0", "DB_PREPARE": "1"}).stdout.split() == [
        "True"
    ]
    # SQLite keeps no connection.
    assert _run(code, {"DATABASE_URL": "sqlite:///:memory:"}).stdout.split() == ["False"]


PRINT_DEBUG = "from django.conf import settings; print(settings.DEBUG)"


def test_it_runs_manage_py_in_development_mode_when_nothing_is_configured():
    result = _run("", {"DEBUG": None}, "manage.py", "shell", "-c", PRINT_DEBUG)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "True"


@pytest.mark.parametrize(
    "env",
    [
        {"DEBUG": None, "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/pphw"},
        {"DEBUG": None, "SECRET_KEY": "a-production-like-secret-" + "k" * 40},
    ],
)
def test_it_keeps_debug_off_in_manage_py_once_a_deployment_is_configured(env):
    result = _run("", env, "manage.py", "shell", "-c", PRINT_DEBUG)
    if "SECRET_KEY" in env:
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip().splitlines()[-1] == "False"
    else:
        assert result.returncode != 0
        assert "SECRET_KEY must be set when DEBUG is off." in result.stderr


def test_it_requires_a_second_factor_of_staff_unless_in_development():
    code = SETUP + "print(settings.MFA_REQUIRED)"
    assert _run(code, {}).stdout.split() == ["False"]
    assert _run(code, PRODUCTION_LIKE).stdout.split() == ["True"]
    assert _run(code, {**PRODUCTION_LIKE, "MFA_REQUIRED": "0"}).stdout.split() == ["False"]
    assert _run(code, {"MFA_REQUIRED": "yes"}).stdout.split() == ["True"]


@pytest.mark.django_db
def test_it_plans_postgresql_statements_without_compiling_them():
    """JIT compilation cost more than it saved on the report's statements (docs/performance.md)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's own settings")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone() == ("off",)
        cursor.execute("SHOW cursor_tuple_fraction")
        assert cursor.fetchone() == ("1",)
