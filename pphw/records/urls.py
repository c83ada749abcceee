from django.urls import path

from pphw.records import views

app_name = "records"

urlpatterns = [
    path("", views.due, name="due"),
    path("people/<int:pk>/dispose/", views.request_disposal, name="request"),
    path("disposals/<int:pk>/", views.decide, name="decide"),
    path("disposals/<int:pk>/certificate/", views.certificate, name="certificate"),
]
