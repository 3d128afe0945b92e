"""Admin panels Wagtail does not ship."""

from __future__ import annotations

from typing import Any

from wagtail.admin.panels import InlinePanel


class AddLabelInlinePanel(InlinePanel):
    """An ``InlinePanel`` whose add button has its own label.

    Wagtail builds the button as "Add {label}" from the label that also heads each row, so
    Polish gets the nominative ("Dodaj Prelegent") where it needs the accusative ("Dodaj
    prelegenta"). ``add_button_label`` gives the whole phrase, translated as one string.
    """

    def __init__(self, *args: Any, add_button_label: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_button_label = add_button_label

    def clone_kwargs(self) -> dict[str, Any]:
        kwargs = super().clone_kwargs()
        kwargs["add_button_label"] = self.add_button_label
        return kwargs

    class BoundPanel(InlinePanel.BoundPanel):
        template_name = "wagtail_congress/panels/inline_panel.html"
