"""Signals the project writes send, for the apps above projects that follow a project
(projects import none of them)."""

from django.dispatch import Signal

# Sent by projects.services.save_project, inside its transaction, when a project's status
# changed: sender=Project, project, previous_status (None for a new project), by.
project_status_changed = Signal()
