-- Which database the processes agreed to use when DATABASE_FAILOVER_URL is set.
--
-- One row per switch between the primary and the failover, numbered by epoch: the
-- newest epoch found in either database is the decision every process follows (a
-- process that left the primary writes it into the failover, an admin switching back
-- writes it into both). Two processes deciding at once both try the next epoch: the
-- primary key lets one win, the other follows it. Nothing here names a member.
CREATE TABLE database_switches (
    epoch      INT PRIMARY KEY CHECK (epoch > 0),
    role       VARCHAR(10) NOT NULL CHECK (role IN ('primary', 'failover')),
    decided_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    -- the process (host:pid) that failed over, or the admin who switched back
    decided_by VARCHAR(200) NOT NULL,
    reason     TEXT NOT NULL
);
