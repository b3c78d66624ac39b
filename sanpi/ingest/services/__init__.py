"""Every write of the ingest app: imports (ledger, monthly reports), their jobs, bulletin drafts."""
