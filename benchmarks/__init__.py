"""Platform benchmarks: merchant signup, migrate_schemas, tenant routing (python -m benchmarks.run)."""
