"""The stored impact preview: computed once per state of the draft, in the background.

Comparing the draft with the published rules for every school takes seconds (about 2.9 s CPU
for 4,000 schools), so the publish page no longer does it on every visit. A preview is stored
under a key made of what determines it (``preview_key``): the draft's content hash, the number
of the published version, the evaluation date, the revision of the schools' answers and the
version of the code that compares them. Change any one and the key changes, so a stored
preview can never be shown for a state it was not computed for.

The page asks for the preview of the current key (``request_preview``); a task
(``pathways.admin.tasks``, which fetches the schools' answers) computes it and stores it
(``store_result``). The preview only informs: publishing checks the draft again itself.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from pathways.engine.types import Status

from .impact import SchoolImpact, StatusChange
from .models import ImpactPreview

# The shape of ``ImpactPreview.result``; raise it when that shape changes.
RESULT_FORMAT = 1
# How many previews are kept; older ones are pruned after each computation.
KEEP_PREVIEWS = 5
# A preview still waiting or running after this long is offered to be computed again.
STALE_AFTER = dt.timedelta(minutes=10)


@cache
def code_version() -> str:
    """Return a hash of the code that computes a preview (engine and comparison), once per process.

    A deployment that changes how advice is evaluated thus gives new keys.
    """
    root = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted([*(root / "engine").rglob("*.py"), root / "impact.py"]):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def preview_key(
    *, draft_hash: str, published_number: int, on: dt.date, answers_revision: str
) -> str:
    """Return the sha256 hex digest (64 characters) that identifies a preview."""
    payload = json.dumps(
        {
            "draft": draft_hash,
            "published": published_number,
            "on": on.isoformat(),
            "answers": answers_revision,
            "code": code_version(),
            "format": RESULT_FORMAT,
        },
        sort_keys=True,
    )
    return hashlib.sha256(payload.encode()).hexdigest()


@dataclass(frozen=True)
class PreviewState:
    """What a preview is computed from: the key parts, as stored with the preview."""

    draft_hash: str
    published_number: int
    on: dt.date
    answers_revision: str

    @property
    def key(self) -> str:
        return preview_key(
            draft_hash=self.draft_hash,
            published_number=self.published_number,
            on=self.on,
            answers_revision=self.answers_revision,
        )

    @property
    def columns(self) -> dict[str, Any]:
        """Return the key parts as the preview's columns store them."""
        return {
            "draft_hash": self.draft_hash,
            "published_number": self.published_number,
            "evaluated_on": self.on,
            "answers_revision": self.answers_revision,
        }


# --- The stored result ------------------------------------------------------------------------


@dataclass(frozen=True)
class StoredSchool:
    """A school as the stored preview names it (its name when the preview was computed)."""

    pk: int | None
    name: str

    def __str__(self) -> str:
        return self.name


def impacts_to_json(impacts: list[SchoolImpact]) -> dict[str, Any]:
    """Return ``impacts`` as JSON data: ``{"format": 1, "schools": [...]}``.

    Each school: ``{"id", "name", "changes": [{"route", "title", "old", "new", "parts"}]}``;
    statuses as their values (None: the route is new or removed), ``parts`` as the keys of
    ``pathways.impact.TEXT_PARTS`` so their names are translated when shown.
    """
    return {
        "format": RESULT_FORMAT,
        "schools": [
            {
                "id": getattr(impact.school, "pk", None),
                "name": str(impact.school),
                "changes": [
                    {
                        "route": change.route,
                        "title": change.title,
                        "old": change.old.value if change.old else None,
                        "new": change.new.value if change.new else None,
                        "parts": list(change.parts),
                    }
                    for change in impact.changes
                ],
            }
            for impact in impacts
        ],
    }


def impacts_from_json(data: dict[str, Any]) -> list[SchoolImpact]:
    """Return the school impacts ``impacts_to_json`` stored (schools as ``StoredSchool``)."""
    return [
        SchoolImpact(
            StoredSchool(school["id"], school["name"]),
            tuple(
                StatusChange(
                    change["route"],
                    change["title"],
                    Status(change["old"]) if change["old"] else None,
                    Status(change["new"]) if change["new"] else None,
                    tuple(change["parts"]),
                )
                for change in school["changes"]
            ),
        )
        for school in data["schools"]
    ]


# --- Asking for, storing and pruning previews --------------------------------------------------


def request_preview(state: PreviewState) -> tuple[ImpactPreview, bool]:
    """Return the preview stored for ``state`` and whether this call created it (pending).

    Only the call that creates the row should queue its computation, so a preview is queued
    once however many visits ask for it at the same time (``key`` is unique).
    """
    return ImpactPreview.objects.get_or_create(key=state.key, defaults=state.columns)


def retry_preview(key: str) -> bool:
    """Put a failed or stale preview back in the queue; return whether this call did."""
    preview = ImpactPreview.objects.filter(key=key).first()
    if preview is None or not (preview.status == ImpactPreview.Status.FAILED or is_stale(preview)):
        return False
    # Conditional on what was read, so two retries at once queue it once.
    return bool(
        ImpactPreview.objects.filter(
            pk=preview.pk, status=preview.status, created_at=preview.created_at
        ).update(
            status=ImpactPreview.Status.PENDING,
            error="",
            created_at=timezone.now(),
            started_at=None,
        )
    )


def is_stale(preview: ImpactPreview) -> bool:
    """Whether a waiting or running preview has waited so long its task was probably lost."""
    return (
        preview.status in (ImpactPreview.Status.PENDING, ImpactPreview.Status.RUNNING)
        and preview.created_at < timezone.now() - STALE_AFTER
    )


def claim(key: str) -> bool:
    """Mark the preview running; False when it is gone, done or already running."""
    return bool(
        ImpactPreview.objects.filter(key=key, status=ImpactPreview.Status.PENDING).update(
            status=ImpactPreview.Status.RUNNING, started_at=timezone.now()
        )
    )


@transaction.atomic
def store_result(state: PreviewState, impacts: list[SchoolImpact]) -> ImpactPreview:
    """Store ``impacts`` as the done preview of ``state`` and prune old previews."""
    preview, _created = ImpactPreview.objects.update_or_create(
        key=state.key,
        defaults={
            **state.columns,
            "status": ImpactPreview.Status.DONE,
            "result": impacts_to_json(impacts),
            "error": "",
            "computed_at": timezone.now(),
        },
    )
    prune(keeping=preview.pk)
    return preview


def mark_failed(key: str, error: str) -> None:
    """Mark the preview ``key`` failed with ``error`` (a short text), unless it is done."""
    ImpactPreview.objects.filter(key=key).exclude(status=ImpactPreview.Status.DONE).update(
        status=ImpactPreview.Status.FAILED, error=error[:1000]
    )


def prune(keep: int = KEEP_PREVIEWS, *, keeping: int | None = None) -> int:
    """Delete all but the ``keep`` newest previews, ``keeping`` among them; return how many.

    ``keeping`` is the id of a preview to keep whatever its age (the one just stored).
    """
    rows = ImpactPreview.objects.all()
    if keeping is not None:
        rows = rows.exclude(pk=keeping)
        keep -= 1
    old = rows.order_by("-created_at", "-pk").values_list("pk", flat=True)[max(keep, 0) :]
    deleted, _per_model = ImpactPreview.objects.filter(pk__in=list(old)).delete()
    return deleted


def precompute_enabled() -> bool:
    """Whether draft changes queue a new preview (only with a real task queue)."""
    return getattr(settings, "IMPACT_PREVIEW_PRECOMPUTE", False)
