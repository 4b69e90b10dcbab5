"""SENTINEL: security rules and scores for transcripts, outgoing speech and the fabric, and the alert feed.

The rule modules are pure and process-free (agents/sentinel/rules.py is the entry
point); the agent process (agents/sentinel/agent.py) feeds them frames.
"""
