from django.urls import path

from . import views_manage

app_name = "payments_manage"

urlpatterns = [
    path("", views_manage.dashboard, name="dashboard"),
    path("claims/", views_manage.claims, name="claims"),
    path("claims/<int:pk>/", views_manage.claim, name="claim"),
    path("rates/", views_manage.rates, name="rates"),
    path("rates/add/<slug:kind>/", views_manage.add_rate, name="add_rate"),
    path("batches/", views_manage.batches, name="batches"),
    path("batches/<int:pk>/", views_manage.batch, name="batch"),
    path("batches/<int:pk>/<slug:file_kind>.csv", views_manage.batch_export, name="batch_export"),
    path("ledger.csv", views_manage.ledger_export, name="ledger_export"),
    path("people/<int:pk>/", views_manage.person, name="person"),
    path("people/<int:pk>/bank-details/", views_manage.bank_details, name="bank_details"),
    path("people/<int:pk>/claims/new/", views_manage.start_claim_for, name="start_claim_for"),
    path("people/<int:pk>/choice/", views_manage.change_choice, name="change_choice"),
    path("people/<int:pk>/bank-details/change/", views_manage.change_bank, name="change_bank"),
]
