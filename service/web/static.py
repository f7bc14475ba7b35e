"""Static files under their fingerprinted names (cached for a year) and their plain ones."""

from __future__ import annotations

import os
from pathlib import Path

from starlette.responses import Response
from starlette.routing import get_route_path
from starlette.staticfiles import PathLike, StaticFiles
from starlette.types import Scope

from service.output.headers import IMMUTABLE_CACHE_CONTROL, STATIC_CACHE_CONTROL
from service.render.assets import StaticAssets, static_assets

_IMMUTABLE = "nearme.static_immutable"


class FingerprintedStaticFiles(StaticFiles):
    """Starlette's ``StaticFiles`` (and its path checks), reading ``clinic.1a2b3c4d5e.png``
    as ``clinic.png``.

    The current fingerprint is answered ``immutable`` for a year; the plain
    name, or an old fingerprint from a page cached before the file changed, gets
    the file with a short lifetime.
    """

    def __init__(self, *, directory: Path, assets: StaticAssets | None = None) -> None:
        super().__init__(directory=directory)
        self.assets = assets or static_assets(directory)

    def get_path(self, scope: Scope) -> str:
        plain, current = self.assets.plain_name(get_route_path(scope).lstrip("/"))
        scope[_IMMUTABLE] = current
        return os.path.normpath(os.path.join(*plain.split("/")))

    def file_response(
        self,
        full_path: PathLike,
        stat_result: os.stat_result,
        scope: Scope,
        status_code: int = 200,
    ) -> Response:
        response = super().file_response(full_path, stat_result, scope, status_code)
        immutable = scope.get(_IMMUTABLE, False)
        response.headers["cache-control"] = (
            IMMUTABLE_CACHE_CONTROL if immutable else STATIC_CACHE_CONTROL
        )
        return response
