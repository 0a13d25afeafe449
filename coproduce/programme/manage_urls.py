from django.urls import path

from . import views_manage as v

app_name = "programme_manage"

urlpatterns = [
    # The programme record
    path("programme/", v.programme, name="programme"),
    path("programme/record/", v.programme_edit, name="programme_edit"),
    path("programme/shifts/<int:pk>/", v.shift_edit, name="shift_edit"),
    path("programme/shifts/<int:pk>/notes/add/", v.shift_note_add, name="shift_note_add"),
    path("programme/sponsors/add/", v.sponsor_add, name="sponsor_add"),
    path("programme/sponsors/<int:pk>/end/", v.sponsor_end, name="sponsor_end"),
    path("programme/commitments/add/", v.commitment_add, name="commitment_add"),
    path("programme/team/add/", v.team_add, name="team_add"),
    # The board
    path("board/", v.board, name="board"),
    path("board/terms-of-reference/", v.terms_of_reference, name="terms_of_reference"),
    path("board/terms-of-reference/new/", v.terms_of_reference_add, name="terms_of_reference_add"),
    path("board/members/", v.members, name="members"),
    path("board/members/new/", v.term_add, name="term_add"),
    path("board/members/<int:pk>/renew/", v.term_renew, name="term_renew"),
    path("board/members/<int:pk>/end/", v.term_end, name="term_end"),
    path("board/recruitment/", v.recruitment, name="recruitment"),
    path("board/recruitment/new/", v.recruitment_add, name="recruitment_add"),
    path("board/recruitment/<int:pk>/step/", v.recruitment_step, name="recruitment_step"),
    path("board/recruitment/<int:pk>/stop/", v.recruitment_stop, name="recruitment_stop"),
    path("board/forward-plan/", v.forward_plan, name="forward_plan"),
    path("board/forward-plan/new/", v.plan_add, name="plan_add"),
    path("board/forward-plan/<int:pk>/move/", v.plan_move, name="plan_move"),
    path("board/challenges/", v.challenge_list, name="challenges"),
    path("board/challenges/new/", v.challenge_add, name="challenge_add"),
    path("board/challenges/<int:pk>/", v.challenge, name="challenge"),
    path("board/challenges/<int:pk>/respond/", v.challenge_respond, name="challenge_respond"),
    path("board/challenges/<int:pk>/outcome/", v.challenge_outcome, name="challenge_outcome"),
    path("board/meetings/<int:pk>/pack/", v.board_pack, name="board_pack"),
    path("board/meetings/<int:pk>/pack.pdf", v.board_pack_pdf, name="board_pack_pdf"),
    path("board/concordat/", v.concordat, name="concordat"),
    path("board/concordat/new/", v.concordat_add, name="concordat_add"),
    path("board/concordat/signatures/add/", v.signature_add, name="signature_add"),
]
