"""Prospects: discovery, site facts, contact-form tests and the automation-need score."""
