"""Every opinion on a regulation downloaded by its editors as CSV or XLSX: one row per opinion
(withdrawn and hidden ones too, with their status), the replies and the answer; a name only
where the commenter chose to be named, never an email address; free text never a formula."""

import csv
import io
import uuid

from django.test import Client
from django.urls import reverse

import openpyxl
import pytest

from portal import roles
from regulations import services
from regulations.models import OpinionAnswer

from .conftest import CLOSES

pytestmark = pytest.mark.django_db

HEADER = [
    "receipt",
    "version",
    "article",
    "article_heading",
    "stance",
    "status",
    "opinion",
    "proposed_wording",
    "name",
    "agreements",
    "replies",
    "outcome",
    "reasons",
    "given_at",
    "withdrawn_at",
]
EMAILS = ("resident@example.org", "neighbour@example.org", "third@example.org")


# --- Fixtures and helpers ------------------------------------------------------------------------


@pytest.fixture
def editor(make_user):
    return make_user(email="editor@example.org", roles=[roles.EDITOR])


def opine(author, regulation, *, number=None, **fields):
    values = {"stance": "support", "text": "摊点应该延长到23时。", **fields}
    opinion, _created = services.opinion_give(
        author=author,
        regulation=regulation,
        token=uuid.uuid4().hex,
        article_id=regulation.articles()[number - 1]["id"] if number else "",
        **values,
    )
    return opinion


@pytest.fixture
def opinions(regulation, resident, neighbour, make_user, editor, frozen):
    """Four opinions given during the period — named, anonymous, withdrawn, hidden — with a reply,
    an “I agree” and answers; the clock then at closing time."""
    third = make_user(email="third@example.org")
    moderator = make_user(email="moderator@example.org", roles=[roles.MODERATOR])
    resident.display_name = "王小明"
    resident.save(update_fields=["display_name"])
    neighbour.display_name = "李阿姨"
    neighbour.save(update_fields=["display_name"])
    third.display_name = "张三"
    third.save(update_fields=["display_name"])

    named = opine(
        resident,
        regulation,
        number=3,
        stance="change",
        text='=HYPERLINK("http://evil.example")',
        proposed_wording="+1 改为每日6时至23时。",
        show_name=True,
    )
    anonymous = opine(neighbour, regulation, stance="oppose", text="晚上太吵，不要延长。")
    withdrawn = opine(third, regulation, number=2, text="我撤回这条意见。", show_name=True)
    hidden = opine(neighbour, regulation, number=4, text="广告：高价回收旧手机")
    services.reply_give(
        author=neighbour, opinion=named, text="-夏天可以，冬天不必。", token=uuid.uuid4().hex
    )
    services.reply_give(author=third, opinion=named, text="我也赞成。", token=uuid.uuid4().hex)
    services.opinion_agree(user=neighbour, opinion=named)
    services.opinion_agree(user=third, opinion=named)
    services.opinion_withdraw(author=third, opinion=withdrawn)
    services.opinion_hide(moderator=moderator, opinion=hidden, reason="广告")
    frozen.move_to(CLOSES)
    services.response_save(
        editor=editor,
        regulation=regulation,
        answers={
            named.pk: (OpinionAnswer.Outcome.PARTLY, "@夏季延长一小时。"),
            anonymous.pk: (OpinionAnswer.Outcome.NOT_ADOPTED, "经营时间不变。"),
        },
        summaries={},
    )
    return named, anonymous, withdrawn, hidden


def address(regulation, fmt):
    return reverse("regulations_opinions_download", args=[regulation.pk, fmt])


def csv_rows(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))


def xlsx_rows(response) -> list[list[str]]:
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Opinions"]
    return [
        ["" if value is None else str(value) for value in row]
        for row in workbook.active.iter_rows(values_only=True)
    ]


def by_receipt(rows) -> dict[str, dict[str, str]]:
    header, *body = rows
    return {row[0]: dict(zip(header, row, strict=True)) for row in body}


# --- The downloads -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fmt", "content_type", "read"),
    [
        ("csv", "text/csv; charset=utf-8", csv_rows),
        (
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            xlsx_rows,
        ),
    ],
)
def test_an_editor_downloads_every_opinion(
    opinions, editor, mfa_client, regulation, fmt, content_type, read
):
    named, anonymous, withdrawn, hidden = opinions
    client = mfa_client(editor)

    response = client.get(address(regulation, fmt))

    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == (
        f'attachment; filename="opinions-street-stalls-2026-12-15.{fmt}"'
    )
    rows = read(response)
    assert rows[0] == HEADER
    assert [row[0] for row in rows[1:]] == [
        named.receipt,
        anonymous.receipt,
        withdrawn.receipt,
        hidden.receipt,
    ]
    found = by_receipt(rows)

    first = found[named.receipt]
    assert first["version"] == "1"
    assert first["article"] == "3"
    assert first["article_heading"] == "经营时间"
    assert first["stance"] == "change"
    assert first["status"] == "published"
    # Free text that a spreadsheet would run as a formula is kept as text.
    assert first["opinion"] == '\'=HYPERLINK("http://evil.example")'
    assert first["proposed_wording"] == "'+1 改为每日6时至23时。"
    assert first["name"] == "王小明"
    assert first["agreements"] == "2"
    assert first["replies"] == "'-夏天可以，冬天不必。\n我也赞成。"
    assert first["outcome"] == "partly"
    assert first["reasons"] == "'@夏季延长一小时。"
    assert first["given_at"] == "2026-12-05T10:00+08:00"
    assert first["withdrawn_at"] == ""

    second = found[anonymous.receipt]
    assert second["article"] == ""
    assert second["article_heading"] == "The whole draft"
    assert (second["stance"], second["status"]) == ("oppose", "published")
    assert second["opinion"] == "晚上太吵，不要延长。"
    # Not named: no name, though the commenter has one.
    assert second["name"] == ""
    assert second["agreements"] == "0"
    assert second["replies"] == ""
    assert (second["outcome"], second["reasons"]) == ("not_adopted", "经营时间不变。")

    gone = found[withdrawn.receipt]
    assert gone["status"] == "withdrawn"
    assert gone["name"] == "张三"
    assert gone["withdrawn_at"] == "2026-12-05T10:00+08:00"
    assert (gone["outcome"], gone["reasons"]) == ("", "")

    assert found[hidden.receipt]["status"] == "hidden"
    assert found[hidden.receipt]["name"] == ""

    everything = "\n".join(",".join(row) for row in rows)
    assert "李阿姨" not in everything
    for email in EMAILS:
        assert email not in everything
    assert "@example.org" not in everything


def test_a_regulation_without_opinions_downloads_just_the_header(editor, mfa_client, regulation):
    client = mfa_client(editor)

    assert csv_rows(client.get(address(regulation, "csv"))) == [HEADER]
    assert xlsx_rows(client.get(address(regulation, "xlsx"))) == [HEADER]


def test_an_unknown_format_is_not_found(editor, mfa_client, regulation):
    client = mfa_client(editor)

    for fmt in ("pdf", "json", "CSV"):
        assert client.get(address(regulation, fmt)).status_code == 404


def test_a_resident_gets_no_file(opinions, resident, regulation):
    client = Client()
    client.force_login(resident)

    for fmt in ("csv", "xlsx"):
        response = client.get(address(regulation, fmt))

        assert response.status_code in (302, 403)
        assert "Content-Disposition" not in response
        assert not getattr(response, "streaming", False)
        assert opinions[0].receipt not in response.content.decode()


def test_an_anonymous_reader_gets_no_file(opinions, client, regulation):
    response = client.get(address(regulation, "csv"))

    assert response.status_code == 302
    assert "Content-Disposition" not in response


def test_staff_who_cannot_edit_the_page_get_no_file(opinions, make_user, mfa_client, regulation):
    dispatcher = make_user(email="dispatcher@example.org", roles=[roles.DISPATCHER])
    client = mfa_client(dispatcher)

    response = client.get(address(regulation, "csv"))

    # Wagtail turns the refusal into a way back to the dashboard, with a message.
    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_home")
    assert "Content-Disposition" not in response
