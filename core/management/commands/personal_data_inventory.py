from django.apps import apps
from django.core.management.base import BaseCommand

from core.personal_data import INVENTORY


class Command(BaseCommand):
    help = "Print the inventory of personal data fields (Markdown)."

    def handle(self, *args, **options):
        self.stdout.write("| model | field | category |\n| --- | --- | --- |")
        for label, fields in INVENTORY.items():
            model = apps.get_model(label)
            for name, category in fields.items():
                if category is not None:
                    verbose = model._meta.get_field(name).verbose_name
                    self.stdout.write(f"| {model._meta.verbose_name} | {verbose} (`{name}`) | {category} |")
