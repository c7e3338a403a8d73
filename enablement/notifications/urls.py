"""The notifications page, at /notifications/."""

from django.urls import path

from enablement.notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.notification_list, name="list"),
    path("<int:notification_id>/read/", views.notification_read, name="read"),
    path("read-all/", views.notification_read_all, name="read-all"),
    path("email/", views.notification_email_opt_in, name="email"),
    path("email/kinds/", views.notification_email_kinds, name="email-kinds"),
]
