"""ProductImage.render_attempts and render_claimed_at: which run took an image to make its
renditions, so that one left "processing" by a worker that died is taken again, or failed after a
few runs (apps.catalog.services.renditions)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('catalog', '0005_price_range'),
    ]

    operations = [
        migrations.AddField(
            model_name='productimage',
            name='render_attempts',
            field=models.PositiveSmallIntegerField(default=0),
        ),
        migrations.AddField(
            model_name='productimage',
            name='render_claimed_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddIndex(
            model_name='productimage',
            index=models.Index(condition=models.Q(('status', 'processing')), fields=['render_claimed_at'], name='image_processing_idx'),
        ),
    ]
