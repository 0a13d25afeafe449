from django.urls import path

from . import views_manage

app_name = "handbook_manage"

urlpatterns = [
    path("", views_manage.page_list, name="pages"),
    path("sections/new/", views_manage.section_form, name="section_create"),
    path("sections/<int:pk>/", views_manage.section_form, name="section_edit"),
    path("sections/<int:pk>/delete/", views_manage.section_delete, name="section_delete"),
    path("pages/new/", views_manage.page_create, name="page_create"),
    path("pages/<int:pk>/", views_manage.page_edit, name="page"),
    path("pages/<int:pk>/history/", views_manage.history, name="history"),
    path("pages/<int:pk>/compare/", views_manage.compare, name="compare"),
    path("pages/<int:pk>/versions/<int:number>/", views_manage.version, name="version"),
    path("pages/<int:pk>/versions/<int:number>/restore/", views_manage.restore, name="restore"),
    path("pages/<int:pk>/co-authors/", views_manage.co_authors, name="co_authors"),
    path("co-authors/<int:pk>/consent/", views_manage.co_author_consent, name="co_author_consent"),
    path("co-authors/<int:pk>/remove/", views_manage.co_author_remove, name="co_author_remove"),
    path("pages/<int:pk>/feedback/", views_manage.feedback, name="feedback"),
    path("help-links/", views_manage.help_links, name="help_links"),
    path("resources/", views_manage.resource_list, name="resources"),
    path("resources/new/", views_manage.resource_form, name="resource_create"),
    path("resources/<int:pk>/", views_manage.resource_form, name="resource_edit"),
    path("resources/<int:pk>/files/", views_manage.resource_files, name="resource_files"),
    path("resources/<int:pk>/delete/", views_manage.resource_delete, name="resource_delete"),
    path("resource-files/<int:pk>/remove/", views_manage.resource_file_remove, name="resource_file_remove"),
    path("jargon/", views_manage.terms, name="terms"),
    path("jargon/<int:pk>/", views_manage.term_edit, name="term_edit"),
    path("jargon/<int:pk>/remove/", views_manage.term_remove, name="term_remove"),
]
