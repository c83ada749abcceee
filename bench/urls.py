from django.urls import path

from bench import views
from pphw.urls import handler500  # noqa: F401  (the 503 while the database is away)
from pphw.urls import urlpatterns as pphw_urlpatterns

urlpatterns = [
    path("bench/floor/", views.floor, name="bench_floor"),
    *pphw_urlpatterns,
]
