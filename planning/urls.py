from django.urls import path

from planning import views

app_name = "planning"

urlpatterns = [
    path("", views.plan_list, name="plan_list"),
    path("nuovo/", views.plan_create, name="plan_create"),
    path("<int:pk>/", views.plan_detail, name="plan_detail"),
    path("<int:pk>/modifica/", views.plan_update, name="plan_update"),
    path("<int:pk>/obiettivi/", views.objective_add, name="objective_add"),
    path("obiettivi/<int:pk>/", views.objective_update, name="objective_update"),
    path("<int:pk>/relazione/", views.plan_report, name="plan_report"),
]
