from django.urls import path

from . import notification_views, office_views, views

app_name = "progress"
urlpatterns = [
    path("reports/", views.report_list, name="report_list"),
    path("reports/new/", views.report_new, name="report_new"),  # ?project=&year=&month=
    path("reports/<int:pk>/", views.report_detail, name="report_detail"),
    path("reports/<int:pk>/edit/", views.report_edit, name="report_edit"),
    path("reports/<int:pk>/submit/", views.report_submit, name="report_submit"),
    path("reports/<int:pk>/return/", views.report_return, name="report_return"),
    path("reports/<int:pk>/approve/", views.report_approve, name="report_approve"),
    path("reports/<int:pk>/lock/", views.report_lock, name="report_lock"),
    path("reports/<int:pk>/correct/", office_views.report_correct, name="report_correct"),
    path("due-dates/", office_views.due_dates, name="due_dates"),
    path("lights/", views.light_list, name="light_list"),  # ?period=2024-06&colour=&dimension=
    path("lights/project/<int:project_id>/", views.project_lights, name="project_lights"),
    path("rules/", views.ruleset_list, name="ruleset_list"),
    path("rules/<int:pk>/edit/", views.ruleset_edit, name="ruleset_edit"),
    path("problems/", views.problem_list, name="problem_list"),
    path("problems/new/", views.problem_new, name="problem_new"),  # ?project=
    path("problems/<int:pk>/", views.problem_detail, name="problem_detail"),
    path("leader/", views.leader_page, name="leader"),
    path("uncounted/", views.uncounted_list, name="uncounted"),  # 应统未统, ?region=
    path("projects/<int:project_id>/counted/", views.counted_set, name="counted_set"),
    path("projects/<int:project_id>/statistics-documents/", views.statistics_document_record,
         name="statistics_document_record"),
    path("notifications/", notification_views.notification_list, name="notification_list"),
    path("notifications/read-all/", notification_views.notification_read_all, name="notification_read_all"),
    path("notifications/<int:pk>/read/", notification_views.notification_read, name="notification_read"),
]
