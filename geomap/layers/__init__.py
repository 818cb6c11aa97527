"""The layer extension API under its public name; the layers live in :mod:`geomap.map.layers`.

``geomap.layers`` is also the entry-point group other packages register their layers in.
"""

from __future__ import annotations

from ..map.layers import *  # noqa: F403  (the same names, under the public module)
from ..map.layers import __all__ as __all__
