from django.urls import path

from . import views_manage

app_name = "people_manage"

urlpatterns = [
    path("", views_manage.directory, name="directory"),
    path("register/", views_manage.register, name="register"),
    path("<int:pk>/", views_manage.record, name="record"),
    path("<int:pk>/edit/<slug:section>/", views_manage.edit_section, name="edit_section"),
    path("<int:pk>/notes/add/", views_manage.add_note, name="add_note"),
    path("<int:pk>/consents/", views_manage.change_consent, name="change_consent"),
    path("equality/", views_manage.network_profile, name="equality_profile"),
    path("<int:pk>/equality/", views_manage.person_answers, name="equality_answers"),
    path("permissions/", views_manage.permission_list, name="permissions"),
    path("permissions/<int:user_id>/", views_manage.permission_edit, name="permission_edit"),
    path("import/", views_manage.import_upload, name="import"),
    path("import/<str:token>/", views_manage.import_preview, name="import_preview"),
    path("import/<str:token>/confirm/", views_manage.import_confirm, name="import_confirm"),
    path("import/<str:token>/cancel/", views_manage.import_cancel, name="import_cancel"),
    path("export/", views_manage.export, name="export"),
    path("retention/", views_manage.retention_list, name="retention"),
    path("retention/<int:person_id>/", views_manage.retention_person, name="retention_person"),
    path("retention/<int:person_id>/cancel/", views_manage.retention_cancel, name="retention_cancel"),
]
