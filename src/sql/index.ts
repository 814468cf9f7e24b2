/**
 * The SQL layer: one description per table (defineTable), rendered per engine; one
 * migration; one transaction runner per engine with named locks; statements written once
 * with `?` placeholders. The stores above (journal, users) are written once against
 * SqlDialect; only the dialect folders know SQLite or PostgreSQL.
 *
 * A table: defineTable({...}) beside its store, listed in that store's SchemaSpec, whose
 * version is bumped; per-engine DDL the model cannot say goes in `suffix` / `extra`.
 * A query: SQL text with `?`, run with db.all/get/run/insert; select lists, INSERTs and
 * upserts from the table (select(), insert(), upsert(), values()), rows back through decode().
 * A working table that changes only along a state machine: `stateGuard` (guards like appendOnly's).
 * A lock: a line in LOCKS, taken with tx.lock(name, key) inside dialect.transaction().
 */
export { DialectNames, SignalTopics, type SignalTopic, type DialectName, type SqlDialect, type SqlExecutor, type ReadOptions, type SqlTransaction, type SqlRow, type SqlParams, type TransactionOptions, type LockMode, type DdlRenderer, type CompactOptions, type CompactReport, type CompactedPartition } from './sql-dialect.js';
export { LOCKS, type LockName } from './locks.js';
export { defineTable, metaTable, toInt, snakeCase, partitionColumn, ColumnTypes, TableModel, type PartitionSpec, type ColumnType, type ColumnSpec, type IndexSpec, type StateGuardSpec, type TableSpec, type SchemaSpec, type RowOf, type ColumnKey, type ColumnModel, type TableShape } from './table.js';
export { migrate, type MigrateOptions } from './migrate.js';
export { LIMIT_PARAM } from './limit-param.js';
export { addMonths, monthOfPartition, monthOfTime, monthsFrom, partitionName, type Month } from './partitions.js';
export { SQLITE_TUNING, SqliteDialect, openSqliteFile, sealSqliteFile, sqliteFileInUse, type SqliteDialectOptions, type SqliteFileOptions, type SqliteTuning } from './sqlite/sqlite-dialect.js';
export type { SqliteDatabase, SqliteStatement, SqliteOpener, SqliteOpenOptions, SqliteRunResult, SqliteBackupProgress } from './sqlite/better-sqlite3.js';
export { PLANNED_READS_SETTINGS, PostgresDialect, redactUrl, type PostgresDialectOptions } from './postgres/postgres-dialect.js';
export { HEAD_OFFICE_SETTINGS, headOfficeConf } from './postgres/head-office-settings.js';
export type { PgPool, PgPoolClient, PgQueryable, PgQueryResult, PgPoolConfig, PgPoolFactory } from './postgres/pg.js';
export { requiredGuards, guardName, transitionsGuardName } from './ddl-parts.js';
export { StorageFullError, type WriteCheck } from './storage-full.js';
export { createPrivateFile, filesOpenToOthers, filesTooOpenWarning, PRIVATE_FILE_MODE, type OpenToOthers } from './sqlite/private-files.js';
