"""The API's JSON parser. Python reads ``1e999`` as ``float('inf')``, which no database column
holds: an id field given one crashed on int(inf) with a 500. Numbers that are not finite are
refused while parsing, for every field at once, as the malformed JSON they are for us."""

import codecs
import math

from django.conf import settings
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser
from rest_framework.utils import json


def _finite(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):
        raise ValueError(f"the number {text[:40]} is out of range")
    return number


class FiniteJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        try:
            # DRF's json.load already refuses NaN and Infinity spelled out.
            return json.load(codecs.getreader(encoding)(stream), parse_float=_finite)
        except ValueError as error:
            raise ParseError(f"JSON parse error - {error}") from None
