from django.urls import path

from pphw.people import views

app_name = "people"

urlpatterns = [
    path("", views.person_list, name="list"),
    path("add/", views.person_create_view, name="create"),
    path("<int:pk>/", views.person_detail, name="detail"),
    path("<int:pk>/edit/", views.person_edit, name="edit"),
    path("<int:pk>/history/", views.person_history, name="history"),
    path("<int:pk>/print/", views.person_print, name="print"),
    path("<int:pk>/close/", views.person_close_view, name="close"),
    path("<int:pk>/reopen/", views.person_reopen_view, name="reopen"),
    path("<int:pk>/caring/add/", views.caring_create_view, name="caring_create"),
    path("<int:pk>/carer-plan/", views.carer_plan, name="carer_plan"),
    path("caring/<int:pk>/edit/", views.caring_edit_view, name="caring_edit"),
    path("caring/<int:pk>/end/", views.caring_end_view, name="caring_end"),
]
