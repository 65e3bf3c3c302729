"""Property-based requests generated from the OpenAPI schema: no answer is a server error.

Each operation's request strategy comes from schemathesis; hypothesis drives it
(schemathesis' own pytest plugin is not used, so it cannot clash with pytest's).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from parley.config import Settings
from parley.serve.app import create_app

#: Requests generated per operation; enough to reach every parameter, bounded in time.
EXAMPLES = 40


@pytest.fixture(scope="module")
def api_schema(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The OpenAPI schema of a read-only app over a copy of the demo store."""
    db = tmp_path_factory.mktemp("schema") / "demo.db"
    shutil.copy(demo_db, db)
    app = create_app(Settings(db=str(db), workers=1, progress=False), token=None)
    return schemathesis.openapi.from_asgi("/openapi.json", app)


def exercise(operation: Any, failures: list[str]) -> None:
    """Send EXAMPLES generated requests to one operation, noting every server error."""
    @given(case=operation.as_strategy())
    @settings(max_examples=EXAMPLES, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    def run(case: Any) -> None:
        response = case.call()
        if response.status_code >= 500:
            failures.append(f"{operation.label}: {response.status_code} for "
                            f"{case.path_parameters} {case.query} {case.body!r:.200}")
    run()


def test_no_generated_request_makes_the_server_fail(api_schema: Any) -> None:
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 14
    failures: list[str] = []
    for operation in operations:
        exercise(operation, failures)
    assert not failures, "\n".join(failures[:10])
