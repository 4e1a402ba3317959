"""Schemathesis hooks of tools/api-fuzz/run.sh: keep what the service calls on loopback, and keep
the one channel whose callback secret the fuzzer knows.

Channel `base_url` values and slot `branch_hooks` URLs are addresses the service later calls
(callback registration, template reads, sends, hook POSTs). Generated ones name hosts anywhere
(`https://0.com`), and a channel created without `base_url` falls back to 360dialog's real host.
Before each request this hook points every http(s) URL in those fields at the 360dialog mock the run
started on 127.0.0.1 (FUZZ_MOCK_URL), gives a new channel the mock as its `base_url` when the body
names none, and registers every generated API key with the mock so its answers are the real ones
(200 with the registration or the template list) rather than a refusal.

Only values the server could accept as a URL are replaced, and by another acceptable URL, so a
schema-valid request stays valid and a schema-violating one stays invalid (a non-string, or a string
that is no http(s) URL, is left as generated). The service runs with its fetch limited to loopback as
well (service.ts): a URL this hook misses is refused inside the service, never sent.

The callback operation needs a channel and its secret (schemathesis.toml names both), so the hooks
create channel `api-fuzz-callbacks` once the document is loaded. The fuzzer learns ids from
responses and may delete or change that channel like any other; the request goes through and is
judged as generated, and the channel is put back right after it.
"""

import os
import re

import requests
import schemathesis

MOCK_URL = os.environ["FUZZ_MOCK_URL"].rstrip("/")
SERVICE_URL = os.environ["FUZZ_SERVICE_URL"].rstrip("/")
ADMIN = {"Authorization": f"Bearer {os.environ['FUZZ_ADMIN_TOKEN']}"}
FIXTURE_COMPANY = 2147483000
FIXTURE_CHANNEL = "api-fuzz-callbacks"
FIXTURE = {
    "kind": "360dialog-cloud",
    "base_url": MOCK_URL,
    "api_key": "api-fuzz-callbacks-key",
    "callback_secret": os.environ["FUZZ_CALLBACK_SECRET"],
    "active": True,
}
# WHATWG URL parsing (the service's `new URL`) strips leading C0 controls and spaces and drops tabs
# and newlines anywhere, so "\t https://x" is an https URL to it; match the same way.
_HTTP_URL = re.compile(r"^[\x00-\x20]*h[\t\n\r]*t[\t\n\r]*t[\t\n\r]*p[\t\n\r]*s?[\t\n\r]*:", re.IGNORECASE)
_CHANNEL_CREATE = re.compile(r"^/admin/companies/\{companyId\}/channels$")
_CHANNEL_WRITE = re.compile(r"^/admin/(companies/\{companyId\}/channels|channels/\{channelId\})$")


def _is_http_url(value):
    return isinstance(value, str) and _HTTP_URL.match(value) is not None


def _base_url(value):
    """An http(s) URL becomes the mock. One with `@`, `?` or `#` is left alone: the server refuses
    credentials, a query or a fragment (a 400, no call), and should it accept one, the service's
    loopback-only fetch refuses the call."""
    if not _is_http_url(value) or any(c in value for c in "@?#"):
        return value
    return MOCK_URL


def _hook_url(value):
    return MOCK_URL + "/__fuzz/branch-hook" if _is_http_url(value) else value


def _register_key(body):
    key = body.get("api_key")
    if not isinstance(key, str) or not key.strip():
        return
    flavour = "onprem" if body.get("kind") == "360dialog" else "cloud"
    try:
        requests.post(f"{MOCK_URL}/__mock/keys", json={"key": key, "flavour": flavour}, timeout=5)
    except requests.RequestException:
        pass  # the mock is away: the calls that need it then fail the run with a 502, as they should


def _loopback_only(body, path, method):
    if "base_url" in body:
        body["base_url"] = _base_url(body["base_url"])
    elif method == "POST" and _CHANNEL_CREATE.match(path):
        body["base_url"] = MOCK_URL
    hooks = body.get("branch_hooks")
    if isinstance(hooks, dict):
        for branch in list(hooks):
            hooks[branch] = _hook_url(hooks[branch])
    settings = body.get("settings")  # a slot preview's draft settings
    if isinstance(settings, dict):
        _loopback_only(settings, "", "")
    if _CHANNEL_WRITE.match(path):
        _register_key(body)


@schemathesis.hook
def before_call(context, case, kwargs):
    if isinstance(case.body, dict):
        _loopback_only(case.body, case.operation.path, case.operation.method.upper())


def _admin(method, path, body):
    response = requests.request(method, f"{SERVICE_URL}{path}", json=body, headers=ADMIN, timeout=30)
    return response.status_code


def _put_fixture_back():
    """Creates the callback channel, or sets it back to its fixture values when it exists."""
    status = _admin("PATCH", f"/admin/channels/{FIXTURE_CHANNEL}", FIXTURE)
    if status == 404:
        status = _admin("POST", f"/admin/companies/{FIXTURE_COMPANY}/channels", {"id": FIXTURE_CHANNEL, **FIXTURE})
    if status >= 300:
        raise RuntimeError(f"could not set up channel {FIXTURE_CHANNEL}: HTTP {status}")


@schemathesis.hook
def after_load_schema(context, schema):
    _register_key(FIXTURE)
    if _admin("POST", "/admin/companies", {"id": FIXTURE_COMPANY}) not in (201, 409):
        raise RuntimeError(f"could not create company {FIXTURE_COMPANY}")
    _put_fixture_back()


@schemathesis.hook
def after_call(context, case, response):
    touched = (case.path_parameters or {}).get("channelId") == FIXTURE_CHANNEL
    if touched and case.method.upper() in ("PATCH", "DELETE") and response.status_code < 300:
        _put_fixture_back()
