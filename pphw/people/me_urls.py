from django.urls import path

from pphw.people import me_views

app_name = "me"

urlpatterns = [
    path("", me_views.me_home, name="home"),
]
