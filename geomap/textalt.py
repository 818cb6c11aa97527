"""The map's text alternative: its places and events as plain HTML lists.

Readers without JavaScript or without sight get the same facts the map draws. The section
is in the page itself: screen readers reach it through a "Text version" link that is the
first thing on the page (visible when focused), and without JavaScript it is shown outright.
Every piece of article text is escaped.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .dates import format_date
from .layers.base import escape

if TYPE_CHECKING:
    import geopandas as gpd

    from .story import Story

__all__ = ["TEXT_ID", "points_text_html", "skip_link_html", "text_alternative_html"]

TEXT_ID = "geomap-text-version"

_STYLE = """<style>
.geomap-sr-only{position:absolute!important;width:1px;height:1px;padding:0;margin:-1px;
overflow:hidden;clip:rect(0,0,0,0);white-space:nowrap;border:0}
.geomap-skip{position:absolute;left:-10000px;top:auto;z-index:10000}
.geomap-skip:focus{left:60px;top:60px;background:#fff;padding:6px 10px;border:2px solid #1f4e79;
font:600 14px system-ui,sans-serif}
</style>
<noscript><style>
.geomap-sr-only{position:static!important;width:auto;height:auto;margin:0;overflow:visible;
clip:auto;white-space:normal;padding:12px;font:14px/1.5 system-ui,sans-serif}
</style></noscript>"""


def skip_link_html() -> str:
    """Return the styles and the "Text version" link that leads to the text alternative."""
    return (f'{_STYLE}\n<a class="geomap-skip" href="#{TEXT_ID}">Text version of this map: '
            "places and events</a>")


def text_alternative_html(story: Story, title: str) -> str:
    """Return the text alternative: a section listing the story's places and events.

    Parameters
    ----------
    story
        The story the map draws.
    title
        The map's title, repeated as the section's heading.
    """
    parts = [f'<section id="{TEXT_ID}" class="geomap-sr-only" tabindex="-1" '
             f'aria-label="Text version of the map">',
             f"<h2>{escape(title)}: text version</h2>"]
    events = list(story.events)
    parts.append(f"<h3>Events ({len(events)})</h3><ol>")
    for e in events:
        who = []
        for p in e.participants:
            actor = story.actor(p.actor_id)
            if actor is not None:
                who.append(f"{actor.name} ({p.role})")
        where = [pl.candidate.name for pid in e.place_ids if (pl := story.place(pid))]
        outlets = sorted({story.article(ev.article_id).outlet or "unknown outlet"
                          for ev in e.evidence})
        line = (f"{e.label} — {e.modality}, {format_date(e.date, e.date_precision)}. "
                f"Where: {', '.join(where) or 'no place given'}. "
                f"Who: {', '.join(who) or 'no actor named'}. Sources: {', '.join(outlets)}.")
        parts.append(f"<li>{escape(line)} <q>{escape(e.evidence[0].quote)}</q></li>")
    parts.append("</ol>")
    places = [p for p in story.places if not p.only_in_related_links]
    parts.append(f"<h3>Places ({len(places)})</h3><ul>")
    for place in places:
        c = place.candidate
        at = f"{c.lat:.3f}, {c.lon:.3f}" + (
            f", approximate (± {c.uncertainty_km:g} km)" if c.uncertainty_km else "")
        line = f"{c.name} — {c.kind}, {at}; named {len(place.mentions)} times."
        parts.append(f"<li>{escape(line)}</li>")
    parts.append("</ul></section>")
    return "\n".join(parts)


def points_text_html(frame: gpd.GeoDataFrame, title: str) -> str:
    """Return the text version of a many-points map: counts by type, and the dates covered.

    A list of a million events helps nobody; the counts and the span say what the map shows.
    """
    parts = [f'<section id="{TEXT_ID}" class="geomap-sr-only" tabindex="-1" '
             f'aria-label="Text version of the map">',
             f"<h2>{escape(title)}: text version</h2>",
             f"<p>{len(frame):,} events.</p>"]
    if "label" in frame or "code" in frame:
        counts = frame["label" if "label" in frame else "code"].astype(str).value_counts()
        parts.append("<ul>" + "".join(f"<li>{escape(k)}: {v:,}</li>"
                                      for k, v in sorted(counts.items())) + "</ul>")
    if "date" in frame:
        dates = frame["date"].dropna().astype(str).str[:10]
        if len(dates):
            parts.append(f"<p>Dates from {escape(dates.min())} to {escape(dates.max())}.</p>")
    parts.append("</section>")
    return "\n".join(parts)
