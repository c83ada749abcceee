from django.urls import path

from pphw.community import views

app_name = "community"

urlpatterns = [
    path("", views.service_list, name="list"),
    path("add/", views.service_create, name="create"),
    path("import/", views.service_import, name="import"),
    path("<int:pk>/", views.service_detail, name="detail"),
    path("<int:pk>/edit/", views.service_edit, name="edit"),
]
