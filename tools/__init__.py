"""Development tools that are not part of the platform: the embedded dev stack (devstack.py)."""
