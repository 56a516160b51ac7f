"""Residents' forms on a regulation: an opinion, a reply, a flag. They only shape input; the rules
(period, article, once only) are the services'."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Opinion, OpinionFlag
from .models.opinions import MAX_REPLY, MAX_TEXT


class OpinionForm(forms.Form):
    article_id = forms.ChoiceField(label=_("On"), required=False)
    stance = forms.ChoiceField(
        label=_("Your view"), choices=Opinion.Stance.choices, widget=forms.RadioSelect
    )
    text = forms.CharField(
        label=_("Your opinion"),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Say what you think and why. At most 5,000 characters."),
    )
    proposed_wording = forms.CharField(
        label=_("Your proposed wording (optional)"),
        max_length=MAX_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("If you suggest a change, how would you write the article?"),
    )
    show_name = forms.BooleanField(
        label=_("Show my name with my opinion"),
        required=False,
        help_text=_("Otherwise it is shown as “a resident”. Staff always see who wrote it."),
    )

    def __init__(self, *args, articles=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["article_id"].choices = [("", _("The whole draft"))] + [
            (article["id"], self.article_label(article)) for article in articles
        ]

    @staticmethod
    def article_label(article) -> str:
        label = _("Article %(number)s") % {"number": article["number"]}
        return f"{label} {article['heading']}".strip()


class ReplyForm(forms.Form):
    text = forms.CharField(
        label=_("Your reply"), max_length=MAX_REPLY, widget=forms.Textarea(attrs={"rows": 3})
    )
    show_name = forms.BooleanField(label=_("Show my name"), required=False)


class FlagForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("What is wrong with it?"),
        choices=OpinionFlag.Reason.choices,
        widget=forms.RadioSelect,
    )
