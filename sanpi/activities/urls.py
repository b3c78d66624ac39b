from django.urls import path

from . import views

app_name = "activities"
urlpatterns = [
    path("", views.period_list, name="period_list"),
    path("periods/<int:pk>/", views.period_detail, name="period_detail"),
    path("periods/<int:pk>/close/", views.period_close, name="period_close"),
    path("periods/<int:pk>/revise/", views.period_revise, name="period_revise"),
    path("periods/<int:pk>/carry-over/", views.period_carry_over, name="period_carry_over"),
    path("periods/<int:pk>/entries/add/", views.entry_add, name="entry_add"),
    path("periods/<int:pk>/started-candidates/", views.period_started_candidates, name="period_started_candidates"),
    path("periods/<int:pk>/settings/", views.period_settings, name="period_settings"),
    path("periods/<int:pk>/bulletin/", views.period_bulletin, name="period_bulletin"),
    path("periods/<int:pk>/bulletin/texts/", views.period_bulletin_texts, name="period_bulletin_texts"),
    path("periods/<int:pk>/bulletin.docx", views.period_bulletin_docx, name="period_bulletin_docx"),
    path("keylists/", views.keylist_list, name="keylist_list"),
    path("keylists/<int:pk>/", views.keylist_detail, name="keylist_detail"),
]
