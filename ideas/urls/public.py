from django.urls import path

from ideas import views

app_name = "ideas"

urlpatterns = [
    path("calls/<slug:slug>/ideas/", views.CallForIdeasView.as_view(), name="call"),
    path("calls/<slug:slug>/ideas/cost/", views.FlowCostView.as_view(), name="cost"),
    path("calls/<slug:slug>/ideas/sent/", views.IdeaRegisteredView.as_view(), name="registered"),
    path("ideas/<str:token>/", views.IdeaView.as_view(), name="idea"),
    path("ideas/<str:token>/renew/", views.IdeaRenewView.as_view(), name="renew"),
]
