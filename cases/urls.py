from django.urls import path

from cases.views import cases, people, plans, referrals

app_name = "cases"

urlpatterns = [
    # /casi/
    path("", cases.case_list, name="case_list"),
    path("scadenze/", cases.follow_ups, name="follow_ups"),
    path("<int:pk>/", cases.case_detail, name="case_detail"),
    path("<int:pk>/modifica/", cases.case_update, name="case_update"),
    path("<int:pk>/opportunita-adatte/", cases.case_suggestions, name="case_suggestions"),
    path("<int:pk>/stato/", cases.case_status, name="case_status"),
    path("<int:pk>/note/", cases.note_create, name="note_create"),
    path("<int:case_pk>/invii/nuovo/", referrals.referral_create, name="referral_create"),
    path("<int:case_pk>/progetti/nuovo/", plans.plan_create, name="plan_create"),
    # /casi/persone/
    path("persone/", people.person_list, name="person_list"),
    path("persone/nuova/", people.person_create, name="person_create"),
    path("persone/<int:pk>/", people.person_detail, name="person_detail"),
    path("persone/<int:pk>/modifica/", people.person_update, name="person_update"),
    path("persone/<int:pk>/esporta.json", people.person_export, {"fmt": "json"}, name="person_export_json"),
    path("persone/<int:pk>/esporta.pdf", people.person_export, {"fmt": "pdf"}, name="person_export_pdf"),
    path("persone/<int:person_pk>/nuovo-caso/", cases.case_create, name="case_create"),
    # /casi/invii/
    path("invii/<int:pk>/", referrals.referral_detail, name="referral_detail"),
    path("invii/<int:pk>/stato/", referrals.referral_transition, name="referral_transition"),
    # /casi/progetti/ (joint take-charge plans)
    path("progetti/<int:pk>/", plans.plan_detail, name="plan_detail"),
    path("progetti/<int:pk>/partner/", plans.partner_add, name="partner_add"),
    path("progetti/<int:pk>/obiettivi/", plans.objective_add, name="objective_add"),
    path("progetti/<int:pk>/verifiche/", plans.review_add, name="review_add"),
    path("progetti/<int:pk>/incontri/nuovo/", plans.meeting_create, name="meeting_create"),
    path("obiettivi/<int:pk>/stato/", plans.objective_status, name="objective_status"),
]
