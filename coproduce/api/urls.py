"""The API: one instance at /api/, mounting each app's endpoints.

How a domain app adds its endpoints
-----------------------------------
1. Write ``coproduce/<app>/api.py`` with DRF viewsets (or APIViews). Each declares ``access_policy`` (the
   same ``Policy`` objects its pages use, from ``<app>/rules.py``), so ``PolicyPermission`` applies exactly
   the page rules to token callers. Per-object checks go in ``get_queryset()`` (narrow to what the caller may
   see, through the app's ``selectors.py``) and writes go through the app's ``services.py`` verbs, never the
   ORM in the viewset, so the browser and the API cannot drift apart and every write is audited once.
2. Annotate anything drf-spectacular cannot infer with ``@extend_schema`` so ``manage.py spectacular
   --validate --fail-on-warn`` stays clean (tests/api/test_schema.py checks it).
3. Register it below, one line per viewset, named after the resource in the plural:
   ``router.register("projects", projects_api.ProjectViewSet, basename="project")``
   which gives ``/api/projects/`` and ``/api/projects/<pk>/`` with URL names ``api:project-list`` and
   ``api:project-detail``. Plain APIViews get a ``path()`` in ``urlpatterns``.

The router is a ``SimpleRouter``: it adds no browsable root view, so every URL under /api/ is one that
declares its own policy.
"""

from django.urls import path, re_path
from rest_framework.routers import SimpleRouter

from coproduce.evaluation import api as evaluation_api
from coproduce.handbook import api as handbook_api
from coproduce.meetings import api as meetings_api
from coproduce.network import api as network_api
from coproduce.notifications import api as notifications_api
from coproduce.opportunities import api as opportunities_api
from coproduce.payments import api as payments_api
from coproduce.people import api as people_api
from coproduce.programme import api as programme_api
from coproduce.projects import api as projects_api
from coproduce.search import api as search_api
from coproduce.training import api as training_api

from . import api, views_public

app_name = "api"


class NumericLookupRouter(SimpleRouter):
    """Every resource here is looked up by a whole number (an id, a version number): `/api/papers/0.5/` or
    `/api/evaluation/indicators/null/` matches no route and is answered 404, never handed to a view."""

    def get_lookup_regex(self, viewset, lookup_prefix=""):
        lookup_field = getattr(viewset, "lookup_field", "pk")
        lookup_url_kwarg = getattr(viewset, "lookup_url_kwarg", None) or lookup_field
        lookup_value = getattr(viewset, "lookup_value_regex", r"\d+")
        return f"(?P<{lookup_prefix}{lookup_url_kwarg}>{lookup_value})"


router = NumericLookupRouter()
router.register("people", people_api.PersonViewSet, basename="person")
router.register("projects", projects_api.ProjectViewSet, basename="project")
router.register(
    r"projects/(?P<project_pk>\d+)/team", projects_api.TeamMemberViewSet, basename="project-team-member"
)
router.register(
    r"projects/(?P<project_pk>\d+)/ratings", projects_api.LadderRatingViewSet, basename="project-rating"
)
router.register(
    r"projects/(?P<project_pk>\d+)/outputs", projects_api.OutputViewSet, basename="project-output"
)
router.register(
    r"projects/(?P<project_pk>\d+)/updates", projects_api.UpdateViewSet, basename="project-update"
)
router.register(r"projects/(?P<project_pk>\d+)/jargon", projects_api.JargonViewSet, basename="project-jargon")
router.register("opportunities", opportunities_api.OpportunityViewSet, basename="opportunity")
router.register("applications", opportunities_api.ApplicationViewSet, basename="application")
router.register("meetings", meetings_api.MeetingViewSet, basename="meeting")
router.register("decisions", meetings_api.DecisionViewSet, basename="decision")
router.register("actions", meetings_api.ActionViewSet, basename="action")
router.register("agenda-items", meetings_api.AgendaItemViewSet, basename="agenda-item")
router.register("papers", meetings_api.PaperViewSet, basename="paper")
router.register("network/champions", network_api.ChampionViewSet, basename="network-champion")
router.register(
    "network/recommendations", network_api.RecommendationViewSet, basename="network-recommendation"
)
router.register("network/partners", network_api.PartnerViewSet, basename="network-partner")
router.register("payments/claims", payments_api.ClaimViewSet, basename="payment-claim")
router.register("payments/batches", payments_api.BatchViewSet, basename="payment-batch")
router.register("board/challenges", programme_api.ChallengeViewSet, basename="board-challenge")
router.register("board/terms", programme_api.BoardTermViewSet, basename="board-term")
router.register("board/recruitment", programme_api.RecruitmentViewSet, basename="board-recruitment")
router.register("programme/team", programme_api.ProgrammeTeamViewSet, basename="programme-team")
router.register("programme/shifts", programme_api.ProgrammeShiftViewSet, basename="programme-shift")
router.register("programme/sponsors", programme_api.ProgrammeSponsorViewSet, basename="programme-sponsor")
router.register(
    "programme/commitments", programme_api.ProgrammeCommitmentViewSet, basename="programme-commitment"
)
router.register(
    "board/terms-of-reference", programme_api.TermsOfReferenceViewSet, basename="board-terms-of-reference"
)
router.register("board/forward-plan", programme_api.BoardPlanItemViewSet, basename="board-plan-item")
router.register("concordat/versions", programme_api.ConcordatVersionViewSet, basename="concordat-version")
router.register("evaluation/indicators", evaluation_api.IndicatorViewSet, basename="evaluation-indicator")
router.register("evaluation/evidence", evaluation_api.EvidenceViewSet, basename="evaluation-evidence")
router.register("evaluation/diversity", evaluation_api.DiversityViewSet, basename="evaluation-diversity")
router.register("evaluation/reports", evaluation_api.ReportViewSet, basename="evaluation-report")
router.register("training/courses", training_api.CourseViewSet, basename="training-course")
router.register("training/sessions", training_api.SessionViewSet, basename="training-session")
router.register("handbook/pages", handbook_api.PageViewSet, basename="handbook-page")
router.register(
    r"handbook/pages/(?P<page_pk>\d+)/versions", handbook_api.VersionViewSet, basename="handbook-version"
)
router.register("handbook/resources", handbook_api.ResourceViewSet, basename="handbook-resource")
router.register("messages/mine", notifications_api.MyMessageViewSet, basename="my-message")

urlpatterns = [
    path("schema/", api.SchemaView.as_view(), name="schema"),
    path("docs/", views_public.reference, name="docs"),
    path("docs/console/", api.DocsView.as_view(), name="console"),
    path("me/", api.MeView.as_view(), name="me"),
    path("people/me/", people_api.MyProfileView.as_view(), name="person-me"),
    path(
        "network/champions/<int:pk>/activities/",
        network_api.ChampionActivityView.as_view(),
        name="network-champion-activities",
    ),
    path("network/my-activities/", network_api.MyActivityView.as_view(), name="network-my-activities"),
    path("projects/requests/", projects_api.ProjectRequestView.as_view(), name="project-request"),
    path("projects/<int:pk>/triage/", projects_api.TriageView.as_view(), name="project-triage"),
    path("projects/<int:pk>/stage/", projects_api.StageView.as_view(), name="project-stage"),
    path("projects/<int:pk>/publishing/", projects_api.PublishingView.as_view(), name="project-publishing"),
    path("projects/<int:pk>/agreement/", projects_api.AgreementView.as_view(), name="project-agreement"),
    path(
        "opportunities/<int:pk>/status/",
        opportunities_api.OpportunityStatusView.as_view(),
        name="opportunity-status",
    ),
    path(
        "opportunities/<int:pk>/expressions/",
        opportunities_api.OpportunityExpressionsView.as_view(),
        name="opportunity-expressions",
    ),
    path(
        "opportunities/<int:pk>/invitations/",
        opportunities_api.OpportunityInvitationsView.as_view(),
        name="opportunity-invitations",
    ),
    path(
        "opportunities/<int:pk>/selection/",
        opportunities_api.SelectionView.as_view(),
        name="opportunity-selection",
    ),
    path(
        "meetings/<int:pk>/registrations/",
        meetings_api.MeetingRegistrationsView.as_view(),
        name="meeting-registrations",
    ),
    path(
        "meetings/<int:pk>/organiser/",
        meetings_api.MeetingOrganiserView.as_view(),
        name="meeting-organiser",
    ),
    path(
        "meetings/<int:pk>/registrations/on-behalf/",
        meetings_api.OnBehalfView.as_view(),
        name="meeting-on-behalf",
    ),
    path(
        "meetings/<int:pk>/attendance/",
        meetings_api.MeetingAttendanceView.as_view(),
        name="meeting-attendance",
    ),
    path("payments/rates/", payments_api.RateCardView.as_view(), name="payment-rates"),
    path("programme/", programme_api.ProgrammeView.as_view(), name="programme"),
    path("programme/record/", programme_api.ProgrammeRecordView.as_view(), name="programme-record"),
    path("concordat/sign/", programme_api.ConcordatSignView.as_view(), name="concordat-sign"),
    path(
        "evaluation/indicators/<int:pk>/values/",
        evaluation_api.IndicatorValuesView.as_view(),
        name="evaluation-indicator-values",
    ),
    path("evaluation/shifts/", evaluation_api.ShiftsView.as_view(), name="evaluation-shifts"),
    path(
        "evaluation/shifts/rounds/<int:pk>/ratings/",
        evaluation_api.RoundRatingView.as_view(),
        name="evaluation-round-ratings",
    ),
    path(
        "evaluation/surveys/<int:pk>/results/",
        evaluation_api.SurveyResultsView.as_view(),
        name="evaluation-survey-results",
    ),
    path(
        "evaluation/survey-results/<str:dimension>/",
        evaluation_api.PooledSurveyResultsView.as_view(),
        name="evaluation-survey-results-by",
    ),
    path(
        "training/sessions/<int:pk>/bookings/",
        training_api.SessionBookingsView.as_view(),
        name="training-session-bookings",
    ),
    path(
        "training/sessions/<int:pk>/attendance/",
        training_api.SessionAttendanceView.as_view(),
        name="training-session-attendance",
    ),
    path(
        "training/sessions/<int:pk>/feedback/",
        training_api.SessionFeedbackView.as_view(),
        name="training-session-feedback",
    ),
    path(
        "training/bookings/<int:pk>/feedback/",
        training_api.BookingFeedbackView.as_view(),
        name="training-booking-feedback",
    ),
    path("search/", search_api.SearchView.as_view(), name="search"),
    *router.urls,
    # Last: any other address under /api/ is answered as the API answers (JSON), not with an HTML page.
    re_path(r"^[\s\S]*$", api.NotFoundView.as_view(), name="not-found"),
]
