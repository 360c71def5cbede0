"""A small HTTP client that behaves like a browser filling in the portal's forms.

It keeps cookies (session, CSRF), reads a form's fields from the page the way a browser
would submit them, does not follow redirects (a save answers 302), and records every
request with its status and duration. No request waits longer than its timeout: a request
that does is recorded as a hung one.
"""

import http.cookiejar
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from html.parser import HTMLParser

REQUEST_TIMEOUT_SECONDS = 20.0
# What the portal's own error pages (500 and 503) carry, and a traceback page would not.
ERROR_PAGE_MARKER = "· Exchange Portal</title>"


@dataclass(frozen=True)
class Response:
    method: str
    path: str
    status: int  # 0: no HTTP answer (connection refused or reset, or timed out)
    body: str
    location: str
    started: float  # time.monotonic() when the request was sent
    seconds: float
    error: str = ""

    @property
    def redirected(self) -> bool:
        return self.status == 302

    @property
    def is_clean_error(self) -> bool:
        """A server error answered with the portal's error page, in good time."""
        return self.status in (500, 503) and ERROR_PAGE_MARKER in self.body

    @property
    def timed_out(self) -> bool:
        return self.status == 0 and "timed out" in self.error


@dataclass
class RequestLog:
    """Every response of a drill, from all its client threads."""

    responses: list[Response] = field(default_factory=list)
    # Requests sent and not answered yet, by (method, path).
    in_flight: dict[tuple[str, str], int] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def sending(self, method: str, path: str, delta: int) -> None:
        with self._lock:
            self.in_flight[method, path] = self.in_flight.get((method, path), 0) + delta

    def sent_and_waiting(self, method: str, path_prefix: str) -> int:
        with self._lock:
            return sum(
                count
                for (m, path), count in self.in_flight.items()
                if m == method and path.startswith(path_prefix)
            )

    def add(self, response: Response) -> None:
        with self._lock:
            self.responses.append(response)

    def between(self, start: float, end: float) -> "RequestLog":
        """The requests sent in [start, end) (time.monotonic() values)."""
        return RequestLog([r for r in self.responses if start <= r.started < end])

    def by_status(self) -> dict[int, int]:
        counts: dict[int, int] = {}
        for response in self.responses:
            counts[response.status] = counts.get(response.status, 0) + 1
        return dict(sorted(counts.items()))

    def slowest(self) -> float:
        return max((response.seconds for response in self.responses), default=0.0)

    def percentile(self, fraction: float) -> float:
        durations = sorted(response.seconds for response in self.responses)
        if not durations:
            return 0.0
        return durations[min(len(durations) - 1, int(fraction * len(durations)))]

    def server_errors(self) -> list[Response]:
        return [r for r in self.responses if r.status >= 500 or r.status == 0]

    def unclean(self) -> list[Response]:
        """Answers that are neither a success, a redirect, nor the portal's error page."""
        return [
            r
            for r in self.responses
            if not (200 <= r.status < 400 or r.is_clean_error or r.status == 429)
        ]


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """One simulated user: cookies of its own, and optionally a client address that a
    trusted proxy would put in X-Forwarded-For."""

    def __init__(
        self,
        base_url: str,
        *,
        log: RequestLog,
        forwarded_for: str | None = None,
        timeout: float = REQUEST_TIMEOUT_SECONDS,
    ):
        self.base_url = base_url
        self.log = log
        self.forwarded_for = forwarded_for
        self.timeout = timeout
        self.cookies = http.cookiejar.CookieJar()
        self._opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirects
        )

    def get(self, path: str) -> Response:
        return self._request("GET", path)

    def post(self, path: str, form: "FormData") -> Response:
        return self._request("POST", path, urllib.parse.urlencode(form.pairs()).encode())

    def log_in(self, username: str, password: str) -> Response:
        page = self.get("/accounts/login/")
        form = FormData.from_page(page.body, containing="username")
        form.set("username", username)
        form.set("password", password)
        return self.post("/accounts/login/", form)

    def _request(self, method: str, path: str, data: bytes | None = None) -> Response:
        # The drill's own portal on http://127.0.0.1, never a URL from elsewhere.
        request = urllib.request.Request(self.base_url + path, data=data, method=method)  # noqa: S310
        request.add_header("Referer", self.base_url + path)
        if self.forwarded_for:
            request.add_header("X-Forwarded-For", self.forwarded_for)
        started = time.monotonic()
        status, body, location, error = 0, "", "", ""
        self.log.sending(method, path, 1)
        try:
            with self._opener.open(request, timeout=self.timeout) as answer:
                status, body = answer.status, answer.read().decode(errors="replace")
        except urllib.error.HTTPError as answer:
            status = answer.code
            location = answer.headers.get("Location", "")
            try:
                body = answer.read().decode(errors="replace")
            except OSError as read_error:
                error = f"{type(read_error).__name__}: {read_error}"
        except (OSError, urllib.error.URLError) as failure:
            error = f"{type(failure).__name__}: {failure}"
        finally:
            self.log.sending(method, path, -1)
        response = Response(
            method=method,
            path=path,
            status=status,
            body=body,
            location=location,
            started=started,
            seconds=time.monotonic() - started,
            error=error,
        )
        self.log.add(response)
        return response


class FormData:
    """A form's fields as a browser submits them: name -> values, in page order."""

    def __init__(self, fields: dict[str, list[str]]):
        self.fields = fields

    @classmethod
    def from_page(cls, html: str, *, containing: str) -> "FormData":
        """The fields of the page's first form that has a field named `containing`."""
        parser = _FormParser()
        parser.feed(html)
        parser.close()
        for form in parser.forms:
            if containing in form:
                return cls(form)
        raise LookupError(f"No form with a field {containing!r} on the page")

    def get(self, name: str) -> str:
        values = self.fields.get(name, [])
        return values[0] if values else ""

    def set(self, name: str, value: str | list[str] | None) -> None:
        """Set a field; a list for a multiple select, None to leave it out (unchecked)."""
        if value is None:
            self.fields.pop(name, None)
        else:
            self.fields[name] = (
                [str(item) for item in value] if isinstance(value, list) else [str(value)]
            )

    def names(self, prefix: str = "") -> list[str]:
        return [name for name in self.fields if name.startswith(prefix)]

    def pairs(self) -> list[tuple[str, str]]:
        return [(name, value) for name, values in self.fields.items() for value in values]


class _FormParser(HTMLParser):
    """Collects each <form>'s successful controls (HTML's "form submission" rules, simply)."""

    SKIPPED_INPUTS = {"submit", "button", "image", "reset", "file"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict[str, list[str]]] = []
        self._form: dict[str, list[str]] | None = None
        self._select: dict | None = None
        self._option: dict | None = None
        self._textarea: dict | None = None
        # Rows in a <template> (a formset's empty row for scripts to copy) are not sent.
        self._template_depth = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "template":
            self._template_depth += 1
        if tag == "form":
            self._form = {}
            self.forms.append(self._form)
        if self._form is None or self._template_depth or "disabled" in attributes:
            return
        name = attributes.get("name")
        if tag == "input" and name:
            kind = (attributes.get("type") or "text").lower()
            if kind in self.SKIPPED_INPUTS:
                return
            if kind in ("checkbox", "radio") and "checked" not in attributes:
                return
            default = "on" if kind in ("checkbox", "radio") else ""
            self._form.setdefault(name, []).append(attributes.get("value") or default)
        elif tag == "select" and name:
            self._select = {"name": name, "multiple": "multiple" in attributes, "options": []}
        elif tag == "option" and self._select is not None:
            self._option = {
                "value": attributes.get("value"),
                "text": "",
                "selected": "selected" in attributes,
            }
            self._select["options"].append(self._option)
        elif tag == "textarea" and name:
            self._textarea = {"name": name, "text": ""}

    def handle_data(self, data):
        if self._option is not None:
            self._option["text"] += data
        if self._textarea is not None:
            self._textarea["text"] += data

    def handle_endtag(self, tag):
        if tag == "template":
            self._template_depth -= 1
        elif tag == "form":
            self._form = None
        elif tag == "option":
            self._option = None
        elif tag == "select" and self._select is not None:
            self._finish_select()
        elif tag == "textarea" and self._textarea is not None:
            # A browser drops the newline right after <textarea>.
            text = self._textarea["text"].removeprefix("\r\n").removeprefix("\n")
            self._form.setdefault(self._textarea["name"], []).append(text)
            self._textarea = None

    def _finish_select(self):
        select, self._select = self._select, None
        options = select["options"]
        values = [
            option["value"] if option["value"] is not None else option["text"].strip()
            for option in options
            if option["selected"]
        ]
        if not values and options and not select["multiple"]:
            first = options[0]
            values = [first["value"] if first["value"] is not None else first["text"].strip()]
        if values:
            self._form.setdefault(select["name"], []).extend(values)
