"""The catalogue's filters in Chromium: every choice of the sort control reads in full."""

import pytest
from playwright.sync_api import Page

pytestmark = pytest.mark.browser

# The text of the chosen option, as wide as Chromium draws it in the control's font, and
# the room the control leaves for it (its width less its padding and arrow).
CHOSEN_TEXT_AND_ROOM = """select => {
    const style = getComputedStyle(select);
    const context = document.createElement("canvas").getContext("2d");
    context.font = style.font;
    const text = context.measureText(select.options[select.selectedIndex].text).width;
    const room = select.clientWidth - parseFloat(style.paddingLeft)
        - parseFloat(style.paddingRight);
    return [text, room];
}"""


@pytest.mark.parametrize("width", [992, 1280, 1400])
@pytest.mark.parametrize("language", ["en", "nl"])
def test_sort_control_shows_each_choice_in_full(
    live_server, page: Page, transactional_db, open_offer, language, width
):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}/{language}/offers/")
    sort = page.locator("#id_sort")

    for value in ("deadline", "-deadline"):
        sort.select_option(value)
        text, room = sort.evaluate(CHOSEN_TEXT_AND_ROOM)
        assert text <= room, f"{value}: {text:.0f}px of text in {room:.0f}px"
