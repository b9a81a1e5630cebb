"""One place for timeouts and retries with backoff, shared by every live loader.

Retries cover what is worth retrying (connection errors, timeouts, HTTP 5xx and
429); a 404 or a malformed answer fails at once with a message naming the table.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, TypeVar

import requests
from tenacity import (
    Retrying,
    retry_if_exception,
    stop_after_attempt,
    wait_exponential,
)

T = TypeVar("T")


@dataclass(frozen=True)
class HttpPolicy:
    timeout_s: float = 30.0
    retries: int = 3
    backoff_s: float = 1.0


def _worth_retrying(exc: BaseException) -> bool:
    if isinstance(exc, (requests.ConnectionError, requests.Timeout)):
        return True
    if isinstance(exc, requests.HTTPError) and exc.response is not None:
        return exc.response.status_code >= 500 or exc.response.status_code == 429
    return False


def with_retries(policy: HttpPolicy, call: Callable[[], T]) -> T:
    retrying = Retrying(
        stop=stop_after_attempt(policy.retries + 1),
        wait=wait_exponential(multiplier=policy.backoff_s, max=30),
        retry=retry_if_exception(_worth_retrying),
        reraise=True,
    )
    return retrying(call)


def get_json(url: str, policy: HttpPolicy, params: dict | None = None) -> dict:
    """GET a JSON document with the policy's timeout and retries."""

    def once() -> dict:
        response = requests.get(url, params=params, timeout=policy.timeout_s)
        response.raise_for_status()
        return response.json()

    return with_retries(policy, once)


def describe_error(exc: BaseException) -> str:
    """One Dutch line for a network failure, without a traceback."""
    if isinstance(exc, requests.Timeout):
        return "geen antwoord binnen de tijdslimiet"
    if isinstance(exc, requests.ConnectionError):
        return "catalogus niet bereikbaar"
    if isinstance(exc, requests.HTTPError) and exc.response is not None:
        return f"HTTP {exc.response.status_code} van {exc.response.url}"
    if isinstance(exc, ValueError):  # JSONDecodeError is a ValueError
        return f"onleesbaar antwoord ({exc})"
    return f"{type(exc).__name__}: {exc}"
