import django.core.validators
from django.db import migrations, models

# A store's code is fixed once the store exists (see Store): the database refuses a change too, so
# no update path (a queryset's update(), raw SQL, a script) can move a store's addresses silently.
TRIGGER = """
CREATE OR REPLACE FUNCTION tenancy_store_code_fixed() RETURNS trigger AS $$
BEGIN
    IF NEW.code IS DISTINCT FROM OLD.code THEN
        RAISE EXCEPTION 'the code of store % cannot change', OLD.code
            USING ERRCODE = 'check_violation', CONSTRAINT = 'store_code_fixed';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER store_code_fixed BEFORE UPDATE OF code ON tenancy_store
    FOR EACH ROW EXECUTE FUNCTION tenancy_store_code_fixed();
"""
DROP = """
DROP TRIGGER IF EXISTS store_code_fixed ON tenancy_store;
DROP FUNCTION IF EXISTS tenancy_store_code_fixed();
"""


class Migration(migrations.Migration):
    dependencies = [
        ("tenancy", "0004_staff_directory_fill"),
    ]

    operations = [
        migrations.AlterField(
            model_name="store",
            name="code",
            field=models.CharField(
                help_text="Short upper-case code; the store's platform address starts with it. It cannot change once "
                "the store exists.",
                max_length=30,
                unique=True,
                validators=[
                    django.core.validators.RegexValidator(
                        "^[A-Z0-9](?:[A-Z0-9-]{0,28}[A-Z0-9])?$",
                        "Use 2 to 30 letters, digits or hyphens, starting and ending with a letter or digit.",
                        code="store_code_malformed",
                    )
                ],
                verbose_name="store code",
            ),
        ),
        migrations.RunSQL(TRIGGER, DROP),
    ]
