"""A GIN index on Wagtail's ``title || body`` search vector (PostgreSQL only).

Wagtail's database search filters ``(title || body) @@ query``. Without an index on that
expression PostgreSQL has no statistics for it and guesses a handful of matching rows;
at 10,000 assets that guess picked a nested loop over every asset per matching entry
(seconds per query; issue 12). The expression index gives ANALYZE the expression's word
statistics and the filter an index. SQLite (FTS5 or the fallback) needs nothing.
"""

from django.db import migrations

INDEX = "search_indexentry_title_body_gin"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = schema_editor.quote_name(apps.get_model("wagtailsearch", "IndexEntry")._meta.db_table)
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON {table} USING gin ((title || body))"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0004_passages_and_questions"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(create, drop)]
