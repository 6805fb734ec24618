from django.urls import path

from cms import impact_views, views

app_name = "cms"

urlpatterns = [
    path("account/", views.account, name="account"),
    path("account/data/", views.account_data_download, name="account_data"),
    path("account/delete/", views.account_delete, name="account_delete"),
    path("certificates/<str:code>/", views.certificate_verify, name="certificate"),
    path("impact/", impact_views.dashboard, name="impact"),
    path("impact/data.csv", impact_views.data_csv, name="impact_csv"),
    path("impact/data.json", impact_views.data_json, name="impact_json"),
    path("impact/reports/", impact_views.yearly_reports, name="yearly_reports"),
    path("impact/reports/<int:year>/", impact_views.yearly_report, name="yearly_report"),
    path(
        "impact/reports/<int:year>/pdf/",
        impact_views.yearly_report_pdf_view,
        name="yearly_report_pdf",
    ),
    path(
        "impact/reports/<int:year>/publish/",
        impact_views.yearly_report_publish,
        name="yearly_report_publish",
    ),
]
