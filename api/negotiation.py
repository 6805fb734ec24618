from rest_framework.exceptions import NotAcceptable
from rest_framework.negotiation import DefaultContentNegotiation


class StrictContentNegotiation(DefaultContentNegotiation):
    """An unknown `?format=` is a 406 (Not Acceptable), like an unknown Accept type."""

    def filter_renderers(self, renderers, format):
        found = [renderer for renderer in renderers if renderer.format == format]
        if not found:
            raise NotAcceptable(available_renderers=renderers)
        return found

    def select_renderer(self, request, renderers, format_suffix=None):
        """A method the view does not take is a 405 whatever the format asked for: it is
        answered in the first renderer's format, before `?format=` or Accept are looked at."""
        view = request.parser_context.get("view")
        method = request.method.lower()
        if view is not None and (method not in view.http_method_names or not hasattr(view, method)):
            return renderers[0], renderers[0].media_type
        return super().select_renderer(request, renderers, format_suffix)
