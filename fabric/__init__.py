"""The foundation every SOVREN process stands on (docs/layout.md, "Layers").

The process topology, per-agent counters, an instance's run files, the agent base
class, the executor guard and its signed tokens, and small shared value types (the
decision outcome, the card check, the action -> dependency table). It imports only
``config`` and ``ipc``; everything above (bayes, ledger, agents, executors, runtime)
may import it.
"""
