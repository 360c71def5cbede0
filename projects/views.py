from django.views.generic import DetailView, ListView

from . import selectors


class PublicProjectListView(ListView):
    template_name = "projects/public_project_list.html"
    context_object_name = "projects"
    paginate_by = 20

    def get_queryset(self):
        return selectors.public_projects()


class PublicProjectDetailView(DetailView):
    template_name = "projects/public_project_detail.html"
    context_object_name = "project"

    def get_queryset(self):
        return selectors.public_projects().prefetch_related("co_coordinators", "subject_areas")
