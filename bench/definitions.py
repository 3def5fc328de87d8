"""What latest.md says each number means (its "How it is measured" section)."""

DEFINITIONS = [
    "- **req/s**: requests answered / seconds, per wrk run; the median of the runs, with their "
    "min and max. **p50, p99**: wrk's latency percentiles in the median run (wrk's `--latency`).",
    "- **errors**: answers that are neither 2xx nor 3xx (counted by the Lua `response()` hook) "
    "plus socket errors (connect, read, write, timeout after 5 s), added up over the runs.",
    "- **ratio**: a scenario's median req/s / the ceiling's median req/s on the same machine in "
    "the same run (the ceiling is measured three times per database, in turns with the scenarios).",
    "- **vs reference**: a scenario's median req/s / its reference's median req/s, same database, "
    "same run. **reference_select**: `GET /reference/select`, one Flask-SQLAlchemy "
    "`db.get_or_404` of a random row (1 of 1,000) of `bench_reference_rows` by primary key, "
    "returned as JSON. **reference_insert**: `POST /reference/insert` with a small JSON body, one "
    "ORM INSERT into that table and `db.session.commit()`, 201. Flask-SQLAlchemy's defaults "
    "throughout (engine, pool, session, the database's commit durability).",
    "- **vs floor** (votes, PostgreSQL): a vote's median req/s / `floor_vote`'s. "
    "**floor_insert**: `POST /reference/raw-insert`, the reference row inserted by one "
    "statement on the worker's own psycopg connection (autocommit, server-side prepared), 201. "
    "**floor_vote**: `POST /reference/raw-vote/<id>`, the app's PostgreSQL vote statement by "
    "token (om_core.data.ballot_writes, compiled as the app compiles it) with the body's choice "
    "and the bearer token, the same way; 201 when recorded. Its polls and voters are fresh as "
    "in the vote scenario (vote.lua with that path).",
    "- **commit latency**: 10 untimed, then 200 timed `INSERT INTO bench_reference_rows ... "
    "VALUES (...)` on one psycopg connection in autocommit (each its own durable commit), "
    "measured with `time.perf_counter` around each execute; median and p90 (interpolated). "
    "Upper bound on votes/s = 2 / median, since each of gunicorn's 2 sync workers handles one "
    "request at a time and a vote waits for its commit.",
    "- **vote**: `POST /api/polls/<id>/votes` with a bearer token, single choice; each run has "
    "100 fresh polls and request j votes in poll j mod 100 with token j div 100, so no "
    "(account, poll) pair repeats: every request is a new voter of its poll. "
    "**anonymous_vote**: the same without a token or cookie (each request is a new browser). "
    "**results_1m**: `GET /api/polls/<id>/results` of a poll with 1,000,000 ballots. "
    "**poll_read**: `GET /api/polls/<id>` of that poll. **page**: `GET /p/<id>` of that poll.",
    "- **results time ratio**: the time a results read takes under the same load (32 "
    "connections), 1,000,000-ballot poll / 1,000-ballot poll = req/s(1k) / req/s(1M), medians "
    "of three runs each.",
    "- **hot poll**: 64 connections, every vote on one poll and one choice (a fresh poll per "
    "run), vs 64 connections voting over 100 polls; token votes as in *vote*; ratio of medians. "
    "Deadlocks: PostgreSQL's `pg_stat_database.deadlocks` for the bench database, and the "
    "server log. Afterwards every poll's kept counts (poll_tallies, choice_tallies) are compared "
    "with a recount of its ballot rows.",
    "- **peak memory**: VmHWM from /proc/<pid>/status of each gunicorn worker at the end of its "
    "database's runs.",
    "- Data: accounts and tokens inserted directly with the app's models (one shared argon2id "
    "hash; they never log in); big polls' ballots by one INSERT ... SELECT over a generated "
    "sequence, kept counts set to match (on PostgreSQL with the foreign-key trigger skipped for "
    "that statement); the recount above checks them.",
]
