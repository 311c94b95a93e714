"""Khmer formats, as Cambodian publications write numbers and dates.

Django's own km module groups nothing (NUMBER_GROUPING unset) and, like every Django locale,
writes Latin digits. The separators are CLDR's for Khmer with Khmer digits (the `khmr`
numbering system): decimal "," and group ".", e.g. ១.២៣៤.៥៦៧,៥ (checked against CLDR 47 through
Babel 2.19: `babel.numbers.get_group_symbol("km", numbering_system="khmr")`; CLDR's Latin-digit
km symbols are the other way round). The digits themselves are not a format setting: they
are replaced on display by electionsite.numerals. Month names ("F") come from the gettext
catalogue (django.utils.dates.MONTHS).

The *_FORMAT strings use the Django date format syntax,
see https://docs.djangoproject.com/en/stable/ref/templates/builtins/#date
"""

# "23 កក្កដា 2023": day, month name, year, as CLDR's long date (d MMMM y) and the press.
DATE_FORMAT = "j F Y"
TIME_FORMAT = "G:i"
DATETIME_FORMAT = "j F Y, G:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j M Y, G:i"
FIRST_DAY_OF_WEEK = 1  # Monday

DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3
