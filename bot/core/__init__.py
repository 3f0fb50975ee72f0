"""The foundation every other package stands on: settings, database and tenancy, the
embedded server, the job queue and its workers, the `Services` object, e-mail sending.

Nothing here imports the rest of the project (only `schema` below it).
"""
