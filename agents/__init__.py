"""Agents: one module per agent, their prompts, and the offline language understanding."""
