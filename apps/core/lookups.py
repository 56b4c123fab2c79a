"""Query lookups the ORM lacks."""

from __future__ import annotations

from django.db import models
from django.db.models import Lookup


@models.BigAutoField.register_lookup
@models.BigIntegerField.register_lookup
class AnyOf(Lookup):
    """`pk__any=[3, 1, 2]` -> `id = ANY(%s::bigint[])`: the ids travel as one array parameter.
    `__in` sends one parameter per id, and a list of thousands costs PostgreSQL more to parse and
    plan than to run; use this for long lists of ids computed by an earlier query."""

    lookup_name = "any"
    prepare_rhs = False

    def get_prep_lookup(self):
        return [int(value) for value in self.rhs]

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} = ANY({rhs}::bigint[])", [*lhs_params, *rhs_params]
