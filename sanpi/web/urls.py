from django.contrib.auth import views as auth_views
from django.urls import path

from .views import account, dashboard, files, projects, todo, tokens
from .views.common import Favicon

app_name = "web"
urlpatterns = [
    path("login/", auth_views.LoginView.as_view(template_name="web/login.html", redirect_authenticated_user=True),
         name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", account.PasswordChange.as_view(), name="password_change"),
    path("account/tokens/", tokens.token_list, name="token_list"),
    path("account/tokens/<int:token_id>/revoke/", tokens.token_revoke, name="token_revoke"),
    path("favicon.ico", Favicon.as_view(), name="favicon"),
    path("", dashboard.dashboard, name="dashboard"),
    path("start/", account.landing, name="landing"),  # after sign-in: the role's own start page
    path("todo/", todo.todo, name="todo"),
    path("projects/", projects.project_list, name="project_list"),
    path("projects/totals/", projects.project_totals, name="project_totals"),
    path("projects/new/", projects.project_create, name="project_create"),
    path("projects/<int:project_id>/", projects.project_detail, name="project_detail"),
    path("projects/<int:project_id>/edit/", projects.project_edit, name="project_edit"),
    path("projects/<int:project_id>/stage/", projects.stage_advance, name="stage_advance"),
    path("projects/<int:project_id>/stage/<int:event_id>/correct/", projects.stage_correct, name="stage_correct"),
    # stored files: only through the owning record's access rule (no public /media/)
    path("files/evidence/<int:event_id>/", files.stage_evidence, name="file_evidence"),
    path("files/photos/<int:photo_id>/", files.report_photo, name="file_photo"),
    path("files/closure/<int:problem_id>/", files.problem_closure, name="file_closure"),
    path("files/letters/<int:escalation_id>/", files.problem_letter, name="file_letter"),
    path("files/approvals/<int:item_id>/", files.approval_evidence, name="file_approval"),
    path("files/imports/<int:job_id>/", files.import_upload_file, name="file_import"),
]
