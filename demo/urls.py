from django.urls import path

from demo import views

app_name = "demo"

urlpatterns = [
    # /demo/posta/
    path("posta/", views.mailbox, name="mailbox"),
    path("posta/<int:pk>/", views.message, name="message"),
    path("posta/allegati/<int:pk>/", views.attachment, name="attachment"),
]
