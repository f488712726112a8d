from django.urls import path

from documents import views

app_name = "documents"

urlpatterns = [
    # /documenti/
    path("<str:record_type>/<int:record_id>/nuovo/", views.document_create, name="create"),
    path("<int:pk>/", views.document_download, name="download"),
    path("<int:pk>/elimina/", views.document_delete, name="delete"),
]
