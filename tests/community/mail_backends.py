import smtplib

from django.core.mail.backends.base import BaseEmailBackend


class MailServerDown(BaseEmailBackend):
    """Behaves like an SMTP server that refuses connections."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPConnectError(421, "Service not available")
