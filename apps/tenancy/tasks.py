from celery import shared_task

from .selectors import dangerously_domains_to_recheck
from .services import domain_claims_expire, domain_recheck


@shared_task
def domains_reverify() -> int:
    """Beat: drop the pending claims nobody proved in time, then re-check the DNS ownership record
    of every other custom domain (public schema)."""
    domain_claims_expire()
    count = 0
    for domain in dangerously_domains_to_recheck().select_related("tenant", "store").iterator():
        domain_recheck(domain=domain)
        count += 1
    return count
