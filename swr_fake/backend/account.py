"""What concerns a whole account: temporary docker logins, quotas, the overview and its reports,
and the service agency.

Sizes (overview, reports) are returned in bytes; the API layer states them in MB. Download
traffic is recorded on every pull, per UTC day, for the account owning the repository.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from .. import errors
from ..clock import format_time
from ..errors import SwrError
from ..model import Caller, DockerLogin, Manifest, Namespace, Repository, Tenant
from ..validate import INT64_MAX, check_int
from .tags import TagOps

SECRET_TTL = timedelta(hours=6)  # "the temporary login command is valid for 6 hours"
AUTHORIZATION_TOKEN_TTL = timedelta(hours=12)
QUOTA_KEYS = ("namespace",)
REPORT_TYPES = ("downflow", "store")
REPORT_FREQUENCIES = ("daily",)
REPORT_DAYS = 30


@dataclass(frozen=True, slots=True)
class Overview:
    """An account's totals in one region; sizes in bytes."""

    namespaces: int
    repositories: int
    images: int
    stored_bytes: int
    pulled_bytes: int


class AccountOps(TagOps):
    # --- temporary login commands -------------------------------------------------------------
    def create_secret(self, caller: Caller, access_key: str | None, projectname: str | None = None) -> DockerLogin:
        """``docker login -u {projectname}@{AK} -p {key}``, valid for 6 hours in the caller's region.
        ``projectname`` is the region name (the default) or one of its sub-projects (``{region}_...``)."""
        project = projectname or caller.region
        if project != caller.region and not project.startswith(caller.region + "_"):
            raise SwrError(
                errors.INVALID_PARAMETER,
                f"Invalid API parameters: projectname {project!r} is not a project of region {caller.region}",
                detail="projectname",
            )
        return self._issue_login(caller, f"{project}@{access_key or self._temporary_key()}", "secret", SECRET_TTL)

    def create_authorization_token(self, caller: Caller, access_key: str | None) -> DockerLogin:
        """``docker login -u bearertoken@{AK} -p {token}`` (the "enhanced" command)."""
        ak = access_key or self._temporary_key()
        return self._issue_login(caller, f"bearertoken@{ak}", "bearertoken", AUTHORIZATION_TOKEN_TTL)

    def _temporary_key(self) -> str:
        """An access-key-shaped id for callers that authenticated with a token (no AK presented)."""
        return "SWRTMP" + self.ids.hex(14).upper()

    def _issue_login(self, caller: Caller, username: str, kind: str, ttl: timedelta) -> DockerLogin:
        password = self.ids.hex(64)
        expires = format_time(self.clock.now() + ttl)
        login = DockerLogin(username, password, caller.user.user_id, caller.region, kind, expires)
        caller.tenant.logins[(username, password)] = login
        return login

    # --- quotas -----------------------------------------------------------------------------------
    def list_quotas(self, caller: Caller) -> list[tuple[str, int, int]]:
        """``(quota_key, quota_limit, used)`` for the caller's account in the caller's region."""
        tenant = caller.tenant
        used = {"namespace": len(self._owned_namespaces(caller))}
        return [(key, tenant.quotas[key], used[key]) for key in QUOTA_KEYS]

    def set_quota(self, tenant: Tenant, key: str, limit: int) -> None:
        if key not in QUOTA_KEYS:
            raise ValueError(f"unknown quota {key!r}: the fake knows {', '.join(QUOTA_KEYS)}")
        check_int("limit", limit, 0, INT64_MAX)  # 10**5000 would break every later JSON answer
        tenant.quotas[key] = limit

    def _owned_namespaces(self, caller: Caller) -> list[Namespace]:
        domain_id = caller.tenant.domain_id
        return [ns for ns in self.region(caller.region).namespaces.values() if ns.domain_id == domain_id]

    def _owned_repositories(self, caller: Caller) -> list[Repository]:
        domain_id = caller.tenant.domain_id
        return [
            repo
            for ns in self.region(caller.region).namespaces.values()
            if ns.domain_id == domain_id
            for repo in ns.repositories.values()
        ]

    # --- overview and reports -------------------------------------------------------------------
    def show_domain_overview(self, caller: Caller) -> Overview:
        repos = self._owned_repositories(caller)
        downflow = self.region(caller.region).downflow.get(caller.tenant.domain_id, {})
        return Overview(
            namespaces=len(self._owned_namespaces(caller)),
            repositories=len(repos),
            images=sum(len(repo.tags) for repo in repos),
            stored_bytes=sum(repo.size for repo in repos),
            pulled_bytes=sum(downflow.values()),
        )

    def show_domain_resource_reports(self, caller: Caller, resource_type: str, frequency: str) -> list[tuple[str, int]]:
        """One value per day for the last 30 days (today last), as ``(YYYY-MM-DD, bytes)``: bytes
        pulled that day (``downflow``) or stored at the end of that day (``store``, from the
        images the account holds now, each counted from the day its digest arrived in the
        repository)."""
        if resource_type not in REPORT_TYPES:
            raise SwrError(errors.INVALID_PARAMETER, f"Invalid API parameters: resource_type {resource_type!r}")
        if frequency not in REPORT_FREQUENCIES:
            raise SwrError(errors.INVALID_PARAMETER, f"Invalid API parameters: frequency {frequency!r}")
        today = self.clock.now().date()
        days = [(today - timedelta(days=back)).isoformat() for back in range(REPORT_DAYS - 1, -1, -1)]
        if resource_type == "downflow":
            pulled = self.region(caller.region).downflow.get(caller.tenant.domain_id, {})
            return [(day, pulled.get(day, 0)) for day in days]
        arrivals: list[tuple[str, int]] = []
        for repo in self._owned_repositories(caller):
            arrived: dict[str, str] = {}
            for tag in repo.tags.values():
                day = tag.updated[:10]  # when the tag last moved to its digest
                arrived[tag.digest] = min(day, arrived.get(tag.digest, day))
            arrivals.extend((day, repo.manifests[digest].size) for digest, day in arrived.items())
        return [(day, sum(size for arrived, size in arrivals if arrived <= day)) for day in days]

    # --- downloads ----------------------------------------------------------------------------------
    def _count_downflow(self, caller: Caller, repo: Repository, manifest: Manifest) -> None:
        """Post-pull hook: the bytes pulled count for the repository's account, today (UTC)."""
        per_day = self.region(caller.region).downflow.setdefault(repo.domain_id, {})
        day = self.clock.now().date().isoformat()
        per_day[day] = per_day.get(day, 0) + manifest.size

    # --- agency -----------------------------------------------------------------------------------------
    def check_agency(self, caller: Caller) -> bool:
        return caller.tenant.has_agency

    def create_agency(self, caller: Caller) -> None:
        """Create the service agency SWR uses to reach CCE/CCI; creating it again changes nothing."""
        caller.tenant.has_agency = True
