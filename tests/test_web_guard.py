"""The web page's security rules, each through HTTP: CSRF, unit isolation, dead links, limits, logins, errors."""

from __future__ import annotations

import hmac
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from web_support import PASSWORD, add_units, csrf, links, log_in, new_data, running, send, sentence, text

from generator.web import office, work
from generator.web.security import FAILURE_WINDOW
from generator.web.sniff import MAX_UPLOAD
from generator.web.store import Store

TOWN = "测试县测试镇人民政府"
BUREAU = "测试县教育局"
BAD_LINK = "链接无效或已停用，请向县政府信息公开办公室索取新链接。"
EXPIRED = "页面已过期，请刷新后重新提交。"
TOO_LARGE = "文件超过20MB，请检查是否选错了文件。"
REPORT = Path(__file__).parent.parent / "templates" / "report.docx"  # a Word document, zipped like a workbook
# Every route a unit's link opens: (method, the part after /u/TOKEN)
UNIT_ROUTES = [
    ("GET", ""),
    ("GET", "/workbook.xlsx"),
    ("POST", "/upload"),
    ("POST", "/previous"),
    ("POST", "/final"),
    ("GET", "/report.docx"),
    ("GET", "/report.pdf"),
    ("GET", "/uploads/1"),
]


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return new_data(tmp_path / "数据")


@pytest.fixture
def two_units(data, make_workbook):
    """A client logged in as the office, and the links of two units, the first with a workbook sent (upload 1)."""
    good = make_workbook("白杨镇.xlsx")
    with running(data) as client:
        log_in(client)
        units = add_units(client, TOWN, BUREAU)
        send(client, units[TOWN], good.name, good.read_bytes())
        yield client, units


def _ask(client, method: str, url: str, page_csrf: str = ""):
    if method == "GET":
        return client.get(url)
    return client.post(
        url, data={"csrf": page_csrf}, files={"workbook": ("a.xlsx", b"x"), "report": ("a.pdf", b"x")}
    )


@pytest.mark.parametrize(("method", "route"), UNIT_ROUTES)
def test_a_wrong_or_revoked_link_opens_nothing_on_any_unit_route(two_units, method, route):
    client, units = two_units
    town = units[TOWN]
    page_csrf = csrf(client.get(town).text)
    token = town.rsplit("/", 1)[1]
    for wrong in (f"/u/{token[:-1]}", f"/u/{token}x", "/u/", f"/u/{token.upper()}"):
        answer = _ask(client, method, wrong + route, page_csrf)
        assert answer.status_code == 404
        assert sentence(answer.text) in (BAD_LINK, "找不到这个页面，请检查地址是否完整。")
    office = client.get("/office").text
    unit_id = re.findall(r'action="/office/units/(\d+)/revoke"', office)[0]
    client.post(f"/office/units/{unit_id}/revoke", data={"csrf": csrf(office)})
    assert links(client.get("/office").text)[TOWN] == ""  # the table says 已停用
    answer = _ask(client, method, town + route, page_csrf)
    assert (answer.status_code, sentence(answer.text)) == (404, BAD_LINK)


def test_a_unit_sees_nothing_of_another_units_uploads(two_units):
    client, units = two_units
    assert client.get(f"{units[TOWN]}/uploads/1").status_code == 200
    for route in ("/uploads/1", "/uploads/2", "/uploads/999"):
        answer = client.get(units[BUREAU] + route)
        assert (answer.status_code, sentence(answer.text)) == (404, BAD_LINK)
    answer = client.get(f"{units[BUREAU]}/report.docx")  # its own, not the other unit's
    assert answer.status_code == 404 and "检查通过" not in client.get(units[BUREAU]).text


def test_a_reissued_link_replaces_the_old_one(two_units):
    client, units = two_units
    office = client.get("/office").text
    unit_id = re.findall(r'action="/office/units/(\d+)/reissue"', office)[0]
    answer = client.post(f"/office/units/{unit_id}/reissue", data={"csrf": csrf(office)})
    new = links(answer.text)[TOWN]
    assert new != units[TOWN] and "已重新生成链接" in text(answer.text)
    assert client.get(units[TOWN]).status_code == 404
    assert "检查通过" in text(client.get(new).text)  # the unit's uploads stay with it


@pytest.mark.parametrize("route", ["/upload", "/previous", "/final"])
@pytest.mark.parametrize("sent", [None, "", "0" * 64])
def test_a_unit_form_without_its_csrf_token_is_refused(two_units, route, sent):
    client, units = two_units
    fields = {} if sent is None else {"csrf": sent}
    answer = client.post(units[TOWN] + route, data=fields, files={"workbook": ("a.xlsx", b"x")})
    assert (answer.status_code, sentence(answer.text)) == (403, EXPIRED)
    other = csrf(client.get(units[BUREAU]).text)  # another unit's token does not do either
    answer = client.post(units[TOWN] + route, data={"csrf": other}, files={"workbook": ("a.xlsx", b"x")})
    assert (answer.status_code, sentence(answer.text)) == (403, EXPIRED)


@pytest.mark.parametrize(
    "route",
    [
        "/office/units",
        "/office/units/list",
        "/office/units/1/reissue",
        "/office/units/1/revoke",
        "/office/year",
        "/logout",
    ],
)
def test_an_office_form_without_its_csrf_token_is_refused(two_units, route):
    client, units = two_units
    answer = client.post(route, data={"names": "测试县丙镇人民政府", "year": "2024"})
    assert (answer.status_code, sentence(answer.text)) == (403, EXPIRED)
    answer = client.post(route, data={"csrf": csrf(client.get(units[TOWN]).text), "names": "x"})
    assert (answer.status_code, sentence(answer.text)) == (403, EXPIRED)
    assert list(links(client.get("/office").text)) == [TOWN, BUREAU]  # nothing changed


def test_the_login_form_needs_its_csrf_token(data):
    with running(data) as client:
        answer = client.post("/login", data={"password": PASSWORD})
        assert (answer.status_code, sentence(answer.text)) == (403, EXPIRED)
        client.get("/login")  # the pre-session cookie, but a token not made from it
        answer = client.post("/login", data={"password": PASSWORD, "csrf": "0" * 64})
        assert (answer.status_code, sentence(answer.text)) == (403, EXPIRED)
        assert client.get("/office", follow_redirects=False).headers["location"] == "/login"


def test_five_wrong_passwords_then_the_login_waits_a_quarter_of_an_hour(data):
    with running(data) as client:
        form = client.get("/login").text
        for _ in range(5):
            answer = client.post("/login", data={"password": "wrong", "csrf": csrf(form)})
            assert answer.status_code == 401 and "密码不正确" in text(answer.text)
        answer = client.post("/login", data={"password": PASSWORD, "csrf": csrf(form)})
        assert (answer.status_code, sentence(answer.text)) == (429, "尝试次数过多，请15分钟后再试。")
        assert client.get("/office", follow_redirects=False).headers["location"] == "/login"


def test_a_login_attempt_counts_before_its_password_is_tried(data, monkeypatch):
    """Attempts sent at the same moment each count: the count is written before the slow scrypt check."""
    seen = []
    real = office.verify_password

    def verify(password: str, stored: str) -> bool:
        probe = Store(data)
        seen.append(probe.failures("testclient", FAILURE_WINDOW))
        probe.close()
        return real(password, stored)

    monkeypatch.setattr(office, "verify_password", verify)
    with running(data) as client:
        form = client.get("/login").text
        for _ in range(2):
            assert client.post("/login", data={"password": "wrong", "csrf": csrf(form)}).status_code == 401
        log_in(client)
    probe = Store(data)
    assert (seen, probe.failures("testclient", FAILURE_WINDOW)) == ([1, 2, 3], 0)  # cleared by the right one
    probe.close()


def test_a_good_password_clears_the_wrong_ones_before_it(data):
    with running(data) as client:
        for _ in range(2):
            form = client.get("/login").text
            for _ in range(4):
                answer = client.post("/login", data={"password": "wrong", "csrf": csrf(form)})
                assert answer.status_code == 401 and "密码不正确" in text(answer.text)
            log_in(client)  # the fifth attempt, right: the count starts again
            client.post("/logout", data={"csrf": csrf(client.get("/office").text)})


def test_a_forms_csrf_token_is_compared_in_constant_time(two_units, monkeypatch):
    client, units = two_units
    page_csrf = csrf(client.get(units[BUREAU]).text)
    calls = []
    original = hmac.compare_digest

    def recording(a, b):
        calls.append((a, b))
        return original(a, b)

    monkeypatch.setattr(hmac, "compare_digest", recording)
    client.post(f"{units[BUREAU]}/upload", data={"csrf": page_csrf}, files={"workbook": ("a.xlsx", b"x")})
    assert (page_csrf.encode(), page_csrf.encode()) in calls
    calls.clear()
    forged = page_csrf[:-1] + ("0" if page_csrf[-1] != "0" else "1")
    answer = client.post(
        f"{units[BUREAU]}/upload", data={"csrf": forged}, files={"workbook": ("a.xlsx", b"x")}
    )
    assert (answer.status_code, sentence(answer.text)) == (403, EXPIRED)
    assert (forged.encode(), page_csrf.encode()) in calls


def test_the_session_cookie_is_http_only_strict_and_ends_at_logout(data):
    with running(data) as client:
        form = client.get("/login")
        answer = client.post(
            "/login", data={"password": PASSWORD, "csrf": csrf(form.text)}, follow_redirects=False
        )
        assert (answer.status_code, answer.headers["location"]) == (303, "/office")
        cookie = next(c for c in answer.headers.get_list("set-cookie") if c.startswith("gigen_session="))
        assert {"HttpOnly", "Path=/", "SameSite=strict"} <= {part.strip() for part in cookie.split(";")}
        office = client.get("/office").text
        session = client.cookies["gigen_session"]
        client.post("/logout", data={"csrf": csrf(office)})
        assert "gigen_session" not in client.cookies
        client.cookies.set("gigen_session", session)  # a copy of the cookie kept from before the logout
        for path in (
            "/office",
            "/office/reports.zip",
            "/office/summary.xlsx",
            "/office/rollup.xlsx",
            "/office/rollup.docx",
        ):
            assert client.get(path, follow_redirects=False).headers["location"] == "/login"
        answer = client.post(
            "/office/units", data={"csrf": csrf(office), "names": "x"}, follow_redirects=False
        )
        assert answer.headers["location"] == "/login"


def test_an_oversize_upload_is_refused_whether_its_length_is_declared_or_not(two_units):
    client, units = two_units
    town = units[TOWN]
    page_csrf = csrf(client.get(town).text)
    big = b"PK" + b"\0" * (MAX_UPLOAD + 300 * 1024)
    answer = client.post(f"{town}/upload", data={"csrf": page_csrf}, files={"workbook": ("大.xlsx", big)})
    assert (answer.status_code, sentence(answer.text)) == (413, TOO_LARGE)
    just_over = b"PK" + b"\0" * (MAX_UPLOAD - 1)  # the body fits, the file does not
    answer = client.post(
        f"{town}/upload", data={"csrf": page_csrf}, files={"workbook": ("大.xlsx", just_over)}
    )
    assert (answer.status_code, sentence(answer.text)) == (413, TOO_LARGE)

    def chunks():
        yield b'--x\r\nContent-Disposition: form-data; name="workbook"; filename="a.xlsx"\r\n\r\n'
        for _ in range(25):
            yield b"\0" * (1024 * 1024)

    answer = client.post(
        f"{town}/upload", content=chunks(), headers={"content-type": "multipart/form-data; boundary=x"}
    )
    assert "content-length" not in answer.request.headers
    assert (answer.status_code, sentence(answer.text)) == (413, TOO_LARGE)
    history = client.get(town).text.split("上传记录")[1]
    assert "大.xlsx" not in history  # nothing of it kept


def test_an_endless_upload_is_cut_off_while_it_streams_in(two_units):
    """No Content-Length and no end: the body stops being read past the limit (and a little more, so that a browser
    sees the page), instead of being spooled to disk for ever."""
    client, units = two_units
    path = urlsplit(units[TOWN]).path + "/upload"
    chunks, sent = 0, []

    async def receive():
        nonlocal chunks
        chunks += 1
        assert chunks < 1000, "the whole endless body was read"
        head = b'--x\r\nContent-Disposition: form-data; name="workbook"; filename="a.xlsx"\r\n\r\n'
        return {"type": "http.request", "body": head if chunks == 1 else b"\0" * 2**20, "more_body": True}

    async def send(message):
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": b"",
        "headers": [(b"host", b"testserver"), (b"content-type", b"multipart/form-data; boundary=x")],
        "client": ("127.0.0.1", 1234),
        "server": ("testserver", 80),
    }
    client.portal.call(client.app, scope, receive, send)
    assert sent[0]["status"] == 413
    assert TOO_LARGE in b"".join(m.get("body", b"") for m in sent[1:]).decode()


@pytest.mark.parametrize(
    ("name", "content", "said"),
    [
        (
            "报表.xlsx",
            b"%PDF-1.7\n",
            "“报表.xlsx”是PDF文件，不是Excel工作簿（.xlsx），请上传用gigen下发、填好的工作簿"
            "（上年发布的报告请用第一步的“上传上年报告”）。",
        ),
        (
            "报表.pdf",
            b"%PDF-1.7\n",
            "“报表.pdf”是PDF文件，不是Excel工作簿（.xlsx），请上传用gigen下发、填好的工作簿"
            "（上年发布的报告请用第一步的“上传上年报告”）。",
        ),
        (
            "C:\\Users\\李\\报表.xlsx",
            b"plain words",
            "“报表.xlsx”是文本文件，不是Excel工作簿（.xlsx），请上传用gigen下发、填好的工作簿。",
        ),
        (
            "报表.xlsx",
            b"\x89PNG\r\n\x1a\n\0\0",
            "“报表.xlsx”不是Excel工作簿（.xlsx），请上传用gigen下发的工作簿。",
        ),
        (
            "旧表.xls",
            bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 600,
            "“旧表.xls”是旧版Excel文件，请在Excel或WPS中另存为“Excel工作簿（.xlsx）”后再上传。",
        ),
        ("空.xlsx", b"", "“空.xlsx”是空文件，请检查是否选错了文件。"),
        (
            "报表.xlsx",
            REPORT.read_bytes(),
            "“报表.xlsx”是Word文档，不是Excel工作簿（.xlsx），请上传用gigen下发、填好的工作簿"
            "（上年发布的报告请用第一步的“上传上年报告”）。",
        ),
    ],
)
def test_a_file_that_is_no_workbook_is_refused_by_its_content_in_one_sentence(two_units, name, content, said):
    client, units = two_units
    page_csrf = csrf(client.get(units[BUREAU]).text)
    answer = client.post(
        f"{units[BUREAU]}/upload", data={"csrf": page_csrf}, files={"workbook": (name, content)}
    )
    assert (answer.status_code, sentence(answer.text)) == (400, said)
    assert "上传记录" not in client.get(units[BUREAU]).text  # nothing kept


def test_a_sent_name_is_only_shown_never_a_path(two_units, data, make_workbook):
    client, units = two_units
    good = make_workbook("教育局.xlsx")
    page = send(client, units[BUREAU], "../../<b>逃出.xlsx", good.read_bytes())
    assert "&lt;b&gt;逃出.xlsx" in page and "<b>逃出" not in page
    stored = sorted(p.name for p in (data / "files").iterdir())
    assert all(re.fullmatch(r"[a-z]+[0-9a-f]{24}\.[a-z]+", name) for name in stored), stored
    assert not list(data.parent.glob("*逃出*")) and not list(data.glob("*逃出*"))


def test_a_unit_name_is_text_on_every_page(data):
    name = '<script>alert("x")</script>县'
    with running(data) as client:
        log_in(client)
        link = add_units(client, name)[name]
        for page in (client.get("/office").text, client.get(link).text):
            assert "<script>alert" not in page and "&lt;script&gt;alert" in page


def test_a_bug_shows_one_sentence_and_no_traceback(data, monkeypatch):
    def broken(org: str, year: int) -> bytes:
        raise RuntimeError("secret internals /srv/gigen")

    monkeypatch.setattr(work, "blank", broken)
    with running(data, raise_server_exceptions=False) as client:
        log_in(client)
        link = add_units(client, TOWN)[TOWN]
        answer = client.get(f"{link}/workbook.xlsx")
        assert answer.status_code == 500
        assert sentence(answer.text) == "服务器处理出错，请稍后再试；如反复出现请联系县政府信息公开办公室。"
        assert (
            "Traceback" not in answer.text
            and "secret" not in answer.text
            and "RuntimeError" not in answer.text
        )


def test_other_refusals_are_chinese_pages(data):
    with running(data) as client:
        log_in(client)
        answer = client.get("/office/units")
        assert (answer.status_code, sentence(answer.text)) == (
            405,
            "不能这样打开这个地址，请从页面上的链接或按钮进入。",
        )
        answer = client.get("/nothing/here")
        assert (answer.status_code, sentence(answer.text)) == (404, "找不到这个页面，请检查地址是否完整。")
        answer = client.get("/static/..%2fapp.py")
        assert answer.status_code == 404 and "starlette" not in answer.text


def test_every_answer_forbids_framing_sniffing_and_sending_the_link_on(data):
    with running(data) as client:
        for answer in (client.get("/login"), client.get("/u/nothing"), client.get("/static/gigen.css")):
            assert answer.headers["x-content-type-options"] == "nosniff"
            assert answer.headers["x-frame-options"] == "DENY"
            assert answer.headers["referrer-policy"] == "no-referrer"
            assert "script-src 'self'" in answer.headers["content-security-policy"]
        assert client.get("/login").headers["cache-control"] == "no-store"
