"""COMMAND: the coordinator that asks the decision core and dispatches approved actions."""
