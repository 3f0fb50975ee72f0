"""Prompts as data, the admin side: versions and activation, A/B tests with their statistics,
evolution of a prompt into a variant, and the periodic check that concludes tests.

The runtime side (which text a call sends, and its record in prompt_performance) is
foundation: bot/core/prompts.py and bot/core/prompt_runs.py.
"""
