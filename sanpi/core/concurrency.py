"""Create paths that stay correct when the same request arrives twice at the same moment.

`select_for_update()` on a row that does not exist yet locks nothing, so "look, then insert" lets two
requests both insert; the second then meets a unique constraint as an IntegrityError (a 500). Two
remedies, used by the services:

- lock a parent row that exists (the project, the period, the list) before looking, so the second
  request waits for the first and then finds its row;
- where there is no such parent, insert inside a savepoint and turn the constraint violation into
  the answer the earlier check would have given (`unique_or`).
"""

from contextlib import contextmanager

from django.db import IntegrityError, transaction


@contextmanager
def unique_or(error: Exception):
    """Run the insert in a savepoint; a unique-constraint violation raises `error` instead.

    The savepoint keeps the surrounding transaction usable on PostgreSQL (an IntegrityError there
    aborts the transaction up to the last savepoint)."""
    try:
        with transaction.atomic():
            yield
    except IntegrityError:
        raise error from None
