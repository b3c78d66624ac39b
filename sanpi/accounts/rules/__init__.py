"""The parts of accounts/access.py, split along the domain. Import from `sanpi.accounts.access`, never from here."""
