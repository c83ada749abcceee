from django.urls import path

from pphw.audit import views

app_name = "audit"

urlpatterns = [
    path("", views.access_log, name="log"),
    path("my-record/", views.my_access, name="my_access"),
]
