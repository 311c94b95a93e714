from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand

# The apps whose data editors maintain; never auth (users and groups stay with admins).
DATA_APPS = ("results", "observers")


class Command(BaseCommand):
    help = (
        'Create or update the "Editors" group (add, change and delete the elections data, '
        'view its history) and the read-only "Reviewers" group. Safe to run again.'
    )

    def handle(self, *args, **options):
        data = Permission.objects.filter(content_type__app_label__in=DATA_APPS)
        editors, _ = Group.objects.get_or_create(name="Editors")
        editors.permissions.set(data)
        reviewers, _ = Group.objects.get_or_create(name="Reviewers")
        reviewers.permissions.set(data.filter(codename__startswith="view_"))
        self.stdout.write(
            self.style.SUCCESS(
                f"Editors: {editors.permissions.count()} permissions; "
                f"Reviewers: {reviewers.permissions.count()} (view only)."
            )
        )
