from django.urls import path

from . import views_member

app_name = "payments"

urlpatterns = [
    path("me/payments/", views_member.home, name="home"),
    path("me/payments/choice/", views_member.change_choice, name="choice"),
    path("me/payments/bank-details/", views_member.change_bank_details, name="bank"),
    path("join/payment-details/", views_member.join_details, name="join_details"),
    path("me/payments/claims/new/", views_member.start_claim, name="start_claim"),
    path("me/payments/statement/", views_member.statement, name="statement"),
    path("me/payments/statement.csv", views_member.statement_csv, name="statement_csv"),
    path("me/payments/benefits-letter/", views_member.benefits_letter, name="letter"),
    path("payments/claims/<int:pk>/", views_member.claim, name="claim"),
    path("payments/claims/<int:pk>/send/", views_member.submit_claim, name="claim_submit"),
    path("payments/claims/<int:pk>/benefit-limit/", views_member.resolve_benefit_limit, name="claim_limit"),
    path("payments/claims/<int:pk>/expenses/add/", views_member.add_expense, name="add_expense"),
    path(
        "payments/claims/<int:pk>/expenses/<int:line_id>/remove/",
        views_member.remove_expense,
        name="remove_expense",
    ),
    path("payments/receipts/<int:line_id>/", views_member.receipt, name="receipt"),
]
