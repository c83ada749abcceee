from django.urls import path

from bench import views
from pphw.urls import urlpatterns as pphw_urlpatterns

urlpatterns = [
    path("bench/floor/", views.floor, name="bench_floor"),
    *pphw_urlpatterns,
]
