"""``/_data-version``: which generation of the cache this server answers from.

Why: with several app servers on one database (and one Redis), an operator, a load
balancer's health check and the two-machine test must be able to see that every
server switched to a landed refresh (no stale memo) and whether it reads the
figures computed at refresh time. It names no database URL: only dataset versions.
"""

from __future__ import annotations

import flask

from data_sources.cache import CacheError, generation_key, precompute_generation

PATH = "/_data-version"


def register(server: flask.Flask, service) -> None:
    @server.route(PATH)
    def data_version():
        try:
            service.version_token()  # the versions the memo holds, checked ≤ 1 s ago
            versions = dict(service._versions or {})
            generation = generation_key(versions)
            precomputed = service.cache.has_precomputed(precompute_generation(versions))
        except CacheError:
            return flask.jsonify({"error": "cache niet te lezen"}), 503
        return flask.jsonify(
            {
                "generation": generation,
                "versions": versions,
                "precomputed": precomputed,
            }
        )
