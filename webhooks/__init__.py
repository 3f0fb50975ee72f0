"""HTTP entry points from the outside world: Twilio, Meta, lead forms, email tracking."""
