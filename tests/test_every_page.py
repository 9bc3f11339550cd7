"""Every route, for every role, in English and in Japanese: no 500, and no English left on a
Japanese page.

The routes are the access table's rows (tests/test_access.py), which cover every route of the
app, with the ids of a world holding an object of every kind. GETs are read as they are; POSTs
are sent and their redirect followed, so the page with the message they flash is read too.
On a Japanese page, a word of English letters that is neither the world's own data (names,
codes, descriptions as the master data and the users hold them) nor a code such as PDF or UTC
is a string nobody translated: a msgid without a Japanese entry, or text never marked for
translation. Attributes people read (placeholders, titles, labels, confirmations) count too.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser

from sqlalchemy import String, Text

from portal.extensions import db
from tests.test_access import ACCESS, ROLES, Row, World, restore_world

# What may stand in English letters on a Japanese page: codes, units and names that are not words.
# (Words in capitals are codes too: PDF, CSV, UTC, JPY, ERP.) Product names kept as they are written.
NOT_WORDS = {"px", "No", "csv", "png", "pdf", "jpg", "Webhook", "freee"}
READ_ATTRIBUTES = ("placeholder", "title", "aria-label", "alt", "hx-confirm")
ENGLISH_WORD = re.compile(r"[A-Za-z][A-Za-z'’]+")


class VisibleText(HTMLParser):
    """The text a reader sees or hears: text nodes and the attributes read out, not scripts, not
    what is marked as another language (the switch to English says "English")."""

    def __init__(self, page_language: str):
        super().__init__(convert_charrefs=True)
        self.page_language = page_language
        self.stack: list[tuple[str, bool]] = []  # (tag, hidden from this check)
        self.texts: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        hidden = (self.stack[-1][1] if self.stack else False) or tag in ("script", "style") or \
            (attributes.get("lang") not in (None, self.page_language))
        if tag not in ("meta", "input", "br", "img", "link", "hr", "source", "col"):
            self.stack.append((tag, hidden))
        if not hidden:
            self.texts += [value for name, value in attrs if name in READ_ATTRIBUTES and value]
            if tag == "input" and attributes.get("type") in ("submit", "button") and attributes.get("value"):
                self.texts.append(attributes["value"])

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                return

    def handle_data(self, data):
        if data.strip() and not (self.stack and self.stack[-1][1]):
            self.texts.append(data.strip())


def visible_texts(html: str, language: str) -> list[str]:
    parser = VisibleText(language)
    parser.feed(html)
    return parser.texts


def the_worlds_data() -> list[str]:
    """Every text value the world's tables hold (longest first, so a name goes before its words)."""
    values = set()
    for table in db.metadata.sorted_tables:
        columns = [c for c in table.columns if isinstance(c.type, (String, Text)) and not c.primary_key]
        if not columns:
            continue
        for row in db.session.execute(table.select().with_only_columns(*columns)):
            values |= {str(v).strip() for v in row if v and len(str(v)) < 300}
    return sorted(values, key=len, reverse=True)


def english_left(text: str, data: list[str]) -> list[str]:
    """The English words of `text` once the world's data, addresses, file names and codes are
    taken out of it. A code is a token with a digit or an underscore in it (UTF-8, Shift_JIS, a
    token's secret), an HTTP header's name (X-...), or a word in capitals (CSV, HMAC)."""
    text = re.sub(r"\S+@\S+|https?://\S+|/[\w./?=&%-]*|\b[\w.-]+\.(?:png|pdf|jpe?g|tiff?|csv)\b", " ", text)
    for value in data:
        if value in text:  # as a whole: a value "x" leaves "next" as it is
            text = re.sub(rf"(?<!\w){re.escape(value)}(?!\w)", " ", text)
    words = []
    for token in re.findall(r"[\w'’.=-]+", text):
        if re.search(r"[\d_]", token) or token.startswith("X-"):
            continue
        words += [word for word in ENGLISH_WORD.findall(token) if word not in NOT_WORDS and not word.isupper()]
    return words


def request_as(app, client, world: World, row: Row, role: str, language: str):
    """The row's request as `role`, in `language`; a POST's redirect followed. The JSON API's
    requests are sent as the access table sends them (their problems are read for 500s only)."""
    from itsdangerous import URLSafeTimedSerializer

    from portal.models import User
    from tests.test_access import _request

    if row.endpoint.startswith("api."):
        client.environ_base["HTTP_ACCEPT_LANGUAGE"] = language
        return _request(app, client, world, row, role)

    raw_token = "t" * 40
    with client.session_transaction() as session:
        session.clear()
        session["csrf_token"] = raw_token
        session["locale"] = language
        if role != "anonymous":
            user = db.session.get(User, world.users[role])
            user.locale = None
            session["_user_id"] = user.get_id()
            session["_fresh"] = True
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = language
    url = row.url.format(**world.ids)
    if row.method == "GET":
        return client.get(url)
    token = URLSafeTimedSerializer(app.secret_key, salt="wtf-csrf-token").dumps(raw_token)
    data = {key.format(**world.ids): value.format(**world.ids) for key, value in row.data.items()}
    return client.post(url, data=data | {"csrf_token": token}, follow_redirects=True)


def test_every_route_for_every_role_in_both_languages(app, client, make_user, tmp_path_factory):
    """No answer of 500 anywhere; no English on any Japanese page."""
    snapshot = {"files": tmp_path_factory.mktemp("every-page-originals")}
    world = restore_world(app, make_user, snapshot)
    typed = {value for row in ACCESS for value in row.data.values() if isinstance(value, str)}  # data too
    data = sorted({value for value in set(the_worlds_data()) | typed if re.search("[A-Za-z]{2}", value)},
                  key=len, reverse=True)
    crashes, untranslated = [], {}
    for row in ACCESS:
        for role in ROLES:
            if role == "anonymous" and row.expect[0] != "ok":
                continue  # the sign-in page, already read as a public route
            for language in ("en", "ja"):
                response = request_as(app, client, world, row, role, language)
                if response.status_code >= 500:
                    crashes.append(f"{row.id} as {role} in {language}: {response.status_code}")
                elif language == "ja" and response.mimetype == "text/html":
                    for text in visible_texts(response.get_data(as_text=True), "ja"):
                        if words := english_left(text, data):
                            untranslated.setdefault(text, f"{row.id} as {role}: {' '.join(words)}")
                if row.method != "GET":
                    world = restore_world(app, make_user, snapshot)
    assert crashes == []
    assert untranslated == {}, "English on Japanese pages:\n" + "\n".join(
        f"{where}: {text!r}" for text, where in untranslated.items())


def test_the_check_sees_an_untranslated_string():
    html = '<html lang="ja"><p>保存しました</p><button title="Remove this line?">削除</button>' \
           '<button lang="en">English</button><p>Acme Parts Co. の請求書</p></html>'
    found = [english_left(text, ["Acme Parts Co."]) for text in visible_texts(html, "ja")]
    assert [words for words in found if words] == [["Remove", "this", "line"]]
