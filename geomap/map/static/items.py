"""The drawable items a map's scene is made of: shapes, dots, notes and point clouds."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeAlias

import numpy as np
from shapely.geometry.base import BaseGeometry

from .style import _Style


@dataclass(frozen=True)
class _Shape:
    """Areas or lines, in lon/lat."""

    geom: BaseGeometry
    style: _Style
    z: float


@dataclass(frozen=True)
class _Dot:
    """A circle of a fixed size in pixels (a CircleMarker)."""

    lat: float
    lon: float
    radius: float
    style: _Style
    z: float


@dataclass(frozen=True)
class _Note:
    """The text of a DivIcon marker."""

    lat: float
    lon: float
    text: str
    z: float


@dataclass(frozen=True)
class _Cloud:
    """Many points (geomap's many-points layer)."""

    lat: np.ndarray
    lon: np.ndarray
    colors: tuple[str, ...]
    kinds: np.ndarray
    z: float


_Item: TypeAlias = _Shape | _Dot | _Note | _Cloud
