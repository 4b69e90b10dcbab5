"""OPS: resources and health of the host, the runtime's processes, GPU, rings and PMS connectors.

Pure, process-free modules (agents/ops/monitor.py is the entry point); the agent
process (agents/ops/agent.py) samples periodically and sends Health and
``ops_health`` evidence to COMMAND.
"""
