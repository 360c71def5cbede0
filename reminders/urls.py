from django.urls import path

from . import views

app_name = "reminders"

urlpatterns = [
    path("workspace/reminders/", views.StaffReminderListView.as_view(), name="staff-list"),
    path(
        "workspace/reminders/<int:pk>/resend/",
        views.StaffResendView.as_view(),
        name="staff-resend",
    ),
    path(
        "workspace/reminders/links/",
        views.StaffRevokeLinksView.as_view(),
        name="staff-revoke-links",
    ),
    path(
        "reminders/preferences/<str:token>/",
        views.PreferencesView.as_view(),
        name="preferences",
    ),
    path(
        "reminders/preferences/<str:token>/calendar/reset/",
        views.ResetCalendarView.as_view(),
        name="calendar-reset",
    ),
    path("reminders/done/<str:token>/", views.MarkDoneView.as_view(), name="mark-done"),
    path("reminders/deadline/<str:token>/", views.DeadlineView.as_view(), name="deadline"),
    path(
        "reminders/links/<slug:kind>/<str:token>/renew/",
        views.RenewLinkView.as_view(),
        name="renew-link",
    ),
    path("reminders/calendar/<str:token>.ics", views.CalendarFeedView.as_view(), name="calendar"),
]
