from django.urls import path

from reviews import views

app_name = "reviews"

urlpatterns = [
    path("due/", views.due, name="due"),
    path("outcome/<int:pk>/review/", views.review_create, name="create"),
    path("<int:pk>/", views.review_detail, name="detail"),
    path("team/", views.team, name="team"),
    path("report/", views.report, name="report"),
    path("report/print/", views.report_print, name="report_print"),
    path("report/<slug:table>.csv", views.report_csv, name="report_csv"),
]
