from django.urls import path

from members import impact_views, views

app_name = "members"

urlpatterns = [
    path("my-institution/<slug:slug>/reports/", impact_views.reports, name="reports"),
    path(
        "my-institution/<slug:slug>/agreements/new/",
        impact_views.agreement_new,
        name="agreement_new",
    ),
    path("member-reports/", impact_views.review_list, name="report_review_list"),
    path("member-reports/<int:pk>/", impact_views.review, name="report_review"),
    path("members/", views.directory, name="directory"),
    path("members/<slug:slug>/", views.institution_detail, name="institution_detail"),
    path("courses/", views.catalog, name="catalog"),
    path("courses/<slug:slug>/", views.course_detail, name="course_detail"),
    path("my-institution/<slug:slug>/courses/", views.my_courses, name="my_courses"),
    path("my-institution/<slug:slug>/courses/new/", views.course_edit, name="course_new"),
    path("my-institution/<slug:slug>/courses/<int:pk>/", views.course_edit, name="course_edit"),
    path(
        "my-institution/<slug:slug>/courses/<int:pk>/delete/",
        views.course_delete,
        name="course_delete",
    ),
    path("apply/", views.apply, name="apply"),
    path("apply/fees/", views.fee_schedule, name="fee_schedule"),
    path("apply/<int:pk>/withdraw/", views.withdraw_application, name="withdraw_application"),
    path("my-institution/", views.my_institutions, name="my_institutions"),
    path("my-institution/<slug:slug>/", views.my_institution, name="my_institution"),
    path("my-institution/<slug:slug>/profile/", views.edit_profile, name="edit_profile"),
    path("my-institution/<slug:slug>/people/", views.people, name="people"),
    path("my-institution/<slug:slug>/log/", views.audit_log, name="audit_log"),
    path("my-institution/<slug:slug>/log.csv", views.audit_log_csv, name="audit_log_csv"),
    path(
        "my-institution/<slug:slug>/people/<int:affiliation_id>/",
        views.change_role,
        name="change_role",
    ),
    path(
        "my-institution/<slug:slug>/invitations/<int:invitation_id>/",
        views.invitation_action,
        name="invitation_action",
    ),
    path("invitations/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("my-institution/<slug:slug>/courses/import/", views.course_import, name="course_import"),
    path(
        "my-institution/<slug:slug>/courses/feeds/<int:pk>/<str:action>/",
        views.course_feed_action,
        name="course_feed_action",
    ),
    path(
        "my-institution/<slug:slug>/courses/import/<int:pk>/",
        views.course_import_detail,
        name="course_import_detail",
    ),
    path("my-institution/<slug:slug>/membership/", views.membership, name="membership"),
    path("my-institution/<slug:slug>/membership/pay/", views.membership_pay, name="membership_pay"),
    path(
        "my-institution/<slug:slug>/membership/receipts/<str:number>/",
        views.receipt,
        name="receipt",
    ),
    path(
        "my-institution/<slug:slug>/membership/receipts/<str:number>/pdf/",
        views.receipt_pdf,
        name="receipt_pdf",
    ),
    path(
        "my-institution/<slug:slug>/membership/credit-notes/<str:number>/pdf/",
        views.credit_note_pdf,
        name="credit_note_pdf",
    ),
    path(
        "my-institution/<slug:slug>/membership/invoice/",
        views.invoice_issue,
        name="invoice_issue",
    ),
    path(
        "my-institution/<slug:slug>/membership/invoices/<str:number>/pdf/",
        views.invoice_pdf,
        name="invoice_pdf",
    ),
]
