"""Export URLs; include them once, outside ``i18n_patterns`` (each page id has one locale)."""

from django.urls import path

from . import feeds, views

app_name = "wagtail_congress_exports"

urlpatterns = [
    path("congress/<int:pk>/programme.ics", views.congress_ical, name="congress_ical"),
    path("congress/<int:pk>/schedule.xml", views.frab_xml, name="frab_xml"),
    path("congress/<int:pk>/schedule.json", views.frab_json, name="frab_json"),
    path("congress/<int:pk>/schedule2.json", views.frab_schedule2, name="frab_schedule2"),
    path("track/<int:pk>/programme.ics", views.track_ical, name="track_ical"),
    path("session/<int:pk>/session.ics", views.session_ical, name="session_ical"),
    path("news/<int:pk>/rss.xml", feeds.NewsRSSFeed.as_view(), name="news_rss"),
    path("news/<int:pk>/atom.xml", feeds.NewsAtomFeed.as_view(), name="news_atom"),
    path("news/<int:pk>/<slug:category>/rss.xml", feeds.NewsRSSFeed.as_view(), name="news_rss"),
    path("news/<int:pk>/<slug:category>/atom.xml", feeds.NewsAtomFeed.as_view(), name="news_atom"),
]
