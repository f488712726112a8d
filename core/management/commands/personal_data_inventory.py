from django.core.management.base import BaseCommand

from core.personal_data import rows


class Command(BaseCommand):
    help = "Print the inventory of personal data fields with their retention (Markdown)."

    def handle(self, *args, **options):
        self.stdout.write("| model | field | category | retention |\n| --- | --- | --- | --- |")
        for model, field, category, retention in rows():
            self.stdout.write(
                f"| {model._meta.verbose_name} | {field.verbose_name} (`{field.name}`) | {category} | {retention} |"
            )
