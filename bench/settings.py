"""Settings for the benchmark only: the project's settings plus the floor page
and a query counter. Never used to serve real users."""

from pphw.settings import *  # noqa: F403
from pphw.settings import BASE_DIR, INSTALLED_APPS, MIDDLEWARE

INSTALLED_APPS = [*INSTALLED_APPS, "bench"]  # for bench/templates/

ROOT_URLCONF = "bench.urls"

# Counts the SQL statements of each request into an X-Query-Count header.
# Outermost, so that it also counts the session and user look-ups.
MIDDLEWARE = ["bench.middleware.QueryCountMiddleware", *MIDDLEWARE]

# collectstatic writes here when the harness runs, so the manifest storage of
# production (DEBUG off) can serve and name the static files.
STATIC_ROOT = BASE_DIR / "bench" / ".staticfiles"
