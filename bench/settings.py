"""Settings for the benchmark only: the project's settings plus the floor page.
Never used to serve real users."""

from pphw.settings import *  # noqa: F403
from pphw.settings import BASE_DIR, INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "bench"]  # for bench/templates/

ROOT_URLCONF = "bench.urls"

# collectstatic writes here when the harness runs, so the manifest storage of
# production (DEBUG off) can serve and name the static files.
STATIC_ROOT = BASE_DIR / "bench" / ".staticfiles"
