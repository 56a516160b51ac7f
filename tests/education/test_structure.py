"""Where each page type may be created, and what an editor is told about every field."""

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

import pytest

from education.models import (
    ARTICLE_MODELS,
    SECTION_MODELS,
    HealthInfoIndexPage,
    HealthInfoPage,
    LawCaseIndexPage,
    LawCasePage,
    NewsIndexPage,
    NewsPage,
    RoleModelIndexPage,
    RoleModelPage,
)
from home.models import HomePage, StandardPage
from participation.models import BulletinIndexPage
from regulations.models import RegulationIndexPage

from .pages import article, home_page, publish, section

PAIRS = [
    (NewsIndexPage, NewsPage),
    (LawCaseIndexPage, LawCasePage),
    (HealthInfoIndexPage, HealthInfoPage),
    (RoleModelIndexPage, RoleModelPage),
]
ALL_PAGE_MODELS = [HomePage, StandardPage, *SECTION_MODELS, *ARTICLE_MODELS]


class TestCreationRules(WagtailPageTestCase):
    def test_home_page_holds_the_sections_and_standard_pages(self):
        self.assertAllowedSubpageTypes(
            HomePage, {StandardPage, *SECTION_MODELS, RegulationIndexPage, BulletinIndexPage}
        )
        self.assertCanCreateAt(Page, HomePage)

    def test_each_section_holds_only_its_own_articles(self):
        for index_model, article_model in PAIRS:
            with self.subTest(index_model.__name__):
                self.assertAllowedSubpageTypes(index_model, {article_model})
                self.assertCanCreateAt(index_model, article_model)
                for other_index, other_article in PAIRS:
                    if other_index is not index_model:
                        self.assertCanNotCreateAt(index_model, other_article)

    def test_sections_live_only_under_the_home_page(self):
        for index_model in SECTION_MODELS:
            with self.subTest(index_model.__name__):
                self.assertAllowedParentPageTypes(index_model, {HomePage})
                self.assertCanCreateAt(HomePage, index_model)
                self.assertCanNotCreateAt(StandardPage, index_model)
                self.assertCanNotCreateAt(Page, index_model)
                for other_index in SECTION_MODELS:
                    self.assertCanNotCreateAt(other_index, index_model)

    def test_articles_live_only_in_their_section_and_have_no_children(self):
        for index_model, article_model in PAIRS:
            with self.subTest(article_model.__name__):
                self.assertAllowedParentPageTypes(article_model, {index_model})
                self.assertAllowedSubpageTypes(article_model, set())
                self.assertCanNotCreateAt(HomePage, article_model)
                self.assertCanNotCreateAt(StandardPage, article_model)
                for other_article in ARTICLE_MODELS:
                    self.assertCanNotCreateAt(article_model, other_article)

    def test_standard_pages_nest_under_home_and_each_other(self):
        self.assertAllowedParentPageTypes(StandardPage, {HomePage, StandardPage})
        self.assertCanCreateAt(HomePage, StandardPage)
        self.assertCanCreateAt(StandardPage, StandardPage)
        for index_model in SECTION_MODELS:
            self.assertCanNotCreateAt(index_model, StandardPage)
        for article_model in ARTICLE_MODELS:
            self.assertCanNotCreateAt(article_model, StandardPage)

    def test_there_is_one_home_page(self):
        self.assertEqual(HomePage.max_count, 1)
        self.assertFalse(HomePage.can_create_at(Page.get_first_root_node()))
        about = publish(home_page(), StandardPage(title="About", slug="about"))
        self.assertFalse(HomePage.can_create_at(about))


@pytest.mark.django_db
def test_only_standard_pages_can_be_created_under_a_standard_page():
    about = publish(home_page(), StandardPage(title="About", slug="about"))
    creatable = {
        model for model in StandardPage.allowed_subpage_models() if model.can_create_at(about)
    }
    assert creatable == {StandardPage}


@pytest.mark.django_db
@pytest.mark.parametrize("index_model", SECTION_MODELS, ids=lambda m: m.__name__)
def test_one_section_of_each_kind_per_language(index_model):
    home = home_page()
    assert index_model.can_create_at(home)
    section(index_model)
    assert index_model.objects.count() == 1
    home.refresh_from_db()
    assert not index_model.can_create_at(home)
    # Nor anywhere else.
    about = publish(home, StandardPage(title="About", slug="about"))
    assert not index_model.can_create_at(about)


@pytest.mark.django_db
@pytest.mark.parametrize("index_model, article_model", PAIRS, ids=lambda m: m.__name__)
def test_an_article_can_be_created_in_its_section(index_model, article_model):
    parent = section(index_model)
    assert article_model.can_create_at(parent)
    assert not article_model.can_create_at(home_page())
    page = article(article_model, "First one")
    assert page.get_parent().specific == parent
    assert not article_model.can_create_at(page)


def own_fields(model):
    """The fields a page type adds to Wagtail's Page (inherited abstract fields included)."""
    page_fields = {field.name for field in Page._meta.get_fields()}
    return [
        field
        for field in model._meta.get_fields()
        if not field.auto_created and field.name not in page_fields
    ]


@pytest.mark.parametrize(
    "model", [StandardPage, *SECTION_MODELS, *ARTICLE_MODELS], ids=lambda m: m.__name__
)
def test_every_field_has_help_text(model):
    fields = own_fields(model)
    assert fields, f"{model.__name__} has no fields of its own?"
    missing = [field.name for field in fields if not str(getattr(field, "help_text", "")).strip()]
    assert not missing, f"{model.__name__} fields without help_text: {missing}"


@pytest.mark.parametrize("model", ARTICLE_MODELS, ids=lambda m: m.__name__)
def test_articles_have_the_shared_fields(model):
    names = {field.name for field in own_fields(model)}
    assert {"date", "introduction", "image", "body", "featured", "tags"} <= names


@pytest.mark.parametrize(
    "model, extra",
    [
        (NewsPage, set()),
        (LawCasePage, {"facts", "ruling", "legal_basis", "lesson"}),
        (HealthInfoPage, {"topic", "advice"}),
        (RoleModelPage, {"person_name", "community", "honour"}),
        (StandardPage, {"introduction", "body"}),
        *[(index_model, {"introduction"}) for index_model in SECTION_MODELS],
    ],
    ids=lambda v: getattr(v, "__name__", ""),
)
def test_search_fields_are_declared(model, extra):
    searched = {field.field_name for field in model.search_fields}
    assert "title" in searched
    expected = set(extra)
    if model in ARTICLE_MODELS:
        expected |= {"introduction", "body"}
    assert expected <= searched, expected - searched
