"""Append-only triggers for a record table, as DDL for each dialect (used by the revisions).

Frozen with the revisions that use it: changing a statement here changes no existing database,
so a change of trigger needs a new revision.
"""

PG_REFUSE_CHANGE = """CREATE FUNCTION allocator_refuse_change() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION '% are append-only: record a new one instead', TG_TABLE_NAME;
    END
    $$"""


def append_only(dialect: str, table: str) -> tuple[str, ...]:
    """Triggers refusing UPDATE and DELETE (and, on PostgreSQL, TRUNCATE) on ``table``."""
    if dialect == "sqlite":
        return tuple(
            f"""CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table}
            BEGIN SELECT RAISE(ABORT, '{table} are append-only: record a new one instead'); END"""
            for verb in ("UPDATE", "DELETE")
        )
    return (
        f"""CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table}
            FOR EACH ROW EXECUTE FUNCTION allocator_refuse_change()""",
        f"""CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table}
            FOR EACH STATEMENT EXECUTE FUNCTION allocator_refuse_change()""",
    )
