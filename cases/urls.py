from django.urls import path

from cases.views import cases, consents, editing, handover, household, people, plans, printing, referrals, supervision

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
    path("<int:pk>/consensi/", consents.consent_create, name="consent_create"),
    path("consensi/<int:pk>/revoca/", consents.consent_withdraw, name="consent_withdraw"),
    path("<int:case_pk>/invii/nuovo/", referrals.referral_create, name="referral_create"),
    path("<int:case_pk>/progetti/nuovo/", plans.plan_create, name="plan_create"),
    path("<int:pk>/sintesi.pdf", printing.case_summary_pdf, name="case_summary_pdf"),
    path("<int:pk>/passaggio/", handover.case_reassign, name="case_reassign"),
    path("<int:pk>/trasferimento/", handover.transfer_propose, name="transfer_propose"),
    path("<int:pk>/chiusura/", supervision.closure_request, name="closure_request"),
    path("riassegna/", handover.cases_reassign, name="cases_reassign"),
    path("da-approvare/", supervision.to_approve, name="to_approve"),
    path("chiusure/<int:pk>/decisione/", supervision.closure_decide, name="closure_decide"),
    # /casi/trasferimenti/
    path("trasferimenti/<int:pk>/", handover.transfer_detail, name="transfer_detail"),
    path("trasferimenti/<int:pk>/decisione/", handover.transfer_decide, name="transfer_decide"),
    path("trasferimenti/<int:pk>/ritira/", handover.transfer_withdraw, name="transfer_withdraw"),
    # /casi/persone/
    path("persone/", people.person_list, name="person_list"),
    path("persone/nuova/", people.person_create, name="person_create"),
    path("persone/<int:pk>/", people.person_detail, name="person_detail"),
    path("persone/<int:pk>/modifica/", people.person_update, name="person_update"),
    path("persone/<int:pk>/esporta.json", people.person_export, {"fmt": "json"}, name="person_export_json"),
    path("persone/<int:pk>/esporta.pdf", people.person_export, {"fmt": "pdf"}, name="person_export_pdf"),
    path("persone/<int:person_pk>/nuovo-caso/", cases.case_create, name="case_create"),
    path("persone/<int:pk>/nucleo/", household.household_add, name="household_add"),
    path("nucleo/<int:pk>/", household.household_update, name="household_update"),
    path("nucleo/<int:pk>/rimuovi/", household.household_remove, name="household_remove"),
    # /casi/invii/
    path("invii/<int:pk>/", referrals.referral_detail, name="referral_detail"),
    path("invii/<int:pk>/stato/", referrals.referral_transition, name="referral_transition"),
    path("invii/<int:pk>/modifica/", editing.referral_update, name="referral_update"),
    # /casi/progetti/ (joint take-charge plans)
    path("progetti/<int:pk>/", plans.plan_detail, name="plan_detail"),
    path("progetti/<int:pk>/partner/", plans.partner_add, name="partner_add"),
    path("progetti/<int:pk>/obiettivi/", plans.objective_add, name="objective_add"),
    path("progetti/<int:pk>/verifiche/", plans.review_add, name="review_add"),
    path("progetti/<int:pk>/incontri/nuovo/", plans.meeting_create, name="meeting_create"),
    path("progetti/<int:pk>/modifica/", editing.plan_update, name="plan_update"),
    path("progetti/<int:pk>/chiudi/", editing.plan_close, name="plan_close"),
    path("progetti/<int:pk>/invia/", supervision.plan_submit, name="plan_submit"),
    path("progetti/<int:pk>/decisione/", supervision.plan_decide, name="plan_decide"),
    path("progetti/<int:pk>/patto.pdf", printing.plan_pact_pdf, name="plan_pact_pdf"),
    path("incontri/<int:pk>/modifica/", editing.case_meeting_update, name="case_meeting_update"),
    path("partner/<int:pk>/", editing.partner_update, name="partner_update"),
    path("partner/<int:pk>/rimuovi/", editing.partner_remove, name="partner_remove"),
    path("obiettivi/<int:pk>/stato/", plans.objective_status, name="objective_status"),
    path("obiettivi/<int:pk>/", editing.objective_update, name="objective_update"),
    path("obiettivi/<int:pk>/rimuovi/", editing.objective_remove, name="objective_remove"),
]
