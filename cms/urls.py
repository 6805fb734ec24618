from django.urls import path

from cms import views

app_name = "cms"

urlpatterns = [
    path("account/", views.account, name="account"),
    path("account/data/", views.account_data_download, name="account_data"),
    path("account/delete/", views.account_delete, name="account_delete"),
    path("certificates/<str:code>/", views.certificate_verify, name="certificate"),
]
