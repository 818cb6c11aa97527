"""The map's text alternative: its places and events as plain HTML lists.

Readers without JavaScript or without sight get the same facts the map draws. The section
is in the page itself: screen readers reach it through a "Text version" link that is the
first thing on the page (visible when focused), and without JavaScript it is shown outright.
Every piece of article text is a template value, escaped.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..dates import format_date
from .pages import render_fragment

if TYPE_CHECKING:
    import geopandas as gpd

    from ..story import Story

__all__ = ["TEXT_ID", "points_text_html", "skip_link_html", "text_alternative_html"]

TEXT_ID = "geomap-text-version"


def skip_link_html() -> str:
    """Return the styles and the "Text version" link that leads to the text alternative."""
    return render_fragment("skip_link.html", text_id=TEXT_ID)


def text_alternative_html(story: Story, title: str) -> str:
    """Return the text alternative: a section listing the story's places and events.

    Parameters
    ----------
    story
        The story the map draws.
    title
        The map's title, repeated as the section's heading.
    """
    events = []
    for e in story.events:
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
        events.append((line, e.evidence[0].quote))
    places = []
    for place in story.places:
        if place.only_in_related_links:
            continue
        c = place.candidate
        at = f"{c.lat:.3f}, {c.lon:.3f}" + (
            f", approximate (± {c.uncertainty_km:g} km)" if c.uncertainty_km else "")
        places.append(f"{c.name} — {c.kind}, {at}; named {len(place.mentions)} times.")
    return render_fragment("text_version.html", text_id=TEXT_ID, title=title, events=events,
                           places=places)


def points_text_html(frame: gpd.GeoDataFrame, title: str) -> str:
    """Return the text version of a many-points map: counts by type, and the dates covered.

    A list of a million events helps nobody; the counts and the span say what the map shows.
    """
    counts: list[tuple[str, str]] = []
    if "label" in frame or "code" in frame:
        found = frame["label" if "label" in frame else "code"].astype(str).value_counts()
        counts = [(k, f"{v:,}") for k, v in sorted(found.items())]
    span = None
    if "date" in frame:
        dates = frame["date"].dropna().astype(str).str[:10]
        if len(dates):
            span = (dates.min(), dates.max())
    return render_fragment("text_version.html", text_id=TEXT_ID, title=title, events=None,
                           summary=f"{len(frame):,} events.", counts=counts, dates=span)
