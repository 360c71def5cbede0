"""Access to the workspace pages, in the same order everywhere.

Anonymous visitors go to the login page; users without a workspace role get 403; then the
view's own permission is checked on its object (403).
"""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.utils import timezone

WORKSPACE_PERMISSION = "projects.use_workspace"


class WorkspaceMixin:
    """Login, a workspace role, then `permission_required` on get_permission_object()."""

    permission_required = WORKSPACE_PERMISSION
    section = ""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not request.user.has_perm(WORKSPACE_PERMISSION):
            raise PermissionDenied
        if not request.user.has_perm(self.permission_required, self.get_permission_object()):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_permission_object(self):
        return None

    def get_context_data(self, **kwargs):
        kwargs.setdefault("section", self.section)
        kwargs.setdefault("today", timezone.localdate())
        return super().get_context_data(**kwargs)
