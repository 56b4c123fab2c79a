from enum import StrEnum


class TenancyErrorCode(StrEnum):
    STORE_CODE_MALFORMED = "store_code_malformed"
    STORE_CODE_RESERVED = "store_code_reserved"
    STORE_CODE_TAKEN = "store_code_taken"
    DOMAIN_MALFORMED = "domain_malformed"
    DOMAIN_RESERVED = "domain_reserved"
    DOMAIN_TAKEN = "domain_taken"
    DOMAIN_ALREADY_ADDED = "domain_already_added"
    DOMAIN_CLAIM_DROPPED = "domain_claim_dropped"
    DOMAIN_NOT_VERIFIED = "domain_not_verified"
    DOMAIN_RECORD_MISSING = "domain_record_missing"
    DOMAIN_PLATFORM = "domain_platform"
