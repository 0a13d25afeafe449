from django.urls import path

from . import views_manage

app_name = "payments_manage"

urlpatterns = [
    path("", views_manage.dashboard, name="dashboard"),
    path("claims/", views_manage.claims, name="claims"),
    path("claims/<int:pk>/", views_manage.claim, name="claim"),
    # One URL per review action (each posts its own form).
    path("claims/<int:pk>/check/", views_manage.claim_action, {"action": "check"}, name="claim_check"),
    path("claims/<int:pk>/query/", views_manage.claim_action, {"action": "query"}, name="claim_query"),
    path("claims/<int:pk>/approve/", views_manage.claim_action, {"action": "approve"}, name="claim_approve"),
    path("claims/<int:pk>/time/", views_manage.claim_action, {"action": "time"}, name="claim_time"),
    path("claims/<int:pk>/correction/", views_manage.claim_action, {"action": "amend"}, name="claim_amend"),
    path("claims/<int:pk>/repayment/", views_manage.claim_action, {"action": "repaid"}, name="claim_repaid"),
    path(
        "claims/<int:pk>/reverse-approval/",
        views_manage.claim_action,
        {"action": "correct"},
        name="claim_correct",
    ),
    path(
        "claims/<int:pk>/benefit-limit/", views_manage.claim_action, {"action": "limit"}, name="claim_limit"
    ),
    path("attendance-with-no-claim/", views_manage.unclaimed, name="unclaimed"),
    path("owed-but-cannot-pay/", views_manage.cannot_pay, name="cannot_pay"),
    path("attendance-with-no-claim/make/", views_manage.make_missing_claims, name="make_missing_claims"),
    path("rates/", views_manage.rates, name="rates"),
    path("rates/add/<slug:kind>/", views_manage.add_rate, name="add_rate"),
    path("batches/", views_manage.batches, name="batches"),
    path("batches/<int:pk>/", views_manage.batch, name="batch"),
    path(
        "batches/<int:pk>/claims/<int:claim_pk>/take-out/",
        views_manage.take_out_of_batch,
        name="take_out_of_batch",
    ),
    path("batches/<int:pk>/<slug:file_kind>.csv", views_manage.batch_export, name="batch_export"),
    path("ledger.csv", views_manage.ledger_export, name="ledger_export"),
    path("people/<int:pk>/", views_manage.person, name="person"),
    path("people/<int:pk>/bank-details/", views_manage.bank_details, name="bank_details"),
    path("people/<int:pk>/claims/new/", views_manage.start_claim_for, name="start_claim_for"),
    path("people/<int:pk>/choice/", views_manage.change_choice, name="change_choice"),
    path("people/<int:pk>/bank-details/change/", views_manage.change_bank, name="change_bank"),
]
