"""The FastAPI application: routes, permissions and rendering (HTML, or JSON on request).

Every route checks on the server who is asking and what they may see: an SPO sees the cases of
the PDUs and PODs named on their account and nothing else; only an SPO decides or re-solves;
every form carries the session's CSRF token; every page with personal data is sent with
``Cache-Control: no-store``. A page is JSON when asked with ``Accept: application/json`` (or
``?format=json``), built from the same data as the HTML.
"""

import logging
import secrets
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.datastructures import UploadFile
from starlette.middleware.sessions import SessionMiddleware

from allocator import SolveSettings
from allocator.io.errors import InputError
from allocator.store import BadRequest, Conflict, DecisionRequest, NotFound, StoreError
from allocator.store.accounts import User, UserStore
from allocator.store.deciding import REASON_CODES, assignment_after, rule_breaches
from allocator.store.resolve import ResolveFailed
from allocator.web import views
from allocator.web.auth import (
    SESSION_USER,
    SignInLimiter,
    csrf_ok,
    csrf_token,
    current_user,
)
from allocator.web.desk import Desk, Loaded, Superseded
from allocator.web.exports import as_csv, as_xlsx, day_entries
from allocator.web.scope import may_see_case, may_see_pdu
from allocator.web.upload import read_upload
from models.policy import Policy
from models.scenario import Scenario

log = logging.getLogger("allocator.web")
_HERE = Path(str(resources.files("allocator.web")))
ACTIONS = ("approve", "override", "reject")


@dataclass
class WebConfig:
    """How the service runs: where the record is, who vouches for identity, TLS or not."""

    db: str
    scenario: Scenario
    policy: Policy
    secret_key: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    identity_header: str | None = None
    https: bool = False
    settings: SolveSettings | None = None
    limiter: SignInLimiter = field(default_factory=SignInLimiter)


class Refused(Exception):
    """A request the user may not make, or that names nothing they may see."""

    def __init__(self, status: int, title: str, message: str, link: str | None = None) -> None:
        super().__init__(message)
        self.status, self.title, self.message, self.link = status, title, message, link


def _web_words(message: str) -> str:
    """The store's messages speak of command-line flags; say the same in the page's words."""
    for flag, words in (
        ("--reason-code", "a reallocation reason"),
        ("--accept-rule-breach", "the acknowledgement"),
        ("--reason", "the reason"),
        ("--supersedes", "the latest decision"),
        ("--by", "your name"),
    ):
        message = message.replace(flag, words)
    return message


def create_app(config: WebConfig) -> FastAPI:
    """The service for one database and one day (the default day until one is uploaded)."""
    users = UserStore(config.db)
    users.ensure()
    desk = Desk(config.db, config.scenario, config.policy, config.settings)
    config.limiter.attach(desk.shared)  # every process on the database counts the same failures
    templates = Jinja2Templates(directory=str(_HERE / "templates"))
    templates.env.globals["reason_codes"] = REASON_CODES
    app = FastAPI(title="Allocate cases", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.desk, app.state.users, app.state.config = desk, users, config
    app.mount("/assets", StaticFiles(directory=str(_HERE / "static")), name="assets")

    @app.middleware("http")
    async def headers(request: Request, call_next: Any) -> Response:
        response: Response = await call_next(request)
        if not request.url.path.startswith("/assets/"):
            response.headers["Cache-Control"] = "no-store"
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Referrer-Policy"] = "same-origin"
        response.headers["Content-Security-Policy"] = (
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
            "form-action 'self'; frame-ancestors 'none'"
        )
        return response

    app.add_middleware(
        SessionMiddleware,
        secret_key=config.secret_key,
        session_cookie="allocator_session",
        same_site="lax",
        https_only=config.https,
        max_age=8 * 3600,
    )

    # Helpers ---------------------------------------------------------------------------------

    def wants_json(request: Request) -> bool:
        accept = request.headers.get("accept", "")
        return request.query_params.get("format") == "json" or (
            "application/json" in accept and "text/html" not in accept
        )

    def page(
        request: Request, template: str, data: dict[str, Any], user: User | None, status: int = 200
    ) -> Response:
        if wants_json(request):
            return JSONResponse(data, status_code=status)
        flash = request.session.pop("flash", None)
        context = {
            "request": request,
            "user": user,
            "csrf": csrf_token(request),
            "flash": flash,
            "sso": bool(config.identity_header),
            **data,
        }
        return templates.TemplateResponse(request, template, context, status_code=status)

    def user_or_none(request: Request) -> User | None:
        return current_user(request, users, config.identity_header)

    def need_user(request: Request) -> User:
        user = user_or_none(request)
        if user is None:
            raise Refused(401, "Sign in", "Sign in to continue.", "/sign-in")
        return user

    def need_pdu(user: User, pdu_id: str) -> None:
        if pdu_id not in {p.id for p in desk.scenario.pdus}:
            raise Refused(404, "Page not found", f"There is no PDU {pdu_id} in today's day.")
        if not may_see_pdu(user, pdu_id, desk.pods_of(pdu_id)):
            log.info("refused: %s asked for PDU %s", user.name, pdu_id)
            raise Refused(
                403,
                "You do not have access to this PDU",
                f"Your account is not named for PDU {pdu_id}: its cases are not shown to you.",
                "/cases",
            )

    def visible(user: User, item: Loaded) -> set[str]:
        return {c.id for c in item.day.cases if may_see_case(user, c)}

    def need_case(user: User, item: Loaded, cid: str) -> None:
        if cid not in item.day.case_by_id:
            raise Refused(404, "Page not found", f"Case {cid} is not in {item.saved.id}.")
        if cid not in visible(user, item):
            raise Refused(
                403,
                "You do not have access to this case",
                f"Case {cid} is not in a PDU or POD named on your account.",
                "/cases",
            )

    def load(user: User, proposal_id: str) -> Loaded:
        try:
            item = desk.loaded(proposal_id)
        except NotFound:
            raise Refused(404, "Page not found", f"There is no proposal {proposal_id}.") from None
        pods = {p.id for p in item.saved.scenario.pods if p.pdu_id == item.pdu_id}
        if not may_see_pdu(user, item.pdu_id, pods):
            raise Refused(
                403,
                "You do not have access to this PDU",
                f"Your account is not named for PDU {item.pdu_id}.",
                "/cases",
            )
        return item

    def check_form(request: Request, form: Any, user: User) -> None:
        if not csrf_ok(request, form.get("csrf_token")):
            log.info("refused: CSRF token missing or wrong for %s", user.name)
            raise Refused(
                403,
                "The form has expired",
                "The form was not sent from this service's own page (its security token was "
                "missing or out of date). Nothing was recorded. Go back, reload the page and "
                "try again.",
            )

    @app.exception_handler(Refused)
    async def refused(request: Request, err: Refused) -> Response:
        if err.status == 401 and not wants_json(request):
            return RedirectResponse(
                "/sign-in?next=" + quote(request.url.path, safe="/"), status_code=303
            )
        data = {"error": err.title, "message": err.message, "link": err.link}
        return page(request, "message.html", data, user_or_none(request), err.status)

    @app.exception_handler(StoreError)
    async def store_error(request: Request, err: StoreError) -> Response:
        data = {"error": "Something went wrong with the record", "message": str(err), "link": None}
        return page(request, "message.html", data, user_or_none(request), 503)

    # Sign in -----------------------------------------------------------------------------------

    @app.get("/", include_in_schema=False)
    def home() -> Response:
        return RedirectResponse("/cases", status_code=303)

    @app.get("/sign-in")
    def sign_in_form(request: Request, next: str = "/cases") -> Response:
        if config.identity_header:
            return RedirectResponse("/cases", status_code=303)
        return page(request, "sign_in.html", {"next": next, "errors": [], "name": ""}, None)

    @app.post("/sign-in")
    async def sign_in(request: Request) -> Response:
        form = await request.form()
        name = str(form.get("name", "")).strip()
        password = str(form.get("password", ""))
        target = str(form.get("next", "/cases"))
        if not target.startswith("/") or target.startswith(("//", "/\\")):
            target = "/cases"
        errors = []
        if not csrf_ok(request, form.get("csrf_token")):
            errors.append(("name", "The form has expired: try again"))
        if not name:
            errors.append(("name", "Enter your user name"))
        if not password:
            errors.append(("password", "Enter your password"))
        client = request.client.host if request.client else "unknown"
        keys = (f"name:{name.lower()}", f"addr:{client}")
        if not errors and config.limiter.blocked(*keys):
            log.warning("sign-in refused: too many attempts for %s", name)
            data = {
                "next": target,
                "name": name,
                "errors": [("name", "Too many failed attempts: wait 5 minutes and try again")],
            }
            return page(request, "sign_in.html", data, None, 429)
        user = None if errors else users.authenticate(name, password)
        if user is None:
            status = 400 if errors else 401
            if not errors:
                config.limiter.failed(*keys)
                # the name only when it is an account: a password typed into it stays out
                known = users.get(name) is not None
                log.info("sign-in failed for %s", name if known else "an unknown name")
                errors.append(("name", "Enter a correct user name and password"))
            data = {"next": target, "name": name, "errors": errors}
            return page(request, "sign_in.html", data, None, status)
        config.limiter.succeeded(keys[0])
        request.session.clear()
        request.session[SESSION_USER] = user.name
        log.info("signed in: %s (%s)", user.name, user.role)
        return RedirectResponse(target, status_code=303)

    @app.post("/sign-out")
    async def sign_out(request: Request) -> Response:
        form = await request.form()
        if csrf_ok(request, form.get("csrf_token")):
            request.session.clear()
        return RedirectResponse("/sign-in", status_code=303)

    # The day's cases ---------------------------------------------------------------------------

    @app.get("/cases")
    def pdus(request: Request) -> Response:
        user = need_user(request)
        mine = [
            {"id": p.id, "name": p.name}
            for p in desk.scenario.pdus
            if may_see_pdu(user, p.id, desk.pods_of(p.id))
        ]
        if len(mine) == 1 and not wants_json(request):
            return RedirectResponse(f"/pdus/{mine[0]['id']}/cases", status_code=303)
        return page(request, "pdus.html", {"date": desk.date.isoformat(), "pdus": mine}, user)

    @app.get("/pdus/{pdu_id}/cases")
    def cases(request: Request, pdu_id: str) -> Response:
        user = need_user(request)
        need_pdu(user, pdu_id)
        item = desk.current(pdu_id)
        rows = views.case_rows(item, desk.states(item.saved.id), visible(user, item))
        data = {
            "pdu_id": pdu_id,
            "pdu_name": item.day.pdus[pdu_id].name,
            "date": item.day.date.isoformat(),
            "proposal_id": item.saved.id,
            "cases": rows,
        }
        return page(request, "cases.html", data, user)

    @app.get("/pdus/{pdu_id}/cases/{case_id}")
    def case_summary(request: Request, pdu_id: str, case_id: str) -> Response:
        user = need_user(request)
        need_pdu(user, pdu_id)
        item = desk.current(pdu_id)
        need_case(user, item, case_id)
        data = {"proposal_id": item.saved.id, "case": views.summary_of(item, case_id)}
        return page(request, "case.html", data, user)

    @app.get("/pdus/{pdu_id}/proposal")
    def current_proposal(request: Request, pdu_id: str) -> Response:
        user = need_user(request)
        need_pdu(user, pdu_id)
        return show_proposal(request, user, desk.current(pdu_id))

    @app.get("/proposals/{proposal_id}")
    def proposal(request: Request, proposal_id: str) -> Response:
        user = need_user(request)
        return show_proposal(request, user, load(user, proposal_id))

    def show_proposal(request: Request, user: User, item: Loaded) -> Response:
        states = desk.states(item.saved.id)
        data = views.proposal_view(item, states, visible(user, item))
        data["current_id"] = desk.current_id(item.pdu_id)
        data["versions"] = desk.versions(item.pdu_id, item.saved.scenario.date)
        return page(request, "proposal.html", data, user)

    # Choose and decide -------------------------------------------------------------------------

    def choose_data(
        item: Loaded, cid: str, sort: str = "after", order: str = "asc"
    ) -> dict[str, Any]:
        states = {s.case_id: s for s in desk.states(item.saved.id)}
        names = {p.id: p.name for p in item.day.staff}
        line = next((x for x in item.saved.proposal.lines if x.case_id == cid), None)
        blocked = next((b for b in item.saved.proposal.blocked if b.case_id == cid), None)
        state = states.get(cid)
        live = views.live_on(desk.decisions(item.saved.id), cid)
        return {
            "proposal_id": item.saved.id,
            "pdu_id": item.pdu_id,
            "current_id": desk.current_id(item.pdu_id),
            "case": views.summary_of(item, cid),
            "line": None
            if line is None
            else {
                "practitioner_id": line.practitioner_id,
                "practitioner_name": line.practitioner_name,
                "grade": line.grade,
                "workload_before_pct": line.workload_before_pct,
                "workload_after_pct": line.workload_after_pct,
                "reason": line.reason,
            },
            "blocked": None
            if blocked is None
            else {
                "reason": blocked.reason,
                "rules": [views.rule_title(r) for r in blocked.blocking_rules],
            },
            "decision": views.decision_view(state.decision if state else None, names),
            "supersedes": live,
            "table": views.practitioner_table(
                item, desk.decisions(item.saved.id), cid, sort, order
            ),
            "errors": [],
            "values": {},
            "breaches": [],
        }

    @app.get("/proposals/{proposal_id}/cases/{case_id}")
    def choose(
        request: Request, proposal_id: str, case_id: str, sort: str = "after", order: str = "asc"
    ) -> Response:
        user = need_user(request)
        item = load(user, proposal_id)
        need_case(user, item, case_id)
        return page(request, "choose.html", choose_data(item, case_id, sort, order), user)

    @app.get("/pdus/{pdu_id}/practitioners/{practitioner_id}")
    def practitioner(request: Request, pdu_id: str, practitioner_id: str) -> Response:
        user = need_user(request)
        need_pdu(user, pdu_id)
        item = desk.current(pdu_id)
        if item.day.pdu_of_staff.get(practitioner_id) != pdu_id:
            raise Refused(
                404, "Page not found", f"There is no practitioner {practitioner_id} in {pdu_id}."
            )
        data = views.practitioner_overview(
            item,
            desk.decisions(item.saved.id),
            desk.states(item.saved.id),
            practitioner_id,
            visible(user, item),
        )
        return page(request, "practitioner.html", data, user)

    @app.post("/proposals/{proposal_id}/cases/{case_id}/decision")
    async def decision(request: Request, proposal_id: str, case_id: str) -> Response:
        user = need_user(request)
        form = await request.form()
        check_form(request, form, user)
        item = load(user, proposal_id)
        need_case(user, item, case_id)
        if not user.may_decide:
            raise Refused(403, "You cannot decide", "Only an SPO records decisions.", "/cases")
        action = str(form.get("action", ""))
        practitioner = str(form.get("practitioner_id", "")).strip() or None
        reason = str(form.get("reason", "")).strip()
        code = str(form.get("reason_code", "")).strip() or None
        ack = form.get("accept_rule_breach") == "yes"
        supersedes = str(form.get("supersedes", "")).strip() or None
        values = {
            "action": action,
            "practitioner_id": practitioner,
            "reason": reason,
            "reason_code": code,
        }
        errors: list[tuple[str, str]] = []
        breaches: list[dict[str, str]] = []
        if action not in ACTIONS:
            errors.append(("action", "Choose approve, override or reject"))
        if action == "override" and not practitioner:
            errors.append(("practitioner_id", "Choose the practitioner who takes the case"))
        if not reason:
            errors.append(("reason", "Enter the reason for your decision, in your own words"))
        if code is not None and code not in REASON_CODES:
            errors.append(("reason_code", "Choose a reallocation reason from the list"))
        if action == "override" and practitioner and practitioner in item.day.staff_by_id:
            others = assignment_after(item.saved.proposal, desk.decisions(proposal_id))
            others.pop(case_id, None)
            found = rule_breaches(item.day, others, case_id, practitioner)
            breaches = [
                {"rule": b.rule, "title": views.rule_title(b.rule), "sentence": b.message}
                for b in found
            ]
            if found and not ack:
                errors.append(
                    (
                        "accept_rule_breach",
                        f"Giving this case to {item.day.staff_by_id[practitioner].name} breaks "
                        f"{len(found)} hard rule(s): "
                        + "; ".join(b["title"] for b in breaches)
                        + ". To record it anyway, tick the box to accept the breach",
                    )
                )
        status = 400
        if not errors:
            request_ = DecisionRequest(
                proposal_id=proposal_id,
                case_id=case_id,
                action=action,
                decided_by=user.name,
                reason=reason,
                practitioner_id=practitioner if action == "override" else None,
                reason_code=code if action != "reject" else None,
                accept_rule_breach=ack,
                supersedes=supersedes,
            )
            try:
                d = desk.decide(request_)
            except Superseded as err:
                raise Refused(
                    409,
                    "This version has been superseded",
                    str(err),
                    f"/proposals/{err.current}/cases/{case_id}",
                ) from None
            except Conflict as err:
                errors.append(("action", _web_words(str(err))))
                status = 409
            except BadRequest as err:
                errors.append(("action", _web_words(str(err))))
            else:
                log.info("decision %s recorded on %s by %s", d.id, proposal_id, user.name)
                request.session["flash"] = (
                    f"Decision {d.id} recorded: {case_id} "
                    + {"approve": "approved", "override": "overridden", "reject": "rejected"}[
                        d.action
                    ]
                    + ("; the rule breach is on record and flagged" if d.breach_accepted else "")
                    + "."
                )
                if wants_json(request):
                    return JSONResponse(
                        views.decision_view(d, {p.id: p.name for p in item.day.staff}),
                        status_code=201,
                    )
                return RedirectResponse(f"/proposals/{proposal_id}", status_code=303)
        data = choose_data(item, case_id)
        data.update(errors=errors, values=values, breaches=breaches)
        return page(request, "choose.html", data, user, status)

    # Re-solve ------------------------------------------------------------------------------

    @app.post("/proposals/{proposal_id}/resolve")
    async def resolve(request: Request, proposal_id: str) -> Response:
        user = need_user(request)
        form = await request.form()
        check_form(request, form, user)
        item = load(user, proposal_id)
        if not user.may_decide:
            raise Refused(403, "You cannot re-solve", "Only an SPO re-solves the day.", "/cases")
        try:
            r = desk.resolve(proposal_id)
        except Superseded as err:
            raise Refused(
                409, "This version has been superseded", str(err), f"/proposals/{err.current}"
            ) from None
        except Conflict as err:
            raise Refused(
                409, "The re-solve was not saved", str(err), f"/proposals/{proposal_id}"
            ) from None
        except ResolveFailed as err:
            raise Refused(
                500,
                "The re-solve was not saved",
                "The re-solved proposal broke a hard rule that no accepted override explains "
                f"({len(err.violations)} finding(s)); nothing was saved. Please report this.",
                f"/proposals/{proposal_id}",
            ) from None
        log.info("re-solved %s into %s by %s", proposal_id, r.saved.id, user.name)
        del item
        if wants_json(request):
            return JSONResponse({"proposal_id": r.saved.id, "previous_id": proposal_id}, 201)
        return RedirectResponse(f"/proposals/{r.saved.id}/changes", status_code=303)

    @app.get("/proposals/{proposal_id}/changes")
    def changes(request: Request, proposal_id: str) -> Response:
        user = need_user(request)
        item = load(user, proposal_id)
        prev_id = item.saved.previous_id
        rows: list[dict[str, Any]] = []
        proven = item.saved.proposal.run.status == "OPTIMAL"
        if prev_id is not None:
            before = desk.loaded(prev_id)
            rows = views.changes_view(before, item, desk.states(prev_id), visible(user, item))
        data = {
            "proposal_id": proposal_id,
            "previous_id": prev_id,
            "pdu_id": item.pdu_id,
            "changes": rows,
            "undecided_why": views.undecided_move_reason(item),
            "proven": proven,
        }
        return page(request, "changes.html", data, user)

    # Oversight and audit -------------------------------------------------------------------

    def oversight_of(user: User, pdu_id: str) -> list[Any]:
        need_pdu(user, pdu_id)
        desk.current(pdu_id)
        seen = {c.id for c in desk.scenario.cases if may_see_case(user, c)}
        return day_entries(desk, pdu_id, seen)

    @app.get("/pdus/{pdu_id}/oversight")
    def oversight(request: Request, pdu_id: str) -> Response:
        user = need_user(request)
        entries = oversight_of(user, pdu_id)
        data = {
            "pdu_id": pdu_id,
            "date": desk.date.isoformat(),
            "versions": desk.versions(pdu_id),
            "entries": [e.__dict__ for e in entries],
        }
        return page(request, "oversight.html", data, user)

    @app.get("/pdus/{pdu_id}/oversight.csv")
    def oversight_csv(request: Request, pdu_id: str) -> Response:
        user = need_user(request)
        text = as_csv(oversight_of(user, pdu_id))
        name = f"oversight-{pdu_id}-{desk.date.isoformat()}.csv"
        return Response(
            text,
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )

    @app.get("/pdus/{pdu_id}/oversight.xlsx")
    def oversight_xlsx(request: Request, pdu_id: str) -> Response:
        user = need_user(request)
        body = as_xlsx(oversight_of(user, pdu_id))
        name = f"oversight-{pdu_id}-{desk.date.isoformat()}.xlsx"
        return Response(
            body,
            media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )

    @app.get("/audit")
    def audit(request: Request) -> Response:
        user = need_user(request)
        report = desk.store().verify()
        data = {
            "verified": not report.problems,
            "problems": report.problems,
            "records": report.records,
            "proposals": report.proposals,
            "decisions": report.decisions,
            "head_hash": report.head.hash,
            "head_record": report.head.record_id,
            "head_seq": report.head.seq,
        }
        return page(request, "audit.html", data, user)

    # Upload ----------------------------------------------------------------------------------

    @app.get("/upload")
    def upload_form(request: Request) -> Response:
        user = need_user(request)
        if not user.may_upload:
            raise Refused(403, "You cannot upload", "Only an SPO or a planner uploads the day.")
        return page(request, "upload.html", {"errors": [], "date": desk.date.isoformat()}, user)

    @app.post("/upload")
    async def upload(request: Request) -> Response:
        user = need_user(request)
        form = await request.form()
        check_form(request, form, user)
        if not user.may_upload:
            raise Refused(403, "You cannot upload", "Only an SPO or a planner uploads the day.")
        file = form.get("file")
        errors: list[tuple[str, str]] = []
        if not isinstance(file, UploadFile) or not file.filename:
            errors.append(
                ("file", "Select the day's file (a scenario .json or a zipped CSV folder)")
            )
        else:
            content = await file.read()
            try:
                scenario, policy = read_upload(file.filename, content)
            except InputError as err:
                errors += [("file", p) for p in err.problems[:50]]
                if len(err.problems) > 50:
                    errors.append(("file", f"... and {len(err.problems) - 50} more problems"))
            else:
                desk.set_day(scenario, policy, user.name)
                log.info("day uploaded by %s: %s cases", user.name, len(scenario.cases))
                request.session["flash"] = (
                    f"Uploaded the day of {scenario.date.isoformat()}: "
                    f"{len(scenario.cases)} cases, {len(scenario.practitioners)} staff."
                )
                return RedirectResponse("/cases", status_code=303)
        data = {"errors": errors, "date": desk.date.isoformat()}
        return page(request, "upload.html", data, user, 400)

    return app
