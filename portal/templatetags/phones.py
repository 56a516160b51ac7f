"""`{% staff_phone number %}`: a mobile number as the signed-in staff member may see it."""

from django import template

from portal.phones import for_staff, national

register = template.Library()


@register.simple_tag(takes_context=True)
def staff_phone(context, number):
    return for_staff(number, context["request"].user)


@register.filter
def national_phone(number):
    """+8613812345678 as people write it at home: 13812345678 (their own number, to them)."""
    return national(number) if number else ""
