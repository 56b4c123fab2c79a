"""The ledger is append-only: the database itself refuses to change or delete an entry (a wrong
entry is corrected by a void or an adjustment, which are entries too). The guard function is
shared, in the public schema; each merchant schema has the trigger (copied with the template)."""

from django.db import migrations

SQL = """
CREATE OR REPLACE FUNCTION public.loyalty_ledger_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'loyalty ledger entries cannot be changed or deleted' USING ERRCODE = 'restrict_violation';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER loyalty_transaction_append_only
    BEFORE UPDATE OR DELETE ON loyalty_transaction
    FOR EACH ROW EXECUTE FUNCTION public.loyalty_ledger_append_only();
"""

REVERSE = "DROP TRIGGER IF EXISTS loyalty_transaction_append_only ON loyalty_transaction;"


class Migration(migrations.Migration):
    dependencies = [("loyalty", "0001_initial")]

    operations = [migrations.RunSQL(SQL, REVERSE)]
