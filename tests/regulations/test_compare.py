"""Comparing two versions of a regulation: articles matched by id (so renumbering is no change),
the text compared character by character (Chinese has no spaces), every piece escaped; and the
public compare page between any two published versions."""

import re
import uuid

import pytest

from regulations.compare import compare
from regulations.models import RegulationPage

from .conftest import ARTICLES, article_blocks, publish

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def article(article_id: str, number: int, heading: str, text: str) -> dict:
    return {"id": article_id, "number": number, "heading": heading, "text": text, "chapter": ""}


HOURS = article("a-hours", 3, "经营时间", "便民摊点的经营时间为每日6时至22时。")
SCOPE = article("a-scope", 2, "适用范围", "本办法适用于乌镇镇建成区内的道路、广场和河道沿岸。")
BANNED = article("a-banned", 4, "禁止区域", "消防通道、盲道和桥面不得设置摊点。")


def changes(rows) -> list[tuple[str, str]]:
    return [(row["article"]["id"], row["change"]) for row in rows]


# --- compare() -----------------------------------------------------------------------------------


def test_an_unchanged_article_is_the_same_and_unmarked():
    (row,) = compare([HOURS], [dict(HOURS)])

    assert row["change"] == "same"
    assert row["before"] == HOURS
    assert row["text"] == HOURS["text"]
    assert "<ins>" not in row["text"]
    assert "<del>" not in row["text"]


def test_a_changed_chinese_text_marks_exactly_the_changed_characters():
    later = {**HOURS, "text": "便民摊点的经营时间为每日7时至22时30分。"}

    (row,) = compare([HOURS], [later])

    assert row["change"] == "changed"
    assert (
        row["text"] == "便民摊点的经营时间为每日<del>6</del><ins>7</ins>时至22时<ins>30分</ins>。"
    )


def test_a_word_replaced_in_the_middle_is_deleted_and_inserted():
    later = {**BANNED, "text": "消防通道、盲道、桥面和绿地不得设置摊点。"}

    (row,) = compare([BANNED], [later])

    assert (
        row["text"] == "消防通道、盲道<del>和</del><ins>、</ins>桥面<ins>和绿地</ins>不得设置摊点。"
    )


def test_a_changed_heading_is_a_change_and_is_marked():
    later = {**HOURS, "heading": "经营时段"}

    (row,) = compare([HOURS], [later])

    assert row["change"] == "changed"
    assert row["heading"] == "经营时<del>间</del><ins>段</ins>"
    assert row["text"] == HOURS["text"]


def test_an_added_article_is_all_inserted():
    new = article("a-new", 4, "摊位费", "摊位不收取费用。")

    rows = compare([SCOPE, HOURS], [SCOPE, HOURS, new])

    assert changes(rows) == [("a-scope", "same"), ("a-hours", "same"), ("a-new", "added")]
    assert rows[2]["before"] is None
    assert rows[2]["text"] == "<ins>摊位不收取费用。</ins>"


def test_a_removed_article_is_all_deleted_where_it_was():
    rows = compare([SCOPE, HOURS, BANNED], [SCOPE, {**BANNED, "number": 3}])

    assert changes(rows) == [("a-scope", "same"), ("a-hours", "removed"), ("a-banned", "same")]
    assert rows[1]["text"] == f"<del>{HOURS['text']}</del>"
    assert rows[1]["article"] == HOURS


def test_renumbered_articles_are_matched_by_their_id():
    # A new first article moves every other one down by one; they are not changed by that.
    new = article("a-new", 1, "目的", "为了方便居民生活。")
    later = [new, {**SCOPE, "number": 2}, {**HOURS, "number": 3}]

    rows = compare([SCOPE, HOURS], later)

    assert changes(rows) == [("a-new", "added"), ("a-scope", "same"), ("a-hours", "same")]
    assert rows[2]["before"]["number"] == 3
    assert rows[2]["article"]["number"] == 3


def test_reordered_articles_keep_their_own_texts():
    later = [{**HOURS, "number": 1}, {**SCOPE, "number": 2, "text": SCOPE["text"] + "补充。"}]

    rows = compare([SCOPE, HOURS], later)

    assert changes(rows) == [("a-hours", "same"), ("a-scope", "changed")]
    assert rows[1]["text"] == SCOPE["text"] + "<ins>补充。</ins>"


def test_html_in_the_text_is_escaped_in_every_kind_of_row():
    script = article("a-x", 1, "<b>标题</b>", "<script>alert(1)</script>")
    changed = {**script, "text": "<script>alert(2)</script>"}
    added = article("a-y", 2, "新", "<img src=x onerror=alert(3)>")
    removed = article("a-z", 3, "旧", "<iframe>")

    rows = compare([script, removed], [changed, added])

    text = "".join(str(row["text"]) + str(row.get("heading", "")) for row in rows)
    assert "&lt;script&gt;alert(<del>1</del><ins>2</ins>)&lt;/script&gt;" in text
    assert "<ins>&lt;img src=x onerror=alert(3)&gt;</ins>" in text
    assert "<del>&lt;iframe&gt;</del>" in text
    assert "&lt;b&gt;标题&lt;/b&gt;" in text
    assert "<script" not in text
    assert "<img" not in text
    assert "<iframe" not in text


def test_line_breaks_become_br():
    later = {**HOURS, "text": HOURS["text"] + "\n节假日另行规定。"}

    (row,) = compare([HOURS], [later])

    assert row["text"] == HOURS["text"] + "<ins><br>节假日另行规定。</ins>"


# --- The compare page ----------------------------------------------------------------------------


def with_articles(page, articles):
    """Publish `page` with `articles` (heading, text) keeping the ids of the articles it had, in
    order; extra articles get new ids."""
    ids = [a["id"] for a in page.articles()]
    blocks = article_blocks(articles)
    for block, block_id in zip(blocks, ids, strict=False):
        block["id"] = block_id
    page.text = blocks
    return publish(page)


def changed_hours():
    later = list(ARTICLES)
    later[2] = ("经营时间", "便民摊点的经营时间为每日6时至23时。")
    return later


def compare_sections(page: str) -> list[str]:
    return re.findall(r'<section class="reg-article compare compare--(\w+)">', page)


@pytest.mark.django_db
def test_the_compare_page_highlights_the_changed_text(client, regulation):
    with_articles(regulation, changed_hours())
    assert list(regulation.versions.values_list("number", flat=True)) == [1, 2]

    response = client.get(f"{regulation.subpage_url('compare')}?from=1&to=2", **EN)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Changes from version 1 to version 2" in page
    assert compare_sections(page) == ["same", "same", "changed", "same", "same"]
    assert "便民摊点的经营时间为每日6时至2<del>2</del><ins>3</ins>时。" in page
    assert "Changed" in page


@pytest.mark.django_db
def test_the_versions_may_be_given_in_either_order(client, regulation):
    with_articles(regulation, changed_hours())

    forwards = client.get(f"{regulation.subpage_url('compare')}?from=1&to=2", **EN).content.decode()
    backwards = client.get(f"{regulation.subpage_url('compare')}?from=2&to=1", **EN)

    assert backwards.status_code == 200
    page = backwards.content.decode()
    assert "Changes from version 1 to version 2" in page
    assert "<del>2</del><ins>3</ins>" in page
    assert compare_sections(page) == compare_sections(forwards)


@pytest.mark.django_db
def test_unknown_version_numbers_fall_back_to_the_two_latest(client, regulation):
    with_articles(regulation, changed_hours())
    with_articles(regulation, [*changed_hours(), ("摊位费", "摊位不收取费用。")])
    assert regulation.versions.count() == 3

    for query in ("?from=9&to=abc", "?from=&to=", ""):
        response = client.get(f"{regulation.subpage_url('compare')}{query}", **EN)

        assert response.status_code == 200
        page = response.content.decode()
        assert "Changes from version 2 to version 3" in page
        assert compare_sections(page) == ["same"] * 5 + ["added"]
        assert "<ins>摊位不收取费用。</ins>" in page


@pytest.mark.django_db
def test_any_two_versions_can_be_compared(client, regulation):
    with_articles(regulation, changed_hours())
    with_articles(regulation, [*changed_hours(), ("摊位费", "摊位不收取费用。")])

    page = client.get(f"{regulation.subpage_url('compare')}?from=1&to=3", **EN).content.decode()

    assert "Changes from version 1 to version 3" in page
    assert compare_sections(page) == ["same", "same", "changed", "same", "same", "added"]


@pytest.mark.django_db
def test_a_removed_article_is_shown_as_removed(client, regulation):
    kept = [a["id"] for a in regulation.articles()]
    del kept[1]  # the second article goes; the others keep their ids
    regulation.text = article_blocks(ARTICLES[:1] + ARTICLES[2:], ids=kept)
    publish(regulation)

    page = client.get(f"{regulation.subpage_url('compare')}?from=1&to=2", **EN).content.decode()

    assert compare_sections(page) == ["same", "removed", "same", "same", "same"]
    assert "Article removed" in page
    assert f"<del>{ARTICLES[1][1]}</del>" in page


@pytest.mark.django_db
def test_articles_renumbered_by_a_new_first_article_are_unchanged(client, regulation):
    ids = [a["id"] for a in regulation.articles()]
    regulation.text = article_blocks(
        [("目的", "为了方便居民生活。"), *ARTICLES], ids=[str(uuid.uuid4()), *ids]
    )
    publish(regulation)

    page = client.get(regulation.subpage_url("compare"), **EN).content.decode()

    assert compare_sections(page) == ["added"] + ["same"] * 5
    assert "New article" in page
    assert "Changed" not in page


@pytest.mark.django_db
def test_a_regulation_with_one_version_has_nothing_to_compare(client, regulation):
    assert regulation.versions.count() == 1

    assert client.get(regulation.subpage_url("compare"), **EN).status_code == 404
    assert client.get(f"{regulation.subpage_url('compare')}?from=1&to=1", **EN).status_code == 404


@pytest.mark.django_db
def test_a_new_stage_with_the_same_text_is_a_version_to_compare(client, regulation):
    regulation.stage = RegulationPage.Stage.IN_FORCE
    publish(regulation)

    response = client.get(regulation.subpage_url("compare"), **EN)

    assert response.status_code == 200
    assert compare_sections(response.content.decode()) == ["same"] * 5
