"""The parsers of every API view (REST_FRAMEWORK's DEFAULT_PARSER_CLASSES): DRF's, with the
platform's rules on text (apps.core.inputs) applied to whatever they decode, so no view ever
sees a NUL character, a lone surrogate or JSON nested a thousand deep. (DRF hands them the body
Django read, so DATA_UPLOAD_MAX_MEMORY_SIZE bounds it.) A view that names its own parsers takes
them from here."""

from __future__ import annotations

import json

from rest_framework import parsers
from rest_framework.exceptions import ParseError

from ..errors import ValidationFailed
from ..inputs import Problem, fields_problem, json_problem, too_deep_message


def _refuse(problem: Problem | None) -> None:
    if problem is not None:
        raise ValidationFailed(problem.message, fields={problem.field: [problem.message]} if problem.field else None)


class JSONParser(parsers.JSONParser):
    """JSON is UTF-8 (RFC 8259), whatever charset the request names; no NaN or Infinity."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = json.loads(stream.read().decode("utf-8-sig"), parse_constant=self._constant)
        except RecursionError:
            raise ValidationFailed(too_deep_message()) from None
        except ValueError as exc:  # UnicodeDecodeError is one
            raise ParseError(f"JSON parse error - {exc}") from None  # as DRF words it
        _refuse(json_problem(data))
        return data

    @staticmethod
    def _constant(name: str):
        raise ValueError(f"{name} is not valid JSON")


class FormParser(parsers.FormParser):
    def parse(self, stream, media_type=None, parser_context=None):
        data = super().parse(stream, media_type, parser_context)
        _refuse(fields_problem(data.lists()))
        return data


class MultiPartParser(parsers.MultiPartParser):
    def parse(self, stream, media_type=None, parser_context=None):
        result = super().parse(stream, media_type, parser_context)
        _refuse(fields_problem(result.data.lists()))
        return result
