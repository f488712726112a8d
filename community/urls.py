from django.urls import path

from community.views import actions, processes, tables

app_name = "community"

urlpatterns = [
    # /comunita/ : the community log and actions
    path("", actions.action_log, name="action_log"),
    path("azioni/nuova/", actions.action_create, name="action_create"),
    path("azioni/<int:pk>/", actions.action_detail, name="action_detail"),
    path("azioni/<int:pk>/modifica/", actions.action_update, name="action_update"),
    path("azioni/<int:pk>/in-contatto/", actions.hook_up_to_contact, name="hook_up_to_contact"),
    path("azioni/<int:pk>/in-opportunita/", actions.hook_up_to_opportunity, name="hook_up_to_opportunity"),
    path("azioni/<int:pk>/in-caso/", actions.hook_up_to_case, name="hook_up_to_case"),
    # /comunita/tavoli/
    path("cruscotto/", tables.coordinator_dashboard, name="dashboard"),
    path("verbali-da-rivedere/", tables.minutes_to_review, name="minutes_to_review"),
    path("tavoli/", tables.table_list, name="table_list"),
    path("tavoli/nuovo/", tables.table_create, name="table_create"),
    path("tavoli/<int:pk>/", tables.table_detail, name="table_detail"),
    path("tavoli/<int:pk>/modifica/", tables.table_update, name="table_update"),
    path("tavoli/<int:pk>/membri/", tables.member_add, name="member_add"),
    path("membri/<int:pk>/uscita/", tables.member_leave, name="member_leave"),
    path("tavoli/<int:pk>/incontri/nuovo/", tables.meeting_create, name="meeting_create"),
    path("incontri/<int:pk>/", tables.meeting_detail, name="meeting_detail"),
    path("incontri/<int:pk>/modifica/", tables.meeting_update, name="meeting_update"),
    path("incontri/<int:pk>/annulla/", tables.meeting_cancel, name="meeting_cancel"),
    path("incontri/<int:pk>/verbale/", tables.minutes_status, name="minutes_status"),
    path("incontri/<int:pk>/verbale.pdf", tables.meeting_minutes_pdf, name="minutes_pdf"),
    path("incontri/<int:pk>/verbale/nuova-versione/", tables.minutes_new_version, name="minutes_new_version"),
    path("verbali/<int:pk>/", tables.minutes_version, name="minutes_version"),
    path("incontri/<int:pk>/azioni/", tables.action_item_add, name="action_item_add"),
    path("azioni-concordate/<int:pk>/stato/", tables.action_item_status, name="action_item_status"),
    path("azioni-concordate/<int:pk>/fatta/", tables.action_item_done, name="action_item_done"),
    path("incontri/<int:pk>/invii/<int:email_pk>/riprova/", tables.delivery_retry, name="delivery_retry"),
    # /comunita/processi/
    path("processi/", processes.process_list, name="process_list"),
    path("processi/nuovo/", processes.process_create, name="process_create"),
    path("processi/<int:pk>/", processes.process_detail, name="process_detail"),
    path("processi/<int:pk>/modifica/", processes.process_update, name="process_update"),
    path("processi/<int:pk>/fasi/", processes.process_part_add, {"part": "phase"}, name="phase_add"),
    path("processi/<int:pk>/obiettivi/", processes.process_part_add, {"part": "objective"}, name="objective_add"),
    path("processi/<int:pk>/conoscenza/", processes.process_part_add, {"part": "knowledge"}, name="knowledge_add"),
    path("processi/<int:pk>/operatori/", processes.process_part_add, {"part": "worker"}, name="process_worker_add"),
    path("processi/<int:pk>/partner/", processes.process_part_add, {"part": "partner"}, name="process_partner_add"),
    path("processi/<int:pk>/visione/", processes.process_part_add, {"part": "vision"}, name="vision_add"),
    path("processi/<int:pk>/misurazioni/", processes.process_part_add, {"part": "measurement"}, name="measurement_add"),
    path("processi/<int:pk>/mappatura/", processes.process_part_add, {"part": "mapping"}, name="process_mapping"),
    path("processi/<int:pk>/fasi/<int:phase_pk>/", processes.phase_update, name="phase_update"),
    path(
        "processi/<int:pk>/<str:part>/<int:row_pk>/modifica/",
        processes.process_part_change,
        name="process_part_change",
    ),
    path(
        "processi/<int:pk>/<str:part>/<int:row_pk>/rimuovi/",
        processes.process_part_remove,
        name="process_part_remove",
    ),
    path(
        "processi/<int:pk>/obiettivi/<int:objective_pk>/valutazione/",
        processes.objective_evaluate,
        name="objective_evaluate",
    ),
]
