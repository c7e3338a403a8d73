from django.urls import path

from search import views

app_name = "library"

urlpatterns = [
    path("", views.library_search, name="search"),
]
