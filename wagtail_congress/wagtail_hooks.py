from wagtail.snippets.models import register_snippet

from .viewsets import CongressViewSetGroup

register_snippet(CongressViewSetGroup)
