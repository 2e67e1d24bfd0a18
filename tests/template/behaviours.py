"""The production behaviours of ``service`` and ``worker``, each with its rendered proof.

A rendered project proves these behaviours in its own test suite, so that it keeps
proving them after it leaves the template. The template suite checks that each test
ran and passed in every gated project that has the behaviour: deleting or skipping
one fails ``make test``.
"""

from dataclasses import dataclass
from typing import Final

from tests.template.variants import Variant

WORKER: Final = "tests/unit/test_worker.py::"
WORKER_MAIN: Final = "tests/unit/test_worker_main.py::"
WORKER_PROCESS: Final = "tests/integration/test_worker_process.py::"
QUEUE: Final = "tests/integration/test_queue.py::"
API: Final = "tests/unit/test_api.py::"
SERVER: Final = "tests/integration/test_server_process.py::"
SERVERS: Final = "tests/integration/test_service_servers.py::"
CONFIG: Final = "tests/unit/test_config.py::"
LOGGING: Final = "tests/unit/test_logging.py::"
MIGRATIONS: Final = "tests/integration/test_migrations.py::"


@dataclass(frozen=True, slots=True)
class Behaviour:
    """One promise of the rendered code and the tests that keep it.

    Attributes:
        promise: What the project does.
        tests: The rendered tests that prove it (pytest node ids, parameters
            excluded).
        flavours: The flavours that have it.
        needs: The servers it needs (``postgres``, ``redis``), all of them.
    """

    promise: str
    tests: tuple[str, ...]
    flavours: frozenset[str] = frozenset({"service", "worker"})
    needs: frozenset[str] = frozenset()

    def applies_to(self, variant: Variant) -> bool:
        """Tell whether a variant has this behaviour.

        Args:
            variant: The variant.

        Returns:
            True when its flavour and servers include it.
        """
        return variant.flavour in self.flavours and self.needs <= set(variant.servers)


_WORKER_ONLY: Final = frozenset({"worker"})
_SERVICE_ONLY: Final = frozenset({"service"})

BEHAVIOURS: Final[tuple[Behaviour, ...]] = (
    Behaviour(
        "at-least-once delivery: a job survives SIGKILL mid-job (BLMOVE, leases)",
        (
            f"{WORKER_PROCESS}test_worker_when_killed_mid_job_then_a_restarted_worker_processes_it",
            f"{QUEUE}test_queue_when_jobs_are_taken_then_they_come_in_order_into_processing",
            f"{QUEUE}test_queue_when_a_lease_expires_then_its_jobs_go_back_to_the_head",
            f"{QUEUE}test_queue_when_a_worker_releases_then_its_jobs_go_back_and_its_lease_ends",
            f"{WORKER}test_worker_when_it_starts_then_dead_workers_jobs_are_recovered",
            f"{WORKER}test_worker_when_stopped_before_a_retry_then_the_job_goes_back",
        ),
        _WORKER_ONLY,
    ),
    Behaviour(
        "transient failures retried with backoff; dead-lettered last or if permanent",
        (
            f"{WORKER}test_process_when_a_job_raises_then_it_is_logged_as_json_and_retried",
            f"{WORKER}test_process_when_every_attempt_fails_then_it_is_dead_lettered_after_the_last",
            f"{WORKER}test_process_when_a_job_is_invalid_then_it_is_dead_lettered_at_once",
            f"{WORKER}test_process_when_a_job_was_tried_too_often_then_it_is_dead_lettered",
            f"{WORKER}test_retry_delay_when_attempts_add_up_then_it_doubles_up_to_the_cap",
        ),
        _WORKER_ONLY,
    ),
    Behaviour(
        "consumers pause while a server is down: no attempt spent, alive",
        (
            f"{WORKER}test_worker_when_a_server_is_down_then_it_pauses_and_stays_alive",
            f"{WORKER_MAIN}test_probe_when_imported_then_no_driver_is_loaded",
        ),
        _WORKER_ONLY,
    ),
    Behaviour(
        "a database outage mid-job is retried once it is back, not dead-lettered",
        (
            f"{WORKER_PROCESS}test_worker_when_the_database_goes_down_mid_job_then_it_retries_once_back",
        ),
        _WORKER_ONLY,
        frozenset({"postgres"}),
    ),
    Behaviour(
        "a failing job never cancels the jobs beside it",
        (
            f"{WORKER}test_worker_when_a_job_fails_then_the_job_beside_it_is_not_cancelled",
        ),
        _WORKER_ONLY,
    ),
    Behaviour(
        "unexpected exceptions are logged as JSON through the masking logger",
        (
            f"{WORKER_MAIN}test_main_when_the_worker_crashes_then_it_is_logged_as_json_and_exit_1",
        ),
        _WORKER_ONLY,
    ),
    Behaviour(
        "nothing looks for a temporary directory at import (read-only root)",
        (
            f"{WORKER_MAIN}test_import_when_no_temporary_directory_is_writable_then_every_module_loads",
            f"{WORKER_MAIN}test_probe_when_no_temporary_directory_is_writable_then_it_says_what_to_set",
        ),
        _WORKER_ONLY,
    ),
    Behaviour(
        "the request id: accepted when well-formed, on every record and response",
        (
            f"{API}test_request_when_a_well_formed_id_is_sent_then_it_is_kept_everywhere",
            f"{API}test_request_when_a_route_raises_then_500_with_the_request_id_of_its_logs",
            f"{API}test_request_when_the_id_is_malformed_then_a_new_one_is_made",
        ),
        _SERVICE_ONLY,
    ),
    Behaviour(
        "one error envelope for 404, 405, 413, 422, 500 and 503, never echoing input",
        (
            f"{API}test_request_when_the_path_is_unknown_then_404_in_the_envelope",
            f"{API}test_request_when_the_method_is_wrong_then_405_in_the_envelope",
            f"{API}test_post_reports_when_the_body_is_invalid_then_422_without_the_input",
            f"{API}test_post_reports_when_the_json_is_malformed_then_422_without_the_input",
            f"{API}test_readyz_when_the_service_has_not_started_then_503",
            f"{SERVER}test_main_when_the_server_crashes_then_it_is_logged_as_json_and_exit_1",
        ),
        _SERVICE_ONLY,
    ),
    Behaviour(
        "a body over the limit gets 413 before it is parsed (5 MB, chunked)",
        (
            f"{API}test_post_reports_when_the_body_is_5_mb_then_413_before_it_is_read",
            f"{API}test_post_reports_when_a_body_without_length_grows_too_large_then_413",
        ),
        _SERVICE_ONLY,
    ),
    Behaviour(
        "/livez cheap and process-only, /readyz 503 while a server is down",
        (
            f"{API}test_livez_when_a_server_is_down_then_200_while_readyz_is_503",
            f"{API}test_readyz_when_servers_answer_or_hang_then_200_or_503_in_time",
            f"{SERVER}test_server_when_running_then_it_answers_its_probes_and_stops_on_sigterm",
            f"{SERVER}test_probe_when_imported_then_no_framework_or_driver_is_loaded",
        ),
        _SERVICE_ONLY,
    ),
    Behaviour(
        "a real server cut off: /readyz 503 naming it, /livez 200, ready once back",
        (
            f"{SERVERS}test_readyz_when_a_server_goes_down_then_503_naming_it_while_livez_is_200",
        ),
        _SERVICE_ONLY,
        frozenset({"redis"}),
    ),
    Behaviour(
        "a real server cut off: /readyz 503 naming it, /livez 200; requests 503",
        (
            f"{SERVERS}test_readyz_when_a_server_goes_down_then_503_naming_it_while_livez_is_200",
            f"{SERVERS}test_post_reports_when_the_database_is_down_then_503_in_the_envelope",
        ),
        _SERVICE_ONLY,
        frozenset({"postgres"}),
    ),
    Behaviour(
        "timeouts on every PostgreSQL connection and statement",
        (
            "tests/integration/test_repository.py::test_database_when_connected_then_every_statement_has_a_time_limit",
            "tests/integration/test_repository.py::test_connect_arguments_when_built_then_asyncpg_waits_nowhere_for_ever",
        ),
        needs=frozenset({"postgres"}),
    ),
    Behaviour(
        "timeouts on every Redis command",
        (
            "tests/integration/test_cache.py::test_redis_when_opened_then_every_command_has_a_time_limit",
        ),
        needs=frozenset({"redis"}),
    ),
    Behaviour(
        "INFO by default; nested values masked; short secrets mangle nothing",
        (
            f"{CONFIG}test_get_settings_when_nothing_is_configured_then_defaults_apply",
            f"{LOGGING}test_configure_logging_when_secrets_are_nested_then_they_are_masked_at_any_depth",
            f"{LOGGING}test_configure_logging_when_a_secret_is_short_then_only_the_whole_word_is_masked",
            f"{LOGGING}test_log_context_when_fields_are_bound_then_every_record_inside_carries_them",
        ),
    ),
    Behaviour(
        "placeholder secrets refused unless the development flag is set",
        (
            f"{CONFIG}test_get_settings_when_a_secret_is_a_placeholder_then_it_is_refused",
            f"{CONFIG}test_get_settings_when_developing_then_a_placeholder_secret_is_accepted",
        ),
    ),
    Behaviour(
        "migrations: an advisory lock, lock_timeout, the URL alone, alembic check",
        (
            f"{MIGRATIONS}test_upgrade_when_another_run_holds_the_lock_then_it_waits_its_turn",
            f"{MIGRATIONS}test_downgrade_when_a_table_is_locked_then_it_fails_within_lock_timeout",
            f"{MIGRATIONS}test_alembic_check_when_migrated_then_the_models_match_the_migrations",
            f"{CONFIG}test_get_database_settings_when_only_the_url_is_set_then_they_are_read",
            f"{CONFIG}test_get_database_settings_when_the_password_is_a_placeholder_then_refused",
        ),
        needs=frozenset({"postgres"}),
    ),
)


def required_tests(variant: Variant) -> dict[str, str]:
    """List the rendered tests a variant's pytest run must pass.

    Args:
        variant: The variant.

    Returns:
        Each test's node id (parameters excluded) and the promise it proves.
    """
    return {
        test: behaviour.promise
        for behaviour in BEHAVIOURS
        if behaviour.applies_to(variant)
        for test in behaviour.tests
    }


def unproven(variant: Variant, pytest_output: str) -> dict[str, str]:
    """Find the required tests that did not pass, reading pytest's ``-rp`` summary.

    Args:
        variant: The variant.
        pytest_output: What pytest printed (with ``-rp``: one ``PASSED`` line each).

    Returns:
        The tests not reported as passed, with their promises.
    """
    passed = {
        line.removeprefix("PASSED ").partition("[")[0].strip()
        for line in pytest_output.splitlines()
        if line.startswith("PASSED ")
    }
    return {
        test: promise
        for test, promise in required_tests(variant).items()
        if test not in passed
    }
