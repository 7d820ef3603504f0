internal import GRDB

extension Schema {
    /// Schema v2: runs of any kind, a run's link to its catalog model, structured grades, stored remote calls
    /// and benchmark samples (docs/store.md).
    ///
    /// - `runs`: the eval-only columns (`suite`, `suite_version`, `item_count`) may be NULL, for benchmark
    ///   runs; `catalog_model` names the catalog entry the run measured. SQLite cannot relax a NOT NULL
    ///   constraint in place, so the table is rebuilt (create, copy, drop, rename), the procedure of
    ///   SQLite's "Making Other Kinds Of Table Schema Changes".
    /// - `responses`: the item's `category` and `tags`, so results group without the suite file.
    /// - `grades`: the check's `kind` and `check_index` as values, its `subject` (an IFEval instruction id, a
    ///   regex, a rubric), whether it is `local` or `remote`, and `data` (JSON findings). v1 rows get kind and
    ///   index from their `kind#index` name, and IFEval grades their loose verdict from v1's detail text.
    /// - `remote_calls`: a judge's requests and answers by fingerprint, re-used when grading again.
    /// - `bench_samples`: one load-benchmark request's timeline.
    static func migrateToV2(_ db: Database) throws {
        try db.create(table: "runs_v2") { t in
            t.primaryKey("id", .text)
            t.column("kind", .text).notNull()
            t.column("status", .text).notNull()
                .check { RunStatus.allCases.map(\.rawValue).contains($0) }
            t.column("created_at", .double).notNull()
            t.column("updated_at", .double).notNull()
            t.column("finished_at", .double)
            t.column("endpoint", .text).notNull()
            t.column("model", .text).notNull()
            t.column("catalog_model", .text)
            t.column("suite", .text)
            t.column("suite_version", .text)
            t.column("item_count", .integer)
            t.column("config", .text).notNull()
            t.column("probe", .text)
            t.column("versions", .text).notNull()
        }
        try db.execute(
            sql: """
                INSERT INTO runs_v2 (id, kind, status, created_at, updated_at, finished_at, endpoint, model,
                                     catalog_model, suite, suite_version, item_count, config, probe, versions)
                SELECT id, kind, status, created_at, updated_at, finished_at, endpoint, model,
                       NULL, suite, suite_version, item_count, config, probe, versions
                FROM runs
                """
        )
        try db.drop(table: "runs")
        try db.rename(table: "runs_v2", to: "runs")
        try db.create(index: "runs_on_created_at", on: "runs", columns: ["created_at"])
        try db.create(index: "runs_on_catalog_model", on: "runs", columns: ["catalog_model"])

        try db.alter(table: "responses") { t in
            t.add(column: "category", .text)
            t.add(column: "tags", .text)
        }

        try db.alter(table: "grades") { t in
            t.add(column: "kind", .text)
            t.add(column: "check_index", .integer)
            t.add(column: "subject", .text)
            t.add(column: "locality", .text)
            t.add(column: "data", .text)
        }
        try db.execute(
            sql: """
                UPDATE grades
                SET kind = CASE WHEN instr(check_name, '#') > 0
                                THEN substr(check_name, 1, instr(check_name, '#') - 1) ELSE check_name END,
                    check_index = CASE WHEN instr(check_name, '#') > 0
                                       THEN CAST(substr(check_name, instr(check_name, '#') + 1) AS INTEGER)
                                       ELSE 0 END,
                    locality = 'local'
                """
        )
        // v1's IFEval check wrote its loose verdict into the detail text; keep it as data.
        try db.execute(
            sql: """
                UPDATE grades SET data = '{"loose":true}'
                WHERE kind = 'ifeval' AND detail IN ('followed (strict)', 'not followed strictly; followed loosely')
                """
        )
        try db.execute(
            sql: """
                UPDATE grades SET data = '{"loose":false}'
                WHERE kind = 'ifeval' AND detail = 'not followed (strict or loose)'
                """
        )

        try db.create(table: "remote_calls") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("run_id", .text).notNull().references("runs", onDelete: .cascade)
            t.column("fingerprint", .text).notNull()
            t.column("kind", .text).notNull()
            t.column("endpoint", .text).notNull()
            t.column("request", .text).notNull()
            t.column("text", .text)
            t.column("prompt_tokens", .integer)
            t.column("completion_tokens", .integer)
            t.column("latency_ms", .double)
            t.column("created_at", .double).notNull()
        }
        try db.create(
            index: "remote_calls_on_key",
            on: "remote_calls",
            columns: ["run_id", "fingerprint"],
            options: .unique
        )

        try db.create(table: "bench_samples") { t in
            t.column("run_id", .text).notNull().references("runs", onDelete: .cascade)
            t.column("sequence", .integer).notNull()
            t.column("scheduled_ns", .integer).notNull()
            t.column("sent_ns", .integer)
            t.column("first_byte_ns", .integer)
            t.column("first_token_ns", .integer)
            t.column("end_ns", .integer)
            t.column("chunk_offsets", .text)
            t.column("prompt_tokens", .integer)
            t.column("completion_tokens", .integer)
            t.column("error", .text)
            t.primaryKey(["run_id", "sequence"])
        }
    }
}
