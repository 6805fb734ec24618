from .event import EventIndexPage, EventPage, EventRegistration, EventSession
from .home import HomePage
from .news import NewsIndexPage, NewsPage
from .standard import StandardPage

__all__ = [
    "EventIndexPage",
    "EventPage",
    "EventRegistration",
    "EventSession",
    "HomePage",
    "NewsIndexPage",
    "NewsPage",
    "StandardPage",
]
